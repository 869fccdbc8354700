//! `dxcheck policy new`: the scaffolded policy and test pass `policy test` and `policy lint` as
//! generated, load into `check`, and existing files are never overwritten.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dxcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run dxcheck")
}

/// A fresh directory under the target dir, one per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("policy_new_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn scaffold_passes_test_and_lint_as_generated() {
    let dir = scratch("passes");
    let d = dir.to_str().expect("utf-8 path");
    let out = dxcheck(&["policy", "new", "min_bandwidth", "--dir", d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let policy = std::fs::read_to_string(dir.join("min_bandwidth.rego")).expect("policy written");
    let test = std::fs::read_to_string(dir.join("min_bandwidth_test.rego")).expect("test written");
    assert!(policy.starts_with("# METADATA\n"), "{policy}");
    assert!(
        policy.contains("package custom.min_bandwidth\n"),
        "{policy}"
    );
    assert!(test.contains("test_"), "{test}");

    let tested = dxcheck(&["policy", "test", d]);
    assert_eq!(tested.status.code(), Some(0), "{}", text(&tested));
    assert!(
        String::from_utf8_lossy(&tested.stdout).ends_with("2 passed, 0 failed\n"),
        "{}",
        text(&tested)
    );

    let linted = dxcheck(&["policy", "lint", d]);
    assert_eq!(linted.status.code(), Some(0), "{}", text(&linted));
    assert_eq!(
        String::from_utf8_lossy(&linted.stdout),
        "0 errors, 0 warnings in 2 files (1 finding rule)\n"
    );

    // The new rule runs in a check, with its METADATA id and severity.
    let listed = dxcheck(&["policy", "list", "--no-builtin", "--policy", d]);
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed));
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains("MIN_BANDWIDTH  medium"),
        "{}",
        text(&listed)
    );
}

#[test]
fn existing_files_are_not_overwritten() {
    let dir = scratch("exists");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let test_path = dir.join("taken_test.rego");
    std::fs::write(&test_path, "package mine\n").expect("write");
    let d = dir.to_str().expect("utf-8 path");
    let out = dxcheck(&["policy", "new", "taken", "--dir", d]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("taken_test.rego already exists"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&test_path).expect("still there"),
        "package mine\n"
    );
    assert!(
        !dir.join("taken.rego").exists(),
        "nothing is written when either file exists"
    );
}

#[test]
fn invalid_names_are_usage_errors() {
    let dir = scratch("invalid");
    let d = dir.to_str().expect("utf-8 path");
    for name in ["Bad-Name", "input", "9lives", "x_test"] {
        let out = dxcheck(&["policy", "new", name, "--dir", d]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out));
    }
    assert!(!dir.exists(), "no directory is created for a rejected name");
}
