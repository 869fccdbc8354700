//! The hostile-input corpus (tests/bad_inputs/cases.toml): every case gives its documented exit
//! code and message, never a panic, never a partial report, always within bounded time.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

const CORPUS: &str = "tests/bad_inputs";
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[derive(Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    stderr: Option<String>,
    #[serde(default)]
    generate: Option<String>,
}

fn generate(kind: &str, tmp: &Path) {
    match kind {
        // 200 MB of padding in one value: must be rejected at its key, in bounded memory.
        "big_padding" => {
            let mut f = std::io::BufWriter::new(
                std::fs::File::create(tmp.join("big.json")).expect("create"),
            );
            f.write_all(b"{\"schemaVersion\": 1, \"padding\": \"")
                .expect("write");
            let chunk = vec![b'x'; 1 << 20];
            for _ in 0..200 {
                f.write_all(&chunk).expect("write");
            }
            f.write_all(b"\"}\n").expect("write");
        }
        // Git stores no empty directories: made here for the "directory where a file is
        // expected" cases.
        "directories" => {
            std::fs::create_dir(tmp.join("a_directory.json")).expect("mkdir");
            std::fs::create_dir(tmp.join("config_dir.toml")).expect("mkdir");
        }
        other => panic!("unknown generator {other}"),
    }
}

fn run(args: &[String]) -> (i32, String, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dxcheck"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        // A pipe closed at once: end of input, for the cases that read standard input.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dxcheck");
    drop(child.stdin.take());
    // Drain stdout on a thread so a large report cannot fill the pipe and stall the child.
    let mut stdout = child.stdout.take().expect("stdout");
    let drain = std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut err)
                .expect("read stderr");
            let _ = drain.join();
            let code = status
                .code()
                .unwrap_or_else(|| panic!("killed by a signal: {status:?}\n{err}"));
            return (code, err, started.elapsed());
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            panic!("still running after {TIME_LIMIT:?}: dxcheck {args:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_bad_input_is_handled_as_documented() {
    let text = std::fs::read_to_string(common::root().join(CORPUS).join("cases.toml"))
        .expect("cases.toml");
    let corpus: Corpus = toml::from_str(&text).expect("cases.toml is valid");
    assert!(
        corpus.case.len() >= 30,
        "the corpus must keep at least 30 cases"
    );
    let mut failures = Vec::new();
    for case in &corpus.case {
        let tmp = tempfile::tempdir().expect("tempdir");
        let tmp_path = tmp.path().to_string_lossy().to_string();
        if let Some(kind) = &case.generate {
            generate(kind, tmp.path());
        }
        let fill = |s: &str| {
            s.replace("{dir}", CORPUS)
                .replace("{tmp}", &tmp_path)
                .replace("{example}", "examples/inventory.json")
        };
        let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
        let (code, err, elapsed) = run(&args);
        let mut problems = Vec::new();
        if code != case.exit {
            problems.push(format!("exit {code}, expected {}", case.exit));
        }
        if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
            problems.push("panicked".to_string());
        }
        if let Some(expected) = &case.stderr {
            let expected = fill(expected);
            if !err.contains(&expected) {
                problems.push(format!("stderr lacks {expected:?}"));
            }
        }
        if case.exit == 2 {
            let error_lines = err
                .lines()
                .filter(|l| l.starts_with("dxcheck: error:") || l.starts_with("error:"))
                .count();
            if error_lines != 1 {
                problems.push(format!("{error_lines} error lines, expected exactly one"));
            }
            for arg in &args {
                if let Some(path) = arg
                    .split_once('=')
                    .map(|(_, p)| p)
                    .filter(|p| !p.is_empty() && arg.starts_with("json"))
                    && Path::new(path).is_file()
                {
                    problems.push(format!("a report was written to {path} by a failed run"));
                }
            }
        }
        let leftovers: Vec<String> = temporary_files(tmp.path())
            .into_iter()
            .chain(temporary_files(&common::root().join(CORPUS)))
            .collect();
        if !leftovers.is_empty() {
            problems.push(format!("temporary files left behind: {leftovers:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({elapsed:?}): {}\n    dxcheck {}\n    stderr: {}",
                case.name,
                problems.join("; "),
                args.join(" "),
                err.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n")
    );
}
