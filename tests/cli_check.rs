//! `dxcheck check` as a CI job runs it: exit codes, findings, errors and determinism.

mod common;

use common::*;

const EXAMPLE: &str = "examples/inventory.json";

#[test]
fn example_inventory_has_findings_and_exits_1() {
    let out = dxcheck(&["check", EXAMPLE]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("DX001"), "{text}");
    assert!(text.contains("FAILED (fail-on: low)"), "{text}");
}

#[test]
fn fail_on_never_exits_0_with_the_same_findings() {
    let out = dxcheck(&["check", EXAMPLE, "--fail-on", "never", "--format", "json"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let report = json(&out);
    assert!(!report["findings"].as_array().expect("findings").is_empty());
    assert_eq!(report["summary"]["failed"], false);
    assert_eq!(report["summary"]["failOn"], "never");
}

#[test]
fn fail_on_threshold_compares_severities() {
    // The example's most severe finding sets the bar: failing at critical must depend on it.
    let all = json(&dxcheck(&[
        "check",
        EXAMPLE,
        "--fail-on",
        "never",
        "--format",
        "json",
    ]));
    let has_critical = all["summary"]["critical"].as_u64().expect("count") > 0;
    let out = dxcheck(&["check", EXAMPLE, "--fail-on", "critical"]);
    assert_eq!(code(&out), if has_critical { 1 } else { 0 });
    let out = dxcheck(&["check", EXAMPLE, "--fail-on", "high"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn custom_policies_yield_strings_and_objects_with_metadata() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--no-builtin",
        "--policy",
        "tests/cases/custom_policies",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1, "stderr: {}", stderr(&out));
    let report = json(&out);
    let findings = report["findings"].as_array().expect("findings");

    let strings: Vec<_> = findings
        .iter()
        .filter(|f| f["ruleId"] == "custom.strings/deny")
        .collect();
    assert!(!strings.is_empty(), "{findings:#?}");
    for f in &strings {
        assert_eq!(f["severity"], "high", "deny defaults to high");
        assert!(
            f["message"]
                .as_str()
                .expect("message")
                .ends_with(" is down")
        );
    }

    let vlan: Vec<_> = findings
        .iter()
        .filter(|f| f["ruleId"] == "CUSTOM100")
        .collect();
    assert_eq!(vlan.len(), 1, "{findings:#?}");
    assert_eq!(vlan[0]["severity"], "critical");
    assert_eq!(vlan[0]["title"], "VLAN 4095 is reserved");
    assert_eq!(vlan[0]["resource"]["id"], "dxcon-fgh3e4f8");
    assert_eq!(vlan[0]["resource"]["type"], "hostedConnection");
    assert_eq!(vlan[0]["resource"]["parentId"], "dxcon-fh6ayh1d");
    assert_eq!(
        vlan[0]["resource"]["arn"],
        "arn:aws:directconnect:eu-west-1:777788889999:dxcon/dxcon-fgh3e4f8"
    );
    assert_eq!(vlan[0]["properties"]["vlan"], 4095);
    assert_eq!(vlan[0]["location"]["file"], EXAMPLE);
    assert!(vlan[0]["location"]["line"].as_u64().expect("line") > 1);

    let warn: Vec<_> = findings
        .iter()
        .filter(|f| f["ruleId"] == "CUSTOM101")
        .collect();
    assert_eq!(warn.len(), 1);
    assert_eq!(
        warn[0]["severity"], "info",
        "a finding's own severity wins over the rule default"
    );

    let rules: Vec<&str> = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        rules,
        ["CUSTOM100", "CUSTOM101", "custom.strings/deny"],
        "test files add no rules"
    );
}

#[test]
fn location_line_points_at_the_resource_object() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--rule",
        "DX001",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let report = json(&out);
    let text = std::fs::read_to_string(root().join(EXAMPLE)).expect("example");
    let lines: Vec<&str> = text.lines().collect();
    for f in report["findings"].as_array().expect("findings") {
        let line = f["location"]["line"].as_u64().expect("line") as usize;
        let id = f["resource"]["id"].as_str().expect("id");
        // The object starts at `line`; its connectionId follows within a few lines.
        let window = lines[line - 1..(line + 3).min(lines.len())].join("\n");
        assert!(
            window.contains(&format!("\"connectionId\": \"{id}\"")),
            "line {line} is not {id}: {window}"
        );
    }
}

#[test]
fn rule_and_skip_rule_select_rules() {
    let only = json(&dxcheck(&[
        "check", EXAMPLE, "--rule", "DX002", "--format", "json",
    ]));
    let ids: Vec<&str> = only["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["DX002"]);
    let skipped = json(&dxcheck(&[
        "check",
        EXAMPLE,
        "--skip-rule",
        "DX002",
        "--format",
        "json",
    ]));
    assert!(
        skipped["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .all(|r| r["id"] != "DX002")
    );
    assert!(
        skipped["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["ruleId"] != "DX002")
    );
    assert_error(
        &dxcheck(&["check", EXAMPLE, "--rule", "DX999"]),
        "unknown rule id \"DX999\"",
    );
}

#[test]
fn config_overrides_severity_disables_rules_and_waives() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--config",
        "examples/dxcheck.toml",
        "--format",
        "json",
    ]);
    let report = json(&out);
    let findings = report["findings"].as_array().expect("findings");
    let dx019: Vec<_> = findings.iter().filter(|f| f["ruleId"] == "DX019").collect();
    assert!(
        !dx019.is_empty(),
        "the example has a customer in one location"
    );
    assert!(dx019.iter().all(|f| f["severity"] == "info"));
    let waived: Vec<_> = findings
        .iter()
        .filter(|f| f["suppressed"] == true)
        .collect();
    assert_eq!(waived.len(), 1);
    assert_eq!(waived[0]["suppression"]["kind"], "waiver");
    assert_eq!(waived[0]["suppression"]["expires"], "2099-01-31");
    assert!(
        findings.iter().any(|f| f["ruleId"] == "DX003"),
        "params reach the policies"
    );
}

#[test]
fn several_inventories_merge_and_raw_cli_output_is_accepted() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "tests/cases/raw_describe_hosted_connections.json",
        "--rule",
        "DX001",
        "--format",
        "json",
    ]);
    let report = json(&out);
    assert_eq!(
        report["inventory"]["files"]
            .as_array()
            .expect("files")
            .len(),
        2
    );
    assert_eq!(report["inventory"]["resources"], 28);
    let raw = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["resource"]["id"] == "dxcon-raw00001")
        .expect("the raw connection is checked");
    assert_eq!(
        raw["location"]["file"],
        "tests/cases/raw_describe_hosted_connections.json"
    );
    assert_eq!(raw["location"]["line"], 3);
}

#[test]
fn inventory_from_stdin() {
    let text = std::fs::read(root().join(EXAMPLE)).expect("example");
    let out = dxcheck_stdin(
        &["check", "-", "--format", "json", "--rule", "DX002"],
        &text,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["inventory"]["files"][0], "<stdin>");
    assert!(
        report["findings"][0].get("location").is_none(),
        "stdin has no file to point at"
    );
}

#[test]
fn json_report_is_byte_identical_across_runs() {
    let args = [
        "check",
        EXAMPLE,
        "--config",
        "examples/dxcheck.toml",
        "-p",
        "examples/policies",
        "--format",
        "json",
    ];
    let first = dxcheck(&args);
    for threads in ["1", "2", "3"] {
        let mut with_threads = args.to_vec();
        with_threads.extend(["--threads", threads]);
        let again = dxcheck(&with_threads);
        assert_eq!(
            first.stdout, again.stdout,
            "output differs with --threads {threads}"
        );
    }
    assert_eq!(dxcheck(&args).stdout, first.stdout);
}

#[test]
fn several_formats_in_one_run_write_files_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json_path = dir.path().join("report.json");
    let text_path = dir.path().join("report.txt");
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--format",
        &format!("json={}", json_path.display()),
        "--format",
        &format!("text={}", text_path.display()),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let from_file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).expect("json written"))
            .expect("valid json");
    assert_eq!(from_file, json(&out));
    assert!(
        std::fs::read_to_string(&text_path)
            .expect("text written")
            .contains("FAILED")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

// Every way a run can go wrong: exit 2 and one line naming the file (and line:col where known).

#[test]
fn missing_inventory_file() {
    assert_error(
        &dxcheck(&["check", "tests/cases/no_such_file.json"]),
        "tests/cases/no_such_file.json: cannot read inventory: No such file or directory",
    );
}

#[test]
fn invalid_json() {
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/truncated.json"]),
        "tests/cases/bad/truncated.json:3:1: invalid JSON: EOF while parsing",
    );
}

#[test]
fn wrong_type_names_line_and_key() {
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/vlan_string.json"]),
        "tests/cases/bad/vlan_string.json:3:43: hostedConnections[0].vlan: invalid type: string \"101\", expected i32",
    );
}

#[test]
fn wrong_shape() {
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/wrong_shape.json"]),
        "tests/cases/bad/wrong_shape.json: not an inventory",
    );
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/array.json"]),
        "tests/cases/bad/array.json:1:1: invalid type: sequence, expected a JSON object at the top level",
    );
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/misspelled_key.json"]),
        "unknown field `hostedConnection`",
    );
}

#[test]
fn unknown_schema_version() {
    assert_error(
        &dxcheck(&["check", "tests/cases/bad/schema_v2.json"]),
        "tests/cases/bad/schema_v2.json: unknown schemaVersion 2",
    );
}

#[test]
fn policy_syntax_error() {
    assert_error(
        &dxcheck(&["check", EXAMPLE, "-p", "tests/cases/bad/syntax_error.rego"]),
        "tests/cases/bad/syntax_error.rego:4:9: expecting `}`",
    );
}

#[test]
fn policy_evaluation_error() {
    assert_error(
        &dxcheck(&["check", EXAMPLE, "-p", "tests/cases/bad/eval_error.rego"]),
        "policy error: tests/cases/bad/eval_error.rego:5:43: rule deny: could not find function no_such_function",
    );
}

#[test]
fn unknown_config_key() {
    assert_error(
        &dxcheck(&[
            "check",
            EXAMPLE,
            "--config",
            "tests/cases/bad/unknown_key.toml",
        ]),
        "tests/cases/bad/unknown_key.toml:4:1: rules.DX001.enable: unknown field `enable`, expected `enabled` or `severity`",
    );
    assert_error(
        &dxcheck(&[
            "check",
            EXAMPLE,
            "--config",
            "tests/cases/bad/bad_fail_on.toml",
        ]),
        "tests/cases/bad/bad_fail_on.toml:1:11: fail_on: invalid fail-on value \"sometimes\"",
    );
}

#[test]
fn unknown_format() {
    let out = dxcheck(&["check", EXAMPLE, "--format", "xml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown format \"xml\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unwritable_output_path_is_an_error_and_writes_nothing() {
    let out = dxcheck(&[
        "check",
        EXAMPLE,
        "--format",
        "json=/nonexistent-dir/report.json",
    ]);
    assert_error(&out, "cannot write /nonexistent-dir/report.json");
    assert!(out.stdout.is_empty());
}

#[test]
fn incomplete_collection_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc: serde_json::Value = example_document();
    doc["errors"] = serde_json::json!([{"region": "eu-west-1", "operation": "DescribeHostedConnections", "parentId": "dxlag-fgsxgu5c", "code": "DirectConnectServerException", "message": "internal error"}]);
    let path = dir.path().join("partial.json");
    std::fs::write(&path, serde_json::to_vec(&doc).expect("serialize")).expect("write");
    let path = path.to_string_lossy().to_string();
    assert_error(&dxcheck(&["check", &path]), "collection error");
    let out = dxcheck(&["check", &path, "--allow-partial"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out)
            .contains("collection incomplete: eu-west-1 DescribeHostedConnections dxlag-fgsxgu5c")
    );
}

#[test]
fn timings_show_every_phase_with_its_peak_memory() {
    let out = dxcheck(&["check", EXAMPLE, "--fail-on", "never", "--timings"]);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let err = stderr(&out);
    for phase in [
        "policies+config",
        "inventory parse",
        "policy input",
        "evaluation",
        "findings",
        "reports",
    ] {
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with(phase))
            .unwrap_or_else(|| panic!("no {phase} line in {err}"));
        let numbers: Vec<f64> = line[line.find(phase).unwrap_or(0) + phase.len()..]
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        // Milliseconds, then the peak RSS in MB so far, which on Linux is never zero.
        assert_eq!(numbers.len(), 2, "{line}");
        if cfg!(target_os = "linux") {
            assert!(numbers[1] >= 1.0, "{line}");
        }
    }
    // One line per rule under evaluation.
    assert!(err.contains("    DX001"), "{err}");
}

#[test]
fn reports_written_together_equal_reports_written_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let (json_alone, sarif_alone, json_both, sarif_both, md_both) = (
        path("alone.json"),
        path("alone.sarif"),
        path("both.json"),
        path("both.sarif"),
        path("both.md"),
    );
    for args in [
        vec![format!("json={json_alone}")],
        vec![format!("sarif={sarif_alone}")],
        vec![
            format!("json={json_both}"),
            format!("sarif={sarif_both}"),
            format!("markdown={md_both}"),
        ],
    ] {
        let mut cmd = vec!["check", EXAMPLE, "--fail-on", "never"];
        for a in &args {
            cmd.extend(["--format", a.as_str()]);
        }
        let out = dxcheck(&cmd);
        assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    }
    let read = |p: &str| std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    assert_eq!(read(&json_alone), read(&json_both));
    assert_eq!(read(&sarif_alone), read(&sarif_both));
    assert!(!read(&md_both).is_empty());
    // Only the reports: no temporary file is left beside them.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 5, "{names:?}");
}
