//! The generator behind the benchmarks, and parallel evaluation on an estate large enough that
//! every worker thread takes many rules with many findings each.

#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::collections::BTreeSet;

use dxcheck::check::{CheckOptions, Checker};
use dxcheck::inventory::LoadedInventory;

const CONNECTIONS: usize = 2_000;

fn checker(threads: usize) -> Checker {
    Checker::new(CheckOptions {
        threads,
        ..CheckOptions::default()
    })
    .expect("the built-in pack compiles")
}

#[test]
fn the_generator_is_deterministic_per_seed_and_realistic() {
    let a = serde_json::to_string(&synthetic::generate(CONNECTIONS, 1)).expect("json");
    let b = serde_json::to_string(&synthetic::generate(CONNECTIONS, 1)).expect("json");
    let c = serde_json::to_string(&synthetic::generate(CONNECTIONS, 2)).expect("json");
    assert_eq!(a, b, "same seed, same bytes");
    assert_ne!(a, c, "another seed, another estate");

    let inv = synthetic::generate(CONNECTIONS, 1);
    assert_eq!(inv.hosted_connections.len(), CONNECTIONS);
    let speeds: BTreeSet<&str> = inv
        .interconnects
        .iter()
        .filter_map(|i| i.bandwidth.as_deref())
        .chain(
            inv.lags
                .iter()
                .filter_map(|l| l.connections_bandwidth.as_deref()),
        )
        .collect();
    for speed in ["1Gbps", "10Gbps", "100Gbps"] {
        assert!(speeds.contains(speed), "no {speed} parent in {speeds:?}");
    }
    assert!(!inv.lags.is_empty());
    let states: BTreeSet<&str> = inv
        .hosted_connections
        .iter()
        .filter_map(|c| c.connection_state.as_deref())
        .collect();
    for state in ["available", "down", "deleted", "ordering", "pending"] {
        assert!(
            states.contains(state),
            "no {state} connection in {states:?}"
        );
    }
    let owners: BTreeSet<&str> = inv
        .hosted_connections
        .iter()
        .filter_map(|c| c.owner_account.as_deref())
        .collect();
    assert!(owners.len() > 100, "{} owners", owners.len());
}

#[test]
fn the_estate_violates_most_of_the_pack_and_threads_change_nothing() {
    let inventory =
        LoadedInventory::from_document("synthetic.json", synthetic::generate(CONNECTIONS, 1));
    let sequential = checker(1).check(inventory.clone()).expect("check");
    // A share of every violation: most built-in rules find something.
    let fired: BTreeSet<&str> = sequential
        .findings
        .iter()
        .map(|f| f.rule_id.as_str())
        .collect();
    assert!(fired.len() >= 15, "only {fired:?} fired");
    for threads in [2, 3] {
        let parallel = checker(threads).check(inventory.clone()).expect("check");
        assert_eq!(
            parallel.findings, sequential.findings,
            "findings differ with {threads} threads"
        );
        let counts = |r: &dxcheck::report::Report| -> Vec<(String, usize, usize)> {
            r.rules
                .iter()
                .map(|s| (s.rule.id.clone(), s.checked, s.findings))
                .collect()
        };
        assert_eq!(counts(&parallel), counts(&sequential));
    }
}

#[test]
fn the_generated_config_switches_on_every_parameterised_rule() {
    let document = synthetic::generate(CONNECTIONS, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("dxcheck.toml");
    std::fs::write(&config, synthetic::config_for(&document)).expect("write config");
    let inventory = LoadedInventory::from_document("synthetic.json", document);
    let report = Checker::new(CheckOptions {
        config: Some(config.to_string_lossy().into_owned()),
        ..CheckOptions::default()
    })
    .expect("config and pack load")
    .check(inventory)
    .expect("check");
    let fired: BTreeSet<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    // The rules that do nothing until a parameter is set: each now finds its share.
    for rule in ["DX014", "DX015", "DX016", "DX025", "DX026"] {
        assert!(
            fired.contains(rule),
            "{rule} found nothing; fired: {fired:?}"
        );
    }
    // allowed_regions lists every region the estate uses: no finding, but it was evaluated.
    assert!(!fired.contains("DX017"), "{fired:?}");
    assert!(report.rule_errors.is_empty(), "{:?}", report.rule_errors);
}

#[test]
fn the_policy_input_built_in_chunks_is_the_input_document() {
    // Over two chunks of 4,096 connections, converted on two threads: hostedConnections must
    // come out in document order, or the lookups' indexes would point at other connections.
    let document = synthetic::generate(9_000, 3);
    let direct = dxcheck::inventory::lookups::policy_input_value(&document).expect("input");
    let json = dxcheck::inventory::lookups::input_document(&document).expect("json");
    let via_text = regorus::Value::from_json_str(&json.to_string()).expect("parse");
    assert_eq!(direct, via_text);
}
