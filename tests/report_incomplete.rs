//! `--keep-going`: a rule that failed to evaluate makes every report say it is incomplete, and
//! none of them passes the rule's resources as checked.

mod report_util;

use report_util::{BIN, ROOT};

#[test]
fn every_format_marks_a_rule_that_failed_to_evaluate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |f: &str| dir.path().join(format!("report.{f}"));
    let mut cmd = std::process::Command::new(BIN);
    cmd.current_dir(ROOT).args([
        "check",
        "--keep-going",
        "--no-builtin",
        "--policy",
        "tests/reports/policies",
        "--policy",
        "tests/reports/broken",
        "--config",
        "tests/reports/dxcheck.toml",
    ]);
    for f in ["sarif", "junit", "markdown", "html"] {
        cmd.arg("--format")
            .arg(format!("{f}={}", path(f).display()));
    }
    let out = cmd
        .arg("tests/reports/inventory.json")
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an incomplete run is a tool error"
    );
    let read = |f: &str| std::fs::read_to_string(path(f)).expect("report written");

    let sarif: serde_json::Value = serde_json::from_str(&read("sarif")).expect("JSON");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(note["associatedRule"]["id"], "TB01");
    assert!(
        note["message"]["text"]
            .as_str()
            .expect("text")
            .contains("TB01")
    );

    let junit = read("junit");
    let doc = roxmltree::Document::parse(&junit).expect("XML");
    let suite = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testsuite")
                && n.attribute("name").is_some_and(|s| s.starts_with("TB01"))
        })
        .expect("TB01 suite");
    assert_eq!(suite.attribute("tests"), Some("1"));
    assert_eq!(suite.attribute("errors"), Some("1"));
    assert!(suite.descendants().any(|n| n.has_tag_name("error")));
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));

    let md = read("markdown");
    assert!(md.starts_with("## dxcheck: ⚠️ incomplete"));
    assert!(md.contains("Rule not evaluated, so this report is incomplete: TB01"));
    assert!(md.contains("| TB01 | Broken rule | 🔴 high | not evaluated |"));

    let html = read("html");
    assert!(html.contains("<span class=\"verdict failed\">INCOMPLETE</span>"));
    assert!(html.contains("Rule not evaluated, so this report is incomplete: TB01"));
}
