//! Evaluation of the full built-in pack over synthetic inventories, in process: the policy input,
//! the rules (per rule), and findings, without file parsing or report writing (see BENCHMARKS.md
//! for the whole-process figures).
//!
//!     cargo bench --bench check                      # 5 runs at 1k, 10k and 100k connections
//!     cargo bench --bench check -- 7 10000 100000    # 7 runs at 10k and 100k
//!
//! Prints the median of each phase per size, and the slowest rules.

#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::time::Duration;

use dxcheck::check::{CheckOptions, Checker};
use dxcheck::inventory::LoadedInventory;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // As the CLI does: freed memory stays with the process for reuse.
    dxcheck::allocator::tune_for_short_runs();
    // `cargo bench` passes `--bench`; anything numeric is ours: runs, then sizes.
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let runs = numbers.first().copied().unwrap_or(5).max(1);
    let sizes = if numbers.len() > 1 {
        numbers[1..].to_vec()
    } else {
        vec![1_000, 10_000, 100_000]
    };
    let checker = match Checker::new(CheckOptions::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("check bench: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "{} rules, {runs} runs per size, {} threads",
        checker.rules.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for n in sizes {
        let inventory = LoadedInventory::from_document("synthetic.json", synthetic::generate(n, 1));
        let mut input = Vec::new();
        let mut evaluation = Vec::new();
        let mut findings = Vec::new();
        let mut total = Vec::new();
        let mut per_rule: Vec<(String, Vec<Duration>)> = Vec::new();
        let mut count = 0;
        for _ in 0..runs {
            // A check takes its inventory (and frees most of it early, as the CLI does).
            let copy = inventory.clone();
            let started = std::time::Instant::now();
            let report = match checker.check(copy) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("check bench: {e}");
                    std::process::exit(2);
                }
            };
            total.push(started.elapsed());
            let t = &report.timings;
            input.push(t.input);
            evaluation.push(t.evaluation);
            findings.push(t.findings);
            for (id, d) in &t.rules {
                match per_rule.iter_mut().find(|(r, _)| r == id) {
                    Some((_, ds)) => ds.push(*d),
                    None => per_rule.push((id.clone(), vec![*d])),
                }
            }
            count = report.findings.len();
        }
        println!(
            "{n:>7} connections, {count} findings: total {:.1} ms = input {:.1} + evaluation {:.1} + findings {:.1} (medians)",
            ms(median(total)),
            ms(median(input)),
            ms(median(evaluation)),
            ms(median(findings))
        );
        let mut rules: Vec<(String, Duration)> = per_rule
            .into_iter()
            .map(|(id, ds)| (id, median(ds)))
            .collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.1));
        let slowest: Vec<String> = rules
            .iter()
            .take(5)
            .map(|(id, d)| format!("{id} {:.1}", ms(*d)))
            .collect();
        println!(
            "         slowest rules (ms, summed over threads): {}",
            slowest.join(", ")
        );
    }
}
