//! Synthetic inventories for benchmarks and scale tests (shared by `examples/gen_inventory.rs`
//! and `benches/check.rs`):
//!
//! ```text
//! cargo run --release --example gen_inventory -- --connections 100000 --seed 1 > inv.json
//! ```
//!
//! A partner estate of 1/10/100G interconnects and LAGs across five regions, with hosted
//! connections in a realistic mix of states, bandwidths, VLANs, tags, customer accounts and
//! MACsec settings — and a small share of every violation the built-in pack looks for. The
//! same arguments always give the same bytes (a fixed PRNG, a fixed collectedAt).

use dxcheck::inventory::model::{
    Connection, Generator, Interconnect, Inventory, Lag, MacSecKey, SCHEMA_VERSION, Tag,
};

/// splitmix64: small, fast, and stable across platforms and Rust versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// Picks from `(weight, value)` pairs.
    fn weighted<T: Copy>(&mut self, items: &[(u32, T)]) -> T {
        let total: u32 = items.iter().map(|(w, _)| w).sum();
        let mut roll = self.below(total as usize) as u32;
        for (w, v) in items {
            if roll < *w {
                return *v;
            }
            roll -= w;
        }
        items[items.len() - 1].1
    }
}

const COLLECTED_AT: &str = "2026-11-29T17:00:00Z";
/// collectedAt as epoch seconds, for generating timestamps before it.
const NOW: i64 = 1_795_971_600;
const PARTNER_ACCOUNT: &str = "123456789012";

const SITES: &[(&str, &str, &str)] = &[
    ("us-east-1", "EqDC2", "iad"),
    ("us-east-1", "CSVA1", "iad"),
    ("us-west-2", "EqSE2", "sea"),
    ("eu-west-1", "TCSH", "lhr"),
    ("eu-west-1", "EIRCM", "dub"),
    ("eu-central-1", "EqFA5", "fra"),
    ("ap-southeast-2", "EqSY3", "syd"),
];

const PROVIDERS: &[&str] = &["Equinix", "Telehouse", "Eircom", "CoreSite"];

fn rfc3339(epoch: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| COLLECTED_AT.to_string())
}

fn days_ago(rng: &mut Rng, max_days: usize) -> String {
    rfc3339(NOW - (rng.below(max_days * 24) as i64 + 1) * 3600)
}

fn bandwidth_text(mbps: u64) -> String {
    if mbps >= 1000 && mbps.is_multiple_of(1000) {
        format!("{}Gbps", mbps / 1000)
    } else {
        format!("{mbps}Mbps")
    }
}

fn id(rng: &mut Rng, prefix: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = String::from(prefix);
    for _ in 0..8 {
        s.push(ALPHABET[rng.below(ALPHABET.len())] as char);
    }
    s
}

fn device(rng: &mut Rng, location: &str) -> String {
    format!("{location}-{}", &id(rng, "")[..8])
}

fn tags(rng: &mut Rng, customer: &str) -> Option<Vec<Tag>> {
    let mut tags = vec![Tag {
        key: "Customer".into(),
        value: Some(customer.into()),
    }];
    if rng.chance(0.93) {
        tags.push(Tag {
            key: "CostCenter".into(),
            value: Some(format!("cc-{}", rng.below(400))),
        });
    }
    Some(tags)
}

fn macsec_key(rng: &mut Rng, region: &str, state: &'static str) -> MacSecKey {
    MacSecKey {
        secret_arn: Some(format!(
            "arn:aws:secretsmanager:{region}:{PARTNER_ACCOUNT}:secret:{}",
            id(rng, "dx-ckn-")
        )),
        ckn: Some(format!("{:016x}{:016x}", rng.next(), rng.next())),
        state: Some(state.into()),
        start_on: Some(days_ago(rng, 300)),
    }
}

/// What a hosted connection inherits from the port it rides on.
struct ParentInfo {
    id: String,
    kind: &'static str,
    site: usize,
    device: String,
    provider: &'static str,
    macsec: bool,
    encryption_mode: Option<&'static str>,
    port_encryption: Option<&'static str>,
    next_vlan: i32,
}

struct Estate {
    interconnects: Vec<Interconnect>,
    lags: Vec<Lag>,
    parents: Vec<ParentInfo>,
}

fn parent_state(rng: &mut Rng) -> &'static str {
    rng.weighted(&[
        (970, "available"),
        (12, "down"),
        (8, "pending"),
        (5, "requested"),
        (5, "deleted"),
    ])
}

fn macsec_settings(
    rng: &mut Rng,
    port_mbps: u64,
) -> (bool, Option<&'static str>, Option<&'static str>) {
    let capable = port_mbps >= 10_000 && rng.chance(0.6);
    if !capable {
        return (false, None, None);
    }
    let mode = rng.weighted(&[
        (85, "must_encrypt"),
        (10, "should_encrypt"),
        (5, "no_encrypt"),
    ]);
    let status = rng.weighted(&[(97, "Encryption Up"), (3, "Encryption Down")]);
    (true, Some(mode), Some(status))
}

fn macsec_keys(rng: &mut Rng, region: &str, capable: bool) -> Option<Vec<MacSecKey>> {
    if !capable {
        return None;
    }
    let state = rng.weighted(&[
        (92, "associated"),
        (3, "associating"),
        (2, "disassociating"),
        (3, "disassociated"),
    ]);
    Some(vec![macsec_key(rng, region, state)])
}

fn estate(rng: &mut Rng, parents: usize) -> Estate {
    let mut e = Estate {
        interconnects: Vec::new(),
        lags: Vec::new(),
        parents: Vec::with_capacity(parents),
    };
    for n in 0..parents {
        let site = rng.below(SITES.len());
        let (region, location, code) = SITES[site];
        let provider = PROVIDERS[rng.below(PROVIDERS.len())];
        let state = parent_state(rng);
        let dev = device(rng, location);
        let since = days_ago(rng, 900);
        if rng.chance(0.65) {
            let port = rng.weighted(&[(10, 1000u64), (70, 10_000), (20, 100_000)]);
            let (macsec, mode, status) = macsec_settings(rng, port);
            let interconnect_id = id(rng, "dxcon-");
            let ic = Interconnect {
                interconnect_id: interconnect_id.clone(),
                interconnect_name: Some(format!("partner-{code}-{}g-{n}", port / 1000)),
                interconnect_state: Some(state.into()),
                region: Some(region.into()),
                location: Some(location.into()),
                bandwidth: Some(bandwidth_text(port)),
                loa_issue_time: Some((NOW - 86400 * 400) as f64),
                aws_device: Some(dev.clone()),
                jumbo_frame_capable: Some(rng.chance(0.7)),
                aws_device_v2: Some(dev.clone()),
                aws_logical_device_id: Some(format!("{location}-logical-{n}")),
                has_logical_redundancy: Some(if rng.chance(0.8) { "yes" } else { "no" }.into()),
                tags: tags(rng, "shared"),
                provider_name: Some(provider.into()),
                mac_sec_capable: Some(macsec),
                port_encryption_status: status.map(Into::into),
                encryption_mode: mode.map(Into::into),
                mac_sec_keys: macsec_keys(rng, region, macsec),
                bandwidth_mbps: Some(port),
                owner_account: Some(PARTNER_ACCOUNT.into()),
                first_seen: Some(since.clone()),
                state_since: Some(since),
                ..Interconnect::default()
            };
            e.parents.push(ParentInfo {
                id: interconnect_id,
                kind: "interconnect",
                site,
                device: dev,
                provider,
                macsec,
                encryption_mode: mode,
                port_encryption: status,
                next_vlan: 100 + rng.below(50) as i32,
            });
            e.interconnects.push(ic);
        } else {
            let port = rng.weighted(&[(15, 1000u64), (65, 10_000), (20, 100_000)]);
            let members = 2 + rng.below(3);
            let (macsec, mode, status) = macsec_settings(rng, port);
            let lag_id = id(rng, "dxlag-");
            let member_conns: Vec<Connection> = (0..members)
                .map(|_| Connection {
                    owner_account: Some(PARTNER_ACCOUNT.into()),
                    connection_id: id(rng, "dxcon-"),
                    connection_state: Some(
                        if rng.chance(0.95) {
                            "available"
                        } else {
                            "down"
                        }
                        .into(),
                    ),
                    region: Some(region.into()),
                    location: Some(location.into()),
                    bandwidth: Some(bandwidth_text(port)),
                    aws_device: Some(dev.clone()),
                    aws_device_v2: Some(dev.clone()),
                    lag_id: Some(lag_id.clone()),
                    bandwidth_mbps: Some(port),
                    ..Connection::default()
                })
                .collect();
            let lag = Lag {
                connections_bandwidth: Some(bandwidth_text(port)),
                number_of_connections: Some(members as i32),
                lag_id: lag_id.clone(),
                owner_account: Some(PARTNER_ACCOUNT.into()),
                lag_name: Some(format!("partner-{code}-lag-{n}")),
                lag_state: Some(state.into()),
                location: Some(location.into()),
                region: Some(region.into()),
                minimum_links: Some(if rng.chance(0.95) { 1 } else { 0 }),
                aws_device: Some(dev.clone()),
                aws_device_v2: Some(dev.clone()),
                aws_logical_device_id: Some(format!("{location}-logical-{n}")),
                connections: Some(member_conns),
                allows_hosted_connections: Some(true),
                jumbo_frame_capable: Some(rng.chance(0.7)),
                has_logical_redundancy: Some(if rng.chance(0.8) { "yes" } else { "no" }.into()),
                tags: tags(rng, "shared"),
                provider_name: Some(provider.into()),
                mac_sec_capable: Some(macsec),
                encryption_mode: mode.map(Into::into),
                mac_sec_keys: macsec_keys(rng, region, macsec),
                connections_bandwidth_mbps: Some(port),
                first_seen: Some(since.clone()),
                state_since: Some(since),
                ..Lag::default()
            };
            e.parents.push(ParentInfo {
                id: lag_id,
                kind: "lag",
                site,
                device: dev,
                provider,
                macsec,
                encryption_mode: mode,
                port_encryption: status,
                next_vlan: 100 + rng.below(50) as i32,
            });
            e.lags.push(lag);
        }
    }
    e
}

fn connection_state(rng: &mut Rng) -> &'static str {
    rng.weighted(&[
        (840, "available"),
        (30, "ordering"),
        (20, "pending"),
        (20, "down"),
        (60, "deleted"),
        (10, "rejected"),
        (8, "deleting"),
        (6, "requested"),
        (6, "unknown"),
    ])
}

pub fn generate(n: usize, seed: u64) -> Inventory {
    let mut rng = Rng(seed ^ 0x005E_ED0F_D1CE);
    let parent_count = (n / 40).max(3);
    let mut e = estate(&mut rng, parent_count);
    let customers: Vec<String> = (0..(n / 4).max(2))
        .map(|_| format!("{:012}", 100_000_000_000u64 + rng.next() % 899_999_999_999))
        .collect();
    // One customer in a hundred is a large one, with some 60 connections; most have a few.
    let large = (customers.len() / 100).max(1);
    let mut hosted = Vec::with_capacity(n);
    for k in 0..n {
        let owner = if rng.chance(0.15) {
            &customers[rng.below(large)]
        } else {
            &customers[rng.below(customers.len())]
        };
        let p = rng.below(e.parents.len());
        let parent = &mut e.parents[p];
        let (region, location, code) = SITES[parent.site];
        let state = connection_state(&mut rng);
        let mut mbps = rng.weighted(&[
            (8, 50u64),
            (10, 100),
            (10, 200),
            (6, 300),
            (6, 400),
            (20, 500),
            (20, 1000),
            (8, 2000),
            (5, 5000),
            (4, 10_000),
            (1, 25_000),
        ]);
        if rng.chance(0.002) {
            mbps = 750;
        }
        let vlan = if rng.chance(0.002) {
            // A VLAN already used on this parent.
            parent.next_vlan - 1 - rng.below(3) as i32
        } else if rng.chance(0.001) {
            [0, 4095, 5000][rng.below(3)]
        } else {
            parent.next_vlan += 1 + rng.below(3) as i32;
            if parent.next_vlan > 4000 {
                parent.next_vlan = 100;
            }
            parent.next_vlan
        };
        let since_days = if matches!(state, "ordering" | "pending") {
            30
        } else {
            700
        };
        let state_since = days_ago(&mut rng, since_days);
        let has_tags = rng.chance(0.5);
        let customer_name = format!("cust{}", &owner[8..]);
        let partner = if rng.chance(0.995) {
            "Acme Networks"
        } else {
            "Other Partner Ltd"
        };
        let partner_macsec = parent.macsec && rng.chance(0.95);
        hosted.push(Connection {
            owner_account: Some(owner.clone()),
            connection_id: id(&mut rng, "dxcon-"),
            connection_name: Some(if rng.chance(0.98) {
                format!("{customer_name}-prod-{code}-{}", k % 10)
            } else {
                format!("Temp {}", k % 10)
            }),
            connection_state: Some(state.into()),
            region: Some(region.into()),
            location: Some(location.into()),
            bandwidth: Some(bandwidth_text(mbps)),
            vlan: Some(vlan),
            partner_name: Some(partner.into()),
            loa_issue_time: Some((NOW - 86400 * 200) as f64),
            lag_id: (parent.kind == "lag").then(|| parent.id.clone()),
            aws_device: Some(parent.device.clone()),
            jumbo_frame_capable: Some(rng.chance(0.6)),
            aws_device_v2: Some(parent.device.clone()),
            has_logical_redundancy: Some(
                rng.weighted(&[(50, "yes"), (20, "no"), (30, "unknown")])
                    .into(),
            ),
            tags: if has_tags {
                tags(&mut rng, &customer_name)
            } else {
                None
            },
            provider_name: Some(parent.provider.into()),
            mac_sec_capable: Some(parent.macsec),
            port_encryption_status: parent.port_encryption.map(Into::into),
            encryption_mode: parent.encryption_mode.map(Into::into),
            partner_interconnect_mac_sec_capable: Some(partner_macsec),
            parent_id: Some(parent.id.clone()),
            parent_type: Some(parent.kind.into()),
            bandwidth_mbps: Some(mbps),
            first_seen: Some(state_since.clone()),
            state_since: Some(state_since),
            ..Connection::default()
        });
    }
    let mut regions: Vec<String> = SITES.iter().map(|s| s.0.to_string()).collect();
    regions.sort();
    regions.dedup();
    Inventory {
        schema_version: SCHEMA_VERSION,
        generator: Some(Generator {
            name: "gen_inventory".into(),
            version: format!("seed {seed}"),
        }),
        collected_at: Some(COLLECTED_AT.into()),
        regions,
        interconnects: e.interconnects,
        lags: e.lags,
        hosted_connections: hosted,
        // No collection errors, and whatever else the model may gain.
        ..Inventory::default()
    }
}

/// A `dxcheck.toml` for `inv` that switches on every rule that waits for a parameter, the way a
/// partner would configure them: its customer list (one account in a hundred missing from it),
/// its own and its providers' names, the regions it sells in, a naming convention most
/// connections follow, and a share of customers that require encryption or redundancy.
// Used by gen_inventory and the tests, not by the evaluation bench.
#[allow(dead_code)]
pub fn config_for(inv: &Inventory) -> String {
    let owners: std::collections::BTreeSet<&str> = inv
        .hosted_connections
        .iter()
        .filter_map(|c| c.owner_account.as_deref())
        .collect();
    let list = |keep: &dyn Fn(usize) -> bool| -> String {
        let picked: Vec<String> = owners
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .map(|(_, o)| format!("\"{o}\""))
            .collect();
        format!("[{}]", picked.join(", "))
    };
    let mut regions: Vec<&str> = SITES.iter().map(|(r, _, _)| *r).collect();
    regions.dedup();
    let mut names = vec!["Acme Networks"];
    names.extend(PROVIDERS);
    let quoted = |xs: &[&str]| {
        let q: Vec<String> = xs.iter().map(|x| format!("\"{x}\"")).collect();
        format!("[{}]", q.join(", "))
    };
    format!(
        "# Every parameterised rule of the built-in pack switched on (gen_inventory --config).\n\
         [params]\n\
         required_tags = [\"Customer\", \"CostCenter\"]\n\
         max_pending_days = 14\n\
         customer_accounts = {}\n\
         allowed_partner_names = {}\n\
         allowed_regions = {}\n\
         name_pattern = \"^cust[0-9]+-prod-[a-z]+-[0-9]+$\"\n\
         encryption_required_accounts = {}\n\
         redundancy_required_accounts = {}\n",
        list(&|i| i % 100 != 7),
        quoted(&names),
        quoted(&regions),
        list(&|i| i % 20 == 3),
        list(&|i| i % 20 == 11),
    )
}
