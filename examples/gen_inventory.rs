//! Writes a synthetic inventory (see `support/synthetic.rs`):
//!
//! ```text
//! cargo run --release --example gen_inventory -- --connections 100000 --seed 1 > inv.json
//! cargo run --release --example gen_inventory -- -n 100000 -o inv.json --config all-rules.toml
//! ```
//!
//! `--config` also writes a dxcheck.toml that switches on the rules that wait for a parameter.

use std::io::Write;

#[path = "support/synthetic.rs"]
mod synthetic;

use synthetic::{config_for, generate};

fn main() {
    let mut connections = 1000usize;
    let mut seed = 1u64;
    let mut output: Option<String> = None;
    let mut config: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next().unwrap_or_else(|| {
                eprintln!("gen_inventory: {name} needs a value");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--connections" | "-n" => {
                connections = parse(&value("--connections"), "--connections");
            }
            "--seed" | "-s" => seed = parse(&value("--seed"), "--seed"),
            "--output" | "-o" => output = Some(value("--output")),
            "--config" => config = Some(value("--config")),
            "--help" | "-h" => {
                println!(
                    "usage: gen_inventory [--connections N] [--seed S] [-o FILE] [--config FILE]"
                );
                return;
            }
            other => {
                eprintln!("gen_inventory: unknown argument {other:?}");
                std::process::exit(2);
            }
        }
    }
    let inventory = generate(connections, seed);
    let text = match serde_json::to_string_pretty(&inventory) {
        Ok(t) => t + "\n",
        Err(e) => {
            eprintln!("gen_inventory: {e}");
            std::process::exit(2);
        }
    };
    let written = match &output {
        Some(path) => std::fs::write(path, text),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("gen_inventory: cannot write: {e}");
        std::process::exit(2);
    }
    if let Some(path) = config
        && let Err(e) = std::fs::write(&path, config_for(&inventory))
    {
        eprintln!("gen_inventory: cannot write {path}: {e}");
        std::process::exit(2);
    }
}

fn parse<T: std::str::FromStr>(s: &str, name: &str) -> T {
    s.parse().unwrap_or_else(|_| {
        eprintln!("gen_inventory: {name}: {s:?} is not a number");
        std::process::exit(2)
    })
}
