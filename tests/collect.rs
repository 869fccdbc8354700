//! The collector through the real SDK client against the fake Direct Connect endpoint.

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use dxcheck::collect::{self, ClientSettings, Plan, Progress, Target};
use support::fake_dx::{self, FakeDx, Faults, Shape, World};
use support::{assert_same_resources, expected};

fn target(key: &str, account: Option<&str>) -> Target {
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            key,
            fake_dx::BASE_SECRET,
            None,
            None,
            "test",
        )))
        .build();
    Target {
        account: account.map(str::to_string),
        role_arn: None,
        config,
    }
}

fn plan(url: &str, regions: &[&str], concurrency: usize) -> Plan {
    Plan {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        parents: Vec::new(),
        concurrency,
        skip_disabled_regions: false,
        client: ClientSettings {
            endpoint_url: Some(url.to_string()),
            initial_backoff: Duration::from_millis(2),
            ..ClientSettings::default()
        },
    }
}

fn shape(regions: &[&str]) -> Shape {
    Shape {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        interconnects_per_region: 4,
        hosted_lags_per_region: 2,
        plain_lags_per_region: 1,
        connections_per_parent: 7,
    }
}

const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "us-west-2"];

async fn run(targets: Vec<Target>, plan: &Plan) -> collect::Collection {
    collect::collect(
        targets,
        plan,
        Arc::new(Progress::quiet()),
        None,
        "us-east-1",
    )
    .await
    .expect("collection")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inventory_equals_the_world_exactly() {
    let world = World::single(fake_dx::estate("a", &shape(REGIONS)));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            page_size: 3,
            ..Faults::default()
        },
    );
    let got = run(
        vec![target(fake_dx::BASE_KEY, None)],
        &plan(&fake.url, REGIONS, 8),
    )
    .await;
    let inv = &got.inventory;

    assert_same_resources(inv, &expected(&world, &[(fake_dx::BASE_KEY, None)]));
    assert_eq!(inv.hosted_connections.len(), world.connection_count());
    let ids: BTreeSet<&str> = inv
        .hosted_connections
        .iter()
        .map(|c| c.connection_id.as_str())
        .collect();
    assert_eq!(
        ids.len(),
        inv.hosted_connections.len(),
        "every connection once"
    );
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    assert_eq!(inv.regions, REGIONS);
    assert_eq!(inv.schema_version, 1);
    assert_eq!(
        inv.generator.as_ref().map(|g| g.name.as_str()),
        Some("dxcheck")
    );
    let at = inv.collected_at.clone().expect("collectedAt");
    assert!(
        inv.hosted_connections
            .iter()
            .all(|c| c.first_seen.as_deref() == Some(&at) && c.state_since.as_deref() == Some(&at))
    );
    // Plain LAGs are listed but never asked for hosted connections; pages of 3 mean every list
    // was followed through nextToken.
    assert_eq!(inv.lags.len(), 3 * 3);
    let stats = fake.stats();
    let parents_per_region = 4 + 2;
    let pages_per_parent = 7_u64.div_ceil(3);
    assert_eq!(
        stats.by_operation["DescribeHostedConnections"],
        3 * parents_per_region * pages_per_parent
    );
    assert_eq!(stats.by_operation["DescribeInterconnects"], 3 * 2);
    assert_eq!(stats.by_operation["DescribeLags"], 3);
    assert_eq!(
        stats.regions,
        REGIONS.iter().map(|r| r.to_string()).collect()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_and_server_errors_are_retried_to_a_complete_inventory() {
    let mut s = shape(REGIONS);
    s.connections_per_parent = 20;
    let world = World::single(fake_dx::estate("t", &s));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            page_size: 4,
            throttle_percent: 10,
            error500_percent: 5,
            seed: 7,
            ..Faults::default()
        },
    );
    let got = run(
        vec![target(fake_dx::BASE_KEY, None)],
        &plan(&fake.url, REGIONS, 8),
    )
    .await;
    assert!(
        got.inventory.errors.is_empty(),
        "{:?}",
        got.inventory.errors
    );
    assert_same_resources(
        &got.inventory,
        &expected(&world, &[(fake_dx::BASE_KEY, None)]),
    );
    let stats = fake.stats();
    assert!(
        stats.throttled > 0 && stats.errors500 > 0,
        "faults were injected: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_in_flight_never_exceed_the_concurrency() {
    let mut s = shape(&["eu-west-1", "us-east-1"]);
    s.interconnects_per_region = 8;
    s.connections_per_parent = 5;
    let world = World::single(fake_dx::estate("c", &s));
    for concurrency in [1, 3] {
        let fake = FakeDx::start(
            world.clone(),
            Faults {
                page_size: 2,
                latency: Duration::from_millis(10),
                ..Faults::default()
            },
        );
        let got = run(
            vec![target(fake_dx::BASE_KEY, None)],
            &plan(&fake.url, &["eu-west-1", "us-east-1"], concurrency),
        )
        .await;
        assert_eq!(
            got.inventory.hosted_connections.len(),
            world.connection_count()
        );
        let stats = fake.stats();
        assert!(stats.requests > 50);
        // Never above the bound, and the bound is actually used.
        assert_eq!(stats.max_in_flight, concurrency as u64, "{stats:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_that_always_fails_is_recorded_and_the_rest_is_collected() {
    let world = World::single(fake_dx::estate("f", &shape(REGIONS)));
    let failing = "dxcon-fr1i2";
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            page_size: 5,
            failing_parents: [failing.to_string()].into(),
            ..Faults::default()
        },
    );
    let got = run(
        vec![target(fake_dx::BASE_KEY, None)],
        &plan(&fake.url, REGIONS, 8),
    )
    .await;
    let inv = &got.inventory;
    assert_eq!(inv.errors.len(), 1, "{:?}", inv.errors);
    let e = &inv.errors[0];
    assert_eq!(e.region, "us-east-1");
    assert_eq!(e.operation, "DescribeHostedConnections");
    assert_eq!(e.parent_id.as_deref(), Some(failing));
    assert_eq!(e.code, "DirectConnectServerException");
    assert_eq!(e.message, "An internal error occurred.");

    let mut want = expected(&world, &[(fake_dx::BASE_KEY, None)]);
    want.hosted_connections
        .retain(|c| c.parent_id.as_deref() != Some(failing));
    assert_same_resources(inv, &want);
    // The SDK retried it the configured number of times (8 attempts) before giving up.
    assert_eq!(fake.stats().errors500, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_named_parents_are_listed_and_an_unknown_one_is_an_error() {
    let world = World::single(fake_dx::estate("p", &shape(REGIONS)));
    let fake = FakeDx::start(world.clone(), Faults::default());
    let mut p = plan(&fake.url, REGIONS, 4);
    p.parents = vec![
        "dxcon-pr0i1".into(),
        "dxlag-pr2l0".into(),
        "dxlag-nope".into(),
    ];
    let got = run(vec![target(fake_dx::BASE_KEY, None)], &p).await;
    let inv = &got.inventory;
    let parents: BTreeSet<&str> = inv
        .hosted_connections
        .iter()
        .filter_map(|c| c.parent_id.as_deref())
        .collect();
    assert_eq!(parents, ["dxcon-pr0i1", "dxlag-pr2l0"].into());
    assert_eq!(inv.hosted_connections.len(), 14);
    // The estate is still listed whole.
    assert_eq!(inv.interconnects.len(), 12);
    assert_eq!(fake.stats().by_operation["DescribeHostedConnections"], 2);
    assert_eq!(inv.errors.len(), 1);
    assert_eq!(inv.errors[0].code, "ParentNotFound");
    assert_eq!(inv.errors[0].parent_id.as_deref(), Some("dxlag-nope"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_accounts_go_into_one_inventory() {
    let s = shape(&["us-east-1"]);
    let mut world = World::default();
    world
        .estates
        .insert(fake_dx::role_key("111111111111"), fake_dx::estate("x", &s));
    world
        .estates
        .insert(fake_dx::role_key("222222222222"), fake_dx::estate("y", &s));
    let fake = FakeDx::start(world.clone(), Faults::default());
    let k1 = fake_dx::role_key("111111111111");
    let k2 = fake_dx::role_key("222222222222");
    let got = run(
        vec![
            target(&k1, Some("111111111111")),
            target(&k2, Some("222222222222")),
        ],
        &plan(&fake.url, &["us-east-1"], 8),
    )
    .await;
    assert_same_resources(
        &got.inventory,
        &expected(
            &world,
            &[(&k1, Some("111111111111")), (&k2, Some("222222222222"))],
        ),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_stop_the_run_with_one_sentence() {
    let world = World::single(fake_dx::estate("r", &shape(&["us-east-1"])));
    let fake = FakeDx::start(world, Faults::default());
    let err = collect::collect(
        vec![target("AKIDUNKNOWN", None)],
        &plan(&fake.url, &["us-east-1", "eu-west-1"], 8),
        Arc::new(Progress::quiet()),
        None,
        "us-east-1",
    )
    .await
    .expect_err("refused credentials are fatal");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "AWS refused the credentials in every region (UnrecognizedClientException:"
        ),
        "{text}"
    );
    assert!(!text.contains('\n'));
    // Nothing beyond discovery was attempted.
    assert_eq!(fake.stats().requests, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opt_in_region_that_refuses_the_credentials_is_skipped_only_with_all_regions() {
    let world = World::single(fake_dx::estate("o", &shape(&["us-east-1"])));
    let fake = FakeDx::start(
        world.clone(),
        Faults {
            refused_regions: ["af-south-1".to_string()].into(),
            ..Faults::default()
        },
    );
    let mut p = plan(&fake.url, &["af-south-1", "us-east-1"], 8);
    p.skip_disabled_regions = true;
    let got = run(vec![target(fake_dx::BASE_KEY, None)], &p).await;
    assert!(got.inventory.errors.is_empty());
    assert_eq!(got.inventory.regions, ["us-east-1"]);
    assert_eq!(got.warnings.len(), 1);
    assert!(
        got.warnings[0].starts_with("skipped af-south-1"),
        "{:?}",
        got.warnings
    );
    assert_same_resources(
        &got.inventory,
        &expected(&world, &[(fake_dx::BASE_KEY, None)]),
    );

    // Named with --region, the same refusal is a failed collection of that region.
    p.skip_disabled_regions = false;
    let got = run(vec![target(fake_dx::BASE_KEY, None)], &p).await;
    assert!(got.warnings.is_empty());
    assert_eq!(got.inventory.regions, ["af-south-1", "us-east-1"]);
    let errors: Vec<(&str, &str, &str)> = got
        .inventory
        .errors
        .iter()
        .map(|e| (e.region.as_str(), e.operation.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "af-south-1",
                "DescribeInterconnects",
                "UnrecognizedClientException"
            ),
            ("af-south-1", "DescribeLags", "UnrecognizedClientException"),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_slower_than_the_timeout_fails_as_a_timeout() {
    let world = World::single(fake_dx::estate("s", &shape(&["us-east-1"])));
    let fake = FakeDx::start(
        world,
        Faults {
            latency: Duration::from_millis(300),
            ..Faults::default()
        },
    );
    let mut p = plan(&fake.url, &["us-east-1"], 8);
    p.client.request_timeout = Duration::from_millis(50);
    p.client.max_attempts = 2;
    let got = run(vec![target(fake_dx::BASE_KEY, None)], &p).await;
    let errors = &got.inventory.errors;
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|e| e.code == "Timeout"), "{errors:?}");
    assert_eq!(
        errors
            .iter()
            .map(|e| e.operation.as_str())
            .collect::<Vec<_>>(),
        ["DescribeInterconnects", "DescribeLags"]
    );
}
