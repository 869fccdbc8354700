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
        let mut by_parent: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut active_by_parent: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_device: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, c) in inv.hosted_connections.iter().enumerate() {
            if let Some(p) = &c.parent_id {
                by_parent.entry(p.clone()).or_default().push(i);
                if is_active(c.connection_state.as_deref()) {
                    active_by_parent.entry(p.clone()).or_default().push(i);
                }
            }
            if let Some(o) = &c.owner_account {
                by_owner.entry(o.clone()).or_default().push(i);
            }
            if let Some(d) = device_of(c) {
                by_device.entry(d.to_string()).or_default().push(i);
            }
        }
        Self {
            parents,
            connections_by_parent: by_parent,
            connections_by_owner: by_owner,
            connections_by_device: by_device,
            active_connections_by_parent: active_by_parent,
        }
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
        Self { inventory, lookups: Lookups::build(inventory) }
    }

    /// As a Rego value. Going through JSON text is about twice as fast as through
    /// `serde_json::Value`: the text is written once and parsed straight into regorus values.
    pub fn to_rego(&self) -> anyhow::Result<regorus::Value> {
        let text = serde_json::to_string(self)?;
        regorus::Value::from_json_str(&text)
    }
}

/// The policy input as JSON (what `dxcheck input` prints).
pub fn input_document(inv: &Inventory) -> Result<Value, serde_json::Error> {
    serde_json::to_value(PolicyInput::new(inv))
}
