//! Reading inventory files: the dxcheck document, or the raw output of
//! `aws directconnect describe-hosted-connections | describe-interconnects | describe-lags`.

use std::collections::BTreeSet;
use std::io::Read;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::bandwidth::parse_mbps;
use super::lines::object_lines;
use super::model::{Connection, Interconnect, Inventory, Lag, Origin, SCHEMA_VERSION};
use crate::error::InputError;

/// An inventory file as read, before parsing.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path as the user gave it ("-" for stdin).
    pub name: String,
    pub text: String,
}

pub fn read_source(name: &str) -> Result<SourceText, InputError> {
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| InputError::file(name, format!("cannot read standard input: {e}")))?;
        buf
    } else {
        let meta = std::fs::metadata(name).map_err(|e| {
            InputError::file(name, format!("cannot read inventory: {}", io_reason(&e)))
        })?;
        if meta.is_dir() {
            return Err(InputError::file(
                name,
                "is a directory, expected an inventory JSON file",
            ));
        }
        std::fs::read(name).map_err(|e| {
            InputError::file(name, format!("cannot read inventory: {}", io_reason(&e)))
        })?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, col) = line_col(e.as_bytes(), offset);
        InputError::at(name, line, col, "not valid UTF-8")
    })?;
    Ok(SourceText {
        name: name.to_string(),
        text,
    })
}

/// The OS error without the "(os error 2)" noise users cannot act on.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Which document a file holds, decided by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Inventory,
    RawConnections,
    RawInterconnects,
    RawLags,
}

fn detect_shape(name: &str, text: &str) -> Result<Shape, InputError> {
    let probe = serde_json::from_str::<TopLevel>(text).map_err(|e| json_error(name, "", &e))?;
    if let Some(v) = probe.schema_version {
        return match v.as_u64() {
            Some(n) if n == u64::from(SCHEMA_VERSION) => Ok(Shape::Inventory),
            _ => Err(InputError::file(
                name,
                format!(
                    "unknown schemaVersion {v} (this dxcheck reads schemaVersion {SCHEMA_VERSION})"
                ),
            )),
        };
    }
    let keys: BTreeSet<&str> = probe
        .keys
        .iter()
        .map(String::as_str)
        .filter(|k| *k != "nextToken")
        .collect();
    let only = |k: &str| keys.len() == 1 && keys.contains(k);
    if only("connections") {
        Ok(Shape::RawConnections)
    } else if only("interconnects") {
        Ok(Shape::RawInterconnects)
    } else if only("lags") {
        Ok(Shape::RawLags)
    } else {
        let found: Vec<&str> = keys.into_iter().collect();
        Err(InputError::file(
            name,
            format!(
                "not an inventory: expected a dxcheck inventory (with \"schemaVersion\") or the output of \
                 describe-hosted-connections, describe-interconnects or describe-lags; found keys [{}]",
                found.join(", ")
            ),
        ))
    }
}

/// The top-level keys of a document, and its schemaVersion, without building the rest of it.
struct TopLevel {
    schema_version: Option<serde_json::Value>,
    keys: Vec<String>,
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = TopLevel;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object at the top level")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevel, A::Error> {
                let mut top = TopLevel {
                    schema_version: None,
                    keys: Vec::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "schemaVersion" {
                        top.schema_version = Some(map.next_value()?);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        top.keys.push(key);
                    }
                }
                Ok(top)
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// Parses one file into an inventory, recording where each resource starts.
pub fn parse_document(source: &SourceText, file_index: usize) -> Result<Inventory, InputError> {
    let name = source.name.as_str();
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    // The line scan needs only the text: it runs beside the parse.
    let (parsed, lines) = std::thread::scope(|scope| {
        let lines = scope.spawn(|| object_lines(text));
        let parsed = parse_any(name, text);
        (parsed, lines.join())
    });
    let (mut inv, shape) = parsed?;
    let lines = lines.unwrap_or_default();
    let origin = |line: Option<&u32>| Origin {
        file: file_index,
        line: line.copied().unwrap_or(1),
    };
    let connections_key = if shape == Shape::RawConnections {
        "connections"
    } else {
        "hostedConnections"
    };
    for (i, c) in inv.hosted_connections.iter_mut().enumerate() {
        c.origin = origin(lines.get(connections_key).and_then(|l| l.get(i)));
    }
    for (i, ic) in inv.interconnects.iter_mut().enumerate() {
        ic.origin = origin(lines.get("interconnects").and_then(|l| l.get(i)));
    }
    for (i, lag) in inv.lags.iter_mut().enumerate() {
        lag.origin = origin(lines.get("lags").and_then(|l| l.get(i)));
    }
    derive_fields(&mut inv);
    if inv.regions.is_empty() {
        inv.regions = regions_of(&inv);
    }
    Ok(inv)
}

/// Most files are dxcheck inventories: they are parsed as one straight away, and what else a
/// file is (raw CLI output) or what is wrong with it is worked out only when that fails, so a
/// large inventory is read once, not twice. A raw file fails the first attempt at its first key
/// (unknown fields are refused), so the detour costs it nothing.
fn parse_any(name: &str, text: &str) -> Result<(Inventory, Shape), InputError> {
    // serde would also accept a top-level array for a struct: an inventory is an object.
    if text.trim_start().starts_with('{')
        && let Ok(inv) = serde_json::from_str::<Inventory>(text)
        && inv.schema_version == SCHEMA_VERSION
    {
        return Ok((inv, Shape::Inventory));
    }
    let shape = detect_shape(name, text)?;
    Ok((parse_shape(name, text, shape)?, shape))
}

fn parse_shape(name: &str, text: &str, shape: Shape) -> Result<Inventory, InputError> {
    Ok(match shape {
        Shape::Inventory => typed::<Inventory>(name, text)?,
        Shape::RawConnections => {
            #[derive(Deserialize)]
            struct Raw {
                connections: Vec<Connection>,
            }
            let raw: Raw = typed(name, text)?;
            Inventory {
                hosted_connections: raw.connections,
                ..raw_inventory()
            }
        }
        Shape::RawInterconnects => {
            #[derive(Deserialize)]
            struct Raw {
                interconnects: Vec<Interconnect>,
            }
            let raw: Raw = typed(name, text)?;
            Inventory {
                interconnects: raw.interconnects,
                ..raw_inventory()
            }
        }
        Shape::RawLags => {
            #[derive(Deserialize)]
            struct Raw {
                lags: Vec<Lag>,
            }
            let raw: Raw = typed(name, text)?;
            Inventory {
                lags: raw.lags,
                ..raw_inventory()
            }
        }
    })
}

fn raw_inventory() -> Inventory {
    Inventory {
        schema_version: SCHEMA_VERSION,
        ..Inventory::default()
    }
}

/// Parses `text` as `T`. A valid document takes the fast path; only a failed parse runs again
/// with path tracking (which costs a fifth of the parse), so the error names the key.
fn typed<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> Result<T, InputError> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(name, if path == "." { "" } else { &path }, e.inner())
    })?;
    de.end().map_err(|e| json_error(name, "", &e))?;
    Ok(value)
}

fn json_error(name: &str, path: &str, e: &serde_json::Error) -> InputError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let message = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("invalid JSON: {message}")
        }
        _ if path.is_empty() => message,
        _ => format!("{path}: {message}"),
    };
    if e.line() == 0 {
        InputError::file(name, message)
    } else {
        // serde_json counts a position before a line's first character as column 0.
        InputError::at(name, e.line(), e.column().max(1), message)
    }
}

/// Fills in what dxcheck derives from API fields when the document does not carry it yet.
pub fn derive_fields(inv: &mut Inventory) {
    for c in &mut inv.hosted_connections {
        if c.bandwidth_mbps.is_none() {
            c.bandwidth_mbps = c.bandwidth.as_deref().and_then(parse_mbps);
        }
    }
    for ic in &mut inv.interconnects {
        if ic.bandwidth_mbps.is_none() {
            ic.bandwidth_mbps = ic.bandwidth.as_deref().and_then(parse_mbps);
        }
    }
    for lag in &mut inv.lags {
        if lag.connections_bandwidth_mbps.is_none() {
            lag.connections_bandwidth_mbps =
                lag.connections_bandwidth.as_deref().and_then(parse_mbps);
        }
    }
}

fn regions_of(inv: &Inventory) -> Vec<String> {
    let set: BTreeSet<&String> = inv
        .hosted_connections
        .iter()
        .filter_map(|c| c.region.as_ref())
        .chain(inv.interconnects.iter().filter_map(|i| i.region.as_ref()))
        .chain(inv.lags.iter().filter_map(|l| l.region.as_ref()))
        .collect();
    set.into_iter().cloned().collect()
}
