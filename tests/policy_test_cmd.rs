//! `dxcheck policy test`: opa-test-like results, exit codes, --run, -v, coverage and threshold.

mod policy_support;

use policy_support::*;

const PASSING: &str = "tests/fixtures/policy_test/passing";
const FAILING: &str = "tests/fixtures/policy_test/failing";
const BROKEN: &str = "tests/fixtures/policy_test/syntax_error";

/// The `N passed, N failed[, N skipped]` line CI log readers look for: the last line, alone.
fn tally(text: &str) -> (usize, usize, usize) {
    let last = text.lines().last().expect("output");
    let re = regex::Regex::new(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$").expect("regex");
    let caps = re
        .captures(last)
        .unwrap_or_else(|| panic!("last line {last:?} is not a tally:\n{text}"));
    let n = |i: usize| {
        caps.get(i)
            .map_or(0, |m| m.as_str().parse().expect("number"))
    };
    (n(1), n(2), n(3))
}

#[test]
fn builtin_pack_passes_with_coverage_above_90() {
    let out = dxcheck(&["policy", "test", "--coverage", "--threshold", "90"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}\n{}", stderr(&out));
    let (passed, failed, _) = tally(&text);
    assert_eq!(failed, 0, "{text}");
    assert!(passed >= 52, "at least two tests per rule: {text}");
    assert!(
        !text.contains("FAIL ") && !text.contains("ERROR "),
        "{text}"
    );
    let total = text
        .lines()
        .find_map(|l| l.strip_prefix("COVERAGE: "))
        .expect("coverage total line");
    let percent: f64 = total
        .split('%')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a percentage");
    assert!(percent >= 90.0, "{total}");
    for rule in 1..=26 {
        assert!(
            text.contains(&format!("data.dxcheck.dx{rule:03}_test.test_")),
            "DX{rule:03} has unit tests: {text}"
        );
    }
}

#[test]
fn every_test_is_reported_with_its_file_and_line() {
    let out = dxcheck(&["policy", "test", PASSING]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}\n{}", stderr(&out));
    let line_of = |name: &str| {
        text.lines()
            .find(|l| l.ends_with(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
            .to_string()
    };
    let pass = line_of("data.acme.vlan_test.test_vlan_1_is_denied");
    assert!(pass.starts_with("PASS"), "{pass}");
    assert!(
        pass.contains(&format!("{PASSING}/vlan_test.rego:6")),
        "{pass}"
    );
    let skip = line_of("data.acme.vlan_test.todo_test_vlan_4094");
    assert!(skip.starts_with("SKIP"), "{skip}");
    assert!(text.contains("PASS: 2/3"), "{text}");
    assert_eq!(tally(&text), (2, 0, 1));
    assert!(
        !text.contains("findings: 1"),
        "print() output only with -v for passing tests: {text}"
    );
}

#[test]
fn a_failing_test_file_exits_1() {
    let out = dxcheck(&["policy", "test", FAILING]);
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}\n{}", stderr(&out));
    let fail = text
        .lines()
        .find(|l| l.ends_with("test_deleted_connection_is_denied"))
        .expect("the failing test is listed");
    assert!(fail.starts_with("FAIL"), "{fail}");
    assert!(fail.contains("vlan_test.rego:10"), "{fail}");
    // A failing test shows what it printed, to help find out why.
    assert!(text.contains("checking a deleted connection"), "{text}");
    let error = text
        .lines()
        .find(|l| l.ends_with("test_calls_an_unknown_function"))
        .expect("the erroring test is listed");
    assert!(error.starts_with("ERROR"), "{error}");
    assert!(text.contains("no_such_function"), "{text}");
    assert!(
        text.contains("FAIL: 1/3") && text.contains("ERROR: 1/3"),
        "{text}"
    );
    assert_eq!(tally(&text), (1, 2, 0));
}

#[test]
fn run_selects_tests_by_regex() {
    let out = dxcheck(&["policy", "test", FAILING, "--run", "test_passes$"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}\n{}", stderr(&out));
    assert_eq!(tally(&text), (1, 0, 0));

    let out = dxcheck(&["policy", "test", "--run", r"dx007_test\."]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.lines().filter(|l| l.starts_with("PASS ")).count() >= 2);
    assert!(
        text.lines()
            .filter(|l| l.starts_with("PASS "))
            .all(|l| l.contains("dx007")),
        "{text}"
    );

    let out = dxcheck(&["policy", "test", PASSING, "--run", "nothing_matches"]);
    assert_eq!(code(&out), 2, "no test run must not look like a pass");
    assert!(stderr(&out).contains("no test_ rules"), "{}", stderr(&out));

    let out = dxcheck(&["policy", "test", "--run", "("]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--run"), "{}", stderr(&out));
}

#[test]
fn verbose_shows_print_output() {
    let out = dxcheck(&["policy", "test", PASSING, "-v"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.contains("findings: 1"), "{text}");
}

#[test]
fn coverage_is_per_file_and_the_threshold_gates() {
    let out = dxcheck(&["policy", "test", PASSING, "--coverage"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}");
    let row = text
        .lines()
        .find(|l| l.contains(&format!("{PASSING}/vlan.rego")))
        .expect("a coverage row for the policy");
    assert!(
        row.contains("75.0%") && row.contains("not covered: 18, 20"),
        "{row}"
    );
    assert!(
        !text.contains("vlan_test.rego  ("),
        "test files are not counted: {text}"
    );

    let out = dxcheck(&["policy", "test", PASSING, "--threshold", "90"]);
    assert_eq!(code(&out), 1, "75% is below 90%: {}", stdout(&out));
    assert!(
        stderr(&out).contains("below the threshold 90%"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tally(&stdout(&out)), (2, 0, 1), "tests still pass");

    let out = dxcheck(&["policy", "test", PASSING, "--threshold", "75"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    let out = dxcheck(&["policy", "test", PASSING, "--threshold", "101"]);
    assert_eq!(code(&out), 2, "not a percentage");
}

#[test]
fn a_syntax_error_exits_2_with_its_location() {
    let out = dxcheck(&["policy", "test", BROKEN]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.starts_with("dxcheck: error: "), "{err}");
    assert!(err.contains("broken.rego:4:"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "no results for a suite that did not load"
    );
}

#[test]
fn a_missing_path_exits_2() {
    let out = dxcheck(&["policy", "test", "tests/fixtures/policy_test/nowhere"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
}

#[test]
fn results_are_deterministic() {
    let a = dxcheck(&["policy", "test", "--coverage"]);
    let b = dxcheck(&["policy", "test", "--coverage", "--threads", "1"]);
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn user_policies_are_tested_with_the_builtin_helpers_available() {
    // examples/policies imports data.dxcheck.lib; their own tests run, the pack's do not.
    let out = dxcheck(&["policy", "test", "examples/policies"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}\n{}", stderr(&out));
    assert!(!text.contains("data.dxcheck."), "{text}");
    let (passed, failed, _) = tally(&text);
    assert!(passed >= 2 && failed == 0, "{text}");

    let out = dxcheck(&["policy", "test", "examples/policies", "--no-builtin"]);
    assert_eq!(
        code(&out),
        1,
        "without the pack, data.dxcheck.lib is missing"
    );
}
