//! A fake AWS Direct Connect endpoint for tests and benchmarks: a local HTTP server on
//! 127.0.0.1 that speaks awsJson1_1 like the real service (`POST /`, `X-Amz-Target:
//! OvertureService.<Op>`, bodies as the API model has them: `loaIssueTime` in epoch seconds,
//! enums as strings, absent fields omitted), serving a multi-region, multi-account world. The
//! region comes from the SigV4 credential scope and the account from the access key, exactly the
//! parts of a request the real service keys on. It also answers STS `AssumeRole` (awsQuery XML),
//! so `--role-arn` runs end to end.
//!
//! Faults it can inject: pages smaller than the lists, `ThrottlingException`, HTTP 500, latency,
//! parents whose every call fails, regions that refuse the credentials (an opt-in region not
//! enabled). It counts requests and the most it ever had in flight at once.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

/// The access key of the base test credentials; `AssumeRole` hands out `role_key(account)`.
pub const BASE_KEY: &str = "AKIDFAKEBASE";
pub const BASE_SECRET: &str = "fake-secret";

pub fn role_key(account: &str) -> String {
    format!("ASIAFAKE{account}")
}

/// What the fake endpoint serves, per access key, per region.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub estates: BTreeMap<String, Estate>,
}

#[derive(Debug, Clone, Default)]
pub struct Estate {
    pub regions: BTreeMap<String, RegionWorld>,
}

/// API objects exactly as DescribeInterconnects / DescribeLags / DescribeHostedConnections
/// return them.
#[derive(Debug, Clone, Default)]
pub struct RegionWorld {
    pub interconnects: Vec<Value>,
    pub lags: Vec<Value>,
    /// Parent id → its hosted connections.
    pub hosted: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Items per page (0: as many as `maxResults` allows, like the real API).
    pub page_size: usize,
    /// Percent of Direct Connect requests answered with ThrottlingException (HTTP 400).
    pub throttle_percent: u64,
    /// Percent answered with HTTP 500 DirectConnectServerException.
    pub error500_percent: u64,
    pub latency: Duration,
    /// Every DescribeHostedConnections on these parents fails with HTTP 500.
    pub failing_parents: BTreeSet<String>,
    /// Every Direct Connect call in these regions is refused as with an unknown access key.
    pub refused_regions: BTreeSet<String>,
    /// AssumeRole into these accounts is denied.
    pub denied_accounts: BTreeSet<String>,
    pub seed: u64,
}

#[derive(Debug, Default)]
struct Counters {
    requests: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    throttled: AtomicU64,
    errors500: AtomicU64,
    sequence: AtomicU64,
}

/// What the fake endpoint saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Direct Connect requests (retries included).
    pub requests: u64,
    pub max_in_flight: u64,
    pub throttled: u64,
    pub errors500: u64,
    /// Requests per operation.
    pub by_operation: BTreeMap<String, u64>,
    /// Role ARNs assumed, in order.
    pub assumed_roles: Vec<String>,
    /// Regions seen in credential scopes.
    pub regions: BTreeSet<String>,
}

struct State {
    world: Mutex<World>,
    faults: Faults,
    counters: Counters,
    by_operation: Mutex<BTreeMap<String, u64>>,
    assumed_roles: Mutex<Vec<String>>,
    regions: Mutex<BTreeSet<String>>,
}

pub struct FakeDx {
    pub url: String,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeDx {
    /// Starts the server on its own thread and runtime, so synchronous tests (which run the
    /// binary) and async ones can both use it.
    pub fn start(world: World, faults: Faults) -> Self {
        let state = Arc::new(State {
            world: Mutex::new(world),
            faults,
            counters: Counters::default(),
            by_operation: Mutex::new(BTreeMap::new()),
            assumed_roles: Mutex::new(Vec::new()),
            regions: Mutex::new(BTreeSet::new()),
        });
        let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
        let (stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
        let served = state.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("fake endpoint runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind 127.0.0.1");
                addr_tx
                    .send(listener.local_addr().expect("local addr"))
                    .expect("report address");
                loop {
                    tokio::select! {
                        _ = &mut stop_rx => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            let state = served.clone();
                            tokio::spawn(async move {
                                let service = service_fn(move |req| {
                                    let state = state.clone();
                                    async move { Ok::<_, Infallible>(handle(state, req).await) }
                                });
                                let _ = http1::Builder::new()
                                    .serve_connection(TokioIo::new(stream), service)
                                    .await;
                            });
                        }
                    }
                }
            });
        });
        let addr = addr_rx.recv().expect("fake endpoint started");
        Self {
            url: format!("http://{addr}"),
            state,
            shutdown: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// Replaces what the endpoint serves (a later collection sees a changed estate).
    pub fn set_world(&self, world: World) {
        *self.state.world.lock().unwrap() = world;
    }

    pub fn stats(&self) -> Stats {
        let c = &self.state.counters;
        Stats {
            requests: c.requests.load(Ordering::SeqCst),
            max_in_flight: c.max_in_flight.load(Ordering::SeqCst),
            throttled: c.throttled.load(Ordering::SeqCst),
            errors500: c.errors500.load(Ordering::SeqCst),
            by_operation: self.state.by_operation.lock().unwrap().clone(),
            assumed_roles: self.state.assumed_roles.lock().unwrap().clone(),
            regions: self.state.regions.lock().unwrap().clone(),
        }
    }
}

impl Drop for FakeDx {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Decrements the in-flight count however the handler ends.
struct InFlight<'a>(&'a Counters);

impl<'a> InFlight<'a> {
    fn enter(c: &'a Counters) -> Self {
        let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        c.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(c)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let target = header(&req, "x-amz-target");
    let auth = header(&req, "authorization");
    let Ok(body) = req.into_body().collect().await else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "unreadable body",
        );
    };
    let body = body.to_bytes();
    let (access_key, region) = credential_scope(&auth);
    match target.strip_prefix("OvertureService.") {
        Some(op) => {
            let _guard = InFlight::enter(&state.counters);
            state.counters.requests.fetch_add(1, Ordering::SeqCst);
            *state
                .by_operation
                .lock()
                .unwrap()
                .entry(op.to_string())
                .or_default() += 1;
            state.regions.lock().unwrap().insert(region.clone());
            if !state.faults.latency.is_zero() {
                tokio::time::sleep(state.faults.latency).await;
            }
            direct_connect(&state, op, &access_key, &region, &body)
        }
        None if String::from_utf8_lossy(&body).contains("Action=AssumeRole") => {
            assume_role(&state, &access_key, &body)
        }
        None => json_error(
            StatusCode::BAD_REQUEST,
            "UnknownOperationException",
            "no X-Amz-Target",
        ),
    }
}

fn header(req: &Request<Incoming>, name: &str) -> String {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// `AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/directconnect/aws4_request, …`
fn credential_scope(auth: &str) -> (String, String) {
    let Some(rest) = auth.split("Credential=").nth(1) else {
        return (String::new(), String::new());
    };
    let scope = rest.split(',').next().unwrap_or("");
    let parts: Vec<&str> = scope.split('/').collect();
    (
        parts.first().copied().unwrap_or("").to_string(),
        parts.get(2).copied().unwrap_or("").to_string(),
    )
}

fn roll(state: &State) -> u64 {
    let n = state.counters.sequence.fetch_add(1, Ordering::SeqCst);
    splitmix64(state.faults.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % 100
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn direct_connect(
    state: &State,
    op: &str,
    access_key: &str,
    region: &str,
    body: &[u8],
) -> Response<Full<Bytes>> {
    let faults = &state.faults;
    let input: Value = serde_json::from_slice(body).unwrap_or(json!({}));
    let world = state.world.lock().unwrap();
    let Some(estate) = world.estates.get(access_key) else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        );
    };
    if faults.refused_regions.contains(region) {
        return json_error(
            StatusCode::BAD_REQUEST,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        );
    }
    if op == "DescribeHostedConnections"
        && let Some(parent) = input["connectionId"].as_str()
        && faults.failing_parents.contains(parent)
    {
        state.counters.errors500.fetch_add(1, Ordering::SeqCst);
        return json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "DirectConnectServerException",
            "An internal error occurred.",
        );
    }
    let r = roll(state);
    if r < faults.throttle_percent {
        state.counters.throttled.fetch_add(1, Ordering::SeqCst);
        return json_error(
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        );
    }
    if r < faults.throttle_percent + faults.error500_percent {
        state.counters.errors500.fetch_add(1, Ordering::SeqCst);
        return json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "DirectConnectServerException",
            "An internal error occurred.",
        );
    }
    let empty = RegionWorld::default();
    let world_region = estate.regions.get(region).unwrap_or(&empty);
    let (key, items): (&str, &[Value]) = match op {
        "DescribeInterconnects" => ("interconnects", &world_region.interconnects),
        "DescribeLags" => ("lags", &world_region.lags),
        "DescribeHostedConnections" => {
            let parent = input["connectionId"].as_str().unwrap_or("");
            match world_region.hosted.get(parent) {
                Some(cs) => ("connections", cs),
                None if is_parent(world_region, parent) => ("connections", &[]),
                None => {
                    return json_error(
                        StatusCode::BAD_REQUEST,
                        "DirectConnectClientException",
                        &format!("Connection {parent} does not exist"),
                    );
                }
            }
        }
        other => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "UnknownOperationException",
                &format!("the fake endpoint does not implement {other}"),
            );
        }
    };
    let max = input["maxResults"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let size = if faults.page_size == 0 {
        max
    } else {
        faults.page_size.min(max)
    };
    let start = match input["nextToken"].as_str() {
        None => 0,
        Some(t) => match t
            .strip_prefix("page-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) if n <= items.len() => n,
            _ => {
                return json_error(
                    StatusCode::BAD_REQUEST,
                    "DirectConnectClientException",
                    "The nextToken is invalid.",
                );
            }
        },
    };
    let end = (start + size).min(items.len());
    let mut out = serde_json::Map::new();
    out.insert(key.to_string(), Value::Array(items[start..end].to_vec()));
    if end < items.len() {
        out.insert("nextToken".into(), json!(format!("page-{end}")));
    }
    json_response(StatusCode::OK, &Value::Object(out))
}

fn is_parent(region: &RegionWorld, id: &str) -> bool {
    region
        .interconnects
        .iter()
        .any(|i| i["interconnectId"] == id)
        || region.lags.iter().any(|l| l["lagId"] == id)
}

fn assume_role(state: &State, access_key: &str, body: &[u8]) -> Response<Full<Bytes>> {
    let form = parse_form(&String::from_utf8_lossy(body));
    let arn = form.get("RoleArn").cloned().unwrap_or_default();
    let account = arn.split(':').nth(4).unwrap_or("").to_string();
    if access_key != BASE_KEY {
        return sts_error(
            StatusCode::FORBIDDEN,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    }
    if state.faults.denied_accounts.contains(&account) {
        return sts_error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            &format!(
                "User: arn:aws:iam::000000000000:user/test is not authorized to perform: sts:AssumeRole on resource: {arn}"
            ),
        );
    }
    state.assumed_roles.lock().unwrap().push(arn.clone());
    let xml = format!(
        r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:dxcheck</AssumedRoleId>
      <Arn>arn:aws:sts::{account}:assumed-role/fake/dxcheck</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{key}</AccessKeyId>
      <SecretAccessKey>fake-role-secret</SecretAccessKey>
      <SessionToken>fake-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>00000000-0000-0000-0000-000000000000</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#,
        key = role_key(&account)
    );
    Response::builder()
        .status(StatusCode::OK)
        .header("content-type", "text/xml")
        .body(Full::new(Bytes::from(xml)))
        .expect("response")
}

fn sts_error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    let xml = format!(
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>00000000-0000-0000-0000-000000000000</RequestId>
</ErrorResponse>
"#
    );
    Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .body(Full::new(Bytes::from(xml)))
        .expect("response")
}

fn parse_form(body: &str) -> BTreeMap<String, String> {
    body.split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((percent_decode(k), percent_decode(v)))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn json_response(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amzn-requestid", "00000000-0000-0000-0000-000000000000")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("response")
}

fn json_error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    json_response(status, &json!({"__type": code, "message": message}))
}

// ---------------------------------------------------------------------------------------------
// Worlds

/// The shape of a generated estate.
#[derive(Debug, Clone)]
pub struct Shape {
    pub regions: Vec<String>,
    pub interconnects_per_region: usize,
    /// LAGs with allowsHostedConnections.
    pub hosted_lags_per_region: usize,
    /// LAGs without it: listed, never asked for hosted connections.
    pub plain_lags_per_region: usize,
    pub connections_per_parent: usize,
}

impl World {
    /// One estate under the base credentials.
    pub fn single(estate: Estate) -> Self {
        let mut w = World::default();
        w.estates.insert(BASE_KEY.to_string(), estate);
        w
    }

    /// Total hosted connections in the world.
    pub fn connection_count(&self) -> usize {
        self.estates
            .values()
            .flat_map(|e| e.regions.values())
            .flat_map(|r| r.hosted.values())
            .map(Vec::len)
            .sum()
    }
}

const STATES: &[&str] = &[
    "available",
    "ordering",
    "pending",
    "available",
    "down",
    "requested",
    "available",
    // A value this SDK has never heard of must pass through unchanged.
    "future-state",
];

/// A deterministic estate: `tag` keeps ids unique across accounts.
pub fn estate(tag: &str, shape: &Shape) -> Estate {
    let mut estate = Estate::default();
    for (ri, region) in shape.regions.iter().enumerate() {
        let mut rw = RegionWorld::default();
        let mut parents: Vec<(String, Option<String>)> = Vec::new();
        for i in 0..shape.interconnects_per_region {
            let id = format!("dxcon-{tag}r{ri}i{i}");
            rw.interconnects.push(interconnect(&id, region, i));
            parents.push((id, None));
        }
        for i in 0..shape.hosted_lags_per_region + shape.plain_lags_per_region {
            let id = format!("dxlag-{tag}r{ri}l{i}");
            let allows = i < shape.hosted_lags_per_region;
            rw.lags.push(lag(&id, region, i, allows, tag));
            if allows {
                parents.push((id.clone(), Some(id)));
            }
        }
        for (pi, (parent, lag_id)) in parents.iter().enumerate() {
            let cs: Vec<Value> = (0..shape.connections_per_parent)
                .map(|ci| {
                    hosted_connection(
                        &format!("dxcon-{tag}r{ri}p{pi}c{ci}"),
                        region,
                        lag_id.as_deref(),
                        pi * 1001 + ci,
                    )
                })
                .collect();
            rw.hosted.insert(parent.clone(), cs);
        }
        estate.regions.insert(region.clone(), rw);
    }
    estate
}

pub fn interconnect(id: &str, region: &str, i: usize) -> Value {
    let mut v = json!({
        "interconnectId": id,
        "interconnectName": format!("partner-{region}-{i}"),
        "interconnectState": "available",
        "region": region,
        "location": "EqDC2",
        "bandwidth": if i.is_multiple_of(2) { "10Gbps" } else { "100Gbps" },
        "loaIssueTime": 1767225600,
        "awsDevice": "EqDC2-1a2b3c4d5e6f",
        "jumboFrameCapable": true,
        "awsDeviceV2": "EqDC2-2x7kjfk5zyt8m",
        "awsLogicalDeviceId": "EqDC2-logical-1",
        "hasLogicalRedundancy": "yes",
        "providerName": "Equinix",
        "macSecCapable": i.is_multiple_of(2),
    });
    if i % 3 != 2 {
        v["tags"] = json!([{"key": "Name", "value": id}, {"key": "CostCenter"}]);
    }
    if i.is_multiple_of(2) {
        v["portEncryptionStatus"] = json!("Encryption Up");
        v["encryptionMode"] = json!("must_encrypt");
        v["macSecKeys"] = json!([{
            "secretARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:dx-ckn-1",
            "ckn": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "state": "associated",
            "startOn": "2026-01-05T10:00:00Z"
        }]);
    }
    v
}

pub fn lag(id: &str, region: &str, i: usize, allows_hosted: bool, owner: &str) -> Value {
    json!({
        "connectionsBandwidth": "10Gbps",
        "numberOfConnections": 2,
        "lagId": id,
        "ownerAccount": format!("{:0>12}", owner.len() * 1111 + i),
        "lagName": format!("lag-{region}-{i}"),
        "lagState": if i % 4 == 3 { "pending" } else { "available" },
        "location": "EqDC2",
        "region": region,
        "minimumLinks": 1,
        "awsDevice": "EqDC2-abcdef",
        "awsDeviceV2": "EqDC2-abcdef-v2",
        "awsLogicalDeviceId": "EqDC2-logical-2",
        "connections": [{
            "ownerAccount": "123456789012",
            "connectionId": format!("{id}-m0").replace("dxlag-", "dxcon-m"),
            "connectionName": "member-0",
            "connectionState": "available",
            "region": region,
            "location": "EqDC2",
            "bandwidth": "10Gbps",
            "vlan": 0,
            "lagId": id,
            "awsDevice": "EqDC2-abcdef",
            "jumboFrameCapable": true,
            "awsDeviceV2": "EqDC2-abcdef-v2",
            "hasLogicalRedundancy": "unknown"
        }],
        "allowsHostedConnections": allows_hosted,
        "jumboFrameCapable": true,
        "hasLogicalRedundancy": "no",
        "tags": [],
        "providerName": "Equinix",
        "macSecCapable": true,
        "encryptionMode": "should_encrypt",
        "macSecKeys": []
    })
}

pub fn hosted_connection(id: &str, region: &str, lag_id: Option<&str>, n: usize) -> Value {
    let state = STATES[n % STATES.len()];
    let bandwidth = ["50Mbps", "500Mbps", "1Gbps", "10Gbps"][n % 4];
    let mut v = json!({
        "ownerAccount": format!("{:012}", 444455556666u64 + (n % 7) as u64),
        "connectionId": id,
        "connectionName": format!("customer-{n}"),
        "connectionState": state,
        "region": region,
        "location": "EqDC2",
        "bandwidth": bandwidth,
        "vlan": 100 + (n % 3900) as i64,
        "partnerName": "Example Partner",
        "awsDevice": "EqDC2-1a2b3c4d5e6f",
        "jumboFrameCapable": n.is_multiple_of(2),
        "awsDeviceV2": "EqDC2-2x7kjfk5zyt8m",
        "awsLogicalDeviceId": "EqDC2-logical-1",
        "hasLogicalRedundancy": "unknown",
        "providerName": "Equinix",
        "macSecCapable": n.is_multiple_of(3),
    });
    if n % 5 != 4 {
        v["loaIssueTime"] = json!(1767225600 + n as i64);
    }
    if let Some(l) = lag_id {
        v["lagId"] = json!(l);
    }
    match n % 4 {
        0 => v["tags"] = json!([{"key": "Customer", "value": format!("c{n}")}]),
        1 => v["tags"] = json!([]),
        _ => {}
    }
    if n.is_multiple_of(3) {
        v["encryptionMode"] = json!(if n.is_multiple_of(2) {
            "must_encrypt"
        } else {
            "should_encrypt"
        });
        v["portEncryptionStatus"] = json!("Encryption Up");
        v["macSecKeys"] = json!([{"secretARN": format!("arn:aws:secretsmanager:{region}:123456789012:secret:k{n}"), "ckn": "ab", "state": "associated", "startOn": "2026-02-01T00:00:00Z"}]);
        v["partnerInterconnectMacSecCapable"] = json!(true);
    }
    v
}
