//! Baselines: the fingerprints of accepted, known findings. With `--baseline FILE` only findings
//! not in it fail the gate; the others are reported as baselined.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError};
use crate::finding::{Finding, Suppression, SuppressionKind};
use crate::inventory::load::io_reason;

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Baseline {
    pub baseline_version: u32,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only `fingerprint` is matched; the rest tells a reviewer what it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub fingerprint: String,
    pub rule_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(default)]
    pub message: String,
}

impl Baseline {
    /// Every finding of the run that is not waived (waivers already say why those are accepted).
    pub fn of(findings: &[Finding]) -> Self {
        let mut entries: Vec<Entry> = findings
            .iter()
            .filter(|f| f.suppression.is_none())
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                rule_id: f.rule_id.clone(),
                resource: f.resource.as_ref().map(|r| r.id.clone()),
                message: f.message.clone(),
            })
            .collect();
        entries.sort();
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Self {
            baseline_version: BASELINE_VERSION,
            findings: entries,
        }
    }

    pub fn read(path: &str) -> Result<Self, InputError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::file(path, format!("cannot read baseline: {}", io_reason(&e)))
        })?;
        let baseline: Self = serde_json::from_str(&text).map_err(|e| {
            let msg = e.to_string();
            let msg = crate::error::strip_position(&msg);
            InputError::at(
                path,
                e.line(),
                e.column().max(1),
                format!("invalid baseline: {msg}"),
            )
        })?;
        if baseline.baseline_version != BASELINE_VERSION {
            return Err(InputError::file(
                path,
                format!(
                    "unknown baselineVersion {} (this dxcheck reads {BASELINE_VERSION})",
                    baseline.baseline_version
                ),
            ));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &str) -> Result<(), Error> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::Output {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        crate::report::write_atomic(std::path::Path::new(path), &bytes)
    }

    /// Marks the findings it knows as baselined; returns how many entries matched nothing.
    pub fn apply(&self, findings: &mut [Finding]) -> usize {
        let known: BTreeSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut matched = BTreeSet::new();
        for f in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            if let Some(fp) = known.get(f.fingerprint.as_str()) {
                matched.insert(*fp);
                f.suppress(Suppression {
                    kind: SuppressionKind::Baseline,
                    reason: None,
                    expires: None,
                });
            }
        }
        known.len() - matched.len()
    }
}
