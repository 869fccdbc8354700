//! `--format json`, reportVersion 1: the shape scripts parse. Fields may be added, never renamed.
//!
//! The report is serialized straight from borrowed views of the run's data: building a JSON
//! value tree of every finding first cost as much time and memory as the rest of a large run.

use std::io::Write;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Report, Reporter, RuleSummary, TOOL_NAME, TOOL_VERSION};
use crate::finding::Finding;
use crate::inventory::CollectionError;
use crate::severity::Severity;

pub const REPORT_VERSION: u32 = 1;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Document::of(report))?;
        writeln!(out)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    report_version: u32,
    tool: Tool,
    inventory: Inventory<'a>,
    summary: Summary<'a>,
    rules: Vec<Rule<'a>>,
    findings: &'a [Finding],
    errors: &'a [CollectionError],
    warnings: &'a [String],
    rule_errors: &'a [String],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inventory<'a> {
    files: &'a [String],
    collected_at: Option<&'a str>,
    resources: usize,
    regions: &'a [String],
}

/// Counts per severity, most severe first, then the suppressed counts and the verdict.
struct Summary<'a>(&'a super::Summary);

impl Serialize for Summary<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut map = serializer.serialize_map(Some(Severity::ALL_DESCENDING.len() + 4))?;
        for sev in Severity::ALL_DESCENDING {
            map.serialize_entry(sev.as_str(), &s.count(sev))?;
        }
        map.serialize_entry("waived", &s.waived)?;
        map.serialize_entry("baselined", &s.baselined)?;
        map.serialize_entry("failed", &s.failed)?;
        map.serialize_entry("failOn", s.fail_on.as_str())?;
        map.end()
    }
}

#[derive(Serialize)]
struct Rule<'a> {
    id: &'a str,
    title: &'a str,
    severity: Severity,
    source: &'a str,
    checked: usize,
    findings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remediation: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
}

impl<'a> Rule<'a> {
    fn of(r: &'a RuleSummary) -> Self {
        Self {
            id: &r.rule.id,
            title: &r.rule.title,
            severity: r.severity,
            source: r.rule.source(),
            checked: r.checked,
            findings: r.findings,
            description: r.rule.description(),
            remediation: r.rule.remediation(),
            tags: &r.rule.metadata.custom.tags,
        }
    }
}

impl<'a> Document<'a> {
    fn of(report: &'a Report) -> Self {
        let inv = &report.inventory;
        Self {
            report_version: REPORT_VERSION,
            tool: Tool {
                name: TOOL_NAME,
                version: TOOL_VERSION,
            },
            inventory: Inventory {
                files: &inv.files,
                collected_at: inv.collected_at.as_deref(),
                resources: inv.resources(),
                regions: &inv.regions,
            },
            summary: Summary(&report.summary),
            rules: report.rules.iter().map(Rule::of).collect(),
            findings: &report.findings,
            errors: &report.errors,
            warnings: &report.warnings,
            rule_errors: &report.rule_errors,
        }
    }
}
