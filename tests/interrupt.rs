//! Ctrl-C during a run: exit 130, no report file, no temporary file left behind.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn sigint_exits_130_and_leaves_no_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args([
            "check",
            "examples/inventory.json",
            "-p",
            "tests/bad_inputs/slow_comprehension.rego",
            "--format",
            &format!("json={}", report.display()),
        ])
        .current_dir(common::root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Let it get into evaluation (the slow policy takes seconds), then interrupt it.
    std::thread::sleep(Duration::from_millis(700));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "did not stop after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}
