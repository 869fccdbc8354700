//! The command line: flags, dispatch, and the mapping of outcomes to exit codes.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

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
    Check(CheckArgs),
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
    /// Evaluation threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0, hide = true)]
    pub threads: usize,
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
            threads: self.threads,
        }
    }
}

/// Parses the command line, runs it, and maps the outcome to the documented exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
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
        Command::Check(args) => check(&args),
        Command::Input(args) => input(&args),
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

fn check(args: &CheckArgs) -> Result<u8, Error> {
    let checker = Checker::new(args.options())?;
    let inventory = LoadedInventory::load(&args.inventory.paths()?)?;
    let report = checker.check(&inventory)?;
    for w in &report.warnings {
        eprintln!("dxcheck: warning: {w}");
    }
    crate::report::write_all(&report, checker.outputs())?;
    Ok(if report.summary.failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
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
