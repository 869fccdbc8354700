//! The collection itself: per (account, region), list interconnects and LAGs, then the hosted
//! connections on each parent, following `nextToken` on every list call. Requests in flight are
//! bounded by one semaphore shared by every region and parent, so `--concurrency` is the number
//! of calls AWS sees at once whatever the shape of the estate.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use aws_sdk_directconnect::Client;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::client::{ClientSettings, Target, client};
use super::failure::{Failure, classify};
use super::mirror;
use super::progress::Progress;
use crate::inventory::{CollectionError, Connection, Interconnect, Lag};

/// Page size asked of every list call (the API's maximum).
const MAX_RESULTS: i32 = 100;

/// What to collect and how hard to push.
#[derive(Debug, Clone)]
pub struct Plan {
    pub regions: Vec<String>,
    /// Only these parents (`--parent`); every interconnect and hosted-capable LAG when empty.
    pub parents: Vec<String>,
    pub concurrency: usize,
    pub client: ClientSettings,
    /// `--all-regions`: an opt-in region that refuses the credentials is one the account has not
    /// enabled, skipped with a warning. A region the user named is an error instead.
    pub skip_disabled_regions: bool,
}

/// What one (account, region) gave.
#[derive(Debug, Default)]
pub struct RegionHarvest {
    pub target: usize,
    pub region: String,
    pub interconnects: Vec<Interconnect>,
    pub lags: Vec<Lag>,
    /// In parent order (interconnects, then LAGs, as listed), each parent's connections in API
    /// order.
    pub connections: Vec<Connection>,
    pub errors: Vec<CollectionError>,
    /// Both discovery calls were refused for the credentials (expired, or a region the account
    /// has not enabled): nothing was collected here.
    pub refused: Option<Failure>,
}

struct Shared {
    permits: Semaphore,
    progress: Arc<Progress>,
    only: Option<HashSet<String>>,
}

/// Collects every (target, region) concurrently. Results come back in (target, region) order.
pub async fn collect(
    targets: &[Target],
    plan: &Plan,
    progress: Arc<Progress>,
) -> Vec<RegionHarvest> {
    let shared = Arc::new(Shared {
        permits: Semaphore::new(plan.concurrency.max(1)),
        progress,
        only: (!plan.parents.is_empty()).then(|| plan.parents.iter().cloned().collect()),
    });
    let mut tasks = JoinSet::new();
    let mut slot = 0;
    for (t, target) in targets.iter().enumerate() {
        for region in &plan.regions {
            let client = client(target, region, &plan.client);
            let shared = shared.clone();
            let region = region.clone();
            let account = target.account.clone();
            tasks.spawn(async move {
                let mut h = harvest_region(shared, client, account, region).await;
                h.target = t;
                (slot, h)
            });
            slot += 1;
        }
    }
    let mut out: Vec<(usize, RegionHarvest)> = Vec::with_capacity(slot);
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(pair) => out.push(pair),
            // A panic in a task is a bug; surfacing it beats a silently incomplete inventory.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    out.sort_by_key(|(slot, _)| *slot);
    out.into_iter().map(|(_, h)| h).collect()
}

/// A parent to list hosted connections on.
#[derive(Debug, Clone)]
struct Parent {
    id: String,
    kind: &'static str,
}

async fn harvest_region(
    shared: Arc<Shared>,
    client: Client,
    account: Option<String>,
    region: String,
) -> RegionHarvest {
    let scope = match &account {
        Some(a) => format!("{a}/{region}"),
        None => region.clone(),
    };
    let error = |operation: &str, parent: Option<&str>, f: &Failure| CollectionError {
        region: region.clone(),
        operation: operation.to_string(),
        parent_id: parent.map(str::to_string),
        code: f.code.clone(),
        message: f.message.clone(),
        account: account.clone(),
    };
    let mut h = RegionHarvest {
        region: region.clone(),
        ..RegionHarvest::default()
    };

    let (interconnects, lags) = tokio::join!(
        list_interconnects(&shared, &client, account.as_deref()),
        list_lags(&shared, &client)
    );
    match (&interconnects, &lags) {
        (Err(a), Err(b)) if a.credentials && b.credentials => {
            h.refused = Some(a.clone());
            return h;
        }
        _ => {}
    }
    match interconnects {
        Ok(v) => h.interconnects = v,
        Err(f) => {
            shared.progress.warn(&format!(
                "{scope}: DescribeInterconnects failed: {}: {}",
                f.code, f.message
            ));
            h.errors.push(error("DescribeInterconnects", None, &f));
        }
    }
    match lags {
        Ok(v) => h.lags = v,
        Err(f) => {
            shared.progress.warn(&format!(
                "{scope}: DescribeLags failed: {}: {}",
                f.code, f.message
            ));
            h.errors.push(error("DescribeLags", None, &f));
        }
    }

    let parents: Vec<Parent> = h
        .interconnects
        .iter()
        .map(|i| Parent {
            id: i.interconnect_id.clone(),
            kind: "interconnect",
        })
        .chain(
            h.lags
                .iter()
                // A LAG that does not accept hosted connections has none to list, unless the
                // user named it, in which case they get what the API says.
                .filter(|l| {
                    l.allows_hosted_connections == Some(true)
                        || shared.only.as_ref().is_some_and(|o| o.contains(&l.lag_id))
                })
                .map(|l| Parent {
                    id: l.lag_id.clone(),
                    kind: "lag",
                }),
        )
        .filter(|p| !p.id.is_empty())
        .filter(|p| shared.only.as_ref().is_none_or(|o| o.contains(&p.id)))
        .collect();
    if h.errors.len() < 2 {
        shared
            .progress
            .discovered(&scope, h.interconnects.len(), h.lags.len(), parents.len());
    }

    let mut tasks = JoinSet::new();
    for (index, parent) in parents.iter().cloned().enumerate() {
        let shared = shared.clone();
        let client = client.clone();
        tasks.spawn(async move {
            let result = list_hosted_connections(&shared, &client, &parent).await;
            shared
                .progress
                .parent_done(result.as_ref().map_or(0, Vec::len));
            (index, result)
        });
    }
    let mut per_parent: Vec<(usize, Result<Vec<Connection>, Failure>)> =
        Vec::with_capacity(parents.len());
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(pair) => per_parent.push(pair),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    per_parent.sort_by_key(|(i, _)| *i);
    for (index, result) in per_parent {
        let parent = &parents[index];
        match result {
            Ok(mut cs) => h.connections.append(&mut cs),
            Err(f) => {
                shared.progress.warn(&format!(
                    "{scope}: DescribeHostedConnections on {} failed: {}: {}",
                    parent.id, f.code, f.message
                ));
                h.errors
                    .push(error("DescribeHostedConnections", Some(&parent.id), &f));
            }
        }
    }
    shared
        .progress
        .region_done(&scope, parents.len(), h.connections.len(), h.errors.len());
    h
}

/// Guards against an endpoint that hands back a token it already gave: without this a buggy or
/// hostile endpoint would keep us paging forever.
fn next_page(seen: &mut HashSet<String>, token: Option<&str>) -> Result<Option<String>, Failure> {
    match token {
        None | Some("") => Ok(None),
        Some(t) if !seen.insert(t.to_string()) => Err(Failure {
            code: "PaginationLoop".into(),
            message: format!("the endpoint returned nextToken {t:?} twice"),
            credentials: false,
        }),
        Some(t) => Ok(Some(t.to_string())),
    }
}

/// Every page of one listing (the Rust SDK has no paginators for Direct Connect): `request`
/// sends one call for a token and gives that page's items and its nextToken. Each call holds a
/// permit of the collection's concurrency limit.
async fn all_pages<T, Fut>(
    shared: &Shared,
    mut request: impl FnMut(Option<String>) -> Fut,
) -> Result<Vec<T>, Failure>
where
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), Failure>>,
{
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = HashSet::new();
    loop {
        let (items, next) = {
            let _permit = shared.permits.acquire().await.map_err(closed)?;
            request(token.take()).await?
        };
        out.extend(items);
        match next_page(&mut seen, next.as_deref())? {
            Some(t) => token = Some(t),
            None => return Ok(out),
        }
    }
}

async fn list_interconnects(
    shared: &Shared,
    client: &Client,
    account: Option<&str>,
) -> Result<Vec<Interconnect>, Failure> {
    all_pages(shared, |token| async move {
        let page = client
            .describe_interconnects()
            .max_results(MAX_RESULTS)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| classify(&e))?;
        let items = page
            .interconnects()
            .iter()
            .map(|i| mirror::interconnect(i, account))
            .collect();
        Ok((items, page.next_token().map(str::to_string)))
    })
    .await
}

async fn list_lags(shared: &Shared, client: &Client) -> Result<Vec<Lag>, Failure> {
    all_pages(shared, |token| async move {
        let page = client
            .describe_lags()
            .max_results(MAX_RESULTS)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| classify(&e))?;
        let items = page.lags().iter().map(mirror::lag).collect();
        Ok((items, page.next_token().map(str::to_string)))
    })
    .await
}

async fn list_hosted_connections(
    shared: &Shared,
    client: &Client,
    parent: &Parent,
) -> Result<Vec<Connection>, Failure> {
    all_pages(shared, |token| async move {
        let page = client
            .describe_hosted_connections()
            .connection_id(&parent.id)
            .max_results(MAX_RESULTS)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| classify(&e))?;
        let items = page
            .connections()
            .iter()
            .map(|c| mirror::hosted_connection(c, &parent.id, parent.kind))
            .collect();
        Ok((items, page.next_token().map(str::to_string)))
    })
    .await
}

fn closed(_: tokio::sync::AcquireError) -> Failure {
    Failure {
        code: "Cancelled".into(),
        message: "the collection was stopped".into(),
        credentials: false,
    }
}

/// One connection per id. A connection listed on both a LAG and one of its member interconnects
/// belongs to the LAG (its `lagId` says so); otherwise the first listing wins.
pub fn dedupe_connections(connections: Vec<Connection>) -> Vec<Connection> {
    let mut chosen: HashMap<String, usize> = HashMap::new();
    for (i, c) in connections.iter().enumerate() {
        match chosen.get(&c.connection_id) {
            None => {
                chosen.insert(c.connection_id.clone(), i);
            }
            Some(&prev) => {
                let prefers_lag = c.lag_id.is_some() && c.parent_id == c.lag_id;
                let prev_on_lag = {
                    let p = &connections[prev];
                    p.lag_id.is_some() && p.parent_id == p.lag_id
                };
                if prefers_lag && !prev_on_lag {
                    chosen.insert(c.connection_id.clone(), i);
                }
            }
        }
    }
    let keep: BTreeSet<usize> = chosen.into_values().collect();
    connections
        .into_iter()
        .enumerate()
        .filter(|(i, c)| keep.contains(i) && !c.connection_id.is_empty())
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, parent: &str, lag: Option<&str>) -> Connection {
        Connection {
            connection_id: id.into(),
            parent_id: Some(parent.into()),
            lag_id: lag.map(str::to_string),
            ..Connection::default()
        }
    }

    #[test]
    fn a_connection_listed_twice_is_kept_once_on_its_lag() {
        let out = dedupe_connections(vec![
            conn("dxcon-a", "dxcon-ic1", Some("dxlag-1")),
            conn("dxcon-b", "dxcon-ic1", None),
            conn("dxcon-a", "dxlag-1", Some("dxlag-1")),
            conn("dxcon-b", "dxcon-ic2", None),
        ]);
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|c| {
                (
                    c.connection_id.as_str(),
                    c.parent_id.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, vec![("dxcon-b", "dxcon-ic1"), ("dxcon-a", "dxlag-1")]);
    }

    #[test]
    fn a_repeated_next_token_stops_paging() {
        let mut seen = HashSet::new();
        assert_eq!(
            next_page(&mut seen, Some("t1")).ok(),
            Some(Some("t1".into()))
        );
        assert_eq!(next_page(&mut seen, None).ok(), Some(None));
        assert!(next_page(&mut seen, Some("t1")).is_err());
    }
}
