//! Credentials live in the environment; nothing a policy, a log level or a report does may reveal
//! them.

mod common;

use common::*;

const SENTINEL: &str = "SENTINEL-wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

fn env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_SECRET_ACCESS_KEY", SENTINEL),
        ("AWS_SESSION_TOKEN", SENTINEL),
        ("AWS_ACCESS_KEY_ID", "AKIASENTINELEXAMPLE"),
        ("DXCHECK_SENTINEL", SENTINEL),
    ]
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.contains(SENTINEL),
        "{what} reveals the secret:\n{text}"
    );
}

#[test]
fn policies_cannot_read_the_environment() {
    let out = dxcheck_in(
        &root(),
        &[
            "check",
            "examples/inventory.json",
            "--no-builtin",
            "-p",
            "tests/cases/secrets/leak_attempts.rego",
            "-vvv",
        ],
        &env(),
    );
    assert_error(&out, "could not find function opa.runtime");
    assert_clean("stdout", &out.stdout);
    assert_clean("stderr", &out.stderr);
}

#[test]
fn no_report_and_no_log_level_reveals_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json_path = dir.path().join("report.json");
    let text_path = dir.path().join("report.txt");
    let out = dxcheck_in(
        &root(),
        &[
            "check",
            "examples/inventory.json",
            "-p",
            "tests/cases/secrets/print_input.rego",
            "-p",
            "examples/policies",
            "--config",
            "examples/dxcheck.toml",
            "-vvv",
            "--timings",
            "--format",
            &format!("json={}", json_path.display()),
            "--format",
            &format!("text={}", text_path.display()),
            "--format",
            "json",
        ],
        &env(),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_clean("stdout", &out.stdout);
    assert_clean("stderr", &out.stderr);
    assert_clean("json report", &std::fs::read(&json_path).expect("json"));
    assert_clean("text report", &std::fs::read(&text_path).expect("text"));
    // The dump policy did see and print its input: the check above is not vacuous.
    assert!(String::from_utf8_lossy(&out.stdout).contains("leak.dump/deny"));

    let input = dxcheck_in(
        &root(),
        &["input", "examples/inventory.json", "-vvv"],
        &env(),
    );
    assert_eq!(code(&input), 0);
    assert_clean("dxcheck input", &input.stdout);
}
