//! `dxcheck policy list` and `policy show`, and the generated docs/policies.md.

mod policy_support;

use policy_support::*;

#[test]
fn docs_policies_md_is_current() {
    let out = dxcheck(&["policy", "list", "--format", "markdown"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let generated = stdout(&out);
    let committed = std::fs::read_to_string(root().join("docs/policies.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/policies.md is stale: regenerate it with\n\n    \
         cargo run -- policy list --format markdown > docs/policies.md\n\nand commit the result."
    );
}

#[test]
fn markdown_documents_every_rule_and_parameter() {
    let out = dxcheck(&["policy", "list", "--format", "markdown"]);
    let md = stdout(&out);
    let rules = json(&dxcheck(&["policy", "list", "--format", "json"]));
    for r in rules["rules"].as_array().expect("rules") {
        let id = r["id"].as_str().expect("id");
        assert!(md.contains(&format!("## {id}: ")), "{id} has a section");
        for (name, _) in r["params"].as_object().expect("params") {
            assert!(
                md.contains(&format!("| `{name}` |")),
                "{id}: {name} documented"
            );
        }
    }
}

#[test]
fn list_shows_id_severity_and_title() {
    let out = dxcheck(&["policy", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().expect("header");
    assert!(header.starts_with("ID") && header.contains("SEVERITY") && header.contains("TITLE"));
    let dx007 = text
        .lines()
        .find(|l| l.starts_with("DX007 "))
        .expect("DX007 listed");
    assert!(
        dx007.contains("critical") && dx007.contains("Duplicate VLAN"),
        "{dx007}"
    );
    assert_eq!(text.lines().count(), builtin_rule_ids().len() + 1);
}

#[test]
fn list_json_carries_the_metadata() {
    let rules = json(&dxcheck(&["policy", "list", "--format", "json"]));
    let rules = rules["rules"].as_array().expect("rules");
    assert!(rules.len() >= 20, "about twenty rules");
    for r in rules {
        let id = r["id"].as_str().expect("id");
        assert!(id.starts_with("DX"), "{id}");
        for key in ["title", "description", "remediation", "severity"] {
            assert!(
                r[key].as_str().is_some_and(|s| !s.is_empty()),
                "{id} has a {key}"
            );
        }
        assert!(
            !r["tags"].as_array().expect("tags").is_empty(),
            "{id} has tags"
        );
        assert!(
            !r["resourceTypes"].as_array().expect("types").is_empty(),
            "{id} names its resource types"
        );
        assert_eq!(r["source"], "builtin");
    }
    let dx002 = rules.iter().find(|r| r["id"] == "DX002").expect("DX002");
    assert_eq!(dx002["params"]["max_pending_days"], 7);
}

#[test]
fn list_includes_policies_from_paths() {
    let out = dxcheck(&[
        "policy",
        "list",
        "--no-builtin",
        "--policy",
        "examples/policies",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rules = json(&out);
    let ids: Vec<&str> = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["ACME001"]);
    assert_eq!(
        rules["rules"][0]["source"],
        "examples/policies/connection_naming.rego"
    );
}

#[test]
fn show_prints_metadata_parameters_and_source() {
    let out = dxcheck(&["policy", "show", "DX002"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("DX002: Hosted connection stuck"), "{text}");
    assert!(text.contains("severity    medium"), "{text}");
    assert!(
        text.contains("policies/dx002_stuck_provisioning.rego:"),
        "{text}"
    );
    assert!(text.contains("max_pending_days  7"), "{text}");
    assert!(text.contains("Remediation"), "{text}");

    let out = dxcheck(&["policy", "show", "DX014"]);
    assert!(
        stdout(&out).contains("customer_accounts  not set"),
        "{}",
        stdout(&out)
    );

    let out = dxcheck(&["policy", "show", "DX007", "--source"]);
    let text = stdout(&out);
    assert!(text.contains("package dxcheck.dx007"), "{text}");
    assert!(text.contains("activeConnectionsByParentAndVlan"), "{text}");

    let out = dxcheck(&["policy", "show", "DX007", "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["id"], "DX007");
    assert_eq!(v["severity"], "critical");
    assert_eq!(v["file"], "policies/dx007_duplicate_vlan.rego");
}

#[test]
fn show_an_unknown_id_exits_2() {
    let out = dxcheck(&["policy", "show", "DX999"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown rule id \"DX999\""),
        "{}",
        stderr(&out)
    );
}
