//! `--format json`, reportVersion 1: the shape scripts parse. Fields may be added, never renamed.

use std::io::Write;

use serde_json::{Value, json};

use super::{Report, Reporter, TOOL_NAME, TOOL_VERSION};
use crate::severity::Severity;

pub const REPORT_VERSION: u32 = 1;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let value = to_value(report);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)
    }
}

pub fn to_value(report: &Report) -> Value {
    let s = &report.summary;
    let mut summary = serde_json::Map::new();
    for sev in Severity::ALL_DESCENDING {
        summary.insert(sev.as_str().to_string(), json!(s.count(sev)));
    }
    summary.insert("waived".into(), json!(s.waived));
    summary.insert("baselined".into(), json!(s.baselined));
    summary.insert("failed".into(), json!(s.failed));
    summary.insert("failOn".into(), json!(s.fail_on.as_str()));
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            let mut v = json!({
                "id": r.rule.id,
                "title": r.rule.title,
                "severity": r.severity,
                "source": r.rule.source(),
                "checked": r.checked,
                "findings": r.findings,
            });
            if let Some(d) = r.rule.description() {
                v["description"] = json!(d);
            }
            if let Some(rem) = r.rule.remediation() {
                v["remediation"] = json!(rem);
            }
            if !r.rule.metadata.custom.tags.is_empty() {
                v["tags"] = json!(r.rule.metadata.custom.tags);
            }
            v
        })
        .collect();
    let inv = &report.inventory;
    json!({
        "reportVersion": REPORT_VERSION,
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "inventory": {
            "files": inv.files,
            "collectedAt": inv.collected_at,
            "resources": inv.resources(),
            "regions": inv.regions,
        },
        "summary": summary,
        "rules": rules,
        "findings": report.findings,
        "errors": report.errors,
        "warnings": report.warnings,
        "ruleErrors": report.rule_errors,
    })
}
