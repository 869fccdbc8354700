//! The inventory: model, reading, merging, and the document policies see as `input`.

pub mod bandwidth;
pub mod hashing;
pub mod lines;
pub mod load;
pub mod lookups;
pub mod model;
pub mod rego_value;
pub mod timestamp;

use std::collections::{BTreeSet, HashMap};

pub use load::{SourceText, read_source};
pub use model::{
    CollectionError, Connection, Generator, Interconnect, Inventory, Lag, Origin, ResourceType,
    SCHEMA_VERSION,
};

use crate::error::InputError;

/// Inventories read for one run: the merged document and the files it came from.
#[derive(Debug, Clone, Default)]
pub struct LoadedInventory {
    pub files: Vec<String>,
    pub document: Inventory,
}

/// A resource's identity and context, as findings report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceInfo {
    pub id: String,
    pub kind: ResourceType,
    pub region: Option<String>,
    pub parent_id: Option<String>,
    pub owner_account: Option<String>,
    pub origin: Origin,
}

impl ResourceInfo {
    /// `arn:aws:directconnect:REGION:ACCOUNT:dxcon/ID`, or None when region or account is unknown.
    pub fn arn(&self) -> Option<String> {
        let region = self.region.as_deref()?;
        let account = self.owner_account.as_deref()?;
        Some(format!(
            "arn:aws:directconnect:{region}:{account}:{}/{}",
            self.kind.arn_segment(),
            self.id
        ))
    }
}

impl LoadedInventory {
    /// Reads and merges the given files ("-" is stdin).
    pub fn load(paths: &[String]) -> Result<Self, InputError> {
        let mut docs = Vec::with_capacity(paths.len());
        for (index, path) in paths.iter().enumerate() {
            let source = read_source(path)?;
            docs.push(load::parse_document(&source, index)?);
        }
        Ok(Self {
            files: paths.to_vec(),
            document: merge(docs),
        })
    }

    /// Parses already-read sources (used by `scan`, which never writes a temporary file).
    pub fn from_document(name: &str, document: Inventory) -> Self {
        Self {
            files: vec![name.to_string()],
            document,
        }
    }

    pub fn resource_count(&self) -> usize {
        let d = &self.document;
        d.hosted_connections.len() + d.interconnects.len() + d.lags.len()
    }
}

/// Every resource of an inventory, in document order (interconnects, LAGs, hosted
/// connections), with the context findings report: what a check keeps of the inventory once
/// the policy input is built, so that the inventory itself can go.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// The inventory files, for locations.
    pub files: Vec<String>,
    pub list: Vec<ResourceInfo>,
    by_id: hashing::FastMap<String, usize>,
}

impl Resources {
    pub fn of(inventory: &LoadedInventory) -> Self {
        let d = &inventory.document;
        let parent_owner: HashMap<&str, &str> = d
            .interconnects
            .iter()
            .filter_map(|i| Some((i.interconnect_id.as_str(), i.owner_account.as_deref()?)))
            .chain(
                d.lags
                    .iter()
                    .filter_map(|l| Some((l.lag_id.as_str(), l.owner_account.as_deref()?))),
            )
            .collect();
        let mut list = Vec::with_capacity(inventory.resource_count());
        for i in &d.interconnects {
            list.push(ResourceInfo {
                id: i.interconnect_id.clone(),
                kind: ResourceType::Interconnect,
                region: i.region.clone(),
                parent_id: i.lag_id.clone(),
                owner_account: i.owner_account.clone(),
                origin: i.origin,
            });
        }
        for l in &d.lags {
            list.push(ResourceInfo {
                id: l.lag_id.clone(),
                kind: ResourceType::Lag,
                region: l.region.clone(),
                parent_id: None,
                owner_account: l.owner_account.clone(),
                origin: l.origin,
            });
        }
        for c in &d.hosted_connections {
            // A hosted connection's ARN lives in the partner's account only when the customer
            // account is unknown; the customer account owns it otherwise.
            let owner = c.owner_account.clone().or_else(|| {
                c.parent_id
                    .as_deref()
                    .and_then(|p| parent_owner.get(p))
                    .map(|s| s.to_string())
            });
            list.push(ResourceInfo {
                id: c.connection_id.clone(),
                kind: ResourceType::HostedConnection,
                region: c.region.clone(),
                parent_id: c.parent_id.clone(),
                owner_account: owner,
                origin: c.origin,
            });
        }
        // Each resource keeps its own entry in the list; when an id repeats (merged files are
        // deduplicated per type, `scan`'s single document is not), findings resolve it to the
        // later one, as they always have.
        let mut by_id = hashing::map_with_capacity(list.len());
        for (i, r) in list.iter().enumerate() {
            by_id.insert(r.id.clone(), i);
        }
        Self {
            files: inventory.files.clone(),
            list,
            by_id,
        }
    }

    pub fn get(&self, id: &str) -> Option<&ResourceInfo> {
        self.by_id.get(id).and_then(|&i| self.list.get(i))
    }
}

/// Merges documents: resources deduplicated by id (a later file's copy replaces an earlier one in
/// place, so order stays stable), regions unioned, errors concatenated, the latest collectedAt.
pub fn merge(docs: Vec<Inventory>) -> Inventory {
    let mut docs = docs.into_iter();
    let Some(mut out) = docs.next() else {
        return Inventory {
            schema_version: SCHEMA_VERSION,
            ..Inventory::default()
        };
    };
    dedupe(&mut out.hosted_connections, |c| &c.connection_id);
    dedupe(&mut out.interconnects, |i| &i.interconnect_id);
    dedupe(&mut out.lags, |l| &l.lag_id);
    for doc in docs {
        extend_dedup(&mut out.hosted_connections, doc.hosted_connections, |c| {
            &c.connection_id
        });
        extend_dedup(&mut out.interconnects, doc.interconnects, |i| {
            &i.interconnect_id
        });
        extend_dedup(&mut out.lags, doc.lags, |l| &l.lag_id);
        out.errors.extend(doc.errors);
        let regions: BTreeSet<String> = out.regions.drain(..).chain(doc.regions).collect();
        out.regions = regions.into_iter().collect();
        out.collected_at = match (out.collected_at.take(), doc.collected_at) {
            (Some(a), Some(b)) => Some(latest(a, b)),
            (a, b) => a.or(b),
        };
        if out.generator.is_none() {
            out.generator = doc.generator;
        }
    }
    out
}

fn latest(a: String, b: String) -> String {
    match (timestamp::parse_rfc3339(&a), timestamp::parse_rfc3339(&b)) {
        (Some(ta), Some(tb)) if tb > ta => b,
        _ => a,
    }
}

fn dedupe<T>(items: &mut Vec<T>, id: impl Fn(&T) -> &String) {
    // Nearly always there is nothing to do: finding that out borrows the ids (copying 100,000
    // of them into the map below took a third of reading a large inventory).
    let mut ids = hashing::FastSet::default();
    if items.iter().all(|x| ids.insert(id(x).as_str())) {
        return;
    }
    drop(ids);
    let taken = std::mem::take(items);
    extend_dedup(items, taken, id);
}

fn extend_dedup<T>(items: &mut Vec<T>, more: Vec<T>, id: impl Fn(&T) -> &String) {
    let mut position: HashMap<String, usize> = items
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x).clone(), i))
        .collect();
    for item in more {
        let key = id(&item).clone();
        match position.get(&key) {
            Some(&i) => items[i] = item,
            None => {
                position.insert(key, items.len());
                items.push(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, name: &str) -> Connection {
        Connection {
            connection_id: id.into(),
            connection_name: Some(name.into()),
            ..Connection::default()
        }
    }

    fn names(inv: &Inventory) -> Vec<(&str, &str)> {
        inv.hosted_connections
            .iter()
            .map(|c| {
                (
                    c.connection_id.as_str(),
                    c.connection_name.as_deref().unwrap_or(""),
                )
            })
            .collect()
    }

    #[test]
    fn a_later_copy_replaces_an_earlier_one_in_place() {
        let doc = |conns: Vec<Connection>| Inventory {
            hosted_connections: conns,
            ..Inventory::default()
        };
        // Within one file, and across files.
        let merged = merge(vec![
            doc(vec![conn("a", "a1"), conn("b", "b1"), conn("a", "a2")]),
            doc(vec![conn("c", "c1"), conn("b", "b2")]),
        ]);
        assert_eq!(names(&merged), vec![("a", "a2"), ("b", "b2"), ("c", "c1")]);
        // Without duplicates, nothing moves.
        let single = merge(vec![doc(vec![conn("z", "z1"), conn("y", "y1")])]);
        assert_eq!(names(&single), vec![("z", "z1"), ("y", "y1")]);
    }
}
