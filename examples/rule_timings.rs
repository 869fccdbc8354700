//! Per-rule evaluation time of the built-in pack on one inventory, single-threaded:
//! `cargo run --release --example rule_timings -- INVENTORY [REPEAT]`.

use std::time::Instant;

use dxcheck::inventory::LoadedInventory;
use dxcheck::inventory::lookups::input_document;
use dxcheck::policy::PolicySet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: rule_timings INVENTORY [REPEAT]")?;
    let repeat: usize = args.get(1).map_or(Ok(1), |s| s.parse())?;
    // A third argument: a policy directory to time instead of the built-in pack.
    let extra: Vec<String> = args.get(2).cloned().into_iter().collect();
    let t = Instant::now();
    let inv = LoadedInventory::load(std::slice::from_ref(path))?;
    let load = t.elapsed();
    let t = Instant::now();
    let _plain = serde_json::to_value(&inv.document)?;
    let to_json = t.elapsed();
    drop(_plain);
    let mut build = std::time::Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let l = dxcheck::inventory::lookups::Lookups::build(&inv.document);
        build = build.min(t.elapsed());
        drop(l);
    }
    let t = Instant::now();
    let lk = serde_json::to_value(dxcheck::inventory::lookups::Lookups::build(&inv.document))?;
    let lk_json = t.elapsed();
    let t = Instant::now();
    let lk_rego = regorus::Value::from(lk);
    let lk_conv = t.elapsed();
    drop(lk_rego);
    eprintln!(
        "to_value {to_json:?}  Lookups::build {build:?}  lookups to JSON (incl. build) {lk_json:?}  lookups to regorus {lk_conv:?}"
    );
    let t = Instant::now();
    let doc = input_document(&inv.document)?;
    let lookups = t.elapsed();
    let t = Instant::now();
    let input = regorus::Value::from(doc);
    let convert = t.elapsed();
    let set = PolicySet::load(extra.is_empty(), &extra)?;
    let t = Instant::now();
    let mut engine = set.engine(&serde_json::json!({}))?;
    engine.set_input(input);
    let compile = t.elapsed();
    eprintln!("load {load:?}  lookups {lookups:?}  to-regorus {convert:?}  engine {compile:?}");
    let mut total = std::time::Duration::ZERO;
    for rule in &set.rules {
        let mut best = std::time::Duration::MAX;
        let mut n = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            let v = engine.eval_rule(rule.query())?;
            best = best.min(t.elapsed());
            n = match v {
                regorus::Value::Set(s) => s.len(),
                _ => 0,
            };
        }
        total += best;
        println!(
            "{:<6} {:>10.1} ms  {n:>6} findings",
            rule.id,
            best.as_secs_f64() * 1000.0
        );
    }
    println!("total  {:>10.1} ms", total.as_secs_f64() * 1000.0);
    Ok(())
}
