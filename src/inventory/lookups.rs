//! The document policies see as `input`: the inventory plus lookups computed once in Rust.
//!
//! Rego engines evaluate a comprehension per group (`[c | some c in cs; c.parentId == p]` for every
//! `p`) in quadratic time. These lookups give policies every grouping the built-in pack needs as
//! a map from key to indexes into `input.hostedConnections`, so cross-connection rules stay linear
//! and memory stays bounded (indexes, not copies).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::hashing::{FastMap as HashMap, map_with_capacity};
use super::model::{Connection, Interconnect, Inventory, Lag};

/// States in which a connection or parent still exists and carries (or will carry) traffic.
pub const ACTIVE_STATES: [&str; 4] = ["ordering", "pending", "available", "down"];

pub fn is_active(state: Option<&str>) -> bool {
    state.is_some_and(|s| ACTIVE_STATES.contains(&s))
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(
    description = "Derived lookups, present only in the policy input: groupings computed once in Rust so that cross-connection policies stay linear. Lists hold indexes into hostedConnections."
)]
pub struct Lookups {
    /// Every interconnect and LAG by id.
    pub parents: BTreeMap<String, Parent>,
    /// Indexes into `hostedConnections`, grouped by `parentId`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_parent: Groups,
    /// Indexes into `hostedConnections`, grouped by `ownerAccount`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_owner: Groups,
    /// Indexes into `hostedConnections`, grouped by AWS device (`awsDeviceV2`, else `awsDevice`).
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_device: Groups,
    /// Indexes into `hostedConnections` of connections in an active state
    /// (ordering, pending, available, down), grouped by `parentId`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub active_connections_by_parent: Groups,
    /// Indexes into `hostedConnections`, grouped by `connectionState`: rules about one state
    /// (down, ordering) touch only the connections in it.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_state: Groups,
    /// Indexes into `hostedConnections`, grouped by `vlan` (as a decimal string, since object
    /// keys are strings): range and reservation checks look at each VLAN once.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_vlan: Groups,
    /// Indexes into `hostedConnections`, grouped by `bandwidth` as the API writes it ("1Gbps"):
    /// catalogue checks look at each bandwidth once.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_bandwidth: Groups,
    /// Indexes into `hostedConnections`, grouped by `region`: residency checks look at each
    /// region once.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_region: Groups,
    /// Indexes into `hostedConnections`, grouped by `partnerName`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_partner_name: Groups,
    /// Indexes into `hostedConnections`, grouped by `providerName`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_provider_name: Groups,
    /// Indexes into `hostedConnections` of connections that carry tag data (`tags` present,
    /// even empty), grouped by their set of tag keys: the key is that set as a JSON array,
    /// sorted, without spaces (`["CostCenter","Customer"]`; `[]` for no tags). Tag rules judge
    /// each distinct set once, not each connection.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub connections_by_tag_keys: Groups,
    /// Indexes into `hostedConnections` of active connections, grouped by `ownerAccount`.
    #[schemars(with = "BTreeMap<String, Vec<usize>>")]
    pub active_connections_by_owner: Groups,
    /// Active connections grouped by `ownerAccount`, then by AWS device (connections whose
    /// device is unknown are left out: compare with `activeConnectionsByOwner`).
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Vec<usize>>>")]
    pub active_connections_by_owner_and_device: Nested,
    /// Active connections grouped by `ownerAccount`, then by `location`.
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Vec<usize>>>")]
    pub active_connections_by_owner_and_location: Nested,
    /// Active connections grouped by `ownerAccount`, then by `parentId`.
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Vec<usize>>>")]
    pub active_connections_by_owner_and_parent: Nested,
    /// Active connections grouped by `parentId`, then by `vlan` (a decimal string).
    #[schemars(with = "BTreeMap<String, BTreeMap<String, Vec<usize>>>")]
    pub active_connections_by_parent_and_vlan: Nested,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Parent {
    /// interconnect | lag
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Index into `interconnects` or `lags`.
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Port speed of one link: the interconnect's bandwidth, or a LAG member's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_speed_mbps: Option<u64>,
    /// What the parent can carry: an interconnect's bandwidth, or member speed × available
    /// members for a LAG (× numberOfConnections when the members are not listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity_mbps: Option<u64>,
    /// The sum of `bandwidthMbps` over the parent's active hosted connections.
    pub active_bandwidth_mbps: u64,
}

impl Lookups {
    pub fn build(inv: &Inventory) -> Self {
        let mut parents = BTreeMap::new();
        for (index, ic) in inv.interconnects.iter().enumerate() {
            parents.insert(ic.interconnect_id.clone(), interconnect_parent(index, ic));
        }
        for (index, lag) in inv.lags.iter().enumerate() {
            parents.insert(lag.lag_id.clone(), lag_parent(index, lag));
        }
        // Every distinct key is numbered once, and groups are filled by number: a string hash per
        // field and connection, no ordered map with owned keys (a string allocation and a dozen
        // comparisons per connection and grouping, which dominated on 100,000 connections).
        // Keys are sorted by their text once, at the end.
        let n = inv.hosted_connections.len();
        let mut parent_keys = Keys::default();
        let mut owner_keys = Keys::default();
        let mut device_keys = Keys::default();
        let mut state_keys = Keys::default();
        let mut vlan_keys = Keys::default();
        let mut bandwidth_keys = Keys::default();
        let mut location_keys = Keys::default();
        let mut region_keys = Keys::default();
        let mut partner_keys = Keys::default();
        let mut provider_keys = Keys::default();
        let mut tag_sets = TagSets::default();
        let mut vlan_ids: HashMap<i32, u32> = map_with_capacity(64);
        let mut by_parent = Buckets::default();
        let mut active_by_parent = Buckets::default();
        let mut by_owner = Buckets::default();
        let mut by_device = Buckets::default();
        let mut by_state = Buckets::default();
        let mut by_vlan = Buckets::default();
        let mut by_bandwidth = Buckets::default();
        let mut active_by_owner = Buckets::default();
        let mut by_region = Buckets::default();
        let mut by_partner = Buckets::default();
        let mut by_provider = Buckets::default();
        let mut by_tag_keys = Buckets::default();
        let mut by_owner_device = Pairs::with_capacity(n);
        let mut by_owner_location = Pairs::with_capacity(n);
        let mut by_owner_parent = Pairs::with_capacity(n);
        let mut by_parent_vlan = Pairs::with_capacity(n);
        for (i, c) in inv.hosted_connections.iter().enumerate() {
            let active = is_active(c.connection_state.as_deref());
            let parent = c.parent_id.as_deref().map(|p| parent_keys.id(p));
            let owner = c.owner_account.as_deref().map(|o| owner_keys.id(o));
            let device = device_of(c).map(|d| device_keys.id(d));
            let vlan = c.vlan.map(|v| {
                *vlan_ids
                    .entry(v)
                    .or_insert_with(|| vlan_keys.add(v.to_string()))
            });
            if let Some(p) = parent {
                by_parent.push(p, i);
                if active {
                    active_by_parent.push(p, i);
                }
            }
            if let Some(o) = owner {
                by_owner.push(o, i);
            }
            if let Some(d) = device {
                by_device.push(d, i);
            }
            if let Some(state) = c.connection_state.as_deref() {
                by_state.push(state_keys.id(state), i);
            }
            if let Some(v) = vlan {
                by_vlan.push(v, i);
            }
            if let Some(b) = c.bandwidth.as_deref() {
                by_bandwidth.push(bandwidth_keys.id(b), i);
            }
            if let Some(r) = c.region.as_deref() {
                by_region.push(region_keys.id(r), i);
            }
            if let Some(p) = c.partner_name.as_deref() {
                by_partner.push(partner_keys.id(p), i);
            }
            if let Some(p) = c.provider_name.as_deref() {
                by_provider.push(provider_keys.id(p), i);
            }
            if let Some(tags) = &c.tags {
                by_tag_keys.push(tag_sets.id(tags), i);
            }
            if !active {
                continue;
            }
            if let (Some(p), Some(pid)) = (c.parent_id.as_deref(), parent) {
                if let Some(v) = vlan {
                    by_parent_vlan.push(pid, v, i);
                }
                if let Some(entry) = parents.get_mut(p) {
                    entry.active_bandwidth_mbps = entry
                        .active_bandwidth_mbps
                        .saturating_add(c.bandwidth_mbps.unwrap_or(0));
                }
            }
            if let Some(o) = owner {
                active_by_owner.push(o, i);
                if let Some(d) = device {
                    by_owner_device.push(o, d, i);
                }
                if let Some(l) = c.location.as_deref() {
                    by_owner_location.push(o, location_keys.id(l), i);
                }
                if let Some(p) = parent {
                    by_owner_parent.push(o, p, i);
                }
            }
        }
        let parent_keys = parent_keys.ranked();
        let owner_keys = owner_keys.ranked();
        let device_keys = device_keys.ranked();
        let vlan_keys = vlan_keys.ranked();
        Self {
            parents,
            connections_by_parent: by_parent.groups(&parent_keys),
            connections_by_owner: by_owner.groups(&owner_keys),
            connections_by_device: by_device.groups(&device_keys),
            active_connections_by_parent: active_by_parent.groups(&parent_keys),
            connections_by_state: by_state.groups(&state_keys.ranked()),
            connections_by_vlan: by_vlan.groups(&vlan_keys),
            connections_by_bandwidth: by_bandwidth.groups(&bandwidth_keys.ranked()),
            connections_by_region: by_region.groups(&region_keys.ranked()),
            connections_by_partner_name: by_partner.groups(&partner_keys.ranked()),
            connections_by_provider_name: by_provider.groups(&provider_keys.ranked()),
            connections_by_tag_keys: by_tag_keys.groups(&tag_sets.keys.ranked()),
            active_connections_by_owner: active_by_owner.groups(&owner_keys),
            active_connections_by_owner_and_device: by_owner_device
                .nested(&owner_keys, &device_keys),
            active_connections_by_owner_and_location: by_owner_location
                .nested(&owner_keys, &location_keys.ranked()),
            active_connections_by_owner_and_parent: by_owner_parent
                .nested(&owner_keys, &parent_keys),
            active_connections_by_parent_and_vlan: by_parent_vlan.nested(&parent_keys, &vlan_keys),
        }
    }
}

/// Index lists under keys sorted by their text: a JSON object (and a Rego object) from key to
/// indexes into `hostedConnections`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups(pub Vec<(String, Vec<usize>)>);

/// Groups of groups: the outer key, then the inner, both sorted by their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nested(pub Vec<(String, Groups)>);

impl Groups {
    pub fn get(&self, key: &str) -> Option<&Vec<usize>> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }
}

impl Nested {
    pub fn get(&self, key: &str) -> Option<&Groups> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }
}

impl std::ops::Index<&str> for Groups {
    type Output = Vec<usize>;
    fn index(&self, key: &str) -> &Vec<usize> {
        self.get(key).unwrap_or_else(|| panic!("no group {key:?}"))
    }
}

impl std::ops::Index<&str> for Nested {
    type Output = Groups;
    fn index(&self, key: &str) -> &Groups {
        self.get(key).unwrap_or_else(|| panic!("no group {key:?}"))
    }
}

impl Serialize for Groups {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl Serialize for Nested {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// The distinct values of one field, numbered in order of first appearance.
#[derive(Default)]
struct Keys<'a> {
    ids: HashMap<&'a str, u32>,
    names: Vec<String>,
}

impl<'a> Keys<'a> {
    fn id(&mut self, key: &'a str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.add(key.to_string());
        self.ids.insert(key, id);
        id
    }

    /// A new key (the caller knows it is new).
    fn add(&mut self, name: String) -> u32 {
        self.names.push(name);
        u32::try_from(self.names.len() - 1).unwrap_or(u32::MAX)
    }

    /// Each key's name and its rank in text order.
    fn ranked(self) -> Ranked {
        let mut order: Vec<u32> = (0..self.names.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut rank = vec![0u32; self.names.len()];
        for (r, &id) in order.iter().enumerate() {
            rank[id as usize] = u32::try_from(r).unwrap_or(u32::MAX);
        }
        Ranked {
            names: self.names,
            rank,
            order,
        }
    }
}

/// Distinct sets of tag keys, numbered; each named by its JSON array text.
#[derive(Default)]
struct TagSets<'a> {
    keys: Keys<'a>,
    ids: HashMap<Vec<u8>, u32>,
    sorted: Vec<&'a str>,
    text: Vec<u8>,
}

impl<'a> TagSets<'a> {
    fn id(&mut self, tags: &'a [super::model::Tag]) -> u32 {
        self.sorted.clear();
        self.sorted.extend(tags.iter().map(|t| t.key.as_str()));
        self.sorted.sort_unstable();
        self.sorted.dedup();
        self.text.clear();
        // Writing a list of strings to memory cannot fail, and JSON text is UTF-8.
        let _ = serde_json::to_writer(&mut self.text, &self.sorted);
        if let Some(&id) = self.ids.get(self.text.as_slice()) {
            return id;
        }
        let id = self
            .keys
            .add(String::from_utf8_lossy(&self.text).into_owned());
        self.ids.insert(self.text.clone(), id);
        id
    }
}

struct Ranked {
    names: Vec<String>,
    /// Rank of each key id in text order.
    rank: Vec<u32>,
    /// Key ids in text order.
    order: Vec<u32>,
}

/// Index lists by key id.
#[derive(Default)]
struct Buckets(Vec<Vec<usize>>);

impl Buckets {
    fn push(&mut self, key: u32, index: usize) {
        let key = key as usize;
        if self.0.len() <= key {
            self.0.resize_with(key + 1, Vec::new);
        }
        self.0[key].push(index);
    }

    fn groups(mut self, keys: &Ranked) -> Groups {
        Groups(
            keys.order
                .iter()
                .filter_map(|&id| {
                    let list = std::mem::take(self.0.get_mut(id as usize)?);
                    (!list.is_empty()).then(|| (keys.names[id as usize].clone(), list))
                })
                .collect(),
        )
    }
}

/// Index lists by a pair of key ids.
struct Pairs(HashMap<(u32, u32), Vec<usize>>);

impl Pairs {
    fn with_capacity(n: usize) -> Self {
        Self(map_with_capacity(n.min(1 << 16)))
    }

    fn push(&mut self, outer: u32, inner: u32, index: usize) {
        self.0.entry((outer, inner)).or_default().push(index);
    }

    fn nested(self, outer: &Ranked, inner: &Ranked) -> Nested {
        let mut items: Vec<((u32, u32), Vec<usize>)> = self.0.into_iter().collect();
        items
            .sort_unstable_by_key(|((o, i), _)| (outer.rank[*o as usize], inner.rank[*i as usize]));
        let mut out: Vec<(String, Groups)> = Vec::new();
        let mut last: Option<u32> = None;
        for ((o, i), list) in items {
            let entry = (inner.names[i as usize].clone(), list);
            match out.last_mut() {
                Some((_, group)) if last == Some(o) => group.0.push(entry),
                _ => out.push((outer.names[o as usize].clone(), Groups(vec![entry]))),
            }
            last = Some(o);
        }
        Nested(out)
    }
}

pub fn device_of(c: &Connection) -> Option<&str> {
    c.aws_device_v2.as_deref().or(c.aws_device.as_deref())
}

fn interconnect_parent(index: usize, ic: &Interconnect) -> Parent {
    Parent {
        kind: "interconnect",
        index,
        state: ic.interconnect_state.clone(),
        region: ic.region.clone(),
        location: ic.location.clone(),
        port_speed_mbps: ic.bandwidth_mbps,
        capacity_mbps: ic.bandwidth_mbps,
        active_bandwidth_mbps: 0,
    }
}

fn lag_parent(index: usize, lag: &Lag) -> Parent {
    let speed = lag.connections_bandwidth_mbps;
    let members = match &lag.connections {
        Some(members) => Some(
            members
                .iter()
                .filter(|m| m.connection_state.as_deref() == Some("available"))
                .count() as u64,
        ),
        None => lag
            .number_of_connections
            .and_then(|n| u64::try_from(n).ok()),
    };
    Parent {
        kind: "lag",
        index,
        state: lag.lag_state.clone(),
        region: lag.region.clone(),
        location: lag.location.clone(),
        port_speed_mbps: speed,
        capacity_mbps: speed.zip(members).map(|(s, m)| s.saturating_mul(m)),
        active_bandwidth_mbps: 0,
    }
}

/// The exact document policies see as `input`: the inventory with `lookups` beside its fields.
#[derive(Debug, Serialize)]
pub struct PolicyInput<'a> {
    #[serde(flatten)]
    pub inventory: &'a Inventory,
    pub lookups: Lookups,
}

impl<'a> PolicyInput<'a> {
    pub fn new(inventory: &'a Inventory) -> Self {
        Self {
            inventory,
            lookups: Lookups::build(inventory),
        }
    }
}

/// The policy input as a Rego value, built straight from the typed inventory (no JSON text in
/// between), on two threads: one builds the lookups while the other converts hosted
/// connections (nearly all of the document), then both convert what connections are left.
/// Connections go in chunks from a shared counter, so neither thread waits for the other.
pub fn policy_input_value(inventory: &Inventory) -> anyhow::Result<regorus::Value> {
    use super::rego_value::{ValueBuilder, to_value};
    use std::sync::atomic::{AtomicUsize, Ordering};
    const CHUNK: usize = 4096;
    let chunks: Vec<&[Connection]> = inventory.hosted_connections.chunks(CHUNK).collect();
    let next = AtomicUsize::new(0);
    // Each thread keeps its own table of interned strings across the chunks it takes.
    let convert_chunks = || -> anyhow::Result<Vec<(usize, Vec<regorus::Value>)>> {
        let mut builder = ValueBuilder::default();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(chunk) = chunks.get(index) else {
                break;
            };
            let values = chunk
                .iter()
                .map(|c| builder.value(c))
                .collect::<Result<Vec<_>, _>>()?;
            done.push((index, values));
        }
        Ok(done)
    };
    std::thread::scope(|scope| {
        let helper = scope.spawn(|| -> anyhow::Result<_> {
            let lookups = to_value(&Lookups::build(inventory))?;
            Ok((lookups, convert_chunks()?))
        });
        let mut doc = to_value(&Inventory {
            schema_version: inventory.schema_version,
            generator: inventory.generator.clone(),
            collected_at: inventory.collected_at.clone(),
            regions: inventory.regions.clone(),
            interconnects: inventory.interconnects.clone(),
            lags: inventory.lags.clone(),
            hosted_connections: Vec::new(),
            errors: inventory.errors.clone(),
            lookups: None,
        })?;
        let mut parts = convert_chunks()?;
        let (lookups, theirs) = helper
            .join()
            .map_err(|_| anyhow::anyhow!("building the policy input panicked"))??;
        parts.extend(theirs);
        parts.sort_unstable_by_key(|(index, _)| *index);
        let mut items = Vec::with_capacity(inventory.hosted_connections.len());
        for (_, values) in parts {
            items.extend(values);
        }
        let fields = doc.as_object_mut()?;
        fields.insert(
            regorus::Value::from("hostedConnections"),
            regorus::Value::from(items),
        );
        fields.insert(regorus::Value::from("lookups"), lookups);
        Ok(doc)
    })
}

/// The policy input as JSON (what `dxcheck input` prints).
pub fn input_document(inv: &Inventory) -> Result<Value, serde_json::Error> {
    serde_json::to_value(PolicyInput::new(inv))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, state: &str, owner: &str, parent: &str, vlan: i32, mbps: u64) -> Connection {
        Connection {
            connection_id: id.into(),
            connection_state: Some(state.into()),
            owner_account: Some(owner.into()),
            parent_id: Some(parent.into()),
            vlan: Some(vlan),
            bandwidth: Some(format!("{mbps}Mbps")),
            bandwidth_mbps: Some(mbps),
            location: Some("EqDC2".into()),
            aws_device_v2: Some(format!("dev-{parent}")),
            ..Connection::default()
        }
    }

    #[test]
    fn groupings_by_value_and_by_two_keys() {
        let inv = Inventory {
            interconnects: vec![Interconnect {
                interconnect_id: "dxcon-p".into(),
                bandwidth_mbps: Some(1000),
                ..Interconnect::default()
            }],
            hosted_connections: vec![
                conn("a", "available", "111", "dxcon-p", 10, 500),
                conn("b", "down", "111", "dxcon-p", 10, 200),
                conn("c", "deleted", "111", "dxcon-p", 10, 900),
                conn("d", "available", "222", "dxcon-q", 11, 500),
            ],
            ..Inventory::default()
        };
        let l = Lookups::build(&inv);
        assert_eq!(l.connections_by_state["available"], vec![0, 3]);
        assert_eq!(l.connections_by_vlan["10"], vec![0, 1, 2]);
        assert_eq!(l.connections_by_bandwidth["500Mbps"], vec![0, 3]);
        // Only active connections below.
        assert_eq!(l.active_connections_by_owner["111"], vec![0, 1]);
        assert_eq!(
            l.active_connections_by_owner_and_parent["111"]["dxcon-p"],
            vec![0, 1]
        );
        assert_eq!(
            l.active_connections_by_owner_and_device["111"]["dev-dxcon-p"],
            vec![0, 1]
        );
        assert_eq!(
            l.active_connections_by_owner_and_location["222"]["EqDC2"],
            vec![3]
        );
        assert_eq!(
            l.active_connections_by_parent_and_vlan["dxcon-p"]["10"],
            vec![0, 1]
        );
        assert!(l.connections_by_tag_keys.0.is_empty());
        // 500 + 200; the deleted 900 does not count, nor does a parent that was not collected.
        assert_eq!(l.parents["dxcon-p"].active_bandwidth_mbps, 700);
        assert!(!l.parents.contains_key("dxcon-q"));
    }

    #[test]
    fn tag_key_sets_as_sorted_json() {
        use super::super::model::Tag;
        let tag = |k: &str| Tag {
            key: k.into(),
            value: Some("v".into()),
        };
        let with_tags = |id: &str, tags: Option<Vec<Tag>>| Connection {
            tags,
            ..conn(id, "available", "111", "dxcon-p", 10, 50)
        };
        let inv = Inventory {
            hosted_connections: vec![
                with_tags("a", Some(vec![tag("b\"q"), tag("Customer")])),
                with_tags("b", None),
                with_tags("c", Some(vec![])),
                with_tags(
                    "d",
                    Some(vec![tag("Customer"), tag("b\"q"), tag("Customer")]),
                ),
            ],
            ..Inventory::default()
        };
        let l = Lookups::build(&inv);
        assert_eq!(
            l.connections_by_tag_keys[r#"["Customer","b\"q"]"#],
            vec![0, 3]
        );
        assert_eq!(l.connections_by_tag_keys["[]"], vec![2]);
        assert_eq!(l.connections_by_tag_keys.0.len(), 2);
    }
}
