//! Per-(account, region) results → one inventory document: a stable order (accounts as given,
//! regions by name, resources as the API listed them), one copy of each resource, the failed
//! calls under `errors`, and the regions actually collected.

use std::collections::{BTreeSet, HashSet};

use super::client::Target;
use super::discover::{self, Plan, RegionHarvest};
use super::failure::Failure;
use super::{Collection, regions};
use crate::error::Error;
use crate::inventory::{CollectionError, Generator, Inventory, SCHEMA_VERSION};

/// Builds the document (without `collectedAt` and times, which the caller stamps). `errors` holds
/// the failures found before any region was visited (roles that could not be assumed).
pub fn assemble(
    targets: &[Target],
    harvests: Vec<RegionHarvest>,
    plan: &Plan,
    mut errors: Vec<CollectionError>,
) -> Result<Collection, Error> {
    // Credentials refused in every region of an account are no partial result: they are the
    // "expired credentials" sentence.
    for (t, target) in targets.iter().enumerate() {
        let mine: Vec<&RegionHarvest> = harvests.iter().filter(|h| h.target == t).collect();
        if !mine.is_empty() && mine.iter().all(|h| h.refused.is_some()) {
            let f = mine.iter().find_map(|h| h.refused.as_ref());
            return Err(Error::Collect(refused_sentence(target, f)));
        }
    }

    let mut inventory = Inventory {
        schema_version: SCHEMA_VERSION,
        generator: Some(Generator {
            name: crate::report::TOOL_NAME.into(),
            version: crate::report::TOOL_VERSION.into(),
        }),
        ..Inventory::default()
    };
    let mut warnings = Vec::new();
    let mut collected_regions = BTreeSet::new();
    let mut connections = Vec::new();
    for h in harvests {
        let target = &targets[h.target];
        if let Some(f) = &h.refused {
            if plan.skip_disabled_regions && regions::is_opt_in(&h.region) {
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
                for operation in ["DescribeInterconnects", "DescribeLags"] {
                    errors.push(CollectionError {
                        region: h.region.clone(),
                        operation: operation.into(),
                        parent_id: None,
                        code: f.code.clone(),
                        message: f.message.clone(),
                        account: target.account.clone(),
                    });
                }
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

    // A named parent we never saw is an error, unless a failed listing may be hiding it (that
    // failure is already in `errors`).
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
    Ok(Collection {
        inventory,
        warnings,
    })
}

fn refused_sentence(target: &Target, failure: Option<&Failure>) -> String {
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
