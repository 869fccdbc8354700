//! `--format sarif`: schema-valid SARIF 2.1.0 with what GitHub code scanning needs.

mod report_util;

use std::collections::{BTreeMap, BTreeSet};

use report_util::{EXAMPLE, FIXTURE, ROOT, assert_snapshot, dxcheck, json, report_text};
use serde_json::Value;

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(format!("{ROOT}/tests/sarif-2.1.0.json"))
        .expect("read tests/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("compile the SARIF schema")
}

fn assert_schema_valid(sarif: &Value) {
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .take(20)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF fails the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

fn run(sarif: &Value) -> &Value {
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "one run");
    &runs[0]
}

fn results(sarif: &Value) -> &Vec<Value> {
    run(sarif)["results"].as_array().expect("results")
}

/// Every result is anchored in a file and a line, names its resource, and has a fingerprint.
fn assert_results_are_anchored(sarif: &Value) {
    for r in results(sarif) {
        let loc = &r["locations"][0];
        let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_else(|| panic!("result without a location: {r}"));
        assert!(
            !uri.is_empty() && !uri.starts_with('/'),
            "relative uri: {uri}"
        );
        let line = loc["physicalLocation"]["region"]["startLine"]
            .as_i64()
            .unwrap_or_else(|| panic!("result without a line: {r}"));
        assert!(line >= 1);
        let hash = r["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap_or_else(|| panic!("result without a fingerprint: {r}"));
        assert!(!hash.is_empty());
        assert!(r["ruleId"].is_string() && r["ruleIndex"].is_i64());
        assert!(r["message"]["text"].is_string());
    }
}

#[test]
fn example_validates_against_the_schema_and_matches_the_json_report() {
    let sarif = json("sarif", EXAMPLE, &[]);
    let report = json("json", EXAMPLE, &[]);
    assert_schema_valid(&sarif);
    assert_eq!(sarif["version"], "2.1.0");
    assert_results_are_anchored(&sarif);

    let run = run(&sarif);
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "dxcheck");
    assert!(driver["version"].is_string() && driver["informationUri"].is_string());
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(run["automationDetails"]["id"].is_string());

    // Every evaluated rule is described, in the report's order, whether it found anything.
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&Value> = rules.iter().map(|r| &r["id"]).collect();
    let expected: Vec<&Value> = report["rules"]
        .as_array()
        .expect("json rules")
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, expected);
    for (rule, summary) in rules.iter().zip(report["rules"].as_array().expect("rules")) {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(rule["fullDescription"]["text"].is_string(), "{rule}");
        let help = &rule["help"];
        assert!(
            help["text"].is_string() && help["markdown"].is_string(),
            "{rule}"
        );
        if let Some(rem) = summary["remediation"].as_str() {
            assert!(help["text"].as_str().expect("text").contains(rem));
            assert!(
                help["markdown"]
                    .as_str()
                    .expect("md")
                    .contains("Remediation")
            );
        }
        let tags = rule["properties"]["tags"].as_array().expect("tags");
        assert!(tags.contains(&Value::from("security")));
        let score = match summary["severity"].as_str().expect("severity") {
            "critical" => "9.5",
            "high" => "8.0",
            "medium" => "5.5",
            "low" => "2.0",
            _ => "0.1",
        };
        assert_eq!(rule["properties"]["security-severity"], score, "{rule}");
    }

    // One result per finding, same order, anchored at the line the JSON report gives.
    let findings = report["findings"].as_array().expect("findings");
    let results = results(&sarif);
    assert_eq!(results.len(), findings.len());
    for (r, f) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], f["ruleId"]);
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], f["ruleId"]);
        let level = match f["severity"].as_str().expect("severity") {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        let phys = &r["locations"][0]["physicalLocation"];
        match f.get("location") {
            Some(l) => {
                assert_eq!(phys["artifactLocation"]["uri"], l["file"]);
                assert_eq!(phys["region"]["startLine"], l["line"]);
            }
            None => {
                assert_eq!(phys["artifactLocation"]["uri"], "examples/inventory.json");
                assert_eq!(phys["region"]["startLine"], 1);
            }
        }
        let logical = &r["locations"][0]["logicalLocations"][0];
        match (f["resource"]["arn"].as_str(), f["resource"]["id"].as_str()) {
            (Some(arn), _) => {
                assert_eq!(logical["fullyQualifiedName"], arn);
                assert!(arn.starts_with("arn:aws:directconnect:"));
            }
            (None, Some(id)) => assert_eq!(logical["fullyQualifiedName"], id),
            (None, None) => assert!(logical.is_null(), "{r}"),
        }
        assert_eq!(r["fingerprints"]["dxcheck/v1"], f["fingerprint"]);
        match f["suppression"]["reason"].as_str() {
            Some(reason) => {
                let s = &r["suppressions"][0];
                assert_eq!(s["kind"], "external");
                assert!(s["justification"].as_str().expect("why").contains(reason));
            }
            None => assert!(r.get("suppressions").is_none(), "{r}"),
        }
    }
}

#[test]
fn fixture_snapshot_and_rules_without_findings() {
    let text = report_text("sarif", FIXTURE, &[]);
    let sarif: Value = serde_json::from_str(&text).expect("JSON");
    assert_schema_valid(&sarif);
    assert_results_are_anchored(&sarif);
    assert_snapshot("fixture.sarif.json", &text);

    let rules = run(&sarif)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let with_results: BTreeSet<&str> = results(&sarif)
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    let silent: Vec<&str> = rules
        .iter()
        .filter_map(|r| r["id"].as_str())
        .filter(|id| !with_results.contains(id))
        .collect();
    assert_eq!(
        silent,
        ["T005"],
        "the rule that finds nothing is still described"
    );

    // A finding about no resource falls back to the first inventory file, line 1.
    let estate = results(&sarif)
        .iter()
        .find(|r| r["ruleId"] == "T004")
        .expect("T004 result");
    let phys = &estate["locations"][0]["physicalLocation"];
    assert_eq!(
        phys["artifactLocation"]["uri"],
        "tests/reports/inventory.json"
    );
    assert_eq!(phys["region"]["startLine"], 1);
    assert!(estate["locations"][0].get("logicalLocations").is_none());

    // The ARN of a LAG, and of a hosted connection, as the issue spells them.
    let fqn: BTreeSet<&str> = results(&sarif)
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str())
        .collect();
    assert!(fqn.contains("arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-ic000002"));
    assert!(fqn.contains("arn:aws:directconnect:us-east-1:444455556666:dxcon/dxcon-bbbb0001"));
}

/// Reversing every list of the inventory moves every object to another line; the fingerprints
/// GitHub matches alerts by must not move with them.
#[test]
fn fingerprints_do_not_depend_on_the_inventory_order() {
    let original: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{ROOT}/examples/inventory.json")).expect("read"),
    )
    .expect("JSON");
    let mut reordered = original.clone();
    for key in ["interconnects", "lags", "hostedConnections"] {
        reordered[key].as_array_mut().expect("array").reverse();
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("inventory.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&reordered).expect("serialize"),
    )
    .expect("write");
    let path = path.to_string_lossy().to_string();

    let keyed = |sarif: &Value| -> BTreeMap<(String, String), (String, i64)> {
        results(sarif)
            .iter()
            .map(|r| {
                (
                    (
                        r["ruleId"].as_str().expect("rule").to_string(),
                        r["locations"][0]["logicalLocations"][0]["name"]
                            .as_str()
                            .expect("resource")
                            .to_string(),
                    ),
                    (
                        r["partialFingerprints"]["primaryLocationLineHash"]
                            .as_str()
                            .expect("hash")
                            .to_string(),
                        r["locations"][0]["physicalLocation"]["region"]["startLine"]
                            .as_i64()
                            .expect("line"),
                    ),
                )
            })
            .collect()
    };
    let before = keyed(&json("sarif", EXAMPLE, &[]));
    let after = keyed(&json(
        "sarif",
        &[&path],
        &["--config", "examples/dxcheck.toml"],
    ));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut moved = 0;
    for (key, (hash, line)) in &before {
        let (hash_after, line_after) = &after[key];
        assert_eq!(hash, hash_after, "fingerprint of {key:?} changed");
        if line != line_after {
            moved += 1;
        }
    }
    assert!(moved > 0, "the reordered inventory should move findings");
}

/// Past GitHub's 25,000 results per run the most severe are kept and the run says so.
#[test]
fn more_than_25000_results_keep_the_most_severe() {
    let sarif = json(
        "sarif",
        &["tests/reports/inventory.json"],
        &["--no-builtin", "--policy", "tests/reports/flood"],
    );
    let results = results(&sarif);
    assert_eq!(results.len(), 25_000);
    let critical = results.iter().filter(|r| r["level"] == "error").count();
    assert_eq!(critical, 26, "every critical finding is kept");
    let notes = run(&sarif)["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let text = notes[0]["message"]["text"].as_str().expect("text");
    assert!(
        text.contains("10 of 25010 findings") && text.contains("25000"),
        "{text}"
    );
    assert_eq!(notes[0]["level"], "warning");
    // Kept results stay in report order: by rule, then resource id.
    let names: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["logicalLocations"][0]["name"]
                .as_str()
                .expect("id")
        })
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]));
}

/// The validator is live: a result without a message, or with a level SARIF does not know, fails.
#[test]
fn schema_rejects_broken_sarif() {
    let mut sarif = json("sarif", FIXTURE, &[]);
    let validator = schema_validator();
    assert!(validator.is_valid(&sarif));
    sarif["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&sarif));
    sarif["runs"][0]["results"][0]["level"] = Value::from("error");
    sarif["runs"][0]["results"][0]
        .as_object_mut()
        .expect("result")
        .remove("message");
    assert!(!validator.is_valid(&sarif));
}

#[test]
fn unknown_format_names_every_format() {
    let out = dxcheck(&["check", "--format", "xml", "examples/inventory.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("text, json, sarif, junit, markdown, html"),
        "{err}"
    );
}
