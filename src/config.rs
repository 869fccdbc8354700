//! `dxcheck.toml`: the gate threshold, policy parameters, per-rule settings and waivers.
//! Unknown keys and bad values are errors naming the file, line and key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::InputError;
use crate::inventory::load::io_reason;
use crate::severity::{FailOn, Severity};

pub const DEFAULT_FILE: &str = "dxcheck.toml";

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from; None when no config file was found.
    pub path: Option<String>,
    pub fail_on: Option<FailOn>,
    /// `[params]`, as policies see it at `data.dxcheck.params`.
    pub params: serde_json::Map<String, serde_json::Value>,
    pub rules: BTreeMap<String, RuleConfig>,
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    pub enabled: Option<bool>,
    #[serde(default, deserialize_with = "severity")]
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// A rule id, or a glob over rule ids.
    pub rule: String,
    /// A glob over resource ids.
    pub resource: String,
    pub owner_account: Option<String>,
    pub parent_id: Option<String>,
    pub region: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`: the waiver applies through that day, and stops applying after it. None:
    /// the waiver is permanent (`permanent = true`).
    pub expires: Option<time::Date>,
    /// Line of the `[[waivers]]` entry in the config file.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default, deserialize_with = "fail_on")]
    fail_on: Option<FailOn>,
    #[serde(default)]
    params: toml::Table,
    #[serde(default)]
    rules: BTreeMap<String, RuleConfig>,
    #[serde(default)]
    waivers: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: String,
    #[serde(default)]
    resource: Option<String>,
    #[serde(default)]
    owner_account: Option<String>,
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    reason: Option<Spanned<String>>,
    #[serde(default)]
    expires: Option<Spanned<toml::Value>>,
    #[serde(default)]
    permanent: bool,
}

fn fail_on<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<FailOn>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

fn severity<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Severity>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

impl Config {
    /// `explicit` (from `--config`) must exist; otherwise `dxcheck.toml` in the working directory
    /// is read when present.
    pub fn discover(explicit: Option<&str>) -> Result<Self, InputError> {
        match explicit {
            Some(path) => Self::read(path),
            None if Path::new(DEFAULT_FILE).is_file() => Self::read(DEFAULT_FILE),
            None => Ok(Self::default()),
        }
    }

    pub fn read(path: &str) -> Result<Self, InputError> {
        let bytes = std::fs::read(path).map_err(|e| {
            InputError::file(path, format!("cannot read config: {}", io_reason(&e)))
        })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| InputError::file(path, "config is not valid UTF-8"))?;
        Self::parse(path, &text)
    }

    pub fn parse(path: &str, text: &str) -> Result<Self, InputError> {
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(path, text, "", &e))?;
        let raw: RawConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            toml_error(path, text, if key == "." { "" } else { &key }, e.inner())
        })?;
        let params = match serde_json::to_value(&raw.params) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => {
                return Err(InputError::file(
                    path,
                    "[params] cannot be represented as JSON",
                ));
            }
        };
        let mut waivers = Vec::with_capacity(raw.waivers.len());
        for w in raw.waivers {
            waivers.push(waiver(path, text, w)?);
        }
        Ok(Self {
            path: Some(path.to_string()),
            fail_on: raw.fail_on,
            params,
            rules: raw.rules,
            waivers,
        })
    }

    pub fn rule(&self, id: &str) -> Option<&RuleConfig> {
        self.rules.get(id)
    }
}

fn waiver(path: &str, text: &str, spanned: Spanned<RawWaiver>) -> Result<Waiver, InputError> {
    let line = line_of(text, spanned.span().start);
    let w = spanned.into_inner();
    let reason = match w.reason {
        Some(r) if !r.get_ref().trim().is_empty() => r.into_inner(),
        Some(r) => {
            return Err(InputError::at_line(
                path,
                line_of(text, r.span().start),
                "waivers.reason: must not be empty",
            ));
        }
        None => {
            return Err(InputError::at_line(
                path,
                line,
                "waivers.reason: every waiver needs a reason",
            ));
        }
    };
    let expires = match w.expires {
        None if w.permanent => None,
        None => {
            return Err(InputError::at_line(
                path,
                line,
                "waivers.expires: a waiver needs an expiry date (YYYY-MM-DD), or permanent = true",
            ));
        }
        Some(e) => {
            let at = line_of(text, e.span().start);
            let raw = match e.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Some(time::Date::parse(&raw, format).map_err(|_| {
                InputError::at_line(
                    path,
                    at,
                    format!("waivers.expires: invalid date {raw:?}, expected YYYY-MM-DD"),
                )
            })?)
        }
    };
    Ok(Waiver {
        rule: w.rule,
        resource: w.resource.unwrap_or_else(|| "*".to_string()),
        owner_account: w.owner_account,
        parent_id: w.parent_id,
        region: w.region,
        reason,
        expires,
        line,
    })
}

fn toml_error(path: &str, text: &str, key: &str, e: &toml::de::Error) -> InputError {
    let message = e.message().trim().to_string();
    let message = if key.is_empty() {
        message
    } else {
        format!("{key}: {message}")
    };
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            InputError::at(path, line, col, message)
        }
        None => InputError::file(path, message),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    line_col(text, offset).0
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_example() {
        let text = r#"fail_on = "medium"
[params]
required_tags = ["Customer", "CostCenter"]
[rules.DX014]
enabled = false
[rules.DX007]
severity = "low"
[[waivers]]
rule = "DX003"
resource = "dxcon-ab12*"
reason = "customer migration, NET-1234"
expires = "2027-01-31"
"#;
        let c = Config::parse("dxcheck.toml", text).expect("valid");
        assert_eq!(c.fail_on, Some(FailOn::Severity(Severity::Medium)));
        assert_eq!(
            c.params["required_tags"],
            serde_json::json!(["Customer", "CostCenter"])
        );
        assert_eq!(c.rules["DX014"].enabled, Some(false));
        assert_eq!(c.rules["DX007"].severity, Some(Severity::Low));
        assert_eq!(c.waivers.len(), 1);
        assert_eq!(c.waivers[0].line, 8);
        assert_eq!(
            c.waivers[0].expires.map(|d| d.to_string()),
            Some("2027-01-31".to_string())
        );
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = Config::parse(
            "c.toml",
            "fail_on = \"low\"\n\n[rules.DX001]\nenable = false\n",
        )
        .expect_err("unknown key");
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("enable"), "{err}");
        assert!(err.to_string().starts_with("c.toml:4:"), "{err}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = Config::parse("c.toml", "[rules.DX001]\nseverity = \"urgent\"\n")
            .expect_err("bad severity");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("rules.DX001.severity"), "{err}");
        let err = Config::parse("c.toml", "fail_on = \"sometimes\"\n").expect_err("bad fail_on");
        assert!(err.message.contains("fail_on"), "{err}");
    }

    #[test]
    fn waiver_needs_reason_and_expiry() {
        let err = Config::parse(
            "c.toml",
            "\n[[waivers]]\nrule = \"DX1\"\nexpires = \"2027-01-01\"\n",
        )
        .expect_err("no reason");
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("reason"), "{err}");
        let err = Config::parse("c.toml", "[[waivers]]\nrule = \"DX1\"\nreason = \"x\"\n")
            .expect_err("no expiry");
        assert!(err.message.contains("expires"), "{err}");
        let err = Config::parse(
            "c.toml",
            "[[waivers]]\nrule = \"DX1\"\nreason = \"x\"\nexpires = \"31/01/2027\"\n",
        )
        .expect_err("bad date");
        assert_eq!(err.line, Some(4));
        let ok = Config::parse(
            "c.toml",
            "[[waivers]]\nrule = \"DX1\"\nreason = \"x\"\npermanent = true\n",
        )
        .expect("permanent");
        assert_eq!(
            ok.waivers[0].expires, None,
            "a permanent waiver never expires"
        );
    }
}
