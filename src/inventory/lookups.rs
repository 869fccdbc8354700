//! The document policies see as `input`: the inventory plus lookups computed once in Rust.
//!
//! Rego engines evaluate a comprehension per group (`[c | some c in cs; c.parentId == p]` for every
//! `p`) in quadratic time. These lookups give policies every grouping the built-in pack needs as
//! a map from key to indexes into `input.hostedConnections`, so cross-connection rules stay linear
//! and memory stays bounded (indexes, not copies).

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

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
    pub connections_by_parent: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections`, grouped by `ownerAccount`.
    pub connections_by_owner: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections`, grouped by AWS device (`awsDeviceV2`, else `awsDevice`).
    pub connections_by_device: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections` of connections in an active state
    /// (ordering, pending, available, down), grouped by `parentId`.
    pub active_connections_by_parent: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections`, grouped by `connectionState`: rules about one state
    /// (down, ordering) touch only the connections in it.
    pub connections_by_state: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections`, grouped by `vlan` (as a decimal string, since object
    /// keys are strings): range and reservation checks look at each VLAN once.
    pub connections_by_vlan: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections`, grouped by `bandwidth` as the API writes it ("1Gbps"):
    /// catalogue checks look at each bandwidth once.
    pub connections_by_bandwidth: BTreeMap<String, Vec<usize>>,
    /// Indexes into `hostedConnections` of active connections, grouped by `ownerAccount`.
    pub active_connections_by_owner: BTreeMap<String, Vec<usize>>,
    /// Active connections grouped by `ownerAccount`, then by AWS device (connections whose
    /// device is unknown are left out: compare with `activeConnectionsByOwner`).
    pub active_connections_by_owner_and_device: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Active connections grouped by `ownerAccount`, then by `location`.
    pub active_connections_by_owner_and_location: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Active connections grouped by `ownerAccount`, then by `parentId`.
    pub active_connections_by_owner_and_parent: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// Active connections grouped by `parentId`, then by `vlan` (a decimal string).
    pub active_connections_by_parent_and_vlan: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
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
        // Grouped under borrowed keys in hash maps, then sorted into the output's BTreeMaps once:
        // ordered maps with owned keys cost a string allocation and a dozen comparisons per
        // connection and grouping, which dominated on 100,000 connections.
        let mut g = Groups::with_capacity(inv.hosted_connections.len());
        for (i, c) in inv.hosted_connections.iter().enumerate() {
            let vlan = c.vlan;
            let active = is_active(c.connection_state.as_deref());
            let parent = c.parent_id.as_deref();
            let owner = c.owner_account.as_deref();
            let device = device_of(c);
            if let Some(p) = parent {
                g.by_parent.entry(p).or_default().push(i);
                if active {
                    g.active_by_parent.entry(p).or_default().push(i);
                }
            }
            if let Some(o) = owner {
                g.by_owner.entry(o).or_default().push(i);
            }
            if let Some(d) = device {
                g.by_device.entry(d).or_default().push(i);
            }
            if let Some(state) = c.connection_state.as_deref() {
                g.by_state.entry(state).or_default().push(i);
            }
            if let Some(v) = vlan {
                g.by_vlan.entry(v).or_default().push(i);
            }
            if let Some(b) = c.bandwidth.as_deref() {
                g.by_bandwidth.entry(b).or_default().push(i);
            }
            if !active {
                continue;
            }
            if let Some(p) = parent {
                if let Some(v) = vlan {
                    g.by_parent_vlan.entry((p, v)).or_default().push(i);
                }
                if let Some(entry) = parents.get_mut(p) {
                    entry.active_bandwidth_mbps = entry
                        .active_bandwidth_mbps
                        .saturating_add(c.bandwidth_mbps.unwrap_or(0));
                }
            }
            if let Some(o) = owner {
                g.active_by_owner.entry(o).or_default().push(i);
                if let Some(d) = device {
                    g.by_owner_device.entry((o, d)).or_default().push(i);
                }
                if let Some(l) = c.location.as_deref() {
                    g.by_owner_location.entry((o, l)).or_default().push(i);
                }
                if let Some(p) = parent {
                    g.by_owner_parent.entry((o, p)).or_default().push(i);
                }
            }
        }
        Self {
            parents,
            connections_by_parent: sorted(g.by_parent),
            connections_by_owner: sorted(g.by_owner),
            connections_by_device: sorted(g.by_device),
            active_connections_by_parent: sorted(g.active_by_parent),
            connections_by_state: sorted(g.by_state),
            connections_by_vlan: sorted(g.by_vlan),
            connections_by_bandwidth: sorted(g.by_bandwidth),
            active_connections_by_owner: sorted(g.active_by_owner),
            active_connections_by_owner_and_device: nested(g.by_owner_device),
            active_connections_by_owner_and_location: nested(g.by_owner_location),
            active_connections_by_owner_and_parent: nested(g.by_owner_parent),
            active_connections_by_parent_and_vlan: nested(g.by_parent_vlan),
        }
    }
}

/// Index lists under borrowed keys, while the connections are walked.
struct Groups<'a> {
    by_parent: HashMap<&'a str, Vec<usize>>,
    active_by_parent: HashMap<&'a str, Vec<usize>>,
    by_owner: HashMap<&'a str, Vec<usize>>,
    by_device: HashMap<&'a str, Vec<usize>>,
    by_state: HashMap<&'a str, Vec<usize>>,
    by_vlan: HashMap<i32, Vec<usize>>,
    by_bandwidth: HashMap<&'a str, Vec<usize>>,
    active_by_owner: HashMap<&'a str, Vec<usize>>,
    by_owner_device: HashMap<(&'a str, &'a str), Vec<usize>>,
    by_owner_location: HashMap<(&'a str, &'a str), Vec<usize>>,
    by_owner_parent: HashMap<(&'a str, &'a str), Vec<usize>>,
    by_parent_vlan: HashMap<(&'a str, i32), Vec<usize>>,
}

impl Groups<'_> {
    /// Room for `n` groups in the maps whose keys are nearly unique per connection, so that
    /// they do not rehash as they grow.
    fn with_capacity(n: usize) -> Self {
        let small = || HashMap::with_capacity(64);
        Self {
            by_parent: small(),
            active_by_parent: small(),
            by_owner: HashMap::with_capacity(n / 2),
            by_device: small(),
            by_state: small(),
            by_vlan: HashMap::with_capacity(4096.min(n)),
            by_bandwidth: small(),
            active_by_owner: HashMap::with_capacity(n / 2),
            by_owner_device: HashMap::with_capacity(n),
            by_owner_location: HashMap::with_capacity(n),
            by_owner_parent: HashMap::with_capacity(n),
            by_parent_vlan: HashMap::with_capacity(n),
        }
    }
}

/// `BTreeMap`'s `collect` sorts once and bulk-builds: cheaper than inserting key by key.
fn sorted<K: ToString>(groups: HashMap<K, Vec<usize>>) -> BTreeMap<String, Vec<usize>> {
    groups
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn nested<B: ToString>(
    groups: HashMap<(&str, B), Vec<usize>>,
) -> BTreeMap<String, BTreeMap<String, Vec<usize>>> {
    let mut items: Vec<((&str, B), Vec<usize>)> = groups.into_iter().collect();
    items.sort_unstable_by(|a, b| a.0.0.cmp(b.0.0));
    type Inner = Vec<(String, Vec<usize>)>;
    let mut outer: Vec<(&str, Inner)> = Vec::new();
    for ((o, inner), v) in items {
        match outer.last_mut() {
            Some((last, group)) if *last == o => group.push((inner.to_string(), v)),
            _ => outer.push((o, vec![(inner.to_string(), v)])),
        }
    }
    outer
        .into_iter()
        .map(|(o, group)| (o.to_string(), group.into_iter().collect()))
        .collect()
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
/// between); the lookups are computed and converted on a second thread meanwhile.
pub fn policy_input_value(inventory: &Inventory) -> anyhow::Result<regorus::Value> {
    std::thread::scope(|scope| {
        let lookups = scope.spawn(|| super::rego_value::to_value(&Lookups::build(inventory)));
        let mut doc = super::rego_value::to_value(inventory)?;
        let lookups = lookups
            .join()
            .map_err(|_| anyhow::anyhow!("building the lookups panicked"))??;
        doc.as_object_mut()?
            .insert(regorus::Value::from("lookups"), lookups);
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
        // 500 + 200; the deleted 900 does not count, nor does a parent that was not collected.
        assert_eq!(l.parents["dxcon-p"].active_bandwidth_mbps, 700);
        assert!(!l.parents.contains_key("dxcon-q"));
    }
}
