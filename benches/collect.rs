//! Collector wall time against the ideal, on the fake Direct Connect endpoint.
//!
//! World: 3 regions × 200 parents (150 interconnects + 50 LAGs accepting hosted connections) ×
//! 50 hosted connections, 20 ms latency on every request. Ideal = requests × latency ÷
//! concurrency: what a collector that kept exactly `concurrency` requests in flight from the
//! first to the last would take. Goal: within 1.5× of it at the default concurrency.
//!
//!     cargo bench --bench collect                 # 5 runs at the default concurrency
//!     cargo bench --bench collect -- 7 8 16 32    # 7 runs each at 8, 16 and 32
//!     DXCHECK_BENCH_LATENCY_MS=0 cargo bench --bench collect   # the collector's own cost
//!
//! Prints one line per run and the median per concurrency.

#[path = "../tests/support/fake_dx.rs"]
mod fake_dx;

use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use dxcheck::collect::{self, ClientSettings, DEFAULT_CONCURRENCY, Plan, Progress, Target};
use fake_dx::{FakeDx, Faults, Shape, World};

const DEFAULT_LATENCY_MS: u64 = 20;
const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "us-west-2"];

fn main() {
    // `cargo bench` passes `--bench`; anything numeric is ours.
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let runs = numbers.first().copied().unwrap_or(5).max(1);
    let concurrencies: Vec<usize> = if numbers.len() > 1 {
        numbers[1..].to_vec()
    } else {
        vec![DEFAULT_CONCURRENCY]
    };

    let latency = Duration::from_millis(
        std::env::var("DXCHECK_BENCH_LATENCY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LATENCY_MS),
    );
    let shape = Shape {
        regions: REGIONS.iter().map(|r| r.to_string()).collect(),
        interconnects_per_region: 150,
        hosted_lags_per_region: 50,
        plain_lags_per_region: 0,
        connections_per_parent: 50,
    };
    let world = World::single(fake_dx::estate("b", &shape));
    let expected = world.connection_count();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");

    println!(
        "collector benchmark: {} regions x {} parents x {} connections, {} ms latency, {runs} run(s)",
        REGIONS.len(),
        shape.interconnects_per_region + shape.hosted_lags_per_region,
        shape.connections_per_parent,
        latency.as_millis()
    );
    for concurrency in concurrencies {
        let mut walls = Vec::with_capacity(runs);
        let mut ideal = Duration::ZERO;
        let mut requests = 0;
        for run in 1..=runs {
            let fake = FakeDx::start(
                world.clone(),
                Faults {
                    latency,
                    ..Faults::default()
                },
            );
            let plan = Plan {
                regions: REGIONS.iter().map(|r| r.to_string()).collect(),
                parents: Vec::new(),
                concurrency,
                skip_disabled_regions: false,
                client: ClientSettings {
                    endpoint_url: Some(fake.url.clone()),
                    ..ClientSettings::default()
                },
            };
            let start = Instant::now();
            let got = runtime
                .block_on(collect::collect(
                    vec![target()],
                    &plan,
                    Arc::new(Progress::quiet()),
                    None,
                    "us-east-1",
                ))
                .expect("collection");
            let wall = start.elapsed();
            assert_eq!(got.inventory.hosted_connections.len(), expected);
            assert!(got.inventory.errors.is_empty());
            let stats = fake.stats();
            assert!(stats.max_in_flight <= concurrency as u64);
            requests = stats.requests;
            ideal = latency * requests as u32 / concurrency as u32;
            println!(
                "  concurrency {concurrency:>3}  run {run}: {:>7.3} s  ({requests} requests, ideal {:.3} s, {:.2}x, max in flight {})",
                wall.as_secs_f64(),
                ideal.as_secs_f64(),
                ratio(wall, ideal),
                stats.max_in_flight
            );
            walls.push(wall);
        }
        walls.sort();
        let median = walls[walls.len() / 2];
        println!(
            "concurrency {concurrency}: median {:.3} s over {runs} runs, {requests} requests, ideal {:.3} s, ratio {:.2}x",
            median.as_secs_f64(),
            ideal.as_secs_f64(),
            ratio(median, ideal)
        );
    }
}

fn ratio(wall: Duration, ideal: Duration) -> f64 {
    if ideal.is_zero() {
        f64::NAN
    } else {
        wall.as_secs_f64() / ideal.as_secs_f64()
    }
}

fn target() -> Target {
    Target::own(
        SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                fake_dx::BASE_KEY,
                fake_dx::BASE_SECRET,
                None,
                None,
                "bench",
            )))
            .build(),
    )
}
