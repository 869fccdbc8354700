//! `dxcheck check`: policies over an inventory, to findings, to reports, to an exit code.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use crate::baseline::Baseline;
use crate::config::Config;
use crate::error::{Error, InputError};
use crate::finding::{self, Finding, FindingBuilder};
use crate::inventory::lookups::policy_input_value;
use crate::inventory::{LoadedInventory, Resources};
use crate::policy::eval::EngineFactory;
use crate::policy::{PolicySet, RuleInfo, eval};
use crate::report::{
    InventorySummary, OutputSpec, PolicyFileSummary, Report, RuleSummary, Summary, Timings,
};
use crate::severity::FailOn;
use crate::waiver;

pub const DEFAULT_POLICY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Everything `check` needs besides the inventory.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub policies: Vec<String>,
    pub no_builtin: bool,
    pub config: Option<String>,
    pub outputs: Vec<OutputSpec>,
    /// From the flag or `DXCHECK_FAIL_ON`; the config file's `fail_on` applies when None.
    pub fail_on: Option<FailOn>,
    pub only_rules: Vec<String>,
    pub skip_rules: Vec<String>,
    pub allow_partial: bool,
    pub strict_waivers: bool,
    /// Findings whose fingerprints this file lists are baselined: reported, not failing.
    pub baseline: Option<String>,
    /// Record this run's findings as the new baseline, then apply it.
    pub write_baseline: Option<String>,
    /// Wall-time limit for evaluating one rule: a runaway policy is an error, not a hang.
    /// Zero means `DEFAULT_POLICY_TIMEOUT`.
    pub policy_timeout: std::time::Duration,
    /// Memory the whole process may use while policies evaluate; None: 75% of physical memory.
    pub memory_limit: Option<u64>,
    /// Report the other rules' findings when a rule fails to evaluate (the run still exits 2).
    pub keep_going: bool,
    /// Worker threads for evaluation; 0 means one per available core.
    pub threads: usize,
}

/// Policies compiled and rules selected: ready to check any number of inventories.
pub struct Checker {
    pub config: Config,
    pub policies: PolicySet,
    pub rules: Vec<RuleInfo>,
    pub fail_on: FailOn,
    options: CheckOptions,
    engines: EngineFactory,
    baseline: Option<Baseline>,
}

impl Checker {
    pub fn new(options: CheckOptions) -> Result<Self, Error> {
        let config = Config::discover(options.config.as_deref())?;
        let policies = PolicySet::load(!options.no_builtin, &options.policies)?;
        let rules = select_rules(&policies, &config, &options)?;
        // regorus counts every allocation (it installs an accounting allocator) and fails an
        // evaluation that crosses this line, where a huge comprehension would otherwise run the
        // machine out of memory.
        regorus::set_global_memory_limit(Some(
            options.memory_limit.unwrap_or_else(default_memory_limit),
        ));
        let engines = EngineFactory {
            files: policies.files().cloned().collect(),
            params: serde_json::Value::Object(config.params.clone()),
            timer: Some(regorus::utils::limits::ExecutionTimerConfig {
                limit: if options.policy_timeout.is_zero() {
                    DEFAULT_POLICY_TIMEOUT
                } else {
                    options.policy_timeout
                },
                // Reading the clock every 1000 units of work keeps its cost out of the profile.
                check_interval: std::num::NonZeroU32::new(1000)
                    .unwrap_or(std::num::NonZeroU32::MIN),
            }),
        };
        // Compiled once here so that a policy that does not compile fails before any work.
        engines.build()?;
        let fail_on = options.fail_on.or(config.fail_on).unwrap_or_default();
        // Read before any evaluation (or collection, for scan): a bad baseline fails fast.
        let baseline = match (&options.baseline, &options.write_baseline) {
            (Some(path), None) => Some(Baseline::read(path)?),
            _ => None,
        };
        Ok(Self {
            config,
            policies,
            rules,
            fail_on,
            options,
            engines,
            baseline,
        })
    }

    /// Evaluates the selected rules and builds the report (waivers applied).
    ///
    /// The inventory is taken: once the policy input is built, all a check needs of it is its
    /// resources' identities and a few counts, and on a large estate the rest is the largest
    /// thing in memory (see BENCHMARKS.md).
    pub fn check(&self, inventory: LoadedInventory) -> Result<Report, Error> {
        let doc = &inventory.document;
        if !doc.errors.is_empty() && !self.options.allow_partial {
            return Err(Error::Collect(format!(
                "{}: the inventory records {} collection error(s), so it is incomplete; \
                 pass --allow-partial to check it anyway",
                inventory.files.join(", "),
                doc.errors.len()
            )));
        }
        let started = Instant::now();
        let input = policy_input_value(doc)
            .map_err(|e| Error::Usage(format!("cannot build policy input: {e}")))?;
        let resources = Resources::of(&inventory);
        let LoadedInventory {
            files,
            document: mut doc,
        } = inventory;
        let inventory_summary = InventorySummary {
            files: files
                .into_iter()
                .map(|f| if f == "-" { "<stdin>".to_string() } else { f })
                .collect(),
            collected_at: doc.collected_at.take(),
            generator: doc
                .generator
                .as_ref()
                .map(|g| format!("{} {}", g.name, g.version)),
            regions: std::mem::take(&mut doc.regions),
            hosted_connections: doc.hosted_connections.len(),
            interconnects: doc.interconnects.len(),
            lags: doc.lags.len(),
            // From `resources`, once findings no longer need them.
            resource_list: Vec::new(),
        };
        let errors = std::mem::take(&mut doc.errors);
        // Here, not at the end of the check: evaluation, findings and reports reuse its memory.
        drop(doc);
        let input_built = started.elapsed();
        let peak_after_input = crate::resources::peak_rss();
        let threads = match self.options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let started = Instant::now();
        let results = eval::evaluate(&self.engines, &self.rules, &input, threads);
        // Freed now, not at exit, so that reports reuse its memory instead of growing the process
        // (the allocator keeps freed pages, see `allocator`).
        drop(input);
        let evaluated = started.elapsed();
        let peak_after_evaluation = crate::resources::peak_rss();
        let started = Instant::now();

        // A rule that failed is never silently skipped: the first error ends the run, or, with
        // --keep-going, every error is kept for the report and the run still exits 2.
        let builder = FindingBuilder::new(&resources);
        // Sized once: doubling as it fills would hold the old and the new buffer at once.
        let total: usize = results
            .iter()
            .map(|r| r.as_ref().map_or(0, |o| o.values.len()))
            .sum();
        let built = self.build_findings(&builder, results, total);
        let mut findings: Vec<Finding> = Vec::with_capacity(total);
        let mut rule_errors: Vec<String> = Vec::new();
        let mut rule_times = Vec::with_capacity(self.rules.len());
        for (rule, (elapsed, built)) in self.rules.iter().zip(built) {
            if let Some(elapsed) = elapsed {
                rule_times.push((rule.id.clone(), elapsed));
            }
            match built {
                Ok(mut fs) => findings.append(&mut fs),
                Err(e) if self.options.keep_going => {
                    rule_errors.push(format!("{} ({}): {e}", rule.id, rule.file))
                }
                Err(e) => return Err(e),
            }
        }
        let order: HashMap<String, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        finding::sort(&mut findings, &order);
        dedupe(&mut findings);

        let config_name = self
            .config
            .path
            .clone()
            .unwrap_or_else(|| crate::config::DEFAULT_FILE.to_string());
        let waivers = waiver::compile(&config_name, &self.config.waivers)?;
        let today = time::OffsetDateTime::now_utc().date();
        let outcome = waiver::apply(&config_name, &waivers, &mut findings, today);
        if self.options.strict_waivers
            && (!outcome.expired.is_empty() || !outcome.unmatched.is_empty())
        {
            return Err(Error::Input(InputError::file(
                &config_name,
                format!("--strict-waivers: {}", outcome.messages().join("; ")),
            )));
        }

        let mut warnings = outcome.messages();
        if let Some(path) = &self.options.write_baseline {
            let baseline = Baseline::of(&findings);
            baseline.write(path)?;
            eprintln!(
                "dxcheck: wrote a baseline of {} findings to {path}",
                baseline.findings.len()
            );
            baseline.apply(&mut findings);
        } else if let Some(baseline) = &self.baseline {
            let stale = baseline.apply(&mut findings);
            if stale > 0 {
                warnings.push(format!(
                    "{stale} baseline entries in {} match no finding any more (fixed or gone)",
                    self.options.baseline.as_deref().unwrap_or_default()
                ));
            }
        }

        let summary = Summary::of(&findings, self.fail_on);
        let timings = Timings {
            input: input_built,
            evaluation: evaluated,
            rules: rule_times,
            findings: started.elapsed(),
            peak_rss: [
                peak_after_input,
                peak_after_evaluation,
                crate::resources::peak_rss(),
            ],
        };
        let rules = self
            .rules
            .iter()
            .map(|r| RuleSummary {
                severity: self
                    .config
                    .rule(&r.id)
                    .and_then(|c| c.severity)
                    .unwrap_or(r.severity),
                checked: r
                    .resource_types()
                    .into_iter()
                    .map(|t| inventory_summary.count(t))
                    .sum(),
                findings: findings
                    .iter()
                    .filter(|f| f.rule_id == r.id && !f.suppressed)
                    .count(),
                rule: r.clone(),
            })
            .collect();
        Ok(Report {
            inventory: InventorySummary {
                resource_list: crate::report::resource_entries(resources),
                ..inventory_summary
            },
            summary,
            rules,
            findings,
            errors,
            warnings,
            rule_errors,
            timings,
            policy_files: self
                .policies
                .files()
                .map(|f| PolicyFileSummary {
                    path: f.path.clone(),
                    sha256: f.sha256(),
                    builtin: f.builtin,
                })
                .collect(),
        })
    }

    /// Each rule's findings, or why they could not be built, with the rule's evaluation time
    /// when it evaluated; in rule order. Two threads share the work, split where half of the
    /// values are behind (a finding costs a resource lookup, an ARN and a SHA-256).
    fn build_findings(
        &self,
        builder: &FindingBuilder,
        mut results: Vec<Result<eval::RuleOutput, Error>>,
        total: usize,
    ) -> Vec<BuiltRule> {
        let panicked = |rule: &RuleInfo| Error::Eval {
            file: rule.file.clone(),
            rule: rule.name.clone(),
            message: "building its findings panicked".into(),
        };
        let build = |(rule, result): (&RuleInfo, Result<eval::RuleOutput, Error>)| -> BuiltRule {
            match result {
                Err(e) => (None, Err(e)),
                Ok(output) => {
                    let override_severity = self.config.rule(&rule.id).and_then(|r| r.severity);
                    // A panic stays with its rule: an error, not an abort, and not the loss of
                    // the other rules' findings.
                    let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        output
                            .values
                            .iter()
                            .map(|v| builder.build(rule, override_severity, v))
                            .collect()
                    }))
                    .unwrap_or_else(|_| Err(panicked(rule)));
                    (Some(output.elapsed), findings)
                }
            }
        };
        let mut seen = 0;
        let split = results
            .iter()
            .position(|r| {
                seen += r.as_ref().map_or(0, |o| o.values.len());
                seen * 2 >= total
            })
            .map_or(results.len(), |i| i + 1);
        let later = results.split_off(split);
        let (rules, later_rules) = self.rules.split_at(split.min(self.rules.len()));
        if later.is_empty() {
            return rules.iter().zip(results).map(build).collect();
        }
        std::thread::scope(|scope| {
            let helper = scope.spawn(|| later_rules.iter().zip(later).map(build).collect());
            let mut built: Vec<BuiltRule> = rules.iter().zip(results).map(build).collect();
            // Each rule's panic is caught in `build`; a failed join would be a bug of this loop.
            let rest: Vec<BuiltRule> = helper.join().unwrap_or_else(|_| {
                later_rules
                    .iter()
                    .map(|rule| (None, Err(panicked(rule))))
                    .collect()
            });
            built.extend(rest);
            built
        })
    }

    pub fn outputs(&self) -> &[OutputSpec] {
        &self.options.outputs
    }
}

/// A rule's evaluation time (when it evaluated) and its findings.
type BuiltRule = (Option<std::time::Duration>, Result<Vec<Finding>, Error>);

/// 75% of physical memory (from /proc/meminfo), or 8 GiB where that cannot be read.
fn default_memory_limit() -> u64 {
    let total_kib = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    });
    total_kib.map_or(8 << 30, |kib| kib * 1024 / 4 * 3)
}

/// A rule yielding the same message twice for one resource is one finding.
fn dedupe(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert(f.fingerprint.clone()));
}

fn select_rules(
    policies: &PolicySet,
    config: &Config,
    options: &CheckOptions,
) -> Result<Vec<RuleInfo>, Error> {
    let known: BTreeSet<&str> = policies.rules.iter().map(|r| r.id.as_str()).collect();
    for id in options.only_rules.iter().chain(&options.skip_rules) {
        if !known.contains(id.as_str()) {
            return Err(Error::Usage(format!(
                "unknown rule id {id:?}; `dxcheck policy list` shows the rules that are loaded"
            )));
        }
    }
    Ok(policies
        .rules
        .iter()
        .filter(|r| options.only_rules.is_empty() || options.only_rules.contains(&r.id))
        .filter(|r| !options.skip_rules.contains(&r.id))
        .filter(|r| config.rule(&r.id).and_then(|c| c.enabled) != Some(false))
        .cloned()
        .collect())
}
