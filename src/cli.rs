//! The command line: flags, dispatch, and the mapping of outcomes to exit codes.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::check::{CheckOptions, Checker};
use crate::error::Error;
use crate::inventory::{Inventory, LoadedInventory};
use crate::report::OutputSpec;
use crate::severity::FailOn;

/// Exit codes: the contract CI pipelines rely on.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "dxcheck",
    version,
    about = "Compliance checks for AWS Direct Connect hosted connections, with Rego policies",
    after_help = "Exit codes: 0 no failing finding, 1 findings at or above --fail-on, 2 the run could not be trusted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More detail on stderr: -v what was loaded, -vv timings, -vvv every rule's result count.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate policies over one or more inventories and report findings.
    Check(Box<CheckArgs>),
    /// Show what changed between two inventories: added, removed and changed resources.
    /// Exit 0 when nothing changed, 1 when something did.
    Diff(DiffArgs),
    /// Print the exact document policies see as `input` (inventory plus derived lookups).
    Input(InputArgs),
    /// Print the JSON Schema of the inventory document.
    Schema,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Inventory files (dxcheck inventories, or raw describe-hosted-connections /
    /// describe-interconnects / describe-lags output); `-` reads standard input.
    #[arg(value_name = "INVENTORY")]
    pub inventories: Vec<String>,
}

impl InventoryArgs {
    /// The files to read: those given, or standard input when it is piped.
    fn paths(&self) -> Result<Vec<String>, Error> {
        if !self.inventories.is_empty() {
            return Ok(self.inventories.clone());
        }
        if std::io::stdin().is_terminal() {
            return Err(Error::Usage(
                "no inventory given: name one or more inventory files, or - to read standard input"
                    .into(),
            ));
        }
        Ok(vec!["-".to_string()])
    }
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// A Rego file or a directory of them (searched recursively; *_test.rego files are tests,
    /// not checks). Repeatable.
    #[arg(long = "policy", short = 'p', value_name = "PATH")]
    pub policies: Vec<String>,
    /// Do not load the built-in policy pack.
    #[arg(long)]
    pub no_builtin: bool,
    /// Config file (default: dxcheck.toml in the working directory, when present).
    #[arg(long, value_name = "FILE", env = "DXCHECK_CONFIG")]
    pub config: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inventory: InventoryArgs,
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format, optionally with a file: text, json. Repeatable: one run can write several
    /// reports (standard output when no path is given).
    #[arg(
        long = "format",
        short = 'f',
        value_name = "FMT[=PATH]",
        default_value = "text"
    )]
    pub formats: Vec<OutputSpec>,
    /// Fail (exit 1) on unwaived findings at or above this severity: critical, high, medium, low,
    /// or never. Default: the config file's fail_on, else low.
    #[arg(long, value_name = "SEVERITY", env = "DXCHECK_FAIL_ON")]
    pub fail_on: Option<FailOn>,
    /// Evaluate only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Do not evaluate this rule (repeatable).
    #[arg(long = "skip-rule", value_name = "ID")]
    pub skip_rules: Vec<String>,
    /// Check an inventory whose collection recorded errors (it is incomplete).
    #[arg(long)]
    pub allow_partial: bool,
    /// Expired or unmatched waivers are errors (exit 2) rather than warnings.
    #[arg(long, env = "DXCHECK_STRICT_WAIVERS")]
    pub strict_waivers: bool,
    /// Only findings not listed in this baseline file fail the run; listed ones are reported as
    /// baselined.
    #[arg(
        long,
        value_name = "FILE",
        env = "DXCHECK_BASELINE",
        conflicts_with = "write_baseline"
    )]
    pub baseline: Option<String>,
    /// Record the current findings' fingerprints as a baseline file (then exit 0 unless the run
    /// errs: every finding is now baselined).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<String>,
    /// Seconds one rule may evaluate before the run fails (a runaway policy is an error, not a hang).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub policy_timeout: u64,
    /// Memory (MiB) the process may use while policies evaluate (default: 75% of physical memory).
    #[arg(long, value_name = "MIB")]
    pub policy_memory_limit: Option<u64>,
    /// When a rule fails to evaluate, still report the other rules' findings; the run exits 2.
    #[arg(long)]
    pub keep_going: bool,
    /// Print where the time went (loading, input, evaluation per rule, reporting) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Evaluation threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, hide = true)]
    pub threads: usize,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier inventory.
    pub old: String,
    /// The later inventory.
    pub new: String,
    /// text, json or markdown.
    #[arg(long, short = 'f', default_value = "text", value_parser = ["text", "json", "markdown"])]
    pub format: String,
    /// Compare only these fields (comma-separated or repeated; `tags` covers every tag).
    #[arg(long, value_delimiter = ',', value_name = "FIELD")]
    pub fields: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    #[command(flatten)]
    pub inventory: InventoryArgs,
    /// One line instead of pretty JSON.
    #[arg(long)]
    pub compact: bool,
}

impl CheckArgs {
    pub fn options(&self) -> CheckOptions {
        CheckOptions {
            policies: self.policy.policies.clone(),
            no_builtin: self.policy.no_builtin,
            config: self.policy.config.clone(),
            outputs: self.formats.clone(),
            fail_on: self.fail_on,
            only_rules: self.rules.clone(),
            skip_rules: self.skip_rules.clone(),
            allow_partial: self.allow_partial,
            strict_waivers: self.strict_waivers,
            keep_going: self.keep_going,
            memory_limit: self
                .policy_memory_limit
                .map(|mib| mib.saturating_mul(1 << 20)),
            policy_timeout: std::time::Duration::from_secs(self.policy_timeout.max(1)),
            baseline: self.baseline.clone(),
            write_baseline: self.write_baseline.clone(),
            threads: self.threads,
        }
    }
}

/// Parses the command line, runs it, and maps the outcome to the documented exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::interrupt::install();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("dxcheck: error: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Check(args) => check(&args, cli.verbose),
        Command::Input(args) => input(&args),
        Command::Diff(args) => diff(&args),
        Command::Schema => {
            let schema = schemars::schema_for!(Inventory);
            print_json(
                &serde_json::to_value(schema).map_err(|e| Error::Usage(e.to_string()))?,
                false,
            )?;
            Ok(EXIT_OK)
        }
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "dxcheck", &mut std::io::stdout());
            Ok(EXIT_OK)
        }
    }
}

fn check(args: &CheckArgs, verbose: u8) -> Result<u8, Error> {
    let started = Instant::now();
    let checker = Checker::new(args.options())?;
    let policies_loaded = started.elapsed();
    let started = Instant::now();
    let inventory = LoadedInventory::load(&args.inventory.paths()?)?;
    let inventory_loaded = started.elapsed();
    if verbose >= 1 {
        let files: Vec<&str> = checker.policies.files().map(|f| f.path.as_str()).collect();
        eprintln!(
            "dxcheck: {} policy files: {}",
            files.len(),
            files.join(", ")
        );
        eprintln!(
            "dxcheck: {} rules selected; config: {}",
            checker.rules.len(),
            checker.config.path.as_deref().unwrap_or("none")
        );
        eprintln!(
            "dxcheck: inventory {}: {} resources",
            inventory.files.join(", "),
            inventory.resource_count()
        );
    }
    let report = checker.check(&inventory)?;
    if verbose >= 3 {
        for r in &report.rules {
            eprintln!(
                "dxcheck: rule {} checked {} resources, {} findings",
                r.rule.id, r.checked, r.findings
            );
        }
    }
    for w in &report.warnings {
        eprintln!("dxcheck: warning: {w}");
    }
    let started = Instant::now();
    crate::report::write_all(&report, checker.outputs())?;
    if args.timings || verbose >= 2 {
        let t = &report.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        eprintln!("timings (ms):");
        eprintln!("  policies+config   {:>9.1}", ms(policies_loaded));
        eprintln!("  inventory parse   {:>9.1}", ms(inventory_loaded));
        eprintln!("  policy input      {:>9.1}", ms(t.input));
        eprintln!("  evaluation        {:>9.1}", ms(t.evaluation));
        for (id, d) in &t.rules {
            eprintln!("    {id:<16}{:>9.1}", ms(*d));
        }
        eprintln!("  findings          {:>9.1}", ms(t.findings));
        eprintln!("  reports           {:>9.1}", ms(started.elapsed()));
    }
    if !report.rule_errors.is_empty() {
        return Err(Error::Usage(format!(
            "{} rule(s) failed to evaluate, so the report is incomplete: {}",
            report.rule_errors.len(),
            report.rule_errors.join("; ")
        )));
    }
    Ok(if report.summary.failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn diff(args: &DiffArgs) -> Result<u8, Error> {
    let old = LoadedInventory::load(std::slice::from_ref(&args.old))?;
    let new = LoadedInventory::load(std::slice::from_ref(&args.new))?;
    let diff = crate::diff::Diff::between(&old.document, &new.document, &args.fields)
        .map_err(|e| Error::Usage(format!("cannot compare inventories: {e}")))?;
    let mut buf = Vec::new();
    match args.format.as_str() {
        "json" => crate::diff::write_json(&diff, &mut buf),
        "markdown" => crate::diff::write_markdown(&diff, &mut buf),
        _ => crate::diff::write_text(&diff, &mut buf),
    }
    .map_err(|e| Error::Output {
        path: "<stdout>".into(),
        message: e.to_string(),
    })?;
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)
        .and_then(|()| out.flush())
        .map_err(|e| Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        })?;
    Ok(if diff.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

fn input(args: &InputArgs) -> Result<u8, Error> {
    let inventory = LoadedInventory::load(&args.inventory.paths()?)?;
    let doc = crate::inventory::lookups::input_document(&inventory.document)
        .map_err(|e| Error::Usage(format!("cannot build policy input: {e}")))?;
    print_json(&doc, args.compact)?;
    Ok(EXIT_OK)
}

fn print_json(value: &serde_json::Value, compact: bool) -> Result<(), Error> {
    let text = if compact {
        serde_json::to_string(value)
    } else {
        serde_json::to_string_pretty(value)
    }
    .map_err(|e| Error::Usage(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        })
}
