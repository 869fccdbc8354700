//! `dxcheck policy lint`: each lint finding on a real file under tests/cases/lint, the exit codes,
//! and the policies we ship (built-in pack, examples/policies) passing lint: this is how CI lints them.

use std::process::{Command, Output};

use serde_json::Value;

fn lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args(["policy", "lint"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run dxcheck")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A diagnostic as (level, code, line).
type Diag = (String, String, Option<u64>);

/// Lints one case as JSON: exit code and diagnostics as (level, code, line) triples.
fn diagnostics(case: &str) -> (i32, Vec<Diag>, Value) {
    let path = format!("tests/cases/lint/{case}");
    let out = lint(&[&path, "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{case}: not JSON ({e}): {}", stdout(&out)));
    let diags = report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["level"].as_str().unwrap_or_default().to_string(),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    (out.status.code().unwrap_or(-1), diags, report)
}

fn triple(level: &str, code: &str, line: u64) -> Diag {
    (level.to_string(), code.to_string(), Some(line))
}

#[test]
fn builtin_pack_passes_lint() {
    let out = lint(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("0 errors, 0 warnings in "),
        "builtin pack: {text}"
    );
    assert!(text.contains("(26 finding rules)"), "{text}");
}

#[test]
fn example_policies_pass_lint() {
    let out = lint(&["examples/policies"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings in 2 files (1 finding rule)\n"
    );
}

#[test]
fn parse_error_is_located_to_the_column() {
    let out = lint(&["tests/cases/lint/parse_error.rego"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("tests/cases/lint/parse_error.rego:4:9: error[parse-error]: "),
        "{text}"
    );
}

#[test]
fn finding_rule_without_id_or_severity_is_a_warning_only() {
    let (code, diags, report) = diagnostics("missing_metadata.rego");
    assert_eq!(code, 0, "warnings alone do not fail lint");
    assert_eq!(diags, vec![triple("warning", "missing-metadata", 5)]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("custom.id") && message.contains("custom.severity"),
        "{message}"
    );
    assert!(!message.contains("title"), "the title is there: {message}");
}

#[test]
fn duplicate_ids_across_files_are_errors() {
    let (code, diags, report) = diagnostics("duplicate_id");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "duplicate-id", 8)]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "tests/cases/lint/duplicate_id/second.rego");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("LINT001 is already defined at tests/cases/lint/duplicate_id/first.rego:8"),
        "{d}"
    );
}

#[test]
fn unknown_severity_is_an_error_on_its_line() {
    let (code, diags, _) = diagnostics("unknown_severity.rego");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "unknown-severity", 7)]);
}

#[test]
fn metadata_that_is_not_yaml_is_an_error() {
    let (code, diags, _) = diagnostics("metadata_yaml.rego");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "metadata-yaml", 5)]);
}

#[test]
fn metadata_with_a_wrong_type_is_an_error() {
    let (code, diags, report) = diagnostics("metadata_type.rego");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "metadata-type", 8)]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("custom.tags"), "{message}");
}

#[test]
fn unknown_function_is_found_by_evaluating_on_the_example_inventory() {
    let (code, diags, report) = diagnostics("unknown_function.rego");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "unknown-function", 10)]);
    let d = &report["diagnostics"][0];
    assert_eq!(d["column"], 19);
    assert_eq!(d["rule"], "lintcase.unknown_function.deny");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("strings.length"),
        "{d}"
    );
}

#[test]
fn evaluation_errors_are_reported() {
    let (code, diags, report) = diagnostics("eval_error.rego");
    assert_eq!(code, 1);
    assert_eq!(diags, vec![triple("error", "eval-error", 10)]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("the example inventory"), "{message}");
}

#[test]
fn findings_that_are_neither_strings_nor_objects_with_msg_are_errors() {
    let (code, diags, _) = diagnostics("bad_finding.rego");
    assert_eq!(code, 1);
    assert_eq!(
        diags,
        vec![
            triple("error", "bad-finding", 8),
            triple("error", "bad-finding", 8),
            triple("error", "bad-finding", 17),
        ]
    );
}

#[test]
fn lint_reports_every_problem_not_just_the_first() {
    let (code, diags, report) = diagnostics("");
    assert_eq!(code, 1);
    let codes: std::collections::BTreeSet<&str> =
        diags.iter().map(|(_, c, _)| c.as_str()).collect();
    for expected in [
        "parse-error",
        "missing-metadata",
        "duplicate-id",
        "unknown-severity",
        "metadata-yaml",
        "metadata-type",
        "unknown-function",
        "eval-error",
        "bad-finding",
    ] {
        assert!(
            codes.contains(expected),
            "{expected} missing from {codes:?}"
        );
    }
    assert_eq!(report["summary"]["errors"], 10);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["files"], 10);
}

#[test]
fn output_is_deterministic() {
    let a = lint(&["tests/cases/lint", "-f", "json"]);
    let b = lint(&["tests/cases/lint", "-f", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let missing = lint(&["tests/cases/lint/no_such_file.rego"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.starts_with("dxcheck: error: tests/cases/lint/no_such_file.rego: "),
        "{stderr}"
    );
    let no_rego = lint(&["tests/support"]);
    assert_eq!(no_rego.status.code(), Some(2));
    let bad_format = lint(&["--format", "yaml"]);
    assert_eq!(bad_format.status.code(), Some(2));
}
