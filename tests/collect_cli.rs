//! `dxcheck collect` and `dxcheck scan`, the built binary against the fake Direct Connect
//! endpoint (`--endpoint-url`), with a clean environment: no test reaches anything but 127.0.0.1.

mod support;

use serde_json::Value;
use support::fake_dx::{self, FakeDx, Faults, Shape, World};
use support::{Sandbox, assert_same_resources, expected, read_inventory, stderr, stdout};

const REGIONS: &[&str] = &["eu-west-1", "us-east-1"];

fn shape() -> Shape {
    Shape {
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
        interconnects_per_region: 3,
        hosted_lags_per_region: 1,
        plain_lags_per_region: 1,
        connections_per_parent: 6,
    }
}

fn region_args() -> Vec<&'static str> {
    REGIONS.iter().flat_map(|r| ["--region", *r]).collect()
}

/// `collect` with the fake's endpoint, both regions, short backoff, and `extra`.
fn collect(sb: &Sandbox, fake: &FakeDx, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "collect",
        "--endpoint-url",
        &fake.url,
        "--initial-backoff-ms",
        "2",
    ];
    args.extend(region_args());
    args.extend(extra);
    sb.dxcheck(&fake.url, &args)
}

fn scan(sb: &Sandbox, fake: &FakeDx, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "scan",
        "--endpoint-url",
        &fake.url,
        "--initial-backoff-ms",
        "2",
    ];
    args.extend(region_args());
    args.extend(extra);
    sb.dxcheck(&fake.url, &args)
}

fn json_file(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn collect_prints_the_world_on_stdout_and_writes_the_same_with_o() {
    let world = World::single(fake_dx::estate("s", &shape()));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            page_size: 4,
            ..Faults::default()
        },
    );
    let sb = Sandbox::new();
    let out = collect(&sb, &fake, &["--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "--quiet writes nothing on stderr");
    let printed: dxcheck::inventory::Inventory = serde_json::from_str(&stdout(&out)).unwrap();
    let want = expected(&world, &[(fake_dx::BASE_KEY, None)]);
    assert_same_resources(&printed, &want);
    assert_eq!(printed.regions, REGIONS);

    let file = sb.path("inventory.json");
    let out = collect(&sb, &fake, &["-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "the inventory went to the file");
    // Not a terminal: plain progress lines, one per region discovered and finished.
    let err = stderr(&out);
    assert!(
        err.contains("dxcheck: us-east-1: 3 interconnect(s), 2 LAG(s)"),
        "{err}"
    );
    assert!(
        err.contains("dxcheck: collected 48 hosted connection(s) from 8 parent(s)"),
        "{err}"
    );
    assert_same_resources(&read_inventory(&file), &want);
    // Only the temporary file's rename put it there: nothing else is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".dxcheck-"))
        .collect();
    assert!(leftovers.is_empty());

    // And `check` reads it like any inventory.
    let out = sb.dxcheck(
        &fake.url,
        &["check", file.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_failing_parent_makes_collect_exit_2_but_the_document_is_written() {
    let world = World::single(fake_dx::estate("f", &shape()));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            failing_parents: ["dxlag-fr1l0".to_string()].into(),
            ..Faults::default()
        },
    );
    let sb = Sandbox::new();
    let file = sb.path("partial.json");
    let out = collect(
        &sb,
        &fake,
        &["-q", "--max-attempts", "3", "-o", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "dxcheck: error: 1 call(s) failed after retries, so the inventory is incomplete"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "us-east-1 DescribeHostedConnections on dxlag-fr1l0: DirectConnectServerException"
        ),
        "{err}"
    );
    let inv = read_inventory(&file);
    assert_eq!(inv.errors.len(), 1);
    assert_eq!(inv.errors[0].parent_id.as_deref(), Some("dxlag-fr1l0"));
    let mut want = expected(&world, &[(fake_dx::BASE_KEY, None)]);
    want.hosted_connections
        .retain(|c| c.parent_id.as_deref() != Some("dxlag-fr1l0"));
    assert_same_resources(&inv, &want);

    let out = collect(
        &sb,
        &fake,
        &[
            "-q",
            "--max-attempts",
            "2",
            "--allow-partial",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read_inventory(&file).errors.len(), 1);

    // `check` refuses the partial inventory too, unless told otherwise.
    let out = sb.dxcheck(&fake.url, &["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn scan_with_a_failing_parent_exits_2_and_with_allow_partial_checks_the_rest() {
    let world = World::single(fake_dx::estate("g", &shape()));
    let fake = FakeDx::start(
        world,
        Faults {
            failing_parents: ["dxcon-gr0i0".to_string()].into(),
            ..Faults::default()
        },
    );
    let sb = Sandbox::new();
    let inv = sb.path("inv.json");
    let report = sb.path("report.json");
    let fmt = format!("json={}", report.display());
    let out = scan(
        &sb,
        &fake,
        &[
            "-q",
            "--max-attempts",
            "2",
            "-o",
            inv.to_str().unwrap(),
            "--format",
            &fmt,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!report.exists(), "no report from an incomplete collection");
    assert_eq!(
        read_inventory(&inv).errors.len(),
        1,
        "the document is written"
    );

    let out = scan(
        &sb,
        &fake,
        &[
            "-q",
            "--max-attempts",
            "2",
            "--allow-partial",
            "-o",
            inv.to_str().unwrap(),
            "--format",
            &fmt,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings in the rest: {}",
        stderr(&out)
    );
    let r = json_file(&report);
    assert_eq!(r["errors"].as_array().unwrap().len(), 1);
    assert_eq!(r["errors"][0]["parentId"], "dxcon-gr0i0");
    assert!(!r["findings"].as_array().unwrap().is_empty());
    // The failed parent's connections are simply not there; the others are checked.
    let resources: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["resource"]["parentId"].as_str())
        .collect();
    assert!(!resources.contains(&"dxcon-gr0i0"));
    assert!(resources.contains(&"dxcon-gr1i1"));
}

#[test]
fn scan_gives_the_same_findings_as_collect_then_check() {
    let world = World::single(fake_dx::estate("q", &shape()));
    let fake = FakeDx::start(world, Faults::default());
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("dxcheck.toml"),
        "[params]\nrequired_tags = [\"Customer\"]\n",
    )
    .unwrap();

    let inv = sb.path("inventory.json");
    let out = collect(&sb, &fake, &["-q", "-o", inv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = sb.dxcheck(&fake.url, &["check", "inventory.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let checked: Value = serde_json::from_str(&stdout(&out)).unwrap();

    // Same file name, so even the locations (file:line) must agree; the collected inventory is
    // the previous one, so that stateSince (which messages quote) does not depend on the second
    // ticking over between the collection and the scan.
    let out = scan(
        &sb,
        &fake,
        &[
            "-q",
            "--previous",
            "inventory.json",
            "-o",
            "inventory.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let scanned: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(checked["findings"].as_array().unwrap().len() > 5);
    assert_eq!(scanned["findings"], checked["findings"]);
    assert_eq!(scanned["summary"], checked["summary"]);
    assert_eq!(scanned["rules"], checked["rules"]);

    // Without -o nothing is written and findings carry no location; otherwise the same. The
    // earlier inventory is the previous one, so that stateSince (which messages quote) does not
    // depend on the second ticking over between the two collections.
    let out = scan(
        &sb,
        &fake,
        &["-q", "--previous", "inventory.json", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut unfiled: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut filed = checked["findings"].clone();
    for f in filed.as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("location");
    }
    assert_eq!(unfiled["findings"].take(), filed);

    // The text report too, byte for byte.
    let out = sb.dxcheck(&fake.url, &["check", "inventory.json"]);
    let checked_text = stdout(&out);
    let out = scan(
        &sb,
        &fake,
        &["-q", "--previous", "inventory.json", "-o", "inventory.json"],
    );
    assert_eq!(stdout(&out), checked_text);
}

#[test]
fn scan_fails_on_a_bad_policy_before_any_aws_call() {
    let fake = FakeDx::start(
        World::single(fake_dx::estate("b", &shape())),
        Faults::default(),
    );
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("broken.rego"),
        "package broken\n\ndeny contains msg if {\n",
    )
    .unwrap();
    let out = scan(&sb, &fake, &["-q", "--policy", "broken.rego"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.rego"), "{}", stderr(&out));
    assert_eq!(fake.stats().requests, 0);

    std::fs::write(sb.path("dxcheck.toml"), "fail_on = \"sometimes\"\n").unwrap();
    let out = scan(&sb, &fake, &["-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("dxcheck.toml"), "{}", stderr(&out));
    assert_eq!(fake.stats().requests, 0);
}

#[test]
fn roles_in_several_partner_accounts_go_into_one_inventory() {
    let s = Shape {
        regions: vec!["us-east-1".into()],
        ..shape()
    };
    let mut world = World::default();
    world
        .estates
        .insert(fake_dx::role_key("111111111111"), fake_dx::estate("x", &s));
    world
        .estates
        .insert(fake_dx::role_key("222222222222"), fake_dx::estate("y", &s));
    let fake = FakeDx::start(world.clone(), Faults::default());
    let sb = Sandbox::new();
    let file = sb.path("accounts.json");
    let out = sb.dxcheck(
        &fake.url,
        &[
            "collect",
            "-q",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--role-arn",
            "arn:aws:iam::111111111111:role/dxcheck-audit",
            "--role-arn",
            "arn:aws:iam::222222222222:role/dxcheck-audit",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let k1 = fake_dx::role_key("111111111111");
    let k2 = fake_dx::role_key("222222222222");
    assert_same_resources(
        &read_inventory(&file),
        &expected(
            &world,
            &[(&k1, Some("111111111111")), (&k2, Some("222222222222"))],
        ),
    );
    let mut assumed = fake.stats().assumed_roles;
    assumed.dedup();
    assumed.sort();
    assumed.dedup();
    assert_eq!(
        assumed,
        [
            "arn:aws:iam::111111111111:role/dxcheck-audit",
            "arn:aws:iam::222222222222:role/dxcheck-audit"
        ]
    );
}

#[test]
fn a_role_that_cannot_be_assumed_is_an_error_and_the_other_accounts_are_collected() {
    let s = Shape {
        regions: vec!["us-east-1".into()],
        ..shape()
    };
    let mut world = World::default();
    world
        .estates
        .insert(fake_dx::role_key("111111111111"), fake_dx::estate("x", &s));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            denied_accounts: ["333333333333".to_string()].into(),
            ..Faults::default()
        },
    );
    let sb = Sandbox::new();
    let file = sb.path("accounts.json");
    let args = |extra: &'static str| {
        let mut a = vec![
            "collect",
            "-q",
            "--endpoint-url",
            fake.url.as_str(),
            "--region",
            "us-east-1",
            "--role-arn",
            "arn:aws:iam::111111111111:role/audit",
            "--role-arn",
            "arn:aws:iam::333333333333:role/audit",
            "-o",
            file.to_str().unwrap(),
        ];
        if !extra.is_empty() {
            a.push(extra);
        }
        a
    };
    let out = sb.dxcheck(&fake.url, &args(""));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let inv = read_inventory(&file);
    assert_eq!(inv.errors.len(), 1);
    let e = &inv.errors[0];
    assert_eq!(e.operation, "AssumeRole");
    assert_eq!(e.code, "AccessDenied");
    assert_eq!(e.account.as_deref(), Some("333333333333"));
    assert!(
        e.message.contains("AccessDenied") || e.message.contains("not authorized"),
        "{}",
        e.message
    );
    let k1 = fake_dx::role_key("111111111111");
    assert_same_resources(&inv, &expected(&world, &[(&k1, Some("111111111111"))]));

    let out = sb.dxcheck(&fake.url, &args("--allow-partial"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Only the denied role: nothing to collect, one sentence.
    let out = sb.dxcheck(
        &fake.url,
        &[
            "collect",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--role-arn",
            "arn:aws:iam::333333333333:role/audit",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "dxcheck: error: cannot assume role arn:aws:iam::333333333333:role/audit: "
        ),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn missing_or_refused_credentials_are_one_sentence_and_exit_2() {
    let fake = FakeDx::start(
        World::single(fake_dx::estate("m", &shape())),
        Faults::default(),
    );
    let sb = Sandbox::new();
    let out = sb
        .command(&[
            "collect",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("dxcheck: error: no AWS credentials found"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(fake.stats().requests, 0);

    // Keys AWS does not recognise (expired, revoked): refused in every region, and the previous
    // inventory at -o is left as it was.
    std::fs::write(sb.path("kept.json"), "previous run\n").unwrap();
    let out = sb
        .command(&[
            "collect",
            "--endpoint-url",
            &fake.url,
            "--region",
            "us-east-1",
            "--region",
            "eu-west-1",
            "-o",
            "kept.json",
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIDEXPIRED")
        .env("AWS_SECRET_ACCESS_KEY", "x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or("");
    assert!(
        last.starts_with("dxcheck: error: AWS refused the credentials in every region (UnrecognizedClientException: The security token included in the request is invalid.)"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(
        std::fs::read_to_string(sb.path("kept.json")).unwrap(),
        "previous run\n"
    );
}

#[test]
fn bad_flags_exit_2_before_any_call() {
    let fake = FakeDx::start(
        World::single(fake_dx::estate("z", &shape())),
        Faults::default(),
    );
    let sb = Sandbox::new();
    for (args, says) in [
        (
            vec!["--concurrency", "0"],
            "--concurrency must be at least 1",
        ),
        (
            vec!["--parent", "vlan-12"],
            "is not an interconnect (dxcon-…) or LAG (dxlag-…) id",
        ),
        (
            vec!["--role-arn", "arn:aws:iam::12:user/x"],
            "is not an IAM role ARN",
        ),
        (vec!["--region", "US East"], "is not a region name"),
        (vec!["--all-regions"], "cannot be used with"),
        (vec!["--previous", "missing.json"], "missing.json"),
    ] {
        let out = collect(&sb, &fake, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let out = sb.dxcheck(
        &fake.url,
        &["collect", "--endpoint-url", &fake.url, "--concurrency", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fake.stats().requests, 0);
}

#[test]
fn all_regions_visits_every_listed_region_and_skips_an_opt_in_one_that_refuses() {
    let world = World::single(fake_dx::estate("w", &shape()));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            refused_regions: ["af-south-1".to_string()].into(),
            ..Faults::default()
        },
    );
    let sb = Sandbox::new();
    let file = sb.path("all.json");
    let out = sb.dxcheck(
        &fake.url,
        &[
            "collect",
            "--endpoint-url",
            &fake.url,
            "--all-regions",
            "-q",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Shown even with --quiet: the skipped region is recorded nowhere else.
    assert!(
        stderr(&out).starts_with("dxcheck: warning: skipped af-south-1"),
        "{}",
        stderr(&out)
    );
    let inv = read_inventory(&file);
    assert_same_resources(&inv, &expected(&world, &[(fake_dx::BASE_KEY, None)]));
    let listed = dxcheck::collect::regions::DIRECT_CONNECT;
    assert_eq!(inv.regions.len(), listed.len() - 1);
    assert!(!inv.regions.contains(&"af-south-1".to_string()));
    assert_eq!(fake.stats().regions.len(), listed.len());
}

#[test]
fn the_profile_gives_credentials_and_default_region_and_the_endpoint_can_come_from_the_environment()
{
    let world = World::single(fake_dx::estate("e", &shape()));
    let fake = FakeDx::start(world.clone(), Faults::default());
    let sb = Sandbox::new();
    std::fs::write(
        sb.path("aws-config"),
        "[profile partner]\nregion = eu-west-1\n",
    )
    .unwrap();
    std::fs::write(
        sb.path("aws-credentials"),
        format!(
            "[partner]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            fake_dx::BASE_KEY,
            fake_dx::BASE_SECRET
        ),
    )
    .unwrap();
    let out = sb
        .command(&["collect", "-q", "--profile", "partner", "-o", "inv.json"])
        .env("AWS_ENDPOINT_URL_DIRECT_CONNECT", &fake.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let inv = read_inventory(&sb.path("inv.json"));
    assert_eq!(inv.regions, ["eu-west-1"]);
    let mut want = expected(&world, &[(fake_dx::BASE_KEY, None)]);
    want.interconnects
        .retain(|i| i.region.as_deref() == Some("eu-west-1"));
    want.lags
        .retain(|l| l.region.as_deref() == Some("eu-west-1"));
    want.hosted_connections
        .retain(|c| c.region.as_deref() == Some("eu-west-1"));
    assert_same_resources(&inv, &want);
    assert_eq!(fake.stats().regions, ["eu-west-1".to_string()].into());
}
