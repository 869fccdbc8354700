//! Time carried across collections. The API has no creation time, so `firstSeen` and
//! `stateSince` come from the previous inventory: carried forward while a resource keeps its
//! state, `stateSince` reset when the state changes, both set to `collectedAt` for a resource the
//! previous inventory did not have. Pure functions over two documents, so `diff` and `--history`
//! can reuse them.

use std::collections::HashMap;

use crate::inventory::{Connection, Interconnect, Inventory, Lag};

/// The time fields of one resource in the previous inventory.
#[derive(Debug, Clone)]
struct Seen<'a> {
    state: Option<&'a str>,
    first_seen: Option<&'a str>,
    state_since: Option<&'a str>,
}

/// A resource kind's id, state and time fields.
trait Tracked {
    fn id(&self) -> &str;
    fn state(&self) -> Option<&str>;
    fn times(&self) -> (Option<&str>, Option<&str>);
    fn set_times(&mut self, first_seen: String, state_since: String);
}

macro_rules! tracked {
    ($ty:ty, $id:ident, $state:ident) => {
        impl Tracked for $ty {
            fn id(&self) -> &str {
                &self.$id
            }
            fn state(&self) -> Option<&str> {
                self.$state.as_deref()
            }
            fn times(&self) -> (Option<&str>, Option<&str>) {
                (self.first_seen.as_deref(), self.state_since.as_deref())
            }
            fn set_times(&mut self, first_seen: String, state_since: String) {
                self.first_seen = Some(first_seen);
                self.state_since = Some(state_since);
            }
        }
    };
}

tracked!(Connection, connection_id, connection_state);
tracked!(Interconnect, interconnect_id, interconnect_state);
tracked!(Lag, lag_id, lag_state);

/// Sets `firstSeen`/`stateSince` on every resource of `current` from `previous` (None: the first
/// collection, everything is new). "Now" is `current.collectedAt`; a document without one is left
/// as it is, since there is no time to stamp.
pub fn carry_forward(previous: Option<&Inventory>, current: &mut Inventory) {
    let Some(now) = current.collected_at.clone() else {
        return;
    };
    // A previous resource without times of its own (a raw describe-* file, say) was at least
    // there when that document was collected.
    let fallback = previous
        .and_then(|p| p.collected_at.as_deref())
        .unwrap_or(&now)
        .to_string();
    let empty = Inventory::default();
    let prev = previous.unwrap_or(&empty);
    apply(
        &prev.hosted_connections,
        &mut current.hosted_connections,
        &now,
        &fallback,
    );
    apply(
        &prev.interconnects,
        &mut current.interconnects,
        &now,
        &fallback,
    );
    apply(&prev.lags, &mut current.lags, &now, &fallback);
}

fn apply<T: Tracked>(previous: &[T], current: &mut [T], now: &str, fallback: &str) {
    let seen: HashMap<&str, Seen> = previous
        .iter()
        .map(|r| {
            let (first_seen, state_since) = r.times();
            (
                r.id(),
                Seen {
                    state: r.state(),
                    first_seen,
                    state_since,
                },
            )
        })
        .collect();
    for r in current.iter_mut() {
        let (first_seen, state_since) = match seen.get(r.id()) {
            None => (now.to_string(), now.to_string()),
            Some(p) => {
                let first = p.first_seen.unwrap_or(fallback).to_string();
                let since = if p.state == r.state() {
                    p.state_since
                        .or(p.first_seen)
                        .unwrap_or(fallback)
                        .to_string()
                } else {
                    now.to_string()
                };
                (first, since)
            }
        };
        r.set_times(first_seen, state_since);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(id: &str, state: &str) -> Connection {
        Connection {
            connection_id: id.into(),
            connection_state: Some(state.into()),
            ..Connection::default()
        }
    }

    fn inv(at: &str, cs: Vec<Connection>) -> Inventory {
        Inventory {
            schema_version: 1,
            collected_at: Some(at.into()),
            hosted_connections: cs,
            ..Inventory::default()
        }
    }

    fn times(inv: &Inventory) -> Vec<(String, String, String)> {
        inv.hosted_connections
            .iter()
            .map(|c| {
                (
                    c.connection_id.clone(),
                    c.first_seen.clone().unwrap_or_default(),
                    c.state_since.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn first_collection_stamps_everything_with_collected_at() {
        let mut cur = inv("2026-01-01T00:00:00Z", vec![conn("dxcon-a", "ordering")]);
        carry_forward(None, &mut cur);
        assert_eq!(
            times(&cur),
            vec![(
                "dxcon-a".into(),
                "2026-01-01T00:00:00Z".into(),
                "2026-01-01T00:00:00Z".into()
            )]
        );
    }

    #[test]
    fn kept_state_carries_both_changed_state_resets_state_since() {
        let mut prev = inv(
            "2026-01-01T00:00:00Z",
            vec![conn("dxcon-a", "ordering"), conn("dxcon-b", "ordering")],
        );
        carry_forward(None, &mut prev);
        let mut cur = inv(
            "2026-01-05T00:00:00Z",
            vec![
                conn("dxcon-a", "ordering"),
                conn("dxcon-b", "available"),
                conn("dxcon-c", "pending"),
            ],
        );
        carry_forward(Some(&prev), &mut cur);
        assert_eq!(
            times(&cur),
            vec![
                (
                    "dxcon-a".into(),
                    "2026-01-01T00:00:00Z".into(),
                    "2026-01-01T00:00:00Z".into()
                ),
                (
                    "dxcon-b".into(),
                    "2026-01-01T00:00:00Z".into(),
                    "2026-01-05T00:00:00Z".into()
                ),
                (
                    "dxcon-c".into(),
                    "2026-01-05T00:00:00Z".into(),
                    "2026-01-05T00:00:00Z".into()
                ),
            ]
        );
    }

    #[test]
    fn a_previous_resource_without_times_dates_from_the_previous_collection() {
        let prev = inv("2026-01-01T00:00:00Z", vec![conn("dxcon-a", "ordering")]);
        let mut cur = inv("2026-01-05T00:00:00Z", vec![conn("dxcon-a", "ordering")]);
        carry_forward(Some(&prev), &mut cur);
        assert_eq!(
            times(&cur),
            vec![(
                "dxcon-a".into(),
                "2026-01-01T00:00:00Z".into(),
                "2026-01-01T00:00:00Z".into()
            )]
        );
    }
}
