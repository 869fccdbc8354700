//! `dxcheck collect`: the partner's interconnects, LAGs and hosted connections, through the AWS
//! SDK, into one inventory document.
//!
//! - `client`: credentials, regions, one SDK client per (account, region), retries and timeouts.
//! - `discover`: the calls, paging and the concurrency bound.
//! - `mirror`: SDK types → inventory model.
//! - `assemble`: per-region results → one inventory (order, dedupe, errors).
//! - `history`: `firstSeen`/`stateSince` carried from `--previous`.
//! - `history_dir`: `--history DIR`, the dated inventories of scheduled runs.
//! - `failure`: SDK errors → the inventory's `errors` entries.
//! - `progress`, `regions`.

pub mod assemble;
pub mod client;
pub mod discover;
pub mod failure;
pub mod history;
pub mod history_dir;
pub mod mirror;
pub mod progress;
pub mod regions;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

pub use client::{ClientSettings, Target};
pub use discover::Plan;
pub use progress::{Mode as ProgressMode, Progress};

use crate::error::Error;
use crate::inventory::{CollectionError, Inventory, LoadedInventory};

/// Everything `collect` (and the collect half of `scan`) is asked to do.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    pub regions: Vec<String>,
    pub all_regions: bool,
    pub parents: Vec<String>,
    pub profile: Option<String>,
    pub role_arns: Vec<String>,
    pub endpoint_url: Option<String>,
    pub concurrency: usize,
    pub previous: Option<String>,
    /// `--history DIR`: its newest inventory is the previous one.
    pub history: Option<String>,
    /// `--keep N`: history files kept after a run records its inventory.
    pub keep: usize,
    pub progress: ProgressMode,
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub request_timeout: Duration,
}

impl Default for CollectOptions {
    fn default() -> Self {
        let client = ClientSettings::default();
        Self {
            regions: Vec::new(),
            all_regions: false,
            parents: Vec::new(),
            profile: None,
            role_arns: Vec::new(),
            endpoint_url: None,
            concurrency: DEFAULT_CONCURRENCY,
            previous: None,
            history: None,
            keep: history_dir::DEFAULT_KEEP,
            progress: ProgressMode::Quiet,
            max_attempts: client.max_attempts,
            initial_backoff: client.initial_backoff,
            request_timeout: client.request_timeout,
        }
    }
}

/// Requests in flight by default: enough to hide latency, well under Direct Connect's API rate
/// limits, so throttling stays the exception.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// A finished collection.
#[derive(Debug, Clone)]
pub struct Collection {
    pub inventory: Inventory,
    /// Things the user should know that are not collection errors (a skipped opt-in region).
    pub warnings: Vec<String>,
}

impl CollectOptions {
    /// Flag values that are wrong on their face, reported before anything is loaded or called.
    pub fn validate(&self) -> Result<(), Error> {
        if self.concurrency == 0 {
            return Err(Error::Usage("--concurrency must be at least 1".into()));
        }
        if self.all_regions && !self.regions.is_empty() {
            return Err(Error::Usage(
                "--all-regions and --region cannot be used together".into(),
            ));
        }
        for r in &self.regions {
            if !regions::is_valid(r) {
                return Err(Error::Usage(format!(
                    "--region {r:?} is not a region name (expected something like us-east-1)"
                )));
            }
        }
        for p in &self.parents {
            if !(p.starts_with("dxcon-") || p.starts_with("dxlag-")) || p.len() <= 6 {
                return Err(Error::Usage(format!(
                    "--parent {p:?} is not an interconnect (dxcon-…) or LAG (dxlag-…) id"
                )));
            }
        }
        for arn in &self.role_arns {
            client::validate_role_arn(arn)?;
        }
        if self.history.is_some() && self.previous.is_some() {
            // Two sources of "previous" would leave the history's own chain ambiguous.
            return Err(Error::Usage(
                "--previous and --history cannot be used together: --history already uses its \
                 newest inventory as the previous one"
                    .into(),
            ));
        }
        if self.keep == 0 {
            return Err(Error::Usage(
                "--keep must be at least 1 (the inventory just collected is kept)".into(),
            ));
        }
        if let Some(url) = &self.endpoint_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(Error::Usage(format!(
                "--endpoint-url {url:?} must start with https:// or http://"
            )));
        }
        Ok(())
    }

    fn client_settings(&self) -> ClientSettings {
        ClientSettings {
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: self.max_attempts,
            initial_backoff: self.initial_backoff,
            request_timeout: self.request_timeout,
            ..ClientSettings::default()
        }
    }
}

/// Reads `--previous`: an unreadable or invalid file stops the run before any AWS call.
pub fn load_previous(path: &str) -> Result<Inventory, Error> {
    Ok(LoadedInventory::load(&[path.to_string()])?.document)
}

/// The file the previous inventory comes from: `--previous`, or the newest in `--history`
/// (none on a history's first run).
pub fn previous_path(options: &CollectOptions) -> Result<Option<String>, Error> {
    if let Some(p) = &options.previous {
        return Ok(Some(p.clone()));
    }
    let Some(dir) = &options.history else {
        return Ok(None);
    };
    Ok(history_dir::HistoryDir::new(dir)
        .newest()?
        .map(|p| p.display().to_string()))
}

/// Runs a whole collection: credentials, every region, `--previous` (or the history's newest)
/// applied.
pub fn run(options: &CollectOptions) -> Result<Collection, Error> {
    options.validate()?;
    let previous = previous_path(options)?
        .as_deref()
        .map(load_previous)
        .transpose()?;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| Error::Collect(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        tokio::select! {
            result = collect_from_chain(options, previous.as_ref()) => result,
            _ = tokio::signal::ctrl_c() => Err(Error::Collect(
                "interrupted: the collection was stopped and nothing was written".into(),
            )),
        }
    })
}

async fn collect_from_chain(
    options: &CollectOptions,
    previous: Option<&Inventory>,
) -> Result<Collection, Error> {
    let fallback = options.regions.first().map(String::as_str);
    let base = client::load_base(options.profile.as_deref(), fallback).await;
    let regions = if options.all_regions {
        regions::DIRECT_CONNECT
            .iter()
            .map(|r| r.to_string())
            .collect()
    } else if !options.regions.is_empty() {
        options.regions.clone()
    } else {
        match client::default_region(&base) {
            Some(r) => vec![r],
            None => {
                return Err(Error::Usage(
                    "no region: pass --region (repeatable) or --all-regions, or set AWS_REGION \
                     or a region in your AWS profile"
                        .into(),
                ));
            }
        }
    };
    let mut targets = Vec::new();
    if options.role_arns.is_empty() {
        targets.push(Target::own(base.clone()));
    } else {
        for arn in &options.role_arns {
            targets.push(client::assume_role(&base, arn).await);
        }
    }
    let plan = Plan {
        regions,
        parents: options.parents.clone(),
        concurrency: options.concurrency,
        client: options.client_settings(),
        skip_disabled_regions: options.all_regions,
    };
    let progress = Arc::new(Progress::new(options.progress));
    let sts_region = client::default_region(&base).unwrap_or_default();
    collect(targets, &plan, progress, previous, &sts_region).await
}

/// Collects with the given targets (tests build theirs by hand, pointed at a fake endpoint).
/// `credentials_region` names the region of `AssumeRole` errors.
pub async fn collect(
    targets: Vec<Target>,
    plan: &Plan,
    progress: Arc<Progress>,
    previous: Option<&Inventory>,
    credentials_region: &str,
) -> Result<Collection, Error> {
    let collected_at = crate::inventory::timestamp::now_rfc3339();
    let mut regions: Vec<String> = plan
        .regions
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    regions.retain(|r| !r.is_empty());
    let plan = Plan {
        regions,
        ..plan.clone()
    };

    // Credentials first: a missing or refused one is one sentence, not an error per call.
    let mut usable = Vec::new();
    let mut errors = Vec::new();
    let mut first_refusal = None;
    let checks = {
        let mut set = tokio::task::JoinSet::new();
        for (i, t) in targets.iter().cloned().enumerate() {
            set.spawn(async move { (i, client::check_credentials(&t).await) });
        }
        let mut out = Vec::new();
        while let Some(joined) = set.join_next().await {
            if let Ok(pair) = joined {
                out.push(pair);
            }
        }
        out.sort_by_key(|(i, _)| *i);
        out
    };
    for (i, result) in checks {
        match result {
            Ok(()) => usable.push(targets[i].clone()),
            Err(refused) => {
                errors.push(CollectionError {
                    region: credentials_region.to_string(),
                    operation: "AssumeRole".into(),
                    parent_id: None,
                    code: refused.code,
                    message: refused.sentence.clone(),
                    account: targets[i].account.clone(),
                });
                first_refusal.get_or_insert(refused.sentence);
            }
        }
    }
    if usable.is_empty() {
        return Err(Error::Collect(first_refusal.unwrap_or_else(|| {
            "nothing to collect: no credentials to collect with".into()
        })));
    }
    if !errors.is_empty() {
        for e in &errors {
            progress.warn(&e.message);
        }
    }

    let harvests = discover::collect(&usable, &plan, progress.clone()).await;
    progress.finish();

    let mut assembled = assemble::assemble(&usable, harvests, &plan, errors)?;
    assembled.inventory.collected_at = Some(collected_at);
    history::carry_forward(previous, &mut assembled.inventory);
    Ok(assembled)
}

/// The inventory as `collect` writes it: pretty JSON, one trailing newline.
pub fn to_json(inventory: &Inventory) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(inventory)
        .map_err(|e| Error::Collect(format!("cannot serialize the inventory: {e}")))?;
    text.push('\n');
    Ok(text)
}
