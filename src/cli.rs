//! The command line: flags, dispatch, and the mapping of outcomes to exit codes.

use std::io::IsTerminal;
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
    /// Collect hosted connections, interconnects and LAGs through the AWS API into an inventory.
    Collect(CollectArgs),
    /// Evaluate policies over one or more inventories and report findings.
    Check(Box<CheckArgs>),
    /// Collect, then check, in one run (every flag of both).
    Scan(Box<ScanArgs>),
    /// Show what changed between two inventories: added, removed and changed resources.
    /// Exit 0 when nothing changed, 1 when something did.
    Diff(DiffArgs),
    /// Print the exact document policies see as `input` (inventory plus derived lookups).
    Input(InputArgs),
    /// Print the JSON Schema of the inventory document.
    Schema,
    /// List, show and test policies.
    Policy {
        #[command(subcommand)]
        command: crate::policy_cmd::PolicyCommand,
    },
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
    pub flags: CheckFlags,
    /// Check an inventory whose collection recorded errors (it is incomplete).
    #[arg(long)]
    pub allow_partial: bool,
}

/// Every flag of `check` but the inventories: `scan` takes them all too.
#[derive(Debug, Args)]
pub struct CheckFlags {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format, optionally with a file: text, json, sarif (GitHub code scanning), junit,
    /// markdown (e.g. $GITHUB_STEP_SUMMARY), html (self-contained, for auditors). Repeatable: one
    /// run can write several reports (standard output when no path is given).
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

impl CheckFlags {
    pub fn options(&self, allow_partial: bool) -> CheckOptions {
        CheckOptions {
            policies: self.policy.policies.clone(),
            no_builtin: self.policy.no_builtin,
            config: self.policy.config.clone(),
            outputs: self.formats.clone(),
            fail_on: self.fail_on,
            only_rules: self.rules.clone(),
            skip_rules: self.skip_rules.clone(),
            allow_partial,
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
    crate::allocator::tune_for_short_runs();
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
        Command::Collect(args) => collect(&args),
        Command::Check(args) => check(&args, cli.verbose),
        Command::Scan(args) => scan(&args),
        Command::Input(args) => input(&args),
        Command::Diff(args) => diff(&args),
        Command::Policy { command } => crate::policy_cmd::run(&command, cli.verbose),
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
    let checker = Checker::new(args.flags.options(args.allow_partial))?;
    let policies_loaded = started.elapsed();
    let peak_after_policies = crate::resources::peak_rss();
    let started = Instant::now();
    let inventory = LoadedInventory::load(&args.inventory.paths()?)?;
    let inventory_loaded = started.elapsed();
    let peak_after_inventory = crate::resources::peak_rss();
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
    // The check takes the inventory and frees it as soon as the policy input is built.
    let report = checker.check(inventory)?;
    if verbose >= 3 {
        for r in &report.rules {
            eprintln!(
                "dxcheck: rule {} checked {} resources, {} findings",
                r.rule.id, r.checked, r.findings
            );
        }
    }
    let written = write_reports(&checker, &report)?;
    if args.flags.timings || verbose >= 2 {
        let t = &report.timings;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        // Peak RSS so far at the end of each phase: where the high-water mark rises is where
        // the memory goes.
        let mb = |b: Option<u64>| b.map_or_else(|| "?".to_string(), |b| (b >> 20).to_string());
        let peak_after_reports = crate::resources::peak_rss();
        eprintln!("timings (ms)                 peak RSS (MB)");
        eprintln!(
            "  policies+config   {:>9.1} {:>9}",
            ms(policies_loaded),
            mb(peak_after_policies)
        );
        eprintln!(
            "  inventory parse   {:>9.1} {:>9}",
            ms(inventory_loaded),
            mb(peak_after_inventory)
        );
        eprintln!(
            "  policy input      {:>9.1} {:>9}",
            ms(t.input),
            mb(t.peak_rss[0])
        );
        eprintln!(
            "  evaluation        {:>9.1} {:>9}",
            ms(t.evaluation),
            mb(t.peak_rss[1])
        );
        for (id, d) in &t.rules {
            eprintln!("    {id:<16}{:>9.1}", ms(*d));
        }
        eprintln!(
            "  findings          {:>9.1} {:>9}",
            ms(t.findings),
            mb(t.peak_rss[2])
        );
        eprintln!(
            "  reports           {:>9.1} {:>9}",
            ms(written),
            mb(peak_after_reports)
        );
    }
    let code = outcome(&report);
    // Large inventories take long to free piece by piece; the process is about to exit.
    std::mem::forget((report, checker));
    code
}

/// Warnings to stderr, then every report; returns the time spent writing.
fn write_reports(
    checker: &Checker,
    report: &crate::report::Report,
) -> Result<std::time::Duration, Error> {
    for w in &report.warnings {
        eprintln!("dxcheck: warning: {w}");
    }
    let started = Instant::now();
    crate::report::write_all(report, checker.outputs())?;
    Ok(started.elapsed())
}

/// The exit code of a check: 2 when a rule could not be evaluated (--keep-going), 1 on failing
/// findings, 0 otherwise.
fn outcome(report: &crate::report::Report) -> Result<u8, Error> {
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
    crate::report::write_stdout(&buf)?;
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
    crate::report::write_stdout(format!("{text}\n").as_bytes())
}

#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Region to collect (repeatable). Default: the region of the AWS chain (AWS_REGION, the
    /// profile's region).
    #[arg(long = "region", value_name = "R")]
    pub regions: Vec<String>,
    /// Every region where Direct Connect is offered (opt-in regions the account has not enabled
    /// are skipped with a warning).
    #[arg(long, conflicts_with = "regions")]
    pub all_regions: bool,
    /// Collect only the hosted connections of this interconnect (dxcon-…) or LAG (dxlag-…)
    /// (repeatable). Interconnects and LAGs are still all listed.
    #[arg(long = "parent", value_name = "ID")]
    pub parents: Vec<String>,
    /// AWS profile for the base credentials and default region.
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    /// Assume this role in a partner account and collect it (repeatable: every account goes
    /// into one inventory).
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,
    /// Direct Connect endpoint to call instead of AWS's (AWS_ENDPOINT_URL_DIRECT_CONNECT works
    /// too).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Requests in flight at most, across all regions, accounts and parents.
    #[arg(long, value_name = "N", default_value_t = crate::collect::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// The previous inventory: firstSeen/stateSince are carried forward from it (reset when a
    /// resource's state changed).
    #[arg(long, value_name = "FILE", conflicts_with = "history")]
    pub previous: Option<String>,
    /// For scheduled runs: keep dated inventories in DIR (inventory-<collectedAt>.json, created
    /// if needed). The newest one there is the previous inventory; the new one is added there
    /// (and to standard output only with -o). An incomplete collection is not added.
    #[arg(long, value_name = "DIR")]
    pub history: Option<String>,
    /// With --history: how many inventories to keep; the oldest beyond that are removed (files
    /// not named inventory-<time>.json are never touched).
    #[arg(long, value_name = "N", default_value_t = crate::collect::history_dir::DEFAULT_KEEP, requires = "history")]
    pub keep: usize,
    /// Accept an incomplete collection: when some calls failed (the inventory lists them under
    /// "errors"), `collect` exits 0 and `scan` checks what was collected.
    #[arg(long)]
    pub allow_partial: bool,
    /// Write the inventory here (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<String>,
    /// No progress on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Attempts per call, the first included (throttling and server errors are retried with
    /// exponential backoff).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_attempts: u32,
    /// Seconds each attempt of a call may take before it is retried as a timeout.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub request_timeout: u64,
    /// First retry backoff, in milliseconds (tests shorten it).
    #[arg(long, value_name = "MS", default_value_t = 1000, hide = true)]
    pub initial_backoff_ms: u64,
}

impl CollectArgs {
    pub fn options(&self) -> crate::collect::CollectOptions {
        crate::collect::CollectOptions {
            regions: self.regions.clone(),
            all_regions: self.all_regions,
            parents: self.parents.clone(),
            profile: self.profile.clone(),
            role_arns: self.role_arns.clone(),
            endpoint_url: self.endpoint_url.clone(),
            concurrency: self.concurrency,
            previous: self.previous.clone(),
            history: self.history.clone(),
            keep: self.keep,
            progress: crate::collect::ProgressMode::detect(self.quiet),
            max_attempts: self.max_attempts,
            initial_backoff: std::time::Duration::from_millis(self.initial_backoff_ms),
            request_timeout: std::time::Duration::from_secs(self.request_timeout.max(1)),
        }
    }
}

/// `scan`: the collect flags, then the check flags (no INVENTORY: the inventory is the one just
/// collected).
#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub collect: CollectArgs,
    #[command(flatten)]
    pub flags: CheckFlags,
}

impl ScanArgs {
    pub fn check_options(&self) -> CheckOptions {
        self.flags.options(self.collect.allow_partial)
    }
}

/// Collects and writes the inventory; exit 2 when calls failed, unless `--allow-partial`.
fn collect(args: &CollectArgs) -> Result<u8, Error> {
    let collection = crate::collect::run(&args.options())?;
    warn_all(&collection.warnings);
    // Written as JSON once, whatever it is written to.
    let text = crate::collect::to_json(&collection.inventory)?;
    // With --history the history file is the output; -o adds a copy.
    if args.history.is_none() || args.output.is_some() {
        write_inventory(&text, args.output.as_deref())?;
    }
    record_history(args, &collection.inventory, &text)?;
    partial_outcome(
        &collection.inventory,
        args.allow_partial,
        args.output.as_deref(),
    )
}

/// Collects, then checks the collected inventory in the same process. The checker is built
/// first, so a bad policy or config fails before any AWS call.
fn scan(args: &ScanArgs) -> Result<u8, Error> {
    let checker = Checker::new(args.check_options())?;
    let collection = crate::collect::run(&args.collect.options())?;
    warn_all(&collection.warnings);
    // Written as JSON once, and only when it goes to a file.
    let text = match (&args.collect.output, &args.collect.history) {
        (None, None) => None,
        _ => Some(crate::collect::to_json(&collection.inventory)?),
    };
    if let (Some(path), Some(text)) = (args.collect.output.as_deref(), &text) {
        crate::report::write_atomic(std::path::Path::new(path), text.as_bytes())?;
    }
    let recorded = match &text {
        Some(text) => record_history(&args.collect, &collection.inventory, text)?,
        None => None,
    };
    let inventory = match (args.collect.output.as_deref().or(recorded.as_deref()), text) {
        (Some(path), Some(text)) => {
            // Parse what was written, so findings point at lines of that file exactly as
            // `check FILE` would.
            let source = crate::inventory::SourceText {
                name: path.to_string(),
                text,
            };
            let document = crate::inventory::load::parse_document(&source, 0)?;
            LoadedInventory::from_document(path, document)
        }
        // No file: findings have no location to point at.
        _ => LoadedInventory {
            files: Vec::new(),
            document: collection.inventory,
        },
    };
    if !inventory.document.errors.is_empty() && !args.collect.allow_partial {
        return partial_outcome(&inventory.document, false, args.collect.output.as_deref());
    }
    // The check takes the inventory and frees it as soon as the policy input is built.
    let report = checker.check(inventory)?;
    write_reports(&checker, &report)?;
    outcome(&report)
}

/// Adds a complete inventory to `--history` and prunes it; returns the file written. An
/// incomplete one (collection errors) is left out even with --allow-partial: as the next run's
/// previous inventory, the resources it missed would look new and their times would restart.
fn record_history(
    args: &CollectArgs,
    inventory: &Inventory,
    text: &str,
) -> Result<Option<String>, Error> {
    let Some(dir) = args.history.as_deref() else {
        return Ok(None);
    };
    let history = crate::collect::history_dir::HistoryDir::new(dir);
    if !inventory.errors.is_empty() {
        eprintln!(
            "dxcheck: warning: the collection is incomplete, so it was not added to the history \
             in {dir}"
        );
        return Ok(None);
    }
    let collected_at = inventory.collected_at.as_deref().unwrap_or_default();
    let recorded = history.record(collected_at, text, args.keep)?;
    if !args.quiet {
        eprintln!("dxcheck: history: wrote {}", recorded.path.display());
        for p in &recorded.pruned {
            eprintln!("dxcheck: history: removed {}", p.display());
        }
    }
    Ok(Some(recorded.path.display().to_string()))
}

/// Not progress: shown even with --quiet, since a skipped region is recorded nowhere else.
fn warn_all(warnings: &[String]) {
    for w in warnings {
        eprintln!("dxcheck: warning: {w}");
    }
}

fn write_inventory(text: &str, output: Option<&str>) -> Result<(), Error> {
    match output {
        Some(path) => crate::report::write_atomic(std::path::Path::new(path), text.as_bytes()),
        None => crate::report::write_stdout(text.as_bytes()),
    }
}

/// An inventory with collection errors is incomplete: exit 2 unless the user accepted that.
fn partial_outcome(
    inventory: &Inventory,
    allow_partial: bool,
    output: Option<&str>,
) -> Result<u8, Error> {
    let n = inventory.errors.len();
    if n == 0 {
        return Ok(EXIT_OK);
    }
    let first = &inventory.errors[0];
    let file = output.unwrap_or("the inventory");
    let summary = format!(
        "{n} call(s) failed after retries, so the inventory is incomplete (see \"errors\" in \
         {file}); first: {}{} {}{}: {}: {}",
        first
            .account
            .as_deref()
            .map(|a| format!("{a} "))
            .unwrap_or_default(),
        first.region,
        first.operation,
        first
            .parent_id
            .as_deref()
            .map(|p| format!(" on {p}"))
            .unwrap_or_default(),
        first.code,
        first.message.trim_end_matches('.')
    );
    if allow_partial {
        eprintln!("dxcheck: warning: {summary}");
        Ok(EXIT_OK)
    } else {
        Err(Error::Collect(format!(
            "{summary} (pass --allow-partial to accept an incomplete inventory)"
        )))
    }
}
