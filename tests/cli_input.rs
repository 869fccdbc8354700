//! `dxcheck input` prints exactly what policies see; `dxcheck schema` describes the inventory.

mod common;

use common::*;
use serde_json::Value;

const EXAMPLE: &str = "examples/inventory.json";

fn input() -> Value {
    let out = dxcheck(&["input", EXAMPLE]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json(&out)
}

#[test]
fn input_is_the_inventory_plus_lookups() {
    let doc = input();
    let original: Value = example_document();
    for key in [
        "schemaVersion",
        "generator",
        "collectedAt",
        "regions",
        "interconnects",
        "lags",
        "hostedConnections",
        "errors",
    ] {
        assert_eq!(doc[key], original[key], "{key} is passed through unchanged");
    }
    assert!(doc["lookups"].is_object());
}

#[test]
fn lookups_group_connections_by_index() {
    let doc = input();
    let conns = doc["hostedConnections"].as_array().expect("connections");
    let lookups = &doc["lookups"];
    let groups = [
        ("connectionsByParent", "parentId"),
        ("connectionsByOwner", "ownerAccount"),
        ("connectionsByDevice", "awsDeviceV2"),
    ];
    for (lookup, field) in groups {
        let map = lookups[lookup]
            .as_object()
            .unwrap_or_else(|| panic!("{lookup}"));
        let mut seen = 0;
        for (key, indexes) in map {
            for i in indexes.as_array().expect("indexes") {
                let c = &conns[i.as_u64().expect("index") as usize];
                assert_eq!(
                    c[field].as_str(),
                    Some(key.as_str()),
                    "{lookup}[{key}] holds {c}"
                );
                seen += 1;
            }
        }
        assert_eq!(
            seen,
            conns.len(),
            "{lookup} covers every connection exactly once"
        );
    }
    let active = lookups["activeConnectionsByParent"]
        .as_object()
        .expect("active");
    for indexes in active.values() {
        for i in indexes.as_array().expect("indexes") {
            let state = conns[i.as_u64().expect("index") as usize]["connectionState"]
                .as_str()
                .expect("state");
            assert!(
                ["ordering", "pending", "available", "down"].contains(&state),
                "{state}"
            );
        }
    }
    let fh6 = &active["dxcon-fh6ayh1d"];
    assert_eq!(
        fh6.as_array().expect("indexes").len(),
        4,
        "the deleted connection on it is left out"
    );
}

#[test]
fn parents_carry_type_state_and_capacity() {
    let doc = input();
    let parents = &doc["lookups"]["parents"];
    assert_eq!(parents.as_object().expect("parents").len(), 6);
    let ic = &parents["dxcon-ffk7h2a1"];
    assert_eq!(ic["type"], "interconnect");
    assert_eq!(ic["state"], "available");
    assert_eq!(ic["capacityMbps"], 10000);
    assert_eq!(
        doc["interconnects"][ic["index"].as_u64().expect("index") as usize]["interconnectId"],
        "dxcon-ffk7h2a1"
    );
    // 4 members of 10 Gbps, one of them down: capacity counts the 3 available ones.
    let lag = &parents["dxlag-ffrz71kw"];
    assert_eq!(lag["type"], "lag");
    assert_eq!(lag["portSpeedMbps"], 10000);
    assert_eq!(lag["capacityMbps"], 30000);
}

#[test]
fn compact_is_one_line_and_raw_cli_output_gets_derived_fields() {
    let out = dxcheck(&[
        "input",
        "--compact",
        "tests/cases/raw_describe_hosted_connections.json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.trim_end().lines().count(), 1);
    let doc: Value = serde_json::from_str(&text).expect("json");
    let c = &doc["hostedConnections"][0];
    assert_eq!(c["bandwidthMbps"], 500);
    assert_eq!(
        c["loaIssueTime"], 1767225600,
        "ISO timestamps from the AWS CLI become epoch seconds"
    );
    assert_eq!(
        c["aNewFieldFromTheFuture"]["kept"], true,
        "unknown API fields reach policies"
    );
    assert!(
        c.get("parentId").is_none(),
        "the raw API output has no parent: nothing is invented"
    );
    assert_eq!(doc["regions"], serde_json::json!(["us-east-1"]));
}

#[test]
fn input_errors_like_check() {
    assert_error(
        &dxcheck(&["input", "tests/cases/bad/schema_v2.json"]),
        "unknown schemaVersion 2",
    );
}

#[test]
fn schema_describes_the_document() {
    let out = dxcheck(&["schema"]);
    assert_eq!(code(&out), 0);
    let schema = json(&out);
    assert_eq!(schema["title"], "dxcheck inventory");
    let props = &schema["properties"];
    for key in [
        "schemaVersion",
        "collectedAt",
        "interconnects",
        "lags",
        "hostedConnections",
        "errors",
    ] {
        assert!(props.get(key).is_some(), "schema lacks {key}");
    }
    let conn = &schema["$defs"]["Connection"]["properties"];
    for key in [
        "connectionId",
        "vlan",
        "parentId",
        "bandwidthMbps",
        "stateSince",
        "encryptionMode",
    ] {
        assert!(conn.get(key).is_some(), "Connection lacks {key}");
    }
    assert!(
        schema["$defs"]["MacSecKey"]["properties"]
            .get("secretARN")
            .is_some()
    );
}

#[test]
fn schema_documents_the_lookups_and_input_output_can_be_checked_again() {
    let schema = json(&dxcheck(&["schema"]));
    let lookups = &schema["$defs"]["Lookups"]["properties"];
    for key in [
        "parents",
        "connectionsByParent",
        "activeConnectionsByParent",
        "connectionsByOwner",
        "connectionsByDevice",
    ] {
        assert!(lookups.get(key).is_some(), "schema lacks lookups.{key}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("input.json");
    std::fs::write(&path, dxcheck(&["input", EXAMPLE]).stdout).expect("write");
    let again = dxcheck(&["check", path.to_str().expect("utf-8"), "--format", "json"]);
    let direct = dxcheck(&["check", EXAMPLE, "--format", "json"]);
    assert_eq!(
        json(&again)["findings"].as_array().map(Vec::len),
        json(&direct)["findings"].as_array().map(Vec::len)
    );
}
