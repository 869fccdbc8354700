//! Reports: one model of a run's results, one `Reporter` per output format.

pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use crate::error::Error;
use crate::finding::{Finding, Location, SuppressionKind};
use crate::inventory::{CollectionError, ResourceType, Resources};
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
    /// Rules that failed to evaluate under --keep-going: the report is incomplete where they are.
    pub rule_errors: Vec<String>,
    /// Where the time went; never rendered into a report, which must stay deterministic.
    pub timings: Timings,
}

/// Wall time of the phases of `check`, for `--timings` and the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Building the policy input (inventory plus lookups) as a Rego value.
    pub input: std::time::Duration,
    /// All rules, on all worker threads.
    pub evaluation: std::time::Duration,
    /// Per rule, in rule order (summed across threads, these can exceed `evaluation`).
    pub rules: Vec<(String, std::time::Duration)>,
    /// Turning values into findings, sorting, waivers, baseline.
    pub findings: std::time::Duration,
    /// Peak resident set size (bytes) at the end of input, evaluation and findings.
    pub peak_rss: [Option<u64>; 3],
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
    /// Every resource of the inventory, in document order (interconnects, LAGs, hosted
    /// connections): what JUnit lists as test cases and HTML counts per account and parent.
    pub resource_list: Vec<ResourceEntry>,
}

impl InventorySummary {
    pub fn resources(&self) -> usize {
        self.hosted_connections + self.interconnects + self.lags
    }

    /// How many resources of type `t` the inventory held.
    pub fn count(&self, t: ResourceType) -> usize {
        match t {
            ResourceType::HostedConnection => self.hosted_connections,
            ResourceType::Interconnect => self.interconnects,
            ResourceType::Lag => self.lags,
        }
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

impl RuleSummary {
    /// The resource types the rule examines: the resources its `checked` count counts.
    pub fn resource_types(&self) -> Vec<ResourceType> {
        self.rule.resource_types()
    }

    /// The first `related_resources` URL of the rule's metadata: its documentation.
    pub fn help_uri(&self) -> Option<&str> {
        self.rule
            .metadata
            .related_resources
            .first()
            .map(|r| r.url())
    }
}

/// One resource of the inventory, with the context reports group by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceEntry {
    pub id: String,
    pub kind: ResourceType,
    pub region: Option<String>,
    /// The interconnect or LAG a hosted connection is on; the LAG of an interconnect.
    pub parent_id: Option<String>,
    pub owner_account: Option<String>,
    /// Where its object starts, when it was read from a file.
    pub location: Option<Location>,
}

/// The inventory's resources in document order, with owners resolved as findings resolve them.
pub fn resource_entries(resources: Resources) -> Vec<ResourceEntry> {
    let Resources { files, list, .. } = resources;
    list.into_iter()
        .map(|info| ResourceEntry {
            location: Location::of(&files, info.origin),
            id: info.id,
            kind: info.kind,
            region: info.region,
            parent_id: info.parent_id,
            owner_account: info.owner_account,
        })
        .collect()
}

impl Report {
    /// Why the rule `id` was not evaluated (`--keep-going`), if it failed.
    pub fn rule_error(&self, id: &str) -> Option<&str> {
        let prefix = format!("{id} (");
        self.rule_errors
            .iter()
            .find(|e| e.starts_with(&prefix))
            .map(String::as_str)
    }
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
    Sarif,
    Junit,
    Markdown,
    Html,
}

impl Format {
    pub const NAMES: &[&str] = &["text", "json", "sarif", "junit", "markdown", "html"];

    /// How much a reporter holds in memory before it writes: SARIF and HTML build a whole
    /// document, JUnit and Markdown one per rule, text and JSON stream.
    fn memory_rank(self) -> u8 {
        match self {
            Self::Sarif | Self::Html => 2,
            Self::Junit | Self::Markdown => 1,
            Self::Text | Self::Json => 0,
        }
    }

    pub fn reporter(self, color: bool) -> Box<dyn Reporter> {
        match self {
            Self::Text => Box::new(text::TextReporter { color }),
            Self::Json => Box::new(json::JsonReporter),
            Self::Sarif => Box::new(sarif::SarifReporter::default()),
            Self::Junit => Box::new(junit::JunitReporter),
            Self::Markdown => Box::new(markdown::MarkdownReporter::default()),
            Self::Html => Box::new(html::HtmlReporter),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            "sarif" => Ok(Self::Sarif),
            "junit" => Ok(Self::Junit),
            "markdown" => Ok(Self::Markdown),
            "html" => Ok(Self::Html),
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

/// Renders `report` to every output. Files are written whole or not at all, each streamed to
/// its temporary file, side by side (a large run's JSON and SARIF take about as long as each
/// other); standard output gets its reports after, in the order given. When several fail, the
/// error is the first output's in the order given.
pub fn write_all(report: &Report, outputs: &[OutputSpec]) -> Result<(), Error> {
    let files: Vec<(&Format, &String)> = outputs
        .iter()
        .filter_map(|spec| Some((&spec.format, spec.path.as_ref()?)))
        .collect();
    let panicked = |path: &String| Error::Output {
        path: path.clone(),
        message: "writing the report panicked".into(),
    };
    // The calling thread writes the report that builds the most in memory: it reuses what the
    // check freed, where a new thread's allocations come from fresh memory (mimalloc keeps a
    // heap per thread), which raised the peak by 35 MB at 100,000 connections.
    let heaviest = (0..files.len()).max_by_key(|&i| files[i].0.memory_rank());
    let written: Vec<Result<(), Error>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .iter()
            .enumerate()
            .filter(|&(i, _)| Some(i) != heaviest)
            .map(|(i, &(format, path))| (i, scope.spawn(move || write_file(report, *format, path))))
            .collect();
        let mut written: Vec<(usize, Result<(), Error>)> = heaviest
            .map(|i| {
                let (format, path) = files[i];
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    write_file(report, *format, path)
                }));
                (i, result.unwrap_or_else(|_| Err(panicked(path))))
            })
            .into_iter()
            .collect();
        written.extend(workers.into_iter().map(|(i, worker)| {
            (
                i,
                worker.join().unwrap_or_else(|_| Err(panicked(files[i].1))),
            )
        }));
        written.sort_by_key(|(i, _)| *i);
        written.into_iter().map(|(_, result)| result).collect()
    });
    written.into_iter().collect::<Result<(), Error>>()?;
    for spec in outputs.iter().filter(|s| s.path.is_none()) {
        let color = spec.format == Format::Text && stdout_wants_color();
        let fail = |e: std::io::Error| Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        };
        let mut buf = Vec::new();
        spec.format
            .reporter(color)
            .write(report, &mut buf)
            .map_err(fail)?;
        write_stdout(&buf)?;
    }
    Ok(())
}

/// Everything a command prints on standard output goes through here: written whole and flushed,
/// a closed pipe or a full disk an error naming `<stdout>`.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        })
}

fn write_file(report: &Report, format: Format, path: &str) -> Result<(), Error> {
    write_atomic_with(Path::new(path), |out| {
        format.reporter(false).write(report, out)
    })
}

/// Writes to a temporary file beside `path`, then renames it over `path`: a reader never sees a
/// half-written report, and a failed run leaves the previous one in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// `write_atomic` for content produced piece by piece: `render` writes into a buffered
/// temporary file, which replaces `path` only when `render` and the flush succeed.
pub fn write_atomic_with(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
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
    let tmp = tempfile::Builder::new()
        .prefix(".dxcheck-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail(&crate::inventory::load::io_reason(&e)))?;
    let _tracked = crate::interrupt::track(tmp.path());
    // tempfile creates 0600 files; a report is shared like any file the user writes: keep the
    // mode of the file it replaces, or use 0644 (less the umask's effect on group/other write).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
            .map_err(|e| fail(&e))?;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    render(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| fail(&e))?;
    let tmp = out.into_inner().map_err(|e| fail(e.error()))?;
    tmp.persist(path)
        .map_err(|e| fail(&crate::inventory::load::io_reason(&e.error)))?;
    Ok(())
}

fn stdout_wants_color() -> bool {
    use is_terminal::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
