//! `collect --previous`: firstSeen/stateSince across three successive collections from the fake
//! endpoint (a new connection, a state change, a removal), for hosted connections, interconnects
//! and LAGs.

mod support;

use std::collections::BTreeMap;

use dxcheck::inventory::Inventory;
use serde_json::{Value, json};
use support::fake_dx::{self, Estate, FakeDx, Faults, RegionWorld, World};
use support::{Sandbox, read_inventory, stderr};

const D1: &str = "2026-01-01T00:00:00Z";
const D2: &str = "2026-02-01T00:00:00Z";

fn with_state(mut v: Value, key: &str, state: &str) -> Value {
    v[key] = json!(state);
    v
}

fn conn(id: &str, state: &str, lag: Option<&str>) -> Value {
    with_state(
        fake_dx::hosted_connection(id, "us-east-1", lag, 3),
        "connectionState",
        state,
    )
}

/// Interconnect states, LAG ids (all accept hosted connections), and connections per parent.
fn world(interconnects: &[(&str, &str)], lags: &[&str], hosted: &[(&str, Vec<Value>)]) -> World {
    let mut rw = RegionWorld::default();
    for (i, (id, state)) in interconnects.iter().enumerate() {
        rw.interconnects.push(with_state(
            fake_dx::interconnect(id, "us-east-1", i),
            "interconnectState",
            state,
        ));
    }
    for (i, id) in lags.iter().enumerate() {
        rw.lags.push(fake_dx::lag(id, "us-east-1", i, true, "h"));
    }
    rw.hosted = hosted
        .iter()
        .map(|(p, cs)| (p.to_string(), cs.clone()))
        .collect();
    let mut estate = Estate::default();
    estate.regions.insert("us-east-1".into(), rw);
    World::single(estate)
}

/// id → (firstSeen, stateSince) for every resource.
fn times(inv: &Inventory) -> BTreeMap<String, (String, String)> {
    let pair = |f: &Option<String>, s: &Option<String>| {
        (f.clone().unwrap_or_default(), s.clone().unwrap_or_default())
    };
    inv.hosted_connections
        .iter()
        .map(|c| (c.connection_id.clone(), pair(&c.first_seen, &c.state_since)))
        .chain(inv.interconnects.iter().map(|i| {
            (
                i.interconnect_id.clone(),
                pair(&i.first_seen, &i.state_since),
            )
        }))
        .chain(
            inv.lags
                .iter()
                .map(|l| (l.lag_id.clone(), pair(&l.first_seen, &l.state_since))),
        )
        .collect()
}

fn expect(rows: &[(&str, &str, &str)]) -> BTreeMap<String, (String, String)> {
    rows.iter()
        .map(|(id, f, s)| (id.to_string(), (f.to_string(), s.to_string())))
        .collect()
}

/// Moves a collection back in time: every occurrence of its own collectedAt becomes `to`, as if
/// it had been collected then. Times carried from earlier collections are left alone.
fn backdate(path: &std::path::Path, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let inv: Inventory = serde_json::from_str(&text).unwrap();
    let at = inv.collected_at.unwrap();
    std::fs::write(
        path,
        text.replace(&format!("\"{at}\""), &format!("\"{to}\"")),
    )
    .unwrap();
}

fn collect(sb: &Sandbox, fake: &FakeDx, out: &str, previous: Option<&str>) -> Inventory {
    let mut args = vec![
        "collect",
        "-q",
        "--endpoint-url",
        &fake.url,
        "--region",
        "us-east-1",
        "-o",
        out,
    ];
    if let Some(p) = previous {
        args.extend(["--previous", p]);
    }
    let run = sb.dxcheck(&fake.url, &args);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    read_inventory(&sb.path(out))
}

#[test]
fn three_collections_carry_first_seen_and_state_since() {
    let sb = Sandbox::new();
    // 1: everything is new.
    let fake = FakeDx::start(
        world(
            &[("dxcon-ic1", "available"), ("dxcon-ic2", "available")],
            &["dxlag-l1"],
            &[
                (
                    "dxcon-ic1",
                    vec![
                        conn("dxcon-c1", "ordering", None),
                        conn("dxcon-c2", "ordering", None),
                    ],
                ),
                (
                    "dxlag-l1",
                    vec![conn("dxcon-c3", "available", Some("dxlag-l1"))],
                ),
            ],
        ),
        Faults::default(),
    );
    let first = collect(&sb, &fake, "1.json", None);
    let t1 = first.collected_at.clone().unwrap();
    assert_eq!(
        times(&first),
        expect(&[
            ("dxcon-c1", &t1, &t1),
            ("dxcon-c2", &t1, &t1),
            ("dxcon-c3", &t1, &t1),
            ("dxcon-ic1", &t1, &t1),
            ("dxcon-ic2", &t1, &t1),
            ("dxlag-l1", &t1, &t1),
        ])
    );
    backdate(&sb.path("1.json"), D1);

    // 2: c2 is accepted (state change), c4 is new, interconnect ic2 goes down.
    fake.set_world(world(
        &[("dxcon-ic1", "available"), ("dxcon-ic2", "down")],
        &["dxlag-l1"],
        &[
            (
                "dxcon-ic1",
                vec![
                    conn("dxcon-c1", "ordering", None),
                    conn("dxcon-c2", "available", None),
                    conn("dxcon-c4", "pending", None),
                ],
            ),
            (
                "dxlag-l1",
                vec![conn("dxcon-c3", "available", Some("dxlag-l1"))],
            ),
        ],
    ));
    let second = collect(&sb, &fake, "2.json", Some("1.json"));
    let t2 = second.collected_at.clone().unwrap();
    assert_eq!(
        times(&second),
        expect(&[
            ("dxcon-c1", D1, D1),
            ("dxcon-c2", D1, &t2),
            ("dxcon-c3", D1, D1),
            ("dxcon-c4", &t2, &t2),
            ("dxcon-ic1", D1, D1),
            ("dxcon-ic2", D1, &t2),
            ("dxlag-l1", D1, D1),
        ])
    );
    backdate(&sb.path("2.json"), D2);

    // 3: c2 is gone, c4 becomes available, a new LAG l2 appears; ic2 is still down.
    fake.set_world(world(
        &[("dxcon-ic1", "available"), ("dxcon-ic2", "down")],
        &["dxlag-l1", "dxlag-l2"],
        &[
            (
                "dxcon-ic1",
                vec![
                    conn("dxcon-c1", "ordering", None),
                    conn("dxcon-c4", "available", None),
                ],
            ),
            (
                "dxlag-l1",
                vec![conn("dxcon-c3", "available", Some("dxlag-l1"))],
            ),
        ],
    ));
    let third = collect(&sb, &fake, "3.json", Some("2.json"));
    let t3 = third.collected_at.clone().unwrap();
    assert_eq!(
        times(&third),
        expect(&[
            ("dxcon-c1", D1, D1),
            ("dxcon-c3", D1, D1),
            ("dxcon-c4", D2, &t3),
            ("dxcon-ic1", D1, D1),
            ("dxcon-ic2", D1, D2),
            ("dxlag-l1", D1, D1),
            ("dxlag-l2", &t3, &t3),
        ])
    );

    // scan --previous carries time the same way (what its policies see).
    let run = sb.dxcheck(
        &fake.url,
        &[
            "scan",
            "-q",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--previous",
            "2.json",
            "-o",
            "scanned.json",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let scanned = read_inventory(&sb.path("scanned.json"));
    let ts = scanned.collected_at.clone().unwrap();
    let mut want = times(&third);
    for v in want.values_mut() {
        for t in [&mut v.0, &mut v.1] {
            if *t == t3 {
                *t = ts.clone();
            }
        }
    }
    assert_eq!(times(&scanned), want);
}

#[test]
fn an_invalid_previous_inventory_stops_the_run_before_any_call() {
    let sb = Sandbox::new();
    let fake = FakeDx::start(
        world(&[("dxcon-ic1", "available")], &[], &[]),
        Faults::default(),
    );
    std::fs::write(
        sb.path("prev.json"),
        "{\n  \"schemaVersion\": 1,\n  \"collectedAt\": \"yesterday\"\n}\n",
    )
    .unwrap();
    let run = sb.dxcheck(
        &fake.url,
        &[
            "collect",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--previous",
            "prev.json",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(err.starts_with("dxcheck: error: prev.json:"), "{err}");
    assert!(
        err.contains("collectedAt: invalid time \"yesterday\""),
        "{err}"
    );
    assert_eq!(fake.stats().requests, 0);
}
