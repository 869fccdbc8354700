//! Shared by the report tests: running the built binary, snapshots, and a headless browser.
#![allow(dead_code)] // each test crate uses a different part of it

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_dxcheck");
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Set to 1 to rewrite the files under tests/snapshots/ from the current output.
pub const UPDATE_ENV: &str = "DXCHECK_UPDATE_SNAPSHOTS";
/// Set to 1 to skip the headless-browser tests where chromium is not installed (CI has it).
pub const SKIP_BROWSER_ENV: &str = "DXCHECK_SKIP_BROWSER_TESTS";
/// The browser binary to use instead of looking for chromium on PATH.
pub const CHROMIUM_ENV: &str = "DXCHECK_CHROMIUM";

/// The report fixture: custom policies only, so new built-in rules do not change snapshots.
pub const FIXTURE: &[&str] = &[
    "--no-builtin",
    "--policy",
    "tests/reports/policies",
    "--config",
    "tests/reports/dxcheck.toml",
    "tests/reports/inventory.json",
];

/// The bundled example with the built-in pack.
pub const EXAMPLE: &[&str] = &[
    "--config",
    "examples/dxcheck.toml",
    "examples/inventory.json",
];

/// Runs `dxcheck ARGS` in the repository root (paths in reports are relative to it).
pub fn dxcheck(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env_remove("DXCHECK_CONFIG")
        .env_remove("DXCHECK_FAIL_ON")
        .env("NO_COLOR", "1")
        .output()
        .expect("run dxcheck")
}

/// `dxcheck check INPUT… --format FORMAT=FILE` with exit code 0 or 1; returns the file's bytes.
pub fn report(format: &str, input: &[&str], extra: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("report.{format}"));
    let spec = format!("{format}={}", path.display());
    let mut args = vec!["check", "--format", &spec];
    args.extend_from_slice(extra);
    args.extend_from_slice(input);
    let out = dxcheck(&args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "dxcheck {args:?} failed with {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn report_text(format: &str, input: &[&str], extra: &[&str]) -> String {
    String::from_utf8(report(format, input, extra)).expect("UTF-8 report")
}

pub fn json(format: &str, input: &[&str], extra: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&report(format, input, extra)).expect("report is JSON")
}

/// Compares `actual` with tests/snapshots/NAME; with DXCHECK_UPDATE_SNAPSHOTS=1, rewrites it.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(ROOT).join("tests/snapshots").join(name);
    if std::env::var(UPDATE_ENV).is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read snapshot {}: {e}\nCreate it with: {UPDATE_ENV}=1 cargo test",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "snapshot {} differs from the output:\n{}\nIf the change is intended, update it with: \
             {UPDATE_ENV}=1 cargo test --test <this test file>, and review the diff.",
            path.display(),
            diff(&expected, actual)
        );
    }
}

/// The differing lines with a little context, as `-expected` / `+actual`.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let prefix = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let suffix = e[prefix..]
        .iter()
        .rev()
        .zip(a[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = String::new();
    let from = prefix.saturating_sub(3);
    out.push_str(&format!("@@ line {} @@\n", from + 1));
    for line in &e[from..prefix] {
        out.push_str(&format!(" {line}\n"));
    }
    let shown = 40;
    let removed = &e[prefix..e.len() - suffix];
    let added = &a[prefix..a.len() - suffix];
    for line in removed.iter().take(shown) {
        out.push_str(&format!("-{line}\n"));
    }
    if removed.len() > shown {
        out.push_str(&format!("-… {} more\n", removed.len() - shown));
    }
    for line in added.iter().take(shown) {
        out.push_str(&format!("+{line}\n"));
    }
    if added.len() > shown {
        out.push_str(&format!("+… {} more\n", added.len() - shown));
    }
    for line in e[e.len() - suffix..].iter().take(3) {
        out.push_str(&format!(" {line}\n"));
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the trailing newline differs)\n");
    }
    out
}

/// The chromium binary, or None when the caller should skip because DXCHECK_SKIP_BROWSER_TESTS=1.
/// Panics with directions when no browser is found and skipping was not asked for: a browser
/// test that silently passes without a browser proves nothing.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CHROMIUM_ENV) {
        return Some(PathBuf::from(p));
    }
    let found = ["chromium", "chromium-browser", "google-chrome", "chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_some() {
        return found;
    }
    if std::env::var(SKIP_BROWSER_ENV).is_ok_and(|v| v == "1") {
        eprintln!("skipped: no chromium on PATH and {SKIP_BROWSER_ENV}=1");
        return None;
    }
    panic!(
        "this test opens the HTML report in a headless browser, and no chromium was found on \
         PATH.\nInstall it (Debian: apt-get update && apt-get install -y chromium), point \
         {CHROMIUM_ENV} at a Chromium/Chrome binary, or set {SKIP_BROWSER_ENV}=1 to skip."
    );
}

/// The DOM of `url` after its scripts ran, as headless chromium serialises it.
pub fn dump_dom(browser: &Path, url: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let stdout_path = dir.path().join("dom.html");
    let stderr_path = dir.path().join("stderr.txt");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("create dom file"))
        .stderr(std::fs::File::create(&stderr_path).expect("create stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    // A wedged browser must fail the test, not hang the suite.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed on {url}: {stderr}");
    std::fs::read_to_string(&stdout_path).expect("read DOM")
}
