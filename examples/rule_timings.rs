//! Where the time goes when the built-in pack (or the policies under a directory) checks one
//! inventory: loading, derived lookups, conversion to the engine's values, and each rule,
//! evaluated on one thread (best of REPEAT runs).
//!
//! ```text
//! cargo run --release --example gen_inventory -- --connections 100000 --seed 1 -o /tmp/100k.json
//! cargo run --release --example rule_timings -- /tmp/100k.json 3
//! cargo run --release --example rule_timings -- /tmp/100k.json 3 my/policies   # instead of the pack
//! ```

use std::time::{Duration, Instant};

use dxcheck::inventory::LoadedInventory;
use dxcheck::inventory::lookups::policy_input_value;
use dxcheck::policy::PolicySet;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: rule_timings INVENTORY [REPEAT] [POLICY_DIR]")?;
    let repeat: usize = args.get(1).map_or(Ok(1), |s| s.parse())?;
    let extra: Vec<String> = args.get(2).cloned().into_iter().collect();

    let t = Instant::now();
    let inv = LoadedInventory::load(std::slice::from_ref(path))?;
    let load = t.elapsed();
    // The input exactly as `dxcheck check` builds it.
    let t = Instant::now();
    let input = policy_input_value(&inv.document)?;
    let build = t.elapsed();

    let set = PolicySet::load(extra.is_empty(), &extra)?;
    let mut engine = set.engine(&serde_json::json!({}))?;
    engine.set_input(input);
    println!(
        "{} hosted connections: load {:.0} ms, policy input {:.0} ms",
        inv.document.hosted_connections.len(),
        ms(load),
        ms(build),
    );

    let mut total = Duration::ZERO;
    for rule in &set.rules {
        let mut best = Duration::MAX;
        let mut found = 0;
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let value = engine.eval_rule(rule.query())?;
            best = best.min(t.elapsed());
            found = match value {
                regorus::Value::Set(s) => s.len(),
                _ => 0,
            };
        }
        total += best;
        println!("{:<8} {:>9.1} ms {found:>8} findings", rule.id, ms(best));
    }
    println!("{:<8} {:>9.1} ms", "rules", ms(total));
    Ok(())
}
