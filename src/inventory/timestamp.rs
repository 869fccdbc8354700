//! Time values in the inventory: `loaIssueTime` as epoch seconds (the AWS CLI may also print it as
//! an ISO 8601 string, which is accepted and converted), everything else RFC 3339.

use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn epoch_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Number(f64),
        Text(String),
    }
    match Option::<Either>::deserialize(d)? {
        None => Ok(None),
        Some(Either::Number(n)) => Ok(Some(n)),
        Some(Either::Text(s)) => parse_rfc3339(&s)
            .map(|t| Some(t.unix_timestamp_nanos() as f64 / 1e9))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "invalid timestamp {s:?}: expected epoch seconds or RFC 3339"
                ))
            }),
    }
}

/// Whole seconds as an integer (`1767225600`, as the API sends them), fractions as they are.
pub fn serialize_epoch_seconds<S: serde::Serializer>(
    v: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(t) if t.fract() == 0.0 && t.abs() < 9.0e15 => s.serialize_i64(*t as i64),
        Some(t) => s.serialize_f64(*t),
        None => s.serialize_none(),
    }
}

pub fn parse_rfc3339(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Seconds-precision UTC, `2026-11-29T17:00:00Z`: stable and easy to read in reports.
pub fn format_rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub fn now_rfc3339() -> String {
    format_rfc3339(OffsetDateTime::now_utc())
}

/// An optional RFC 3339 string, rejected at its own line when it does not parse.
pub fn rfc3339<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if parse_rfc3339(&s).is_some() => Ok(Some(s)),
        Some(s) => Err(serde::de::Error::custom(format!(
            "invalid time {s:?}: expected RFC 3339 such as 2026-11-29T17:00:00Z"
        ))),
    }
}
