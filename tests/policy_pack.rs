//! The built-in pack as a whole: every rule fires on committed data, inactive connections never
//! do, parameter defaults in METADATA match the ones in Rego, and the test helper that builds
//! lookups agrees with the real ones.

mod policy_support;

use std::collections::{BTreeMap, BTreeSet};

use dxcheck::inventory::LoadedInventory;
use dxcheck::inventory::lookups::input_document;
use dxcheck::policy::PolicySet;
use dxcheck::policy::source::{PolicyFile, builtin_files};
use policy_support::*;
use serde_json::{Value, json};

const FIXTURE: &str = "tests/fixtures/every_rule/inventory.json";
const FIXTURE_CONFIG: &str = "tests/fixtures/every_rule/dxcheck.toml";
const EXAMPLE: &str = "examples/inventory.json";

fn check_json(args: &[&str]) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--fail-on", "never"]);
    let out = dxcheck(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json(&out)
}

fn fired(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["ruleId"].as_str().expect("ruleId").to_string())
        .collect()
}

#[test]
fn every_rule_fires_on_the_committed_fixture() {
    let report = check_json(&[FIXTURE, "--config", FIXTURE_CONFIG]);
    let ids: BTreeSet<String> = builtin_rule_ids().into_iter().collect();
    let fired = fired(&report);
    let missing: Vec<_> = ids.difference(&fired).collect();
    assert!(missing.is_empty(), "rules that never fire: {missing:?}");
}

#[test]
fn the_example_inventory_shows_most_rules() {
    let report = check_json(&[EXAMPLE, "--config", "examples/dxcheck.toml"]);
    let fired = fired(&report);
    for id in [
        "DX001", "DX002", "DX003", "DX004", "DX007", "DX011", "DX012", "DX021",
    ] {
        assert!(fired.contains(id), "{id} fires on the example: {fired:?}");
    }
}

#[test]
fn inactive_and_unknown_state_connections_are_never_judged() {
    let report = check_json(&[FIXTURE, "--config", FIXTURE_CONFIG]);
    for f in report["findings"].as_array().expect("findings") {
        let id = f["resource"]["id"].as_str().unwrap_or("");
        // dxcon-fxc00008 is deleted; dxcon-fxc00009 is in a state this version does not know.
        assert!(
            id != "dxcon-fxc00008" && id != "dxcon-fxc00009",
            "{} judged an inactive connection: {}",
            f["ruleId"],
            f["message"]
        );
    }
}

#[test]
fn parameters_only_narrow_what_the_defaults_report() {
    // Without its config, the fixture still runs clean (no policy error) and the rules that need
    // a parameter stay silent.
    let report = check_json(&[FIXTURE]);
    let fired = fired(&report);
    for id in [
        "DX003", "DX014", "DX015", "DX016", "DX017", "DX025", "DX026",
    ] {
        assert!(!fired.contains(id), "{id} needs its parameter: {fired:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Parameter defaults: the METADATA `custom.params` of each rule against the Rego.

fn engine(files: &[PolicyFile], params: &Value) -> regorus::Engine {
    let mut engine = regorus::Engine::new();
    for f in files {
        engine
            .add_policy(f.path.clone(), f.text.clone())
            .unwrap_or_else(|e| panic!("{}: {e}", f.path));
    }
    engine
        .add_data(regorus::Value::from(json!({"dxcheck": {"params": params}})))
        .expect("params");
    engine
}

fn to_json(v: &regorus::Value) -> Value {
    serde_json::to_value(v).expect("JSON value")
}

/// Numbers compare by value: YAML's `1.0` and Rego's `1.0` may serialize differently.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn declared_parameters_are_exactly_those_the_rule_reads_with_the_same_defaults() {
    let set = PolicySet::load(true, &[]).expect("pack loads");
    let files: Vec<PolicyFile> = builtin_files();
    let mut engine = engine(&files, &json!({}));
    let read =
        regex::Regex::new(r#"lib\.param(?:_set)?\("([a-z_]+)"(?:,\s*([^)]+))?\)"#).expect("regex");
    for rule in &set.rules {
        let text = &files
            .iter()
            .find(|f| f.path == rule.file)
            .expect("rule file")
            .text;
        let mut used: BTreeMap<String, Option<String>> = BTreeMap::new();
        for caps in read.captures_iter(text) {
            let name = caps[1].to_string();
            let default = caps.get(2).map(|m| m.as_str().trim().to_string());
            let entry = used.entry(name).or_default();
            if default.is_some() {
                *entry = default;
            }
        }
        let declared = &rule.metadata.custom.params;
        let declared_names: BTreeSet<&String> = declared.keys().collect();
        let used_names: BTreeSet<&String> = used.keys().collect();
        assert_eq!(
            declared_names, used_names,
            "{}: custom.params must list exactly the parameters the rule reads",
            rule.id
        );
        for (name, default) in &used {
            let Some(expr) = default else { continue };
            // A literal default, or the name of a rule of the same package.
            let rego_default = serde_json::from_str::<Value>(expr).unwrap_or_else(|_| {
                let value = engine
                    .eval_rule(format!("data.{}.{expr}", rule.package))
                    .unwrap_or_else(|e| panic!("{}: default {expr} of {name}: {e}", rule.id));
                to_json(&value)
            });
            assert!(
                same(&rego_default, &declared[name]),
                "{}: {name} defaults to {rego_default} in Rego but {} in METADATA",
                rule.id,
                declared[name]
            );
        }
    }
}

#[test]
fn declared_defaults_behave_like_no_parameters() {
    let set = PolicySet::load(true, &[]).expect("pack loads");
    let files: Vec<PolicyFile> = builtin_files()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    let mut defaults = serde_json::Map::new();
    for rule in &set.rules {
        for (k, v) in &rule.metadata.custom.params {
            defaults.insert(k.clone(), v.clone());
        }
    }
    let mut bare = engine(&files, &json!({}));
    let mut explicit = engine(&files, &Value::Object(defaults));
    for path in [EXAMPLE, FIXTURE] {
        let inv = LoadedInventory::load(&[path.to_string()]).expect("inventory");
        let input = regorus::Value::from(input_document(&inv.document).expect("input"));
        bare.set_input(input.clone());
        explicit.set_input(input);
        for rule in &set.rules {
            let query = format!("data.{}.{}", rule.package, rule.name);
            let a = to_json(&bare.eval_rule(query.clone()).expect("evaluates"));
            let b = to_json(&explicit.eval_rule(query).expect("evaluates"));
            assert_eq!(
                a, b,
                "{} on {path}: declared defaults change the result",
                rule.id
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// data.dxcheck.fixtures.with_lookups, which unit tests use, against the Rust lookups.

#[test]
fn the_test_helper_builds_the_same_lookups_as_dxcheck() {
    let files = builtin_files();
    let mut engine = engine(&files, &json!({}));
    for path in [EXAMPLE, FIXTURE] {
        let inv = LoadedInventory::load(&[path.to_string()]).expect("inventory");
        let doc = input_document(&inv.document).expect("input");
        let mut plain = doc.clone();
        plain.as_object_mut().expect("object").remove("lookups");
        engine.set_input(regorus::Value::from(plain));
        let results = engine
            .eval_query("data.dxcheck.fixtures.lookups(input)".to_string(), false)
            .expect("helper evaluates");
        let helper = to_json(&results.result[0].expressions[0].value);
        let real = &doc["lookups"];
        for (name, value) in real.as_object().expect("lookups") {
            assert_eq!(
                &helper[name], value,
                "{path}: lookups.{name} differs between the Rego test helper and dxcheck"
            );
        }
        assert_eq!(
            helper.as_object().map(|o| o.len()),
            real.as_object().map(|o| o.len()),
            "{path}: the helper builds every lookup and no other"
        );
    }
}

#[test]
fn rules_neither_fail_nor_fire_on_empty_or_partial_documents() {
    let set = PolicySet::load(true, &[]).expect("pack loads");
    let files: Vec<PolicyFile> = builtin_files()
        .into_iter()
        .filter(|f| !f.is_test())
        .collect();
    let mut engine = engine(&files, &json!({}));
    let inv = LoadedInventory::load(&[FIXTURE.to_string()]).expect("inventory");
    let mut without_lookups = serde_json::to_value(&inv.document).expect("json");
    without_lookups
        .as_object_mut()
        .expect("object")
        .remove("lookups");
    let documents = [
        json!({}),
        json!({"hostedConnections": [], "interconnects": [], "lags": []}),
        json!({"hostedConnections": [{"connectionId": "dxcon-bare"}], "lookups": {}}),
        without_lookups,
    ];
    for doc in documents {
        engine.set_input(regorus::Value::from(doc.clone()));
        for rule in &set.rules {
            let query = format!("data.{}.{}", rule.package, rule.name);
            let value = engine
                .eval_rule(query)
                .unwrap_or_else(|e| panic!("{} errors on {doc}: {e}", rule.id));
            let value = to_json(&value);
            // Rules over lookups find nothing without them; the others may judge what is there.
            if doc
                .get("hostedConnections")
                .is_none_or(|c| c.as_array().is_some_and(|a| a.len() < 2))
            {
                assert!(
                    value.as_array().is_none_or(|a| a.is_empty()) || value.is_null(),
                    "{} fires on {doc}: {value}",
                    rule.id
                );
            }
        }
    }
}
