//! `dxcheck diff OLD NEW`: change evidence between two collections.

mod common;

use common::*;

const OLD: &str = "tests/cases/diff/old.json";
const NEW: &str = "tests/cases/diff/new.json";

#[test]
fn text_lists_added_removed_and_changed_fields() {
    let out = dxcheck(&["diff", OLD, NEW]);
    assert_eq!(code(&out), 1, "changes exit 1: {}", stderr(&out));
    let expected = "\
+ hostedConnection dxcon-newconn1 (acme-new-iad)
- hostedConnection dxcon-fgh5c6d9 (hooli-iad-1)
~ interconnect dxcon-ffk7h2a1 (partner-iad-10g-1)
    bandwidth: 10Gbps → 100Gbps
    bandwidthMbps: 10000 → 100000
    macSecKeys[arn:aws:secretsmanager:us-east-1:123456789012:secret:dx-ckn-1].state: associated → disassociated
~ hostedConnection dxcon-fgh1a2b3 (acme-prod-iad-1)
    connectionState: available → down
~ hostedConnection dxcon-fgh1a2b5 (acme-dev-iad-1)
    tags.Customer: acme → acme-corp
    tags.Owner: (absent) → noc
1 added, 1 removed, 3 changed
";
    assert_eq!(
        stdout(&out),
        expected,
        "firstSeen/stateSince bookkeeping is not a change"
    );
}

#[test]
fn json_is_structured() {
    let out = dxcheck(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(code(&out), 1);
    let doc = json(&out);
    assert_eq!(doc["diffVersion"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"added": 1, "removed": 1, "changed": 3})
    );
    assert_eq!(doc["added"][0]["id"], "dxcon-newconn1");
    assert_eq!(doc["removed"][0]["type"], "hostedConnection");
    let state = &doc["changed"][1]["fields"][0];
    assert_eq!(state["field"], "connectionState");
    assert_eq!(state["old"], "available");
    assert_eq!(state["new"], "down");
    let owner_tag = &doc["changed"][2]["fields"][1];
    assert_eq!(owner_tag["field"], "tags.Owner");
    assert!(owner_tag.get("old").is_none(), "absent stays absent");
}

#[test]
fn markdown_and_fields_filter() {
    let out = dxcheck(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "markdown",
        "--fields",
        "connectionState,encryptionMode",
    ]);
    assert_eq!(code(&out), 1);
    let md = stdout(&out);
    assert!(md.contains("| changed | hostedConnection dxcon-fgh1a2b3 (acme-prod-iad-1) | `connectionState` | available | down |"), "{md}");
    assert!(!md.contains("tags."), "{md}");
    assert!(!md.contains("bandwidth"), "{md}");
}

#[test]
fn no_change_exits_0() {
    let out = dxcheck(&["diff", OLD, OLD]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "0 added, 0 removed, 0 changed\n");
    let out = dxcheck(&["diff", OLD, NEW, "--fields", "vlanThatDoesNotExist"]);
    assert_eq!(code(&out), 1, "added and removed resources still count");
}

#[test]
fn errors_exit_2() {
    assert_error(
        &dxcheck(&["diff", OLD, "tests/cases/bad/schema_v2.json"]),
        "unknown schemaVersion 2",
    );
    assert_error(
        &dxcheck(&["diff", "tests/cases/nope.json", NEW]),
        "tests/cases/nope.json: cannot read inventory",
    );
}
