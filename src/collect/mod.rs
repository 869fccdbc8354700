//! `dxcheck collect`: the partner's interconnects, LAGs and hosted connections, through the AWS
//! SDK, into one inventory document.
//!
//! - `client`: credentials, regions, one SDK client per (account, region), retries and timeouts.
//! - `discover`: the calls, paging and the concurrency bound.
//! - `mirror`: SDK types → inventory model.
//! - `history`: `firstSeen`/`stateSince` carried from `--previous`.
//! - `failure`: SDK errors → the inventory's `errors` entries.
//! - `progress`, `regions`.

pub mod client;
pub mod discover;
pub mod failure;
pub mod history;
pub mod mirror;
pub mod progress;
pub mod regions;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::Duration;

pub use client::{ClientSettings, Target};
pub use discover::Plan;
pub use progress::{Mode as ProgressMode, Progress};

use crate::error::Error;
use crate::inventory::{CollectionError, Generator, Inventory, LoadedInventory, SCHEMA_VERSION};

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

/// Runs a whole collection: credentials, every region, `--previous` applied.
pub fn run(options: &CollectOptions) -> Result<Collection, Error> {
    options.validate()?;
    let previous = options.previous.as_deref().map(load_previous).transpose()?;
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

    let mut warnings = Vec::new();
    let mut inventory = Inventory {
        schema_version: SCHEMA_VERSION,
        generator: Some(Generator {
            name: crate::report::TOOL_NAME.into(),
            version: crate::report::TOOL_VERSION.into(),
        }),
        collected_at: Some(collected_at),
        ..Inventory::default()
    };
    let mut collected_regions = BTreeSet::new();
    let mut connections = Vec::new();
    for (t, target) in usable.iter().enumerate() {
        let mine: Vec<&discover::RegionHarvest> =
            harvests.iter().filter(|h| h.target == t).collect();
        if !mine.is_empty() && mine.iter().all(|h| h.refused.is_some()) {
            let f = mine.iter().find_map(|h| h.refused.as_ref());
            return Err(Error::Collect(refused_sentence(target, f)));
        }
    }
    for h in harvests {
        let target = &usable[h.target];
        if let Some(f) = &h.refused {
            if regions::is_opt_in(&h.region) {
                warnings.push(format!(
                    "skipped {}{}: AWS refused the credentials there ({}); the region is probably \
                     not enabled for this account",
                    h.region,
                    target
                        .account
                        .as_deref()
                        .map(|a| format!(" for account {a}"))
                        .unwrap_or_default(),
                    f.code
                ));
            } else {
                errors.push(CollectionError {
                    region: h.region.clone(),
                    operation: "DescribeInterconnects".into(),
                    parent_id: None,
                    code: f.code.clone(),
                    message: f.message.clone(),
                    account: target.account.clone(),
                });
                collected_regions.insert(h.region.clone());
            }
            continue;
        }
        collected_regions.insert(h.region.clone());
        inventory.interconnects.extend(h.interconnects);
        inventory.lags.extend(h.lags);
        connections.extend(h.connections);
        errors.extend(h.errors);
    }
    inventory.hosted_connections = discover::dedupe_connections(connections);
    dedupe_by(&mut inventory.interconnects, |i| i.interconnect_id.clone());
    dedupe_by(&mut inventory.lags, |l| l.lag_id.clone());

    let discovery_failed = errors.iter().any(|e| e.parent_id.is_none());
    if !discovery_failed {
        let known: HashSet<&str> = inventory
            .interconnects
            .iter()
            .map(|i| i.interconnect_id.as_str())
            .chain(inventory.lags.iter().map(|l| l.lag_id.as_str()))
            .collect();
        let searched: Vec<&str> = collected_regions.iter().map(String::as_str).collect();
        for p in &plan.parents {
            if !known.contains(p.as_str()) {
                errors.push(CollectionError {
                    region: searched.join(","),
                    operation: "DescribeHostedConnections".into(),
                    parent_id: Some(p.clone()),
                    code: "ParentNotFound".into(),
                    message: format!(
                        "no interconnect or LAG {p} in {}",
                        if searched.is_empty() {
                            "any collected region".to_string()
                        } else {
                            searched.join(", ")
                        }
                    ),
                    account: None,
                });
            }
        }
    }
    errors.sort_by(|a, b| {
        (&a.account, &a.region, &a.operation, &a.parent_id, &a.code).cmp(&(
            &b.account,
            &b.region,
            &b.operation,
            &b.parent_id,
            &b.code,
        ))
    });
    inventory.errors = errors;
    inventory.regions = collected_regions.into_iter().collect();
    crate::inventory::load::derive_fields(&mut inventory);
    history::carry_forward(previous, &mut inventory);
    for w in &warnings {
        progress.warn(w);
    }
    Ok(Collection {
        inventory,
        warnings,
    })
}

fn refused_sentence(target: &Target, failure: Option<&failure::Failure>) -> String {
    let whose = match (&target.role_arn, &target.account) {
        (Some(arn), _) => format!(" of role {arn}"),
        (None, Some(a)) => format!(" for account {a}"),
        _ => String::new(),
    };
    let why = failure
        .map(|f| format!(" ({}: {})", f.code, f.message))
        .unwrap_or_default();
    format!(
        "AWS refused the credentials{whose} in every region{why}: they are missing, expired or \
         invalid; refresh them (for example `aws sso login`) and run again"
    )
}

fn dedupe_by<T>(items: &mut Vec<T>, id: impl Fn(&T) -> String) {
    let mut seen = HashSet::new();
    items.retain(|x| seen.insert(id(x)));
}

/// The inventory as `collect` writes it: pretty JSON, one trailing newline.
pub fn to_json(inventory: &Inventory) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(inventory)
        .map_err(|e| Error::Collect(format!("cannot serialize the inventory: {e}")))?;
    text.push('\n');
    Ok(text)
}
