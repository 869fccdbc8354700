//! Gating only on what is new and unaccepted: waivers, baselines, overrides, precedence.

mod common;

use common::*;

const EXAMPLE: &str = "examples/inventory.json";

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"].as_array().expect("findings").clone()
}

#[test]
fn waiver_applies_and_stays_in_the_report() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "examples/dxcheck.toml",
        "--format",
        "json",
        "--rule",
        "DX001",
    ]);
    let report = json(&out);
    let waived: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["suppressed"] == true)
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["resource"]["id"], "dxcon-fgh2c3d5");
    assert_eq!(
        waived[0]["suppression"]["reason"],
        "Globex moves to must_encrypt in their January change window, NET-1234"
    );
    assert_eq!(report["summary"]["waived"], 1);
    assert_eq!(
        report["summary"]["high"], 2,
        "waived findings are not counted against the gate"
    );
}

#[test]
fn expired_waiver_stops_applying_and_warns() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/expired.toml",
        "--format",
        "json",
        "--rule",
        "DX001",
    ]);
    assert_eq!(code(&out), 1);
    let report = json(&out);
    assert!(findings(&report).iter().all(|f| f["suppressed"] == false));
    let err = stderr(&out);
    assert!(
        err.contains("warning: waiver at tests/cases/waivers/expired.toml:1")
            && err.contains("expired on 2020-12-31"),
        "{err}"
    );
    assert!(
        report["warnings"][0]
            .as_str()
            .expect("warning")
            .contains("expired")
    );
    let strict = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/expired.toml",
        "--strict-waivers",
    ]);
    assert_error(
        &strict,
        "--strict-waivers: waiver at tests/cases/waivers/expired.toml:1",
    );
}

#[test]
fn unmatched_waiver_is_reported_as_stale() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/unmatched.toml",
    ]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("matched no finding: it is stale"),
        "{}",
        stderr(&out)
    );
    let strict = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/unmatched.toml",
        "--strict-waivers",
    ]);
    assert_error(&strict, "stale");
}

#[test]
fn waiver_without_reason_is_a_config_error_naming_the_line() {
    assert_error(
        &dxcheck(&[
            "check",
            EXAMPLE,
            "--config",
            "tests/cases/waivers/no_reason.toml",
        ]),
        "tests/cases/waivers/no_reason.toml:3: waivers.reason: every waiver needs a reason",
    );
}

#[test]
fn waiver_matchers_glob_rules_and_match_account_and_region() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/globs_and_matchers.toml",
        "--format",
        "json",
    ]);
    for f in findings(&json(&out)) {
        let globex_in_us_east = f["resource"]["ownerAccount"] == "444455556666"
            && f["resource"]["region"] == "us-east-1";
        let dx00x = f["ruleId"].as_str().expect("id").starts_with("DX00");
        assert_eq!(f["suppressed"] == true, globex_in_us_east && dx00x, "{f}");
    }
}

#[test]
fn severity_override_and_disabling_show_in_reports() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "tests/cases/waivers/severity_override.toml",
        "--format",
        "json",
        "--format",
        "text",
    ]);
    let text = stdout(&out);
    let json_end = text.find("\n}\n").expect("json report first") + 3;
    let report: serde_json::Value = serde_json::from_str(&text[..json_end]).expect("json");
    let dx001: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["ruleId"] == "DX001")
        .collect();
    assert!(!dx001.is_empty());
    assert!(dx001.iter().all(|f| f["severity"] == "critical"));
    let rule = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "DX001")
        .expect("DX001")
        .clone();
    assert_eq!(rule["severity"], "critical");
    assert!(
        report["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .all(|r| r["id"] != "DX002"),
        "disabled"
    );
    assert!(
        text[json_end..].contains("critical dxcon-fgh1a2b4"),
        "{}",
        &text[json_end..]
    );
}

#[test]
fn fail_on_precedence_is_flag_then_env_then_config_then_default() {
    let cfg = "tests/cases/waivers/fail_on_high.toml";
    let fail_on = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["check", EXAMPLE, "--format", "json"];
        all.extend_from_slice(args);
        let out = dxcheck_in(&root(), &all, env);
        json(&out)["summary"]["failOn"]
            .as_str()
            .expect("failOn")
            .to_string()
    };
    assert_eq!(fail_on(&[], &[]), "low", "default");
    assert_eq!(
        fail_on(&["--config", cfg], &[]),
        "high",
        "config over default"
    );
    assert_eq!(
        fail_on(&["--config", cfg], &[("DXCHECK_FAIL_ON", "critical")]),
        "critical",
        "env over config"
    );
    assert_eq!(
        fail_on(
            &["--config", cfg, "--fail-on", "medium"],
            &[("DXCHECK_FAIL_ON", "critical")]
        ),
        "medium",
        "flag over env"
    );
    let bad_env = dxcheck_in(
        &root(),
        &["check", EXAMPLE],
        &[("DXCHECK_FAIL_ON", "sometimes")],
    );
    assert_eq!(
        code(&bad_env),
        2,
        "a bad environment value is an error, not a default"
    );
}

#[test]
fn baseline_round_trip_fails_only_on_new_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().expect("utf-8");

    let written = dxcheck(&[
        "check",
        EXAMPLE,
        "--write-baseline",
        baseline,
        "--format",
        "json",
    ]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let recorded: serde_json::Value =
        serde_json::from_slice(&std::fs::read(baseline).expect("baseline written")).expect("json");
    let total = findings(&json(&written)).len();
    assert_eq!(
        recorded["findings"].as_array().expect("entries").len(),
        total
    );

    let again = dxcheck(&["check", EXAMPLE, "--baseline", baseline, "--format", "json"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let report = json(&again);
    assert_eq!(report["summary"]["baselined"], total as u64);
    assert!(
        findings(&report)
            .iter()
            .all(|f| f["suppression"]["kind"] == "baseline")
    );

    // A new violation: one more MACsec-capable connection without must_encrypt.
    let mut doc: serde_json::Value = example_document();
    let conns = doc["hostedConnections"]
        .as_array_mut()
        .expect("connections");
    // Copied from an existing connection, then made unique where other rules look (VLAN,
    // owner, bandwidth) so that the one new violation is the only change.
    let mut new = conns[0].clone();
    new["connectionId"] = "dxcon-brandnew1".into();
    new["encryptionMode"] = "no_encrypt".into();
    new["vlan"] = 777.into();
    new["ownerAccount"] = "555566667777".into();
    new["bandwidth"] = "500Mbps".into();
    new["bandwidthMbps"] = 500.into();
    conns.push(new);
    let changed = dir.path().join("changed.json");
    std::fs::write(&changed, serde_json::to_vec_pretty(&doc).expect("json")).expect("write");
    let out = dxcheck(&[
        "check",
        changed.to_str().expect("utf-8"),
        "--baseline",
        baseline,
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let failing: Vec<_> = findings(&json(&out))
        .into_iter()
        .filter(|f| f["suppressed"] == false)
        .collect();
    assert_eq!(failing.len(), 1, "{failing:#?}");
    assert_eq!(failing[0]["resource"]["id"], "dxcon-brandnew1");
}

#[test]
fn reordering_the_inventory_changes_no_fingerprint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc: serde_json::Value = example_document();
    for key in ["hostedConnections", "interconnects", "lags"] {
        doc[key].as_array_mut().expect("array").reverse();
    }
    let reordered = dir.path().join("reordered.json");
    std::fs::write(&reordered, serde_json::to_vec(&doc).expect("json")).expect("write");
    let prints = |path: &str| {
        let report = json(&dxcheck(&[
            "check",
            path,
            "--format",
            "json",
            "--config",
            "examples/dxcheck.toml",
        ]));
        let mut fps: Vec<String> = findings(&report)
            .iter()
            .map(|f| f["fingerprint"].as_str().expect("fp").to_string())
            .collect();
        fps.sort();
        fps
    };
    let original = prints(EXAMPLE);
    assert!(!original.is_empty());
    assert_eq!(original, prints(reordered.to_str().expect("utf-8")));
}

#[test]
fn bad_baseline_is_an_error() {
    assert_error(
        &dxcheck(&[
            "check",
            EXAMPLE,
            "--baseline",
            "tests/cases/no_such_baseline.json",
        ]),
        "tests/cases/no_such_baseline.json: cannot read baseline",
    );
    assert_error(
        &dxcheck(&[
            "check",
            EXAMPLE,
            "--baseline",
            "tests/cases/bad/truncated.json",
        ]),
        "tests/cases/bad/truncated.json:1:16: invalid baseline: unknown field `schemaVersion`",
    );
}
