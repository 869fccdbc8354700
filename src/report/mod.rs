//! Reports: one model of a run's results, one `Reporter` per output format.

pub mod json;
pub mod text;

use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::error::Error;
use crate::finding::{Finding, SuppressionKind};
use crate::inventory::CollectionError;
use crate::policy::RuleInfo;
use crate::severity::{FailOn, Severity};

pub const TOOL_NAME: &str = "dxcheck";
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
pub const INFORMATION_URI: &str = "https://github.com/dxcheck/dxcheck";

/// Everything a report may show about one run.
#[derive(Debug, Clone)]
pub struct Report {
    pub inventory: InventorySummary,
    pub summary: Summary,
    pub rules: Vec<RuleSummary>,
    pub findings: Vec<Finding>,
    /// Collection errors carried by the inventory.
    pub errors: Vec<CollectionError>,
    /// Things the user should know that did not stop the run (an expired waiver, say).
    pub warnings: Vec<String>,
    pub policy_files: Vec<PolicyFileSummary>,
}

#[derive(Debug, Clone, Default)]
pub struct InventorySummary {
    pub files: Vec<String>,
    pub collected_at: Option<String>,
    pub generator: Option<String>,
    pub regions: Vec<String>,
    pub hosted_connections: usize,
    pub interconnects: usize,
    pub lags: usize,
}

impl InventorySummary {
    pub fn resources(&self) -> usize {
        self.hosted_connections + self.interconnects + self.lags
    }
}

#[derive(Debug, Clone)]
pub struct RuleSummary {
    pub rule: RuleInfo,
    /// After `[rules.ID] severity`.
    pub severity: Severity,
    /// Resources of the types the rule examines: "no findings" over N resources is evidence.
    pub checked: usize,
    /// Findings of this rule that are not suppressed.
    pub findings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Unsuppressed findings per severity, indexed by `Severity as usize`.
    pub counts: [usize; 5],
    pub waived: usize,
    pub baselined: usize,
    pub failed: bool,
    pub fail_on: FailOn,
}

impl Summary {
    pub fn of(findings: &[Finding], fail_on: FailOn) -> Self {
        let mut s = Self {
            counts: [0; 5],
            waived: 0,
            baselined: 0,
            failed: false,
            fail_on,
        };
        for f in findings {
            match f.suppression.as_ref().map(|x| x.kind) {
                Some(SuppressionKind::Waiver) => s.waived += 1,
                Some(SuppressionKind::Baseline) => s.baselined += 1,
                None => {
                    s.counts[f.severity as usize] += 1;
                    s.failed |= fail_on.fails(f.severity);
                }
            }
        }
        s
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.counts[severity as usize]
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

#[derive(Debug, Clone)]
pub struct PolicyFileSummary {
    pub path: String,
    pub sha256: String,
    pub builtin: bool,
}

/// One output format.
pub trait Reporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    pub const NAMES: &[&str] = &["text", "json"];

    pub fn reporter(self, color: bool) -> Box<dyn Reporter> {
        match self {
            Self::Text => Box::new(text::TextReporter { color }),
            Self::Json => Box::new(json::JsonReporter),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            _ => Err(format!(
                "unknown format {s:?} (expected one of: {})",
                Self::NAMES.join(", ")
            )),
        }
    }
}

/// `--format FMT[=PATH]`: where one report goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    /// None: standard output.
    pub path: Option<String>,
}

impl FromStr for OutputSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, path) = match s.split_once('=') {
            Some((n, "")) => {
                return Err(format!("--format {n}= needs a path after '='"));
            }
            Some((n, p)) => (n, Some(p.to_string())),
            None => (s, None),
        };
        Ok(Self {
            format: name.parse()?,
            path,
        })
    }
}

/// Renders `report` to every output. Files are written whole or not at all.
pub fn write_all(report: &Report, outputs: &[OutputSpec]) -> Result<(), Error> {
    for spec in outputs {
        match &spec.path {
            None => {
                let color = spec.format == Format::Text && stdout_wants_color();
                let mut buf = Vec::new();
                spec.format
                    .reporter(color)
                    .write(report, &mut buf)
                    .map_err(|e| Error::Output {
                        path: "<stdout>".into(),
                        message: e.to_string(),
                    })?;
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(&buf)
                    .and_then(|()| stdout.flush())
                    .map_err(|e| Error::Output {
                        path: "<stdout>".into(),
                        message: e.to_string(),
                    })?;
            }
            Some(path) => {
                let mut buf = Vec::new();
                spec.format
                    .reporter(false)
                    .write(report, &mut buf)
                    .map_err(|e| Error::Output {
                        path: path.clone(),
                        message: e.to_string(),
                    })?;
                write_atomic(Path::new(path), &buf)?;
            }
        }
    }
    Ok(())
}

/// Writes to a temporary file beside `path`, then renames it over `path`: a reader never sees a
/// half-written report, and a failed run leaves the previous one in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let shown = path.display().to_string();
    let fail = |e: &dyn std::fmt::Display| Error::Output {
        path: shown.clone(),
        message: e.to_string(),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(fail(&"is a directory"));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".dxcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail(&crate::inventory::load::io_reason(&e)))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .map_err(|e| fail(&e))?;
    tmp.persist(path)
        .map_err(|e| fail(&crate::inventory::load::io_reason(&e.error)))?;
    Ok(())
}

fn stdout_wants_color() -> bool {
    use is_terminal::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
