//! Running the built binary the way a user or a CI job does.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `dxcheck ARGS` run from the repository root, with no DXCHECK_* variables leaking in.
pub fn dxcheck(args: &[&str]) -> Output {
    dxcheck_in(&root(), args, &[])
}

pub fn dxcheck_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxcheck"));
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    for (k, _) in std::env::vars() {
        if k.starts_with("DXCHECK_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run dxcheck")
}

pub fn dxcheck_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dxcheck");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("wait dxcheck")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally, not by a signal")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a tool error: exit 2, one `dxcheck: error:` line on stderr that contains `expect`.
pub fn assert_error(out: &Output, expect: &str) -> String {
    let err = stderr(out);
    assert_eq!(code(out), 2, "expected exit 2, stderr: {err}");
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("dxcheck: error:"))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line, got: {err}");
    assert!(
        lines[0].contains(expect),
        "error line {:?} should contain {expect:?}",
        lines[0]
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    lines[0].to_string()
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)))
}

/// The bundled example inventory as JSON, for tests that change a copy of it.
pub fn example_document() -> serde_json::Value {
    let bytes = std::fs::read(root().join("examples/inventory.json")).expect("example inventory");
    serde_json::from_slice(&bytes).expect("example inventory is JSON")
}
