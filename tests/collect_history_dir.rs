//! `collect --history DIR` / `scan --history DIR`: the issue 9 acceptance path for scheduled runs.
//! Three successive collections from the fake endpoint through one history directory (a new
//! connection and a state change, then a removal) carry firstSeen/stateSince, `dxcheck diff`
//! between consecutive history files shows exactly those changes, and `--keep` prunes only the
//! history's own files. Then a "stuck in ordering/pending" policy fires exactly when its threshold
//! is passed, with "now" from the inventory's collectedAt.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dxcheck::inventory::Inventory;
use serde_json::{Value, json};
use support::fake_dx::{self, Estate, FakeDx, Faults, RegionWorld, World};
use support::{Sandbox, read_inventory, stderr, stdout};

const D1: &str = "2026-11-01T00:00:00Z";
const D1_FILE: &str = "inventory-2026-11-01T00-00-00Z.json";
const D2: &str = "2026-11-15T00:00:00Z";
const D2_FILE: &str = "inventory-2026-11-15T00-00-00Z.json";

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/history");

fn conn(id: &str, state: &str, n: usize) -> Value {
    let mut v = fake_dx::hosted_connection(id, "us-east-1", None, n);
    v["connectionState"] = json!(state);
    v
}

/// One interconnect in us-east-1 with these hosted connections.
fn world(hosted: Vec<Value>) -> World {
    let mut rw = RegionWorld::default();
    rw.interconnects
        .push(fake_dx::interconnect("dxcon-ic1", "us-east-1", 0));
    rw.hosted.insert("dxcon-ic1".into(), hosted);
    let mut estate = Estate::default();
    estate.regions.insert("us-east-1".into(), rw);
    World::single(estate)
}

/// Hosted connection id → (state, firstSeen, stateSince).
fn times(inv: &Inventory) -> BTreeMap<String, (String, String, String)> {
    inv.hosted_connections
        .iter()
        .map(|c| {
            (
                c.connection_id.clone(),
                (
                    c.connection_state.clone().unwrap_or_default(),
                    c.first_seen.clone().unwrap_or_default(),
                    c.state_since.clone().unwrap_or_default(),
                ),
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str, &str, &str)]) -> BTreeMap<String, (String, String, String)> {
    rows.iter()
        .map(|(id, st, f, s)| {
            (
                id.to_string(),
                (st.to_string(), f.to_string(), s.to_string()),
            )
        })
        .collect()
}

/// The names in the history directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Moves the history's newest collection back in time, contents and name, as if it had been
/// collected at `to` (times carried from earlier collections are left alone).
fn backdate(file: &Path, to: &str, to_file: &str) -> PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let at = read_inventory(file).collected_at.unwrap();
    let moved = file.with_file_name(to_file);
    std::fs::write(
        &moved,
        text.replace(&format!("\"{at}\""), &format!("\"{to}\"")),
    )
    .unwrap();
    std::fs::remove_file(file).unwrap();
    moved
}

fn history_file(dir: &Path, collected_at: &str) -> PathBuf {
    dir.join(format!("inventory-{}.json", collected_at.replace(':', "-")))
}

fn collect(sb: &Sandbox, fake: &FakeDx, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "collect",
        "-q",
        "--endpoint-url",
        &fake.url,
        "--region",
        "us-east-1",
        "--history",
        "hist",
    ];
    args.extend(extra);
    let run = sb.dxcheck(&fake.url, &args);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    run
}

fn diff(sb: &Sandbox, old: &Path, new: &Path) -> (Option<i32>, String) {
    let run = sb
        .command(&["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .output()
        .unwrap();
    (run.status.code(), stdout(&run))
}

#[test]
fn three_scheduled_collections_through_one_history_directory() {
    let sb = Sandbox::new();
    let hist = sb.path("hist");
    // The user's own files in the directory: never read as the previous inventory (they are not
    // even valid), never pruned.
    std::fs::create_dir(&hist).unwrap();
    std::fs::write(hist.join("inventory-latest.json"), "not json").unwrap();
    std::fs::write(hist.join("inventory-2099-01-01T00:00:00Z.json"), "not json").unwrap();
    std::fs::write(hist.join("notes.txt"), "ours").unwrap();

    // 1: the first run has no previous inventory: everything is new. The history file is the
    // output, so nothing goes to standard output.
    let fake = FakeDx::start(
        world(vec![
            conn("dxcon-c1", "ordering", 1),
            conn("dxcon-c2", "ordering", 2),
        ]),
        Faults::default(),
    );
    let run = collect(&sb, &fake, &[]);
    assert_eq!(stdout(&run), "");
    let first_file = hist.join(
        names(&hist)
            .into_iter()
            .find(|n| n.starts_with("inventory-2") && !n.contains(':'))
            .unwrap(),
    );
    let first = read_inventory(&first_file);
    let t1 = first.collected_at.clone().unwrap();
    assert_eq!(first_file, history_file(&hist, &t1));
    assert_eq!(
        times(&first),
        expect(&[
            ("dxcon-c1", "ordering", &t1, &t1),
            ("dxcon-c2", "ordering", &t1, &t1),
        ])
    );
    let f1 = backdate(&first_file, D1, D1_FILE);

    // 2: a new connection (c3) and a state change (c2 accepted). -o writes a copy alongside.
    fake.set_world(world(vec![
        conn("dxcon-c1", "ordering", 1),
        conn("dxcon-c2", "available", 2),
        conn("dxcon-c3", "pending", 3),
    ]));
    collect(&sb, &fake, &["-o", "copy.json"]);
    let second = read_inventory(&sb.path("copy.json"));
    let t2 = second.collected_at.clone().unwrap();
    let second_file = history_file(&hist, &t2);
    assert_eq!(
        std::fs::read(&second_file).unwrap(),
        std::fs::read(sb.path("copy.json")).unwrap(),
        "-o and the history file hold the same inventory"
    );
    assert_eq!(
        times(&second),
        expect(&[
            ("dxcon-c1", "ordering", D1, D1),
            ("dxcon-c2", "available", D1, &t2),
            ("dxcon-c3", "pending", &t2, &t2),
        ])
    );
    let f2 = backdate(&second_file, D2, D2_FILE);
    let (code, text) = diff(&sb, &f1, &f2);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text,
        "\
+ hostedConnection dxcon-c3 (customer-3)
~ hostedConnection dxcon-c2 (customer-2)
    connectionState: ordering → available
1 added, 0 removed, 1 changed
"
    );

    // 3: a removal (c1); --keep 2 leaves this run's file and the one before it.
    fake.set_world(world(vec![
        conn("dxcon-c2", "available", 2),
        conn("dxcon-c3", "pending", 3),
    ]));
    collect(&sb, &fake, &["--keep", "2"]);
    let t3_file = hist.join(
        names(&hist)
            .into_iter()
            .rfind(|n| n.starts_with("inventory-2026-") && n.as_str() != D2_FILE)
            .unwrap(),
    );
    let third = read_inventory(&t3_file);
    let t3 = third.collected_at.clone().unwrap();
    assert_eq!(t3_file, history_file(&hist, &t3));
    assert_eq!(
        times(&third),
        expect(&[
            ("dxcon-c2", "available", D1, D2),
            ("dxcon-c3", "pending", D2, D2),
        ])
    );
    let (code, text) = diff(&sb, &f2, &t3_file);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text,
        "\
- hostedConnection dxcon-c1 (customer-1)
0 added, 1 removed, 0 changed
"
    );
    let mut want = vec![
        D2_FILE.to_string(),
        t3_file.file_name().unwrap().to_string_lossy().into_owned(),
        "inventory-2099-01-01T00:00:00Z.json".into(),
        "inventory-latest.json".into(),
        "notes.txt".into(),
    ];
    want.sort();
    assert_eq!(
        names(&hist),
        want,
        "--keep 2 prunes only the history's files"
    );
}

#[test]
fn previous_and_history_together_are_a_usage_error() {
    let sb = Sandbox::new();
    for extra in [
        &["--history", "hist", "--previous", "prev.json"][..],
        &["--keep", "3"][..],
        &["--history", "hist", "--keep", "0"][..],
    ] {
        let mut args = vec!["collect", "--region", "us-east-1"];
        args.extend(extra);
        let run = sb.command(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {}", stderr(&run));
        assert!(!sb.path("hist").exists(), "{extra:?}");
    }
    let run = sb
        .command(&[
            "collect",
            "--region",
            "us-east-1",
            "--history",
            "hist",
            "--keep",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&run),
        "dxcheck: error: --keep must be at least 1 (the inventory just collected is kept)\n"
    );
}

#[test]
fn an_incomplete_collection_is_not_added_to_the_history() {
    let sb = Sandbox::new();
    let fake = FakeDx::start(
        world(vec![conn("dxcon-c1", "ordering", 1)]),
        Faults::default(),
    );
    collect(&sb, &fake, &[]);
    let before = names(&sb.path("hist"));
    assert_eq!(before.len(), 1);
    // Calls that fail: the inventory has errors, so it must not become the next previous (the
    // resources it missed would look new and their clocks would restart).
    let failing = FakeDx::start(
        world(vec![conn("dxcon-c1", "ordering", 1)]),
        Faults {
            failing_parents: ["dxcon-ic1".to_string()].into(),
            ..Faults::default()
        },
    );
    let run = sb.dxcheck(
        &failing.url,
        &[
            "collect",
            "-q",
            "--endpoint-url",
            &failing.url,
            "--region",
            "us-east-1",
            "--history",
            "hist",
            "--allow-partial",
            "--max-attempts",
            "1",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not added to the history in hist"),
        "{}",
        stderr(&run)
    );
    assert_eq!(names(&sb.path("hist")), before);
}

/// Checks the fixture with its collectedAt moved by `shift` seconds; returns the resources the
/// stand-in stuck rule reports, sorted.
fn stuck(sb: &Sandbox, shift: i64) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{CASES}/inventory.json")).unwrap();
    let at = match shift {
        -1 => "2026-11-29T16:59:59Z",
        0 => "2026-11-29T17:00:00Z",
        1 => "2026-11-29T17:00:01Z",
        _ => unreachable!(),
    };
    let text = text.replacen(
        "\"collectedAt\": \"2026-11-29T17:00:00Z\"",
        &format!("\"collectedAt\": \"{at}\""),
        1,
    );
    std::fs::write(sb.path("inventory.json"), text).unwrap();
    let run = sb
        .command(&[
            "check",
            "inventory.json",
            "--rule",
            "DX002",
            "--config",
            &format!("{CASES}/dxcheck.toml"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&run.stdout).expect("a JSON report");
    let mut found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["ruleId"], "DX002");
            f["resource"]["id"].as_str().unwrap().to_string()
        })
        .collect();
    found.sort();
    let want_code = if found.is_empty() { 0 } else { 1 };
    assert_eq!(run.status.code(), Some(want_code), "{}", stderr(&run));
    found
}

#[test]
fn stuck_rule_fires_exactly_past_the_threshold_with_now_from_collected_at() {
    let sb = Sandbox::new();
    // The built-in DX002 with max_pending_days = 10. dxcon-exactly10d entered ordering exactly 10 days before 17:00:00,
    // dxcon-10d1s one second earlier; pending counts too, available never does, and a
    // connection seen for the first time has waited no time at all.
    assert_eq!(stuck(&sb, 0), ["dxcon-10d1s", "dxcon-pending11d"]);
    assert_eq!(
        stuck(&sb, 1),
        ["dxcon-10d1s", "dxcon-exactly10d", "dxcon-pending11d"]
    );
    assert_eq!(stuck(&sb, -1), ["dxcon-pending11d"]);
}

#[test]
fn scan_with_history_points_findings_at_the_history_file() {
    let sb = Sandbox::new();
    let fake = FakeDx::start(
        world(vec![
            conn("dxcon-c1", "ordering", 1),
            conn("dxcon-c2", "available", 2),
        ]),
        Faults::default(),
    );
    collect(&sb, &fake, &[]);
    let only = names(&sb.path("hist")).pop().unwrap();
    backdate(&sb.path("hist").join(only), D1, D1_FILE);
    // Collected now, c1 has been ordering since D1 (weeks): past the 10 days.
    let run = sb.dxcheck(
        &fake.url,
        &[
            "scan",
            "-q",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--history",
            "hist",
            "--rule",
            "DX002",
            "--config",
            &format!("{CASES}/dxcheck.toml"),
            "--format",
            "json",
        ],
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report:#}");
    assert_eq!(findings[0]["resource"]["id"], "dxcon-c1");
    let file = findings[0]["location"]["file"].as_str().unwrap();
    let newest = names(&sb.path("hist")).pop().unwrap();
    assert_ne!(newest, D1_FILE);
    assert_eq!(Path::new(file), Path::new("hist").join(&newest));
    let inv = read_inventory(&sb.path("hist").join(&newest));
    assert_eq!(inv.hosted_connections[0].state_since.as_deref(), Some(D1));
}
