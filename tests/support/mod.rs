//! Shared by the collector tests: the fake endpoint, the expected inventory of a fake world, and
//! running the binary hermetically.

#![allow(dead_code)]

pub mod fake_dx;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dxcheck::inventory::load::derive_fields;
use dxcheck::inventory::{Connection, Interconnect, Inventory, Lag};
use fake_dx::{Estate, World};
use serde_json::Value;

/// What a collection of `world` must give, in collection order: per estate (in the order of
/// `accounts`, each an access key and the partner account it stands for), per region in name
/// order, interconnects and LAGs as listed, then hosted connections per parent (interconnects,
/// then LAGs that allow hosted connections), each with its parent.
pub fn expected(world: &World, accounts: &[(&str, Option<&str>)]) -> Inventory {
    let mut inv = Inventory {
        schema_version: 1,
        ..Inventory::default()
    };
    for (key, account) in accounts {
        let estate: &Estate = &world.estates[*key];
        for rw in estate.regions.values() {
            for i in &rw.interconnects {
                let mut ic: Interconnect = serde_json::from_value(i.clone()).unwrap();
                ic.owner_account = account.map(str::to_string);
                inv.interconnects.push(ic);
            }
            for l in &rw.lags {
                inv.lags
                    .push(serde_json::from_value::<Lag>(l.clone()).unwrap());
            }
            let parents = rw
                .interconnects
                .iter()
                .map(|i| (i["interconnectId"].as_str().unwrap(), "interconnect"))
                .chain(
                    rw.lags
                        .iter()
                        .filter(|l| l["allowsHostedConnections"] == Value::Bool(true))
                        .map(|l| (l["lagId"].as_str().unwrap(), "lag")),
                );
            for (parent, kind) in parents {
                for c in rw.hosted.get(parent).into_iter().flatten() {
                    let mut conn: Connection = serde_json::from_value(c.clone()).unwrap();
                    conn.parent_id = Some(parent.to_string());
                    conn.parent_type = Some(kind.to_string());
                    inv.hosted_connections.push(conn);
                }
            }
        }
    }
    derive_fields(&mut inv);
    inv
}

/// The collected resources with the fields a collection stamps (times) cleared, for comparing
/// with `expected`.
pub fn without_times(inv: &Inventory) -> Inventory {
    let mut inv = inv.clone();
    for c in &mut inv.hosted_connections {
        c.first_seen = None;
        c.state_since = None;
    }
    for i in &mut inv.interconnects {
        i.first_seen = None;
        i.state_since = None;
    }
    for l in &mut inv.lags {
        l.first_seen = None;
        l.state_since = None;
    }
    inv
}

/// Asserts the resources are the same, item by item, so a failure names the first difference.
pub fn assert_same_resources(got: &Inventory, want: &Inventory) {
    let got = without_times(got);
    assert_eq!(
        got.interconnects.len(),
        want.interconnects.len(),
        "interconnect count"
    );
    for (g, w) in got.interconnects.iter().zip(&want.interconnects) {
        assert_eq!(g, w, "interconnect {}", w.interconnect_id);
    }
    assert_eq!(got.lags.len(), want.lags.len(), "LAG count");
    for (g, w) in got.lags.iter().zip(&want.lags) {
        assert_eq!(g, w, "LAG {}", w.lag_id);
    }
    assert_eq!(
        got.hosted_connections.len(),
        want.hosted_connections.len(),
        "hosted connection count"
    );
    for (g, w) in got.hosted_connections.iter().zip(&want.hosted_connections) {
        assert_eq!(g, w, "hosted connection {}", w.connection_id);
    }
}

/// A scratch directory with empty AWS config files, used as the binary's working directory.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("aws-config"), "").unwrap();
        std::fs::write(dir.path().join("aws-credentials"), "").unwrap();
        Self { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary with a clean environment: only what is set here, so no test can reach a real
    /// AWS endpoint, instance metadata, or the developer's own profile.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxcheck"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("AWS_CONFIG_FILE", self.path("aws-config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.path("aws-credentials"))
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("HOME", self.dir.path());
        cmd
    }

    /// The binary with the fake's base credentials, region us-east-1, and STS pointed at `url`.
    pub fn dxcheck(&self, url: &str, args: &[&str]) -> Output {
        self.command(args)
            .env("AWS_ACCESS_KEY_ID", fake_dx::BASE_KEY)
            .env("AWS_SECRET_ACCESS_KEY", fake_dx::BASE_SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL_STS", url)
            .output()
            .unwrap()
    }
}

pub fn read_inventory(path: &Path) -> Inventory {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
