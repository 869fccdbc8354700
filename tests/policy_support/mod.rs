//! Running the built binary from the repository root, as CI does.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn dxcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args(args)
        .current_dir(root())
        // No dxcheck.toml from the environment, no colour.
        .env_remove("DXCHECK_CONFIG")
        .env_remove("DXCHECK_FAIL_ON")
        .env("NO_COLOR", "1")
        .output()
        .expect("run dxcheck")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("utf-8 stderr")
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(out),
            stderr(out)
        )
    })
}

/// The ids of every rule `dxcheck policy list` reports for the built-in pack.
pub fn builtin_rule_ids() -> Vec<String> {
    let out = dxcheck(&["policy", "list", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json(&out)["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}
