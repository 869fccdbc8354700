//! What every format shares: byte-identical output for the same input, several reports from one
//! run, and files written whole or not at all.

mod report_util;

use report_util::{EXAMPLE, FIXTURE, ROOT, dxcheck, report};

const FORMATS: &[&str] = &["text", "json", "sarif", "junit", "markdown", "html"];

#[test]
fn every_format_is_byte_identical_across_runs_and_thread_counts() {
    for input in [FIXTURE, EXAMPLE] {
        for format in FORMATS {
            let first = report(format, input, &[]);
            let again = report(format, input, &[]);
            let one_thread = report(format, input, &["--threads", "1"]);
            let many_threads = report(format, input, &["--threads", "7"]);
            assert!(!first.is_empty(), "{format} is empty");
            assert!(first == again, "{format} differs between two runs");
            assert!(first == one_thread, "{format} differs with --threads 1");
            assert!(first == many_threads, "{format} differs with --threads 7");
        }
    }
}

#[test]
fn one_run_writes_every_format_and_text_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let specs: Vec<String> = FORMATS[1..]
        .iter()
        .map(|f| format!("{f}={}", dir.path().join(format!("out.{f}")).display()))
        .collect();
    let mut args = vec!["check", "--format", "text"];
    for s in &specs {
        args.push("--format");
        args.push(s);
    }
    args.extend_from_slice(FIXTURE);
    let out = dxcheck(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAILED (fail-on: low)"));
    for f in &FORMATS[1..] {
        let written = std::fs::read(dir.path().join(format!("out.{f}"))).expect("written");
        assert_eq!(
            written,
            report(f, FIXTURE, &[]),
            "{f} written by a multi-format run"
        );
    }
}

/// A report that cannot be written is a tool error (exit 2) naming the path, and an existing
/// report is not half-overwritten.
#[test]
fn unwritable_report_is_an_error_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-dir").join("report.html");
    let spec = format!("html={}", missing.display());
    let mut args = vec!["check", "--format", &spec];
    args.extend_from_slice(FIXTURE);
    let out = dxcheck(&args);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-dir"), "{err}");
    assert!(!missing.exists());

    // A directory where the file should go: refused, and the directory is untouched.
    let spec = format!("sarif={}", dir.path().display());
    let mut args = vec!["check", "--format", &spec];
    args.extend_from_slice(FIXTURE);
    let out = dxcheck(&args);
    assert_eq!(out.status.code(), Some(2));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

/// A tool error writes no report at all: a broken inventory must not leave a green SARIF.
#[test]
fn a_failed_run_writes_no_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schemaVersion\": 1, \"hostedConnections\": [}").expect("write");
    for format in &FORMATS[1..] {
        let target = dir.path().join(format!("out.{format}"));
        let spec = format!("{format}={}", target.display());
        let bad = bad.to_string_lossy();
        let out = dxcheck(&["check", "--format", &spec, &bad]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert!(!target.exists(), "{format} report written by a failed run");
    }
}

/// The CI examples run as written: every `--format` they pass works, and every report file the
/// later steps upload is one the check step writes.
#[test]
fn ci_examples_write_the_reports_they_upload() {
    let format = regex::Regex::new(r"--format\s+(\S+)").expect("regex");
    for (example, uploaded) in [
        (
            "examples/ci/github-actions.yml",
            &["dxcheck.sarif", "dxcheck.md", "dxcheck.html", "dxcheck.xml"][..],
        ),
        (
            "examples/ci/gitlab-ci.yml",
            &["dxcheck-junit.xml", "dxcheck.html", "dxcheck.json"][..],
        ),
    ] {
        let text = std::fs::read_to_string(format!("{ROOT}/{example}")).expect("read example");
        let _: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text)
            .unwrap_or_else(|e| panic!("{example} is not valid YAML: {e}"));
        for file in uploaded {
            assert!(text.contains(file), "{example} should use {file}");
        }
        let specs: Vec<&str> = format
            .captures_iter(&text)
            .map(|c| c.get(1).expect("spec").as_str())
            .collect();
        assert!(specs.len() >= 3, "{example}: {specs:?}");

        let dir = tempfile::tempdir().expect("tempdir");
        let mut cmd = std::process::Command::new(report_util::BIN);
        cmd.current_dir(dir.path()).arg("check");
        for s in &specs {
            cmd.args(["--format", s]);
        }
        let out = cmd
            .args(["--config", &format!("{ROOT}/examples/dxcheck.toml")])
            .arg(format!("{ROOT}/examples/inventory.json"))
            .output()
            .expect("run dxcheck");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for file in uploaded {
            assert!(
                dir.path().join(file).is_file(),
                "{example}: {file} not written"
            );
        }
    }
}
