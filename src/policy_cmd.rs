//! `dxcheck policy list|show|test|lint|new`: what the loaded rules are, whether their unit tests
//! pass, whether they are well-formed, and a starting point for a new one.

use std::fmt::Write as _;

use clap::{Args, Subcommand, ValueEnum};
use regex::Regex;
use serde_json::{Value, json};

use crate::cli::{EXIT_FINDINGS, EXIT_OK};
use crate::error::Error;
use crate::policy::coverage::{self, Coverage};
use crate::policy::testing::{Outcome, TestOptions, TestRun, TestSuite};
use crate::policy::{PolicySet, RuleInfo, lint, scaffold, source};

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// List the rules: id, severity, title (the built-in pack, plus --policy paths).
    List(ListArgs),
    /// Show one rule in full: metadata, parameters with their defaults, and its Rego source.
    Show(ShowArgs),
    /// Run the `test_*` rules of Rego unit tests, like `opa test` (the built-in pack when no
    /// PATH is given). `-v` shows every test's print() output; failing tests always show theirs.
    Test(TestArgs),
    /// Check Rego files for problems (the built-in pack when no PATH is given): syntax, METADATA,
    /// duplicate ids, and errors that only show when a rule is evaluated (every finding rule
    /// runs against an empty inventory and the bundled example). Exit 1 on any error.
    Lint(LintArgs),
    /// Create NAME.rego (with a METADATA block) and NAME_test.rego, ready for `policy test`.
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Rego files or directories (default: the built-in pack).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// With PATHs, do not make the built-in modules (such as `data.dxcheck.lib`) available.
    #[arg(long)]
    pub no_builtin: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Policy name: lower case, digits and underscores (it becomes `package custom.NAME`).
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Directory to create the files in (created if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: String,
}

#[derive(Debug, Args)]
pub struct RuleSourceArgs {
    /// Also load the rules of this Rego file or directory (repeatable).
    #[arg(long = "policy", short = 'p', value_name = "PATH")]
    pub policies: Vec<String>,
    /// Do not load the built-in policy pack.
    #[arg(long)]
    pub no_builtin: bool,
}

impl RuleSourceArgs {
    fn load(&self) -> Result<PolicySet, Error> {
        Ok(PolicySet::load(!self.no_builtin, &self.policies)?)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    /// The reference page committed as docs/policies.md.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub source: RuleSourceArgs,
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Rule id (DX007), or package/rule for a rule without a METADATA id.
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub source: RuleSourceArgs,
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Also print the Rego module that defines the rule.
    #[arg(long = "source")]
    pub print_source: bool,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rego files or directories holding policies and their `_test.rego` files (default: the
    /// built-in pack).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Run only the tests whose name (data.<package>.<rule>) matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub run: Option<String>,
    /// Print line coverage per policy file (test files excluded).
    #[arg(long)]
    pub coverage: bool,
    /// Fail (exit 1) when line coverage is below N percent.
    #[arg(long, value_name = "N", value_parser = parse_percent)]
    pub threshold: Option<f64>,
    /// With PATHs, do not make the built-in modules (such as `data.dxcheck.lib`) available.
    #[arg(long)]
    pub no_builtin: bool,
    /// Test threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, hide = true)]
    pub threads: usize,
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not a percentage between 0 and 100"))
    }
}

/// `verbose` is the global `-v` count: with `policy test`, `-v` shows every test's print()
/// output (failing tests always show theirs).
pub fn run(command: &PolicyCommand, verbose: u8) -> Result<u8, Error> {
    match command {
        PolicyCommand::List(args) => list(args),
        PolicyCommand::Show(args) => show(args),
        PolicyCommand::Test(args) => test(args, verbose > 0),
        PolicyCommand::Lint(args) => lint(args),
        PolicyCommand::New(args) => new(args),
    }
}

/// The files at `paths`, each once, in argument order.
fn files_at_paths(paths: &[String]) -> Result<Vec<source::PolicyFile>, Error> {
    let mut files = Vec::new();
    for p in paths {
        for f in source::files_at(p)? {
            if !files.iter().any(|g: &source::PolicyFile| g.path == f.path) {
                files.push(f);
            }
        }
    }
    Ok(files)
}

fn emit(text: &str) -> Result<(), Error> {
    crate::report::write_stdout(text.as_bytes())
}

// ---------------------------------------------------------------------------------------------
// list

fn list(args: &ListArgs) -> Result<u8, Error> {
    let set = args.source.load()?;
    let text = match args.format {
        ListFormat::Text => list_text(&set.rules),
        ListFormat::Json => {
            let rules: Vec<Value> = set.rules.iter().map(rule_json).collect();
            pretty(&json!({ "rules": rules }))?
        }
        ListFormat::Markdown => markdown(&set.rules),
    };
    emit(&text)?;
    Ok(EXIT_OK)
}

fn list_text(rules: &[RuleInfo]) -> String {
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let mut s = String::new();
    let _ = writeln!(s, "{:<id_width$}  {:<8}  TITLE", "ID", "SEVERITY");
    for r in rules {
        let _ = writeln!(
            s,
            "{:<id_width$}  {:<8}  {}",
            r.id,
            r.severity.as_str(),
            r.title
        );
    }
    s
}

fn rule_json(r: &RuleInfo) -> Value {
    let m = &r.metadata;
    json!({
        "id": r.id,
        "title": r.title,
        "severity": r.severity,
        "kind": r.name,
        "package": r.package,
        "source": r.source(),
        "file": r.file,
        "line": r.line,
        "description": m.description,
        "remediation": m.custom.remediation,
        "tags": m.custom.tags,
        "resourceTypes": m.custom.resource_types,
        "params": m.custom.params,
        "relatedResources": m.related_resources.iter().map(|r| r.url()).collect::<Vec<_>>(),
    })
}

fn pretty(v: &Value) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Usage(e.to_string()))
}

/// A parameter default as a user writes it in `dxcheck.toml` (JSON and TOML agree on the
/// scalars and arrays the pack uses); `null` means the rule is off until the parameter is set.
fn param_default(v: &Value) -> String {
    match v {
        Value::Null => "not set (the rule applies only once it is set)".to_string(),
        other => other.to_string(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(rules: &[RuleInfo]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Built-in policies\n");
    let _ = writeln!(
        s,
        "<!-- Generated by `dxcheck policy list --format markdown`. Do not edit: change the \
         METADATA in policies/ and regenerate. -->\n"
    );
    let _ = writeln!(
        s,
        "dxcheck ships {} rules for AWS Direct Connect hosted connections and their parents \
         (interconnects and LAGs). Parameters are set under `[params]` in `dxcheck.toml`; a rule \
         can be disabled or given another severity under `[rules.ID]`. \"Active\" means the \
         state is `ordering`, `pending`, `available` or `down`; \"now\" is the inventory's \
         `collectedAt`.\n",
        rules.len()
    );
    let _ = writeln!(s, "| ID | Severity | Title | Resources | Tags |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for r in rules {
        let _ = writeln!(
            s,
            "| [{}](#{}) | {} | {} | {} | {} |",
            r.id,
            anchor(&r.id),
            r.severity,
            cell(&r.title),
            r.metadata.custom.resource_types.join(", "),
            r.metadata.custom.tags.join(", ")
        );
    }
    s.push('\n');
    for r in rules {
        let m = &r.metadata;
        let _ = writeln!(s, "<a id=\"{}\"></a>\n", anchor(&r.id));
        let _ = writeln!(s, "## {}: {}\n", r.id, r.title);
        let _ = writeln!(
            s,
            "**Severity:** {} · **Resources:** {} · **Source:** `{}` (rule `{}`)\n",
            r.severity,
            if m.custom.resource_types.is_empty() {
                "hostedConnection".to_string()
            } else {
                m.custom.resource_types.join(", ")
            },
            r.file,
            r.name
        );
        if let Some(d) = &m.description {
            let _ = writeln!(s, "{}\n", d.trim());
        }
        if let Some(rem) = &m.custom.remediation {
            let _ = writeln!(s, "**Remediation:** {}\n", rem.trim());
        }
        if !m.custom.params.is_empty() {
            let _ = writeln!(s, "| Parameter | Default |");
            let _ = writeln!(s, "|---|---|");
            for (name, default) in &m.custom.params {
                let _ = writeln!(s, "| `{}` | {} |", name, cell(&param_default(default)));
            }
            s.push('\n');
        }
        if !m.custom.tags.is_empty() {
            let _ = writeln!(s, "**Tags:** {}\n", m.custom.tags.join(", "));
        }
        if !m.related_resources.is_empty() {
            let links: Vec<String> = m
                .related_resources
                .iter()
                .map(|l| format!("<{}>", l.url()))
                .collect();
            let _ = writeln!(s, "**See also:** {}\n", links.join(", "));
        }
    }
    // One trailing newline, as editors and `git diff` expect.
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

fn anchor(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// show

fn show(args: &ShowArgs) -> Result<u8, Error> {
    let set = args.source.load()?;
    let Some(rule) = set.rules.iter().find(|r| r.id == args.id) else {
        return Err(Error::Usage(format!(
            "unknown rule id {:?}; `dxcheck policy list` shows the rules that are loaded",
            args.id
        )));
    };
    let module_text = set
        .files()
        .find(|f| f.path == rule.file)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let text = match args.format {
        ShowFormat::Json => {
            let mut v = rule_json(rule);
            if args.print_source {
                v["rego"] = json!(module_text);
            }
            pretty(&v)?
        }
        ShowFormat::Text => {
            let mut s = show_text(rule);
            if args.print_source {
                let _ = writeln!(s, "\nSource ({})\n", rule.file);
                s.push_str(&module_text);
                if !s.ends_with('\n') {
                    s.push('\n');
                }
            }
            s
        }
    };
    emit(&text)?;
    Ok(EXIT_OK)
}

fn show_text(r: &RuleInfo) -> String {
    let m = &r.metadata;
    let mut s = String::new();
    let _ = writeln!(s, "{}: {}\n", r.id, r.title);
    let field = |s: &mut String, name: &str, value: &str| {
        let _ = writeln!(s, "  {name:<12}{value}");
    };
    field(&mut s, "severity", r.severity.as_str());
    field(
        &mut s,
        "rule",
        &format!("{} in package {}", r.name, r.package),
    );
    let source = if r.builtin {
        format!(
            "{}:{} (built in; print it with `dxcheck policy show {} --source`)",
            r.file, r.line, r.id
        )
    } else {
        format!("{}:{}", r.file, r.line)
    };
    field(&mut s, "source", &source);
    if !m.custom.resource_types.is_empty() {
        field(&mut s, "resources", &m.custom.resource_types.join(", "));
    }
    if !m.custom.tags.is_empty() {
        field(&mut s, "tags", &m.custom.tags.join(", "));
    }
    if let Some(d) = &m.description {
        let _ = writeln!(s, "\nDescription\n{}", wrap(d.trim(), 96, "  "));
    }
    if let Some(rem) = &m.custom.remediation {
        let _ = writeln!(s, "\nRemediation\n{}", wrap(rem.trim(), 96, "  "));
    }
    if !m.custom.params.is_empty() {
        let _ = writeln!(
            s,
            "\nParameters (dxcheck.toml [params], with their defaults)"
        );
        let width = m.custom.params.keys().map(String::len).max().unwrap_or(0);
        for (name, default) in &m.custom.params {
            let _ = writeln!(s, "  {name:<width$}  {}", param_default(default));
        }
    }
    if !m.related_resources.is_empty() {
        let _ = writeln!(s, "\nSee also");
        for l in &m.related_resources {
            let _ = writeln!(s, "  {}", l.url());
        }
    }
    s
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(format!("{indent}{line}"));
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// test

fn test(args: &TestArgs, verbose: bool) -> Result<u8, Error> {
    let run = args
        .run
        .as_deref()
        .map(|r| {
            Regex::new(r).map_err(|e| {
                Error::Usage(format!(
                    "--run: invalid regular expression {r:?}: {}",
                    e.to_string().lines().last().unwrap_or("").trim()
                ))
            })
        })
        .transpose()?;
    let suite = if args.paths.is_empty() {
        TestSuite::parse(source::builtin_files(), Vec::new())?
    } else {
        let files = files_at_paths(&args.paths)?;
        // The built-in modules, test helpers included (`data.dxcheck.fixtures.with_lookups`),
        // are there to be imported; their own tests are not run.
        let support = if args.no_builtin {
            Vec::new()
        } else {
            source::builtin_files()
        };
        TestSuite::parse(files, support)?
    };
    if suite.cases(run.as_ref()).is_empty() {
        let place = if args.paths.is_empty() {
            "the built-in pack".to_string()
        } else {
            args.paths.join(", ")
        };
        let filter = args
            .run
            .as_deref()
            .map(|r| format!(" matching --run {r:?}"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no test_ rules{filter} found in {place}"
        )));
    }
    let options = TestOptions {
        run,
        coverage: args.coverage || args.threshold.is_some(),
        threads: args.threads,
    };
    let outcome = suite.run(&options)?;
    let below = match (&outcome.coverage, args.threshold) {
        (Some(c), Some(t)) => c.percent() < t,
        _ => false,
    };
    emit(&test_text(&outcome, args, verbose))?;
    if let (true, Some(c), Some(t)) = (below, &outcome.coverage, args.threshold) {
        eprintln!(
            "dxcheck: coverage {:.1}% is below the threshold {t}%",
            c.percent()
        );
    }
    Ok(if outcome.failed() || below {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn test_text(run: &TestRun, args: &TestArgs, verbose: bool) -> String {
    let mut s = String::new();
    let loc_width = run
        .results
        .iter()
        .map(|r| r.case.file.len() + 1 + r.case.line.to_string().len())
        .max()
        .unwrap_or(0);
    for r in &run.results {
        let loc = format!("{}:{}", r.case.file, r.case.line);
        let _ = writeln!(
            s,
            "{:<5}  {loc:<loc_width$}  {}",
            r.outcome.label(),
            r.case.full_name()
        );
        if let Outcome::Error(message) = &r.outcome {
            let _ = writeln!(s, "       {message}");
        }
        let show_prints = verbose || matches!(r.outcome, Outcome::Fail | Outcome::Error(_));
        if show_prints {
            for p in &r.prints {
                for line in p.lines() {
                    let _ = writeln!(s, "       | {line}");
                }
            }
        }
    }
    let total = run.results.len();
    let (pass, fail, error, skip) = (
        run.count("PASS"),
        run.count("FAIL"),
        run.count("ERROR"),
        run.count("SKIP"),
    );
    let _ = writeln!(s, "{}", "-".repeat(80));
    let _ = writeln!(s, "PASS: {pass}/{total}");
    if fail > 0 {
        let _ = writeln!(s, "FAIL: {fail}/{total}");
    }
    if error > 0 {
        let _ = writeln!(s, "ERROR: {error}/{total}");
    }
    if skip > 0 {
        let _ = writeln!(s, "SKIPPED: {skip}/{total}");
    }
    if let Some(c) = &run.coverage {
        s.push_str(&coverage_text(c, args));
    }
    // Errors count as failures here: CI log readers look for exactly this line.
    let mut last = format!("{pass} passed, {} failed", fail + error);
    if skip > 0 {
        let _ = write!(last, ", {skip} skipped");
    }
    let _ = writeln!(s, "{last}");
    s
}

fn coverage_text(c: &Coverage, args: &TestArgs) -> String {
    let mut s = String::new();
    if args.coverage {
        let _ = writeln!(s, "{}", "-".repeat(80));
        let _ = writeln!(
            s,
            "COVERAGE (lines of policy files; _test.rego files excluded)"
        );
        for f in &c.files {
            let missed = if f.not_covered.is_empty() {
                String::new()
            } else {
                format!("  not covered: {}", coverage::ranges(&f.not_covered))
            };
            let _ = writeln!(
                s,
                "{:>6.1}%  {}  ({}/{}){missed}",
                f.percent(),
                f.path,
                f.covered.len(),
                f.lines()
            );
        }
    }
    let threshold = args
        .threshold
        .map(|t| format!(" (threshold {t}%)"))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "COVERAGE: {:.1}% ({}/{} lines){threshold}",
        c.percent(),
        c.covered_lines(),
        c.total_lines()
    );
    s
}

// ---------------------------------------------------------------------------------------------
// lint

fn lint(args: &LintArgs) -> Result<u8, Error> {
    let (files, support) = if args.paths.is_empty() {
        (source::builtin_files(), Vec::new())
    } else {
        let files = files_at_paths(&args.paths)?;
        if files.is_empty() {
            return Err(Error::Usage(format!(
                "no .rego files found in {}",
                args.paths.join(", ")
            )));
        }
        let support = if args.no_builtin {
            Vec::new()
        } else {
            source::builtin_files()
        };
        (files, support)
    };
    let report = lint::lint(&files, &support);
    let text = match args.format {
        ShowFormat::Json => pretty(&json!({
            "lintVersion": 1,
            "summary": {
                "files": report.files,
                "rules": report.rules,
                "errors": report.errors(),
                "warnings": report.warnings(),
            },
            "diagnostics": report.diagnostics,
        }))?,
        ShowFormat::Text => lint_text(&report),
    };
    emit(&text)?;
    Ok(if report.errors() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn lint_text(report: &lint::LintReport) -> String {
    let mut s = String::new();
    for d in &report.diagnostics {
        let mut loc = d.file.clone();
        if let Some(l) = d.line {
            let _ = write!(loc, ":{l}");
            if let Some(c) = d.column {
                let _ = write!(loc, ":{c}");
            }
        }
        let _ = writeln!(s, "{loc}: {}[{}]: {}", d.level.as_str(), d.code, d.message);
    }
    use crate::report::text::plural;
    let _ = writeln!(
        s,
        "{}, {} in {} ({})",
        plural(report.errors(), "error"),
        plural(report.warnings(), "warning"),
        plural(report.files, "file"),
        plural(report.rules, "finding rule"),
    );
    s
}

// ---------------------------------------------------------------------------------------------
// new

fn new(args: &NewArgs) -> Result<u8, Error> {
    let scaffold = scaffold::render(&args.name, std::path::Path::new(&args.dir))?;
    scaffold::write(&scaffold)?;
    let mut s = String::new();
    for (path, _) in [&scaffold.policy, &scaffold.test] {
        let _ = writeln!(s, "created {}", path.display());
    }
    let _ = writeln!(
        s,
        "next: edit the METADATA and the rule, then run `dxcheck policy test {dir}` and \
         `dxcheck policy lint {dir}`",
        dir = args.dir
    );
    emit(&s)?;
    Ok(EXIT_OK)
}
