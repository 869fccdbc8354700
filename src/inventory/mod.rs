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
    by_id: IdIndex,
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
        let by_id = IdIndex::of(&list);
        Self {
            files: inventory.files.clone(),
            list,
            by_id,
        }
    }

    pub fn get(&self, id: &str) -> Option<&ResourceInfo> {
        self.by_id.get(&self.list, id)
    }
}

/// Positions in `Resources::list` by id: an open-addressing table of indexes that reads the
/// ids from the list, so no id is copied (a map of copied ids was ~9 MB at the moment of a
/// large check's peak).
#[derive(Debug, Clone, Default)]
struct IdIndex {
    /// An index into the list, or `EMPTY`; the length is a power of two, at least twice the
    /// number of resources, so probes stay short.
    slots: Vec<u32>,
}

const EMPTY: u32 = u32::MAX;

impl IdIndex {
    fn of(list: &[ResourceInfo]) -> Self {
        let mut index = Self {
            slots: vec![EMPTY; (list.len() * 2).next_power_of_two().max(16)],
        };
        for (i, r) in list.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let slot = index.slot(list, &r.id);
            // A repeated id points at its later resource.
            index.slots[slot] = i;
        }
        index
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn slot(&self, list: &[ResourceInfo], id: &str) -> usize {
        use std::hash::BuildHasher;
        let mask = self.slots.len() - 1;
        let hasher = std::hash::BuildHasherDefault::<hashing::FastHasher>::default();
        let mut slot = (hasher.hash_one(id) as usize) & mask;
        loop {
            match self.slots[slot] {
                EMPTY => return slot,
                i if list.get(i as usize).is_some_and(|r| r.id == id) => return slot,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn get<'a>(&self, list: &'a [ResourceInfo], id: &str) -> Option<&'a ResourceInfo> {
        if self.slots.is_empty() {
            return None;
        }
        match self.slots.get(self.slot(list, id)) {
            Some(&i) if i != EMPTY => list.get(i as usize),
            _ => None,
        }
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

    #[test]
    fn resources_are_found_by_id_and_a_repeated_id_by_its_later_resource() {
        let mut inv = Inventory {
            interconnects: vec![Interconnect {
                interconnect_id: "dxcon-x".into(),
                region: Some("eu-west-1".into()),
                ..Interconnect::default()
            }],
            hosted_connections: (0..100).map(|i| conn(&format!("dxcon-{i}"), "n")).collect(),
            ..Inventory::default()
        };
        inv.hosted_connections.push(Connection {
            region: Some("us-east-1".into()),
            ..conn("dxcon-x", "clash")
        });
        let resources = Resources::of(&LoadedInventory::from_document("f.json", inv));
        assert_eq!(resources.list.len(), 102);
        for i in 0..100 {
            let id = format!("dxcon-{i}");
            assert_eq!(resources.get(&id).map(|r| r.id.as_str()), Some(id.as_str()));
        }
        let x = resources.get("dxcon-x").expect("found");
        assert_eq!(x.kind, ResourceType::HostedConnection);
        assert_eq!(x.region.as_deref(), Some("us-east-1"));
        assert!(resources.get("dxcon-missing").is_none());
        assert!(Resources::default().get("dxcon-1").is_none());
    }
}
