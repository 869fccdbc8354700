//! A per-parent rule ("parent carries more than N active hosted connections") written two ways,
//! timed on growing synthetic estates: a comprehension over every connection per parent (naive)
//! against `input.lookups.activeConnectionsByParent` (lookups). The policies are
//! benches/policies/naive.rego and benches/policies/lookups.rego.
//!
//! ```text
//! cargo run --release --example naive_vs_lookups                  # 10k 20k 40k 100k, 5 runs
//! cargo run --release --example naive_vs_lookups -- 5 10000 100000 # RUNS SIZE...
//! ```
//!
//! Each estate has one 10G interconnect per 50 hosted connections, so the naive form does
//! (N/50) x N comparisons. A naive run whose predicted time exceeds NAIVE_CAP is not started:
//! the prediction (from the largest size measured, times the square of the growth) is printed.

use std::time::{Duration, Instant};

use dxcheck::inventory::load::{SourceText, parse_document};
use dxcheck::inventory::lookups::policy_input_value;
use dxcheck::policy::{PolicyFile, PolicySet, source};
use serde_json::{Value, json};

const NAIVE: &str = include_str!("../benches/policies/naive.rego");
const LOOKUPS: &str = include_str!("../benches/policies/lookups.rego");
const NAIVE_CAP: Duration = Duration::from_secs(120);
const STATES: [&str; 6] = [
    "available",
    "available",
    "available",
    "ordering",
    "down",
    "deleted",
];

fn estate(connections: usize) -> Value {
    let parents = connections.div_ceil(50);
    let interconnects: Vec<Value> = (0..parents)
        .map(|p| {
            json!({
                "interconnectId": format!("dxcon-p{p:07}"),
                "interconnectName": format!("port-{p}"),
                "interconnectState": "available",
                "bandwidth": "10Gbps",
                "region": "us-east-1",
                "location": "EqDC2",
            })
        })
        .collect();
    // A fixed LCG spreads connections unevenly, so some parents go over the limit.
    let mut seed: u64 = 42;
    let hosted: Vec<Value> = (0..connections)
        .map(|i| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let parent = (seed >> 33) as usize % parents;
            json!({
                "connectionId": format!("dxcon-h{i:07}"),
                "connectionName": format!("cust-{i}"),
                "connectionState": STATES[(seed >> 20) as usize % STATES.len()],
                "ownerAccount": format!("{:012}", 100000000000u64 + (i as u64 % 997)),
                "bandwidth": "500Mbps",
                "vlan": 100 + (i % 3000),
                "region": "us-east-1",
                "location": "EqDC2",
                "parentId": format!("dxcon-p{parent:07}"),
                "parentType": "interconnect",
            })
        })
        .collect();
    json!({
        "schemaVersion": 1,
        "generator": {"name": "naive_vs_lookups", "version": "1"},
        "collectedAt": "2026-11-29T17:00:00Z",
        "regions": ["us-east-1"],
        "interconnects": interconnects,
        "lags": [],
        "hostedConnections": hosted,
        "errors": [],
    })
}

fn engine(policy: &str, path: &str) -> Result<regorus::Engine, Box<dyn std::error::Error>> {
    let mut files: Vec<PolicyFile> = source::builtin_files()
        .into_iter()
        .filter(|f| f.path.starts_with("policies/lib/") && !f.is_test())
        .collect();
    files.push(PolicyFile {
        path: path.into(),
        text: policy.into(),
        builtin: false,
    });
    let set = PolicySet::from_files(files)?;
    Ok(set.engine(&json!({}))?)
}

/// Median wall time of `runs` evaluations of `query`, and the number of findings.
fn time_rule(
    engine: &regorus::Engine,
    input: &regorus::Value,
    query: &str,
    runs: usize,
) -> Result<(Duration, usize), Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(runs);
    let mut findings = 0;
    for _ in 0..runs {
        let mut e = engine.clone();
        e.set_input(input.clone());
        let t = Instant::now();
        let v = e.eval_rule(query.to_string())?;
        times.push(t.elapsed());
        findings = match v {
            regorus::Value::Set(s) => s.len(),
            _ => 0,
        };
    }
    times.sort();
    Ok((times[times.len() / 2], findings))
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.first().map_or(Ok(5), |s| s.parse())?;
    let mut sizes: Vec<usize> = args[1.min(args.len())..]
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()?;
    if sizes.is_empty() {
        sizes = vec![10_000, 20_000, 40_000, 100_000];
    }
    let naive = engine(NAIVE, "benches/policies/naive.rego")?;
    let lookups = engine(LOOKUPS, "benches/policies/lookups.rego")?;
    println!(
        "median of {runs} runs; rule evaluation only (the input, lookups included, is built once per size)"
    );
    println!(
        "| hosted connections | parents | build input (ms) | lookups rule (ms) | naive rule (ms) | findings |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut last_naive: Option<(usize, Duration)> = None;
    let mut first: Option<(usize, Duration, Option<Duration>)> = None;
    for &n in &sizes {
        let text = serde_json::to_string(&estate(n))?;
        let t = Instant::now();
        let inv = parse_document(
            &SourceText {
                name: format!("synthetic-{n}.json"),
                text,
            },
            0,
        )?;
        let input = policy_input_value(&inv)?;
        let build = t.elapsed();
        let (fast, found_fast) = time_rule(&lookups, &input, "data.bench.lookups.deny", runs)?;
        let predicted = last_naive.map(|(m, d)| d.mul_f64((n as f64 / m as f64).powi(2)));
        let slow = match predicted {
            Some(p) if p > NAIVE_CAP => None,
            _ => {
                let (d, found_slow) = time_rule(&naive, &input, "data.bench.naive.deny", runs)?;
                if found_slow != found_fast {
                    return Err(format!(
                        "the two forms disagree at {n}: {found_slow} vs {found_fast} findings"
                    )
                    .into());
                }
                last_naive = Some((n, d));
                Some(d)
            }
        };
        let slow_cell = match (slow, predicted) {
            (Some(d), _) => ms(d),
            (None, Some(p)) => format!("not run (predicted ≈ {:.0} s)", p.as_secs_f64()),
            (None, None) => "not run".into(),
        };
        println!(
            "| {n} | {} | {} | {} | {slow_cell} | {found_fast} |",
            n.div_ceil(50),
            ms(build),
            ms(fast)
        );
        match first {
            None => first = Some((n, fast, slow)),
            Some((n0, fast0, slow0)) => {
                let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
                let naive_ratio = slow0
                    .zip(slow)
                    .map(|(s0, s)| format!("{:.1}", ratio(s, s0)))
                    .unwrap_or_else(|| "-".into());
                eprintln!(
                    "{n}/{n0} time ratio: lookups {:.1}, naive {naive_ratio}",
                    ratio(fast, fast0)
                );
            }
        }
    }
    Ok(())
}
