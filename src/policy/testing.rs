//! `dxcheck policy test`: runs `test_*` rules the way `opa test` does. regorus has no test runner,
//! so each test rule is evaluated on its own: `true` (or any defined value but `false`) passes,
//! undefined or `false` fails, an evaluation error is an error, and `todo_test_*` is skipped.

use std::sync::atomic::{AtomicUsize, Ordering};

use regex::Regex;
use regorus::{Engine, Value};

use super::coverage::Coverage;
use super::module::{ParsedModule, split_regorus_error};
use super::source::PolicyFile;
use crate::error::{Error, InputError};

/// One `test_` (or `todo_test_`) rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    pub file: String,
    pub line: usize,
    pub package: String,
    pub name: String,
}

impl TestCase {
    /// `data.<package>.<rule>`: what `--run` matches, as in `opa test --run`.
    pub fn full_name(&self) -> String {
        format!("data.{}.{}", self.package, self.name)
    }

    pub fn is_todo(&self) -> bool {
        self.name.starts_with("todo_")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    Error(String),
    Skip,
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Pass => "PASS",
            Self::Fail => "FAIL",
            Self::Error(_) => "ERROR",
            Self::Skip => "SKIP",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub case: TestCase,
    pub outcome: Outcome,
    /// What the test's `print()` calls wrote, in order.
    pub prints: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TestRun {
    /// In file order, then line order: independent of how threads interleaved.
    pub results: Vec<TestResult>,
    /// Present when coverage was asked for.
    pub coverage: Option<Coverage>,
}

impl TestRun {
    pub fn count(&self, label: &str) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.label() == label)
            .count()
    }

    pub fn failed(&self) -> bool {
        self.results
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Fail | Outcome::Error(_)))
    }
}

#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// Only tests whose `data.<package>.<rule>` name matches.
    pub run: Option<Regex>,
    pub coverage: bool,
    /// 0: one per available core.
    pub threads: usize,
}

/// Modules to test and modules they need (the built-in `dxcheck.lib`, say) that are neither
/// tested nor counted in coverage.
#[derive(Debug, Clone, Default)]
pub struct TestSuite {
    pub modules: Vec<ParsedModule>,
    pub support: Vec<PolicyFile>,
}

impl TestSuite {
    /// Parses `files` (tests and the policies they test). A syntax error or invalid METADATA is
    /// an error: a suite that does not load must not look like one that passes.
    pub fn parse(files: Vec<PolicyFile>, support: Vec<PolicyFile>) -> Result<Self, InputError> {
        let modules = files
            .into_iter()
            .map(ParsedModule::parse)
            .collect::<Result<Vec<_>, _>>()?;
        // A support module whose package the suite defines itself would clash with it.
        let own: std::collections::BTreeSet<&str> =
            modules.iter().map(|m| m.package.as_str()).collect();
        let mut kept = Vec::new();
        for f in support {
            let m = ParsedModule::parse(f)?;
            if !own.contains(m.package.as_str()) {
                kept.push(m.file);
            }
        }
        Ok(Self {
            modules,
            support: kept,
        })
    }

    /// Every test rule, in file then line order, filtered by `run`.
    pub fn cases(&self, run: Option<&Regex>) -> Vec<TestCase> {
        let mut cases: Vec<TestCase> = self
            .modules
            .iter()
            .flat_map(|m| {
                m.test_rules().into_iter().map(|(name, line)| TestCase {
                    file: m.file.path.clone(),
                    line,
                    package: m.package.clone(),
                    name,
                })
            })
            .filter(|c| run.is_none_or(|re| re.is_match(&c.full_name())))
            .collect();
        cases.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        cases
    }

    /// The engine tests run in: every module, tests included, and an empty
    /// `data.dxcheck.params` that tests override with `with data.dxcheck.params as …`.
    pub fn engine(&self) -> Result<Engine, Error> {
        let files = self.modules.iter().map(|m| &m.file).chain(&self.support);
        super::engine_for(files, &serde_json::json!({}))
    }

    /// Runs the selected tests on up to `options.threads` threads.
    pub fn run(&self, options: &TestOptions) -> Result<TestRun, Error> {
        let cases = self.cases(options.run.as_ref());
        let mut engine = self.engine()?;
        engine.set_gather_prints(true);
        if options.coverage {
            engine.set_enable_coverage(true);
        }
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .clamp(1, cases.len().max(1));

        let next = AtomicUsize::new(0);
        let per_thread: Vec<ThreadOutput> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let (next, cases, engine) = (&next, &cases, &engine);
                    scope.spawn(move || run_share(engine.clone(), cases, next, options.coverage))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err("a test thread panicked".to_string()))
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .map_err(Error::Usage)?;

        let mut slots: Vec<Option<TestResult>> = (0..cases.len()).map(|_| None).collect();
        let mut reports = Vec::new();
        for out in per_thread {
            for (i, r) in out.results {
                slots[i] = Some(r);
            }
            reports.extend(out.coverage);
        }
        let results = slots
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| Error::Usage("a test was not run".into()))?;
        let coverage = options.coverage.then(|| {
            let files: Vec<&PolicyFile> = self
                .modules
                .iter()
                .map(|m| &m.file)
                .filter(|f| !f.is_test())
                .collect();
            Coverage::merge(reports, &files)
        });
        Ok(TestRun { results, coverage })
    }
}

struct ThreadOutput {
    results: Vec<(usize, TestResult)>,
    coverage: Option<regorus::coverage::Report>,
}

fn run_share(
    mut engine: Engine,
    cases: &[TestCase],
    next: &AtomicUsize,
    coverage: bool,
) -> Result<ThreadOutput, String> {
    let mut results = Vec::new();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(case) = cases.get(i) else { break };
        results.push((i, run_one(&mut engine, case)));
    }
    let coverage = if coverage {
        Some(
            engine
                .get_coverage_report()
                .map_err(|e| format!("cannot read coverage: {e}"))?,
        )
    } else {
        None
    };
    Ok(ThreadOutput { results, coverage })
}

fn run_one(engine: &mut Engine, case: &TestCase) -> TestResult {
    if case.is_todo() {
        return TestResult {
            case: case.clone(),
            outcome: Outcome::Skip,
            prints: Vec::new(),
        };
    }
    let outcome = match engine.eval_rule(case.full_name()) {
        Ok(Value::Undefined | Value::Bool(false)) => Outcome::Fail,
        Ok(_) => Outcome::Pass,
        Err(e) => Outcome::Error(match split_regorus_error(&e.to_string()) {
            (Some((file, line, col)), message) => format!("{file}:{line}:{col}: {message}"),
            (None, message) => message,
        }),
    };
    let prints = engine.take_prints().unwrap_or_default();
    TestResult {
        case: case.clone(),
        outcome,
        prints,
    }
}
