//! Findings: what a rule said about a resource, with everything reports need.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::inventory::Resources;
use crate::policy::RuleInfo;
use crate::severity::Severity;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub fingerprint: String,
    pub suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    pub properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    pub id: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
}

impl Finding {
    /// Waived or baselined: `suppressed` and `suppression` are set together, never one alone.
    pub fn suppress(&mut self, suppression: Suppression) {
        self.suppressed = true;
        self.suppression = Some(suppression);
    }
}

impl Location {
    /// Where a resource starts in the files it was read from; none for standard input, which
    /// no reader of the report can open.
    pub fn of(files: &[String], origin: crate::inventory::Origin) -> Option<Self> {
        files
            .get(origin.file)
            .filter(|f| f.as_str() != "-")
            .map(|f| Self {
                file: f.clone(),
                line: origin.line,
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    Waiver,
    Baseline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub kind: SuppressionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// Turns rule outputs into findings: one per value, resolved against the inventory's
/// resources.
pub struct FindingBuilder<'a> {
    resources: &'a Resources,
}

impl<'a> FindingBuilder<'a> {
    pub fn new(resources: &'a Resources) -> Self {
        Self { resources }
    }

    /// A finding from one value a rule yielded: a string (the message), `true`, or an object with
    /// `msg` (required), `resource`, `severity`, `key` (what distinguishes two findings of the
    /// rule on one resource; the message by default); other keys become properties.
    pub fn build(
        &self,
        rule: &RuleInfo,
        override_severity: Option<Severity>,
        value: &Value,
    ) -> Result<Finding, Error> {
        let eval_error = |message: String| Error::Eval {
            file: rule.file.clone(),
            rule: rule.name.clone(),
            message,
        };
        let (message, resource_id, own_severity, key, properties) = match value {
            Value::String(s) => (s.clone(), None, None, None, Map::new()),
            Value::Bool(true) => (rule.title.clone(), None, None, None, Map::new()),
            Value::Object(obj) => {
                // Only error messages use it: made when one is.
                let resource_hint = || {
                    obj.get("resource")
                        .and_then(Value::as_str)
                        .map(|s| format!(" (resource {s})"))
                        .unwrap_or_default()
                };
                let msg = match obj.get("msg") {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => {
                        return Err(eval_error(format!(
                            "finding \"msg\" must be a string, got {other}{}",
                            resource_hint()
                        )));
                    }
                    None => {
                        return Err(eval_error(format!(
                            "finding object has no \"msg\": {value}{}",
                            resource_hint()
                        )));
                    }
                };
                let resource = match obj.get("resource") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => {
                        return Err(eval_error(format!(
                            "finding \"resource\" must be a resource id string, got {other}"
                        )));
                    }
                };
                let sev = match obj.get("severity") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(
                        s.parse::<Severity>()
                            .map_err(|e| eval_error(format!("{e}{}", resource_hint())))?,
                    ),
                    Some(other) => {
                        return Err(eval_error(format!(
                            "finding \"severity\" must be a string, got {other}{}",
                            resource_hint()
                        )));
                    }
                };
                let key = match obj.get("key") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(other) => Some(other.to_string()),
                };
                let mut properties = Map::new();
                for (k, v) in obj {
                    if !matches!(k.as_str(), "msg" | "resource" | "severity" | "key") {
                        properties.insert(k.clone(), v.clone());
                    }
                }
                (msg, resource, sev, key, properties)
            }
            other => {
                return Err(eval_error(format!(
                    "yields {other}; each finding must be a string or an object with \"msg\""
                )));
            }
        };
        let info = resource_id.as_deref().and_then(|id| self.resources.get(id));
        let resource = resource_id.as_ref().map(|id| match info {
            Some(info) => ResourceRef {
                id: id.clone(),
                kind: Some(info.kind.as_str().to_string()),
                arn: info.arn(),
                region: info.region.clone(),
                parent_id: info.parent_id.clone(),
                owner_account: info.owner_account.clone(),
            },
            None => ResourceRef {
                id: id.clone(),
                kind: None,
                arn: None,
                region: None,
                parent_id: None,
                owner_account: None,
            },
        });
        let location = info.and_then(|i| Location::of(&self.resources.files, i.origin));
        let fingerprint = fingerprint(
            &rule.id,
            resource_id.as_deref().unwrap_or(""),
            key.as_deref().unwrap_or(&message),
        );
        Ok(Finding {
            rule_id: rule.id.clone(),
            // The user's `[rules.ID] severity` wins over what the policy says.
            severity: override_severity.or(own_severity).unwrap_or(rule.severity),
            title: rule.title.clone(),
            message,
            resource,
            location,
            fingerprint,
            suppressed: false,
            suppression: None,
            properties,
        })
    }
}

/// Stable across re-collection: rule id, resource id and message key only — never the file,
/// the line or the order of the inventory.
pub fn fingerprint(rule_id: &str, resource_id: &str, key: &str) -> String {
    let mut h = Sha256::new();
    for part in [rule_id, resource_id, key] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in h.finalize().iter().take(16) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// The canonical order of findings in every report.
pub fn sort(findings: &mut [Finding], rule_order: &HashMap<String, usize>) {
    findings.sort_by(|a, b| {
        let ra = rule_order.get(&a.rule_id).copied().unwrap_or(usize::MAX);
        let rb = rule_order.get(&b.rule_id).copied().unwrap_or(usize::MAX);
        ra.cmp(&rb)
            .then_with(|| resource_id(a).cmp(resource_id(b)))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.fingerprint.cmp(&b.fingerprint))
    });
}

fn resource_id(f: &Finding) -> &str {
    f.resource.as_ref().map(|r| r.id.as_str()).unwrap_or("")
}
