//! SDK types → inventory model. The SDK's types do not implement `Serialize`, so each field is
//! copied under its API name. Enums go through `.as_str()`, so a value this SDK does not know
//! passes through unchanged rather than being dropped.
//!
//! Absent stays absent: the SDK keeps list fields (`tags`, `macSecKeys`, a LAG's `connections`)
//! as `Option<Vec<_>>` in its public struct fields, so we read those fields rather than the
//! accessors (which turn `None` into `&[]`). A few members are plain numbers or booleans in the
//! SDK (`vlan`, a LAG's `numberOfConnections`, `minimumLinks`, `allowsHostedConnections`): the SDK
//! defaults them to 0/false when the response omits them and cannot tell us which happened, so
//! they are always present in the inventory. The API sends all four on every object.

use aws_sdk_directconnect::types as sdk;
use aws_smithy_types::DateTime;
use serde_json::{Map, Value, json};

use crate::inventory::model::{Connection, Interconnect, Lag, MacSecKey, Tag};

/// A hosted connection as listed on `parent_id`.
pub fn hosted_connection(c: &sdk::Connection, parent_id: &str, parent_type: &str) -> Connection {
    Connection {
        parent_id: Some(parent_id.to_string()),
        parent_type: Some(parent_type.to_string()),
        ..connection(c)
    }
}

/// Any connection object (hosted connections and a LAG's member connections).
pub fn connection(c: &sdk::Connection) -> Connection {
    let mut extra = Map::new();
    put(&mut extra, "prefixPoolSizeIpv4", c.prefix_pool_size_ipv4);
    put(&mut extra, "prefixPoolSizeIpv6", c.prefix_pool_size_ipv6);
    put(
        &mut extra,
        "prefixPoolUnallocatedCountIpv4",
        c.prefix_pool_unallocated_count_ipv4,
    );
    put(
        &mut extra,
        "prefixPoolUnallocatedCountIpv6",
        c.prefix_pool_unallocated_count_ipv6,
    );
    if let Some(r) = &c.rate_limiter_status {
        extra.insert("rateLimiterStatus".into(), rate_limiter_status(r));
    }
    if let Some(b) = &c.billing_mode {
        extra.insert("billingMode".into(), json!(b.as_str()));
    }
    Connection {
        owner_account: c.owner_account.clone(),
        // The API always sends it; an empty id would be caught by the caller's dedupe.
        connection_id: c.connection_id.clone().unwrap_or_default(),
        connection_name: c.connection_name.clone(),
        connection_state: c.connection_state.as_ref().map(|s| s.as_str().to_string()),
        region: c.region.clone(),
        location: c.location.clone(),
        bandwidth: c.bandwidth.clone(),
        vlan: Some(c.vlan),
        partner_name: c.partner_name.clone(),
        loa_issue_time: c.loa_issue_time.as_ref().map(epoch_seconds),
        lag_id: c.lag_id.clone(),
        aws_device: c.aws_device.clone(),
        jumbo_frame_capable: c.jumbo_frame_capable,
        aws_device_v2: c.aws_device_v2.clone(),
        aws_logical_device_id: c.aws_logical_device_id.clone(),
        has_logical_redundancy: c
            .has_logical_redundancy
            .as_ref()
            .map(|h| h.as_str().to_string()),
        tags: c.tags.as_deref().map(tags),
        provider_name: c.provider_name.clone(),
        mac_sec_capable: c.mac_sec_capable,
        port_encryption_status: c.port_encryption_status.clone(),
        encryption_mode: c.encryption_mode.clone(),
        mac_sec_keys: c.mac_sec_keys.as_deref().map(mac_sec_keys),
        partner_interconnect_mac_sec_capable: c.partner_interconnect_mac_sec_capable,
        extra,
        ..Connection::default()
    }
}

pub fn interconnect(i: &sdk::Interconnect, owner_account: Option<&str>) -> Interconnect {
    Interconnect {
        interconnect_id: i.interconnect_id.clone().unwrap_or_default(),
        interconnect_name: i.interconnect_name.clone(),
        interconnect_state: i
            .interconnect_state
            .as_ref()
            .map(|s| s.as_str().to_string()),
        region: i.region.clone(),
        location: i.location.clone(),
        bandwidth: i.bandwidth.clone(),
        loa_issue_time: i.loa_issue_time.as_ref().map(epoch_seconds),
        lag_id: i.lag_id.clone(),
        aws_device: i.aws_device.clone(),
        jumbo_frame_capable: i.jumbo_frame_capable,
        aws_device_v2: i.aws_device_v2.clone(),
        aws_logical_device_id: i.aws_logical_device_id.clone(),
        has_logical_redundancy: i
            .has_logical_redundancy
            .as_ref()
            .map(|h| h.as_str().to_string()),
        tags: i.tags.as_deref().map(tags),
        provider_name: i.provider_name.clone(),
        mac_sec_capable: i.mac_sec_capable,
        port_encryption_status: i.port_encryption_status.clone(),
        encryption_mode: i.encryption_mode.clone(),
        mac_sec_keys: i.mac_sec_keys.as_deref().map(mac_sec_keys),
        // The Interconnect shape has no owner: it is the partner account we collected it in,
        // when we know it (from --role-arn).
        owner_account: owner_account.map(str::to_string),
        ..Interconnect::default()
    }
}

pub fn lag(l: &sdk::Lag) -> Lag {
    let mut extra = Map::new();
    put(&mut extra, "prefixPoolSizeIpv4", l.prefix_pool_size_ipv4);
    put(&mut extra, "prefixPoolSizeIpv6", l.prefix_pool_size_ipv6);
    put(
        &mut extra,
        "prefixPoolUnallocatedCountIpv4",
        l.prefix_pool_unallocated_count_ipv4,
    );
    put(
        &mut extra,
        "prefixPoolUnallocatedCountIpv6",
        l.prefix_pool_unallocated_count_ipv6,
    );
    if let Some(r) = &l.rate_limiter_status {
        extra.insert("rateLimiterStatus".into(), rate_limiter_status(r));
    }
    if let Some(b) = &l.billing_mode {
        extra.insert("billingMode".into(), json!(b.as_str()));
    }
    Lag {
        connections_bandwidth: l.connections_bandwidth.clone(),
        number_of_connections: Some(l.number_of_connections),
        lag_id: l.lag_id.clone().unwrap_or_default(),
        owner_account: l.owner_account.clone(),
        lag_name: l.lag_name.clone(),
        lag_state: l.lag_state.as_ref().map(|s| s.as_str().to_string()),
        location: l.location.clone(),
        region: l.region.clone(),
        minimum_links: Some(l.minimum_links),
        aws_device: l.aws_device.clone(),
        aws_device_v2: l.aws_device_v2.clone(),
        aws_logical_device_id: l.aws_logical_device_id.clone(),
        connections: l
            .connections
            .as_deref()
            .map(|cs| cs.iter().map(connection).collect()),
        allows_hosted_connections: Some(l.allows_hosted_connections),
        jumbo_frame_capable: l.jumbo_frame_capable,
        has_logical_redundancy: l
            .has_logical_redundancy
            .as_ref()
            .map(|h| h.as_str().to_string()),
        tags: l.tags.as_deref().map(tags),
        provider_name: l.provider_name.clone(),
        mac_sec_capable: l.mac_sec_capable,
        encryption_mode: l.encryption_mode.clone(),
        mac_sec_keys: l.mac_sec_keys.as_deref().map(mac_sec_keys),
        extra,
        ..Lag::default()
    }
}

/// As `aws directconnect` prints it: epoch seconds, fractional only when the API sent a fraction.
fn epoch_seconds(t: &DateTime) -> f64 {
    t.as_secs_f64()
}

fn tags(ts: &[sdk::Tag]) -> Vec<Tag> {
    ts.iter()
        .map(|t| Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect()
}

fn mac_sec_keys(ks: &[sdk::MacSecKey]) -> Vec<MacSecKey> {
    ks.iter()
        .map(|k| MacSecKey {
            secret_arn: k.secret_arn.clone(),
            ckn: k.ckn.clone(),
            state: k.state.clone(),
            start_on: k.start_on.clone(),
        })
        .collect()
}

fn rate_limiter_status(r: &sdk::RateLimiterStatus) -> Value {
    let mut m = Map::new();
    m.insert("maxAllowed".into(), json!(r.max_allowed));
    m.insert("inUse".into(), json!(r.in_use));
    m.insert("remaining".into(), json!(r.remaining));
    if let Some(b) = &r.total_bandwidth {
        m.insert("totalBandwidth".into(), json!(b));
    }
    Value::Object(m)
}

fn put(extra: &mut Map<String, Value>, key: &str, value: Option<i32>) {
    if let Some(v) = value {
        extra.insert(key.to_string(), json!(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_lists_stay_absent_and_present_empty_lists_stay_empty() {
        let c = sdk::Connection::builder()
            .connection_id("dxcon-a")
            .vlan(101)
            .build();
        let m = connection(&c);
        assert_eq!(m.tags, None);
        assert_eq!(m.mac_sec_keys, None);
        assert_eq!(m.vlan, Some(101));

        let c = sdk::Connection::builder()
            .connection_id("dxcon-b")
            .set_tags(Some(vec![]))
            .build();
        assert_eq!(connection(&c).tags, Some(vec![]));
    }

    #[test]
    fn unknown_enum_values_pass_through() {
        let c = sdk::Connection::builder()
            .connection_id("dxcon-a")
            .connection_state(sdk::ConnectionState::from("hibernating"))
            .build();
        assert_eq!(
            connection(&c).connection_state.as_deref(),
            Some("hibernating")
        );
    }

    #[test]
    fn loa_issue_time_is_epoch_seconds() {
        let c = sdk::Connection::builder()
            .connection_id("dxcon-a")
            .loa_issue_time(DateTime::from_secs_f64(1767225600.5))
            .build();
        assert_eq!(connection(&c).loa_issue_time, Some(1767225600.5));
    }
}
