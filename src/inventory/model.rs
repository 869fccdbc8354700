//! The inventory document (schemaVersion 1): the API's field names, as the AWS CLI prints them,
//! plus the few fields dxcheck derives (`parentId`, `parentType`, `bandwidthMbps`, `firstSeen`,
//! `stateSince`). Every API field is optional because the API itself omits absent ones, and a
//! policy must see them as undefined rather than as an invented `false` or `null`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::timestamp;

pub const SCHEMA_VERSION: u32 = 1;

/// Where a resource was read from; never serialized, so policies do not see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Index into the list of inventory files of the run.
    pub file: usize,
    /// 1-based line where the resource's object starts.
    pub line: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "dxcheck inventory",
    description = "AWS Direct Connect hosted connections, their interconnects and LAGs, as collected by `dxcheck collect`."
)]
pub struct Inventory {
    /// Always 1 for this version of the document.
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<Generator>,
    /// RFC 3339 time of the collection; "now" for every time-based policy.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub collected_at: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub interconnects: Vec<Interconnect>,
    #[serde(default)]
    pub lags: Vec<Lag>,
    #[serde(default)]
    pub hosted_connections: Vec<Connection>,
    /// Calls that still failed after retries: the collection is incomplete where these name.
    #[serde(default)]
    pub errors: Vec<CollectionError>,
    /// Computed by dxcheck for policies (see `dxcheck input`); never read from a file: a document
    /// printed by `dxcheck input` can be checked again, and its lookups are recomputed.
    #[serde(default, skip_serializing)]
    #[schemars(with = "Option<super::lookups::Lookups>")]
    pub lookups: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Generator {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollectionError {
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub operation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    /// The partner account (from `--role-arn`) the failing call was made for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tag {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MacSecKey {
    #[serde(rename = "secretARN", default, skip_serializing_if = "Option::is_none")]
    pub secret_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ckn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_on: Option<String>,
}

/// A hosted connection (API shape `Connection`), plus where dxcheck found it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_account: Option<String>,
    pub connection_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_name: Option<String>,
    /// ordering | requested | pending | available | down | deleting | deleted | rejected | unknown
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// As the API gives it: "50Mbps", "10Gbps".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_name: Option<String>,
    /// Epoch seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::epoch_seconds",
        serialize_with = "timestamp::serialize_epoch_seconds"
    )]
    pub loa_issue_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jumbo_frame_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device_v2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_logical_device_id: Option<String>,
    /// yes | no | unknown
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_logical_redundancy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_encryption_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_keys: Option<Vec<MacSecKey>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_interconnect_mac_sec_capable: Option<bool>,

    /// The interconnect (dxcon-…) or LAG (dxlag-…) the collector listed this connection on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// interconnect | lag
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_type: Option<String>,
    /// Derived from `bandwidth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbps: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub first_seen: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub state_since: Option<String>,

    /// Fields this version of dxcheck does not know, kept so policies can still read them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// An interconnect (API shape `Interconnect`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Interconnect {
    pub interconnect_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_name: Option<String>,
    /// requested | pending | available | down | deleting | deleted | unknown
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interconnect_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::epoch_seconds",
        serialize_with = "timestamp::serialize_epoch_seconds"
    )]
    pub loa_issue_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jumbo_frame_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device_v2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_logical_device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_logical_redundancy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_encryption_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_keys: Option<Vec<MacSecKey>>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth_mbps: Option<u64>,
    /// The partner account that owns it (from the caller identity or `--role-arn`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_account: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub first_seen: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub state_since: Option<String>,

    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// A link aggregation group (API shape `Lag`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Lag {
    /// Speed of each member connection, as the API gives it ("10Gbps").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections_bandwidth: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_connections: Option<i32>,
    pub lag_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_name: Option<String>,
    /// requested | pending | available | down | deleting | deleted | unknown
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_links: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_device_v2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_logical_device_id: Option<String>,
    /// The member (dedicated) connections of the LAG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<Vec<Connection>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allows_hosted_connections: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jumbo_frame_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_logical_redundancy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_capable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac_sec_keys: Option<Vec<MacSecKey>>,

    /// Derived from `connectionsBandwidth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections_bandwidth_mbps: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub first_seen: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "timestamp::rfc3339"
    )]
    pub state_since: Option<String>,

    #[serde(flatten)]
    #[schemars(skip)]
    pub extra: Map<String, Value>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// What kind of resource a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ResourceType {
    HostedConnection,
    Interconnect,
    Lag,
}

impl ResourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HostedConnection => "hostedConnection",
            Self::Interconnect => "interconnect",
            Self::Lag => "lag",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "hostedConnection" => Some(Self::HostedConnection),
            "interconnect" => Some(Self::Interconnect),
            "lag" => Some(Self::Lag),
            _ => None,
        }
    }

    /// The resource segment of its ARN: `dxcon/ID` for connections and interconnects, `dxlag/ID`.
    pub fn arn_segment(self) -> &'static str {
        match self {
            Self::Lag => "dxlag",
            _ => "dxcon",
        }
    }
}
