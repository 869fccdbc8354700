//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).
//!
//! Code scanning wants every result anchored in a file of the repository, so a result points at
//! the inventory file as the user named it and the line where the resource's object starts.
//! Alerts are matched across runs by `partialFingerprints`, which depend on the rule and the
//! resource only: re-collecting or reordering the inventory opens no new alert, and a message
//! that changes its wording (a day count, say) keeps its alert.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    RunAutomationDetails, Sarif, Suppression, Tool, ToolComponent,
};

use super::{INFORMATION_URI, Report, Reporter, RuleSummary, TOOL_NAME, TOOL_VERSION};
use crate::finding::{self, Finding, SuppressionKind};
use crate::severity::Severity;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";
/// GitHub code scanning rejects a run with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// The partial fingerprint GitHub matches alerts by.
pub const PRIMARY_FINGERPRINT: &str = "primaryLocationLineHash";
/// The finding's own fingerprint (rule, resource and message key), as the JSON report has it.
pub const FINDING_FINGERPRINT: &str = "dxcheck/v1";

pub struct SarifReporter {
    /// Results kept in the run; the most severe win when there are more findings.
    pub max_results: usize,
}

impl Default for SarifReporter {
    fn default() -> Self {
        Self {
            max_results: MAX_RESULTS,
        }
    }
}

impl Reporter for SarifReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let log = to_sarif(report, self.max_results);
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

/// critical/high → error, medium → warning, low/info → note.
pub fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

pub fn to_sarif(report: &Report, max_results: usize) -> Sarif {
    let rule_index: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.rule.id.as_str(), i))
        .collect();
    let rules: Vec<ReportingDescriptor> = report.rules.iter().map(rule_descriptor).collect();

    let hashes = primary_hashes(&report.findings);
    let kept = most_severe(&report.findings, max_results);
    let fallback_file = report
        .inventory
        .files
        .first()
        .map_or("<stdin>", String::as_str);
    // One URI per file, not per result: making one may read the working directory.
    let mut uris: HashMap<&str, String> = HashMap::new();
    let results: Vec<SarifResult> = kept
        .iter()
        .map(|&i| {
            let f = &report.findings[i];
            let (file, line) = match &f.location {
                Some(l) => (l.file.as_str(), l.line.max(1)),
                None => (fallback_file, 1),
            };
            let uri = uris.entry(file).or_insert_with(|| artifact_uri(file));
            result(
                f,
                rule_index.get(f.rule_id.as_str()).copied(),
                &hashes[i],
                uri,
                line,
            )
        })
        .collect();

    let mut execution = Vec::new();
    for e in &report.errors {
        let parent = e
            .parent_id
            .as_deref()
            .map(|p| format!(" for {p}"))
            .unwrap_or_default();
        execution.push(notification(
            "warning",
            format!(
                "collection incomplete: {} {}{parent} failed: {} {}",
                e.region, e.operation, e.code, e.message
            ),
        ));
    }
    for e in &report.rule_errors {
        let mut n = notification(
            "error",
            format!("rule not evaluated, so its results are missing from this run: {e}"),
        );
        if let Some((i, r)) = report
            .rules
            .iter()
            .enumerate()
            .find(|(_, r)| e.starts_with(&format!("{} (", r.rule.id)))
        {
            n.associated_rule = Some(ReportingDescriptorReference {
                id: Some(r.rule.id.clone()),
                index: i64::try_from(i).ok(),
                ..ReportingDescriptorReference::default()
            });
        }
        execution.push(n);
    }
    let left_out = report.findings.len() - kept.len();
    if left_out > 0 {
        execution.push(notification(
            "warning",
            format!(
                "{left_out} of {} findings are not in this SARIF file: GitHub code scanning \
                 accepts at most {max_results} results per run, so the most severe were kept. \
                 The JSON, HTML and text reports list every finding.",
                report.findings.len()
            ),
        ));
    }
    let configuration: Vec<Notification> = report
        .warnings
        .iter()
        .map(|w| notification("warning", w.clone()))
        .collect();

    // A rule that failed to evaluate leaves the run incomplete: not a successful execution.
    let mut invocation = Invocation::builder()
        .execution_successful(report.rule_errors.is_empty())
        .build();
    if !execution.is_empty() {
        invocation.tool_execution_notifications = Some(execution);
    }
    if !configuration.is_empty() {
        invocation.tool_configuration_notifications = Some(configuration);
    }

    let mut driver = ToolComponent::builder()
        .name(TOOL_NAME)
        .version(TOOL_VERSION)
        .semantic_version(TOOL_VERSION)
        .information_uri(INFORMATION_URI)
        .build();
    driver.rules = Some(rules);

    let inv = &report.inventory;
    let mut run_properties = BTreeMap::new();
    run_properties.insert("inventoryFiles".to_string(), json!(inv.files));
    if let Some(at) = &inv.collected_at {
        run_properties.insert("collectedAt".to_string(), json!(at));
    }
    run_properties.insert("regions".to_string(), json!(inv.regions));
    run_properties.insert("resources".to_string(), json!(inv.resources()));
    run_properties.insert("failOn".to_string(), json!(report.summary.fail_on.as_str()));
    run_properties.insert("failed".to_string(), json!(report.summary.failed));

    let mut run = Run::builder().tool(Tool::from(driver)).build();
    run.results = Some(results);
    run.invocations = Some(vec![invocation]);
    run.automation_details = Some(RunAutomationDetails {
        // GitHub takes the part before the last '/' as the analysis category; the rest names
        // this run without a clock, so the same inventory gives the same file.
        id: Some(format!(
            "{TOOL_NAME}/{}",
            inv.collected_at.as_deref().unwrap_or("")
        )),
        ..RunAutomationDetails::default()
    });
    run.properties = Some(PropertyBag {
        tags: None,
        additional_properties: run_properties,
    });

    let mut log = Sarif::builder()
        .version(json!(SARIF_VERSION))
        .schema(SCHEMA_URI)
        .build();
    log.runs = vec![run];
    log
}

fn notification(level: &str, text: String) -> Notification {
    let mut n = Notification::builder()
        .message(Message::from(&text))
        .build();
    n.level = Some(json!(level));
    n
}

fn rule_descriptor(r: &RuleSummary) -> ReportingDescriptor {
    let rule = &r.rule;
    let description = rule.description().unwrap_or(&rule.title);
    let mut text = format!("{}\n\n{description}", rule.title);
    let mut markdown = format!("**{}**\n\n{}", md_text(&rule.title), md_text(description));
    if let Some(rem) = rule.remediation() {
        text.push_str(&format!("\n\nRemediation: {rem}"));
        markdown.push_str(&format!("\n\n**Remediation:** {}", md_text(rem)));
    }
    text.push_str(&format!(
        "\n\nSeverity: {}. Source: {}.",
        r.severity,
        rule.source()
    ));
    markdown.push_str(&format!(
        "\n\n**Severity:** {} · **Source:** {}",
        r.severity,
        md_text(rule.source())
    ));
    let related: Vec<&str> = rule
        .metadata
        .related_resources
        .iter()
        .map(|x| x.url())
        .collect();
    if !related.is_empty() {
        text.push_str("\n\nSee also:");
        markdown.push_str("\n\n**See also:**\n");
        for url in &related {
            text.push_str(&format!("\n- {url}"));
            markdown.push_str(&format!("\n- <{}>", url.replace(['<', '>', ' '], "")));
        }
    }

    // GitHub shows `security-severity` only for rules tagged `security`.
    let mut tags = vec!["security".to_string()];
    for t in &rule.metadata.custom.tags {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    let mut props = BTreeMap::new();
    props.insert(
        "security-severity".to_string(),
        json!(r.severity.security_severity()),
    );
    props.insert("severity".to_string(), json!(r.severity.as_str()));
    props.insert("precision".to_string(), json!("very-high"));
    props.insert("source".to_string(), json!(rule.source()));
    props.insert("checked".to_string(), json!(r.checked));

    let mut d = ReportingDescriptor::builder().id(rule.id.clone()).build();
    d.name = Some(pascal_case(&rule.title));
    d.short_description = Some(plain(&rule.title));
    d.full_description = Some(plain(description));
    d.help = Some(
        MultiformatMessageString::builder()
            .text(text)
            .markdown(markdown)
            .build(),
    );
    d.help_uri = r.help_uri().map(str::to_string);
    d.default_configuration = Some(ReportingConfiguration {
        level: Some(json!(level(r.severity))),
        ..ReportingConfiguration::default()
    });
    d.properties = Some(PropertyBag {
        tags: Some(tags),
        additional_properties: props,
    });
    d
}

fn result(
    f: &Finding,
    rule_index: Option<usize>,
    primary_hash: &str,
    uri: &str,
    line: u32,
) -> SarifResult {
    let physical = PhysicalLocation {
        artifact_location: Some(ArtifactLocation {
            uri: Some(uri.to_string()),
            ..ArtifactLocation::default()
        }),
        region: Some(Region {
            start_line: Some(i64::from(line)),
            ..Region::default()
        }),
        ..PhysicalLocation::default()
    };
    let logical = f.resource.as_ref().map(|r| {
        vec![LogicalLocation {
            name: Some(r.id.clone()),
            fully_qualified_name: Some(r.arn.clone().unwrap_or_else(|| r.id.clone())),
            kind: Some("resource".to_string()),
            ..LogicalLocation::default()
        }]
    });
    let location = Location {
        physical_location: Some(physical),
        logical_locations: logical,
        ..Location::default()
    };

    let mut props = BTreeMap::new();
    props.insert("severity".to_string(), json!(f.severity.as_str()));
    if let Some(r) = &f.resource {
        props.insert("resourceId".to_string(), json!(r.id));
        for (key, value) in [
            ("resourceType", &r.kind),
            ("arn", &r.arn),
            ("region", &r.region),
            ("parentId", &r.parent_id),
            ("ownerAccount", &r.owner_account),
        ] {
            if let Some(v) = value {
                props.insert(key.to_string(), json!(v));
            }
        }
    }
    if !f.properties.is_empty() {
        props.insert("details".to_string(), Value::Object(f.properties.clone()));
    }

    let mut r = SarifResult::builder()
        .message(Message::from(&f.message))
        .build();
    r.rule_id = Some(f.rule_id.clone());
    r.rule_index = rule_index.and_then(|i| i64::try_from(i).ok());
    r.level = Some(level(f.severity));
    r.locations = Some(vec![location]);
    r.partial_fingerprints = Some(BTreeMap::from([(
        PRIMARY_FINGERPRINT.to_string(),
        primary_hash.to_string(),
    )]));
    r.fingerprints = Some(BTreeMap::from([(
        FINDING_FINGERPRINT.to_string(),
        f.fingerprint.clone(),
    )]));
    if let Some(s) = &f.suppression {
        let justification = match (s.kind, s.reason.as_deref()) {
            (_, Some(reason)) => match &s.expires {
                Some(until) => format!("{reason} (until {until})"),
                None => reason.to_string(),
            },
            (SuppressionKind::Waiver, None) => "waived in the dxcheck config".to_string(),
            (SuppressionKind::Baseline, None) => "present in the baseline".to_string(),
        };
        let mut sup = Suppression::builder().kind(json!("external")).build();
        sup.justification = Some(justification);
        sup.status = Some(json!("accepted"));
        let mut sup_props = BTreeMap::new();
        sup_props.insert(
            "dxcheckKind".to_string(),
            json!(match s.kind {
                SuppressionKind::Waiver => "waiver",
                SuppressionKind::Baseline => "baseline",
            }),
        );
        if let Some(e) = &s.expires {
            sup_props.insert("expires".to_string(), json!(e));
        }
        sup.properties = Some(PropertyBag {
            tags: None,
            additional_properties: sup_props,
        });
        r.suppressions = Some(vec![sup]);
    }
    r.properties = Some(PropertyBag {
        tags: None,
        additional_properties: props,
    });
    r
}

/// Per finding: a hash of rule id and resource id, then `:N` counting the findings of that rule
/// on that resource in the report's canonical order (GitHub's own `hash:N` shape). Neither the
/// file, the line nor the message takes part.
fn primary_hashes(findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let resource = f.resource.as_ref().map_or("", |r| r.id.as_str());
            let hash = finding::fingerprint(&f.rule_id, resource, "");
            let n = seen.entry(hash.clone()).or_insert(0);
            *n += 1;
            format!("{hash}:{n}")
        })
        .collect()
}

/// Indices of the findings to keep, in report order: all of them when they fit, else the most
/// severe (unsuppressed before suppressed, then by severity, then report order).
fn most_severe(findings: &[Finding], max: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    if findings.len() <= max {
        return order;
    }
    order.sort_by_key(|&i| {
        let f = &findings[i];
        (f.suppressed, std::cmp::Reverse(f.severity), i)
    });
    order.truncate(max);
    order.sort_unstable();
    order
}

/// A relative URI reference for a path as the user gave it: forward slashes, no leading `./`,
/// percent-encoded where URIs need it. An absolute path under the working directory becomes
/// relative to it (code scanning resolves against the repository root); another stays a
/// `file://` URI.
pub fn artifact_uri(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    if std::path::Path::new(path).is_absolute() {
        let relative = std::env::current_dir().ok().and_then(|cwd| {
            std::path::Path::new(path)
                .strip_prefix(&cwd)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        });
        match relative {
            Some(r) => p = r,
            None => {
                let encoded = percent_encode(&p);
                return if encoded.starts_with('/') {
                    format!("file://{encoded}")
                } else {
                    format!("file:///{encoded}")
                };
            }
        }
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    percent_encode(&p)
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn plain(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder()
        .text(text.to_string())
        .build()
}

/// "Required tags missing" → "RequiredTagsMissing": SARIF's rule names are identifiers.
fn pascal_case(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// Text from policies inside SARIF markdown: Markdown punctuation escaped, so a title cannot
/// turn into a link or an HTML tag in the code scanning UI.
fn md_text(s: &str) -> String {
    super::markdown::escape_inline(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::ResourceRef;

    fn finding(rule: &str, resource: &str, severity: Severity, suppressed: bool) -> Finding {
        Finding {
            rule_id: rule.to_string(),
            severity,
            title: "t".to_string(),
            message: format!("{resource} is bad"),
            resource: Some(ResourceRef {
                id: resource.to_string(),
                kind: None,
                arn: None,
                region: None,
                parent_id: None,
                owner_account: None,
            }),
            location: None,
            fingerprint: finding::fingerprint(rule, resource, "m"),
            suppressed,
            suppression: None,
            properties: serde_json::Map::new(),
        }
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), ResultLevel::Error);
        assert_eq!(level(Severity::High), ResultLevel::Error);
        assert_eq!(level(Severity::Medium), ResultLevel::Warning);
        assert_eq!(level(Severity::Low), ResultLevel::Note);
        assert_eq!(level(Severity::Info), ResultLevel::Note);
    }

    #[test]
    fn primary_hash_ignores_message_and_numbers_repeats() {
        let mut a = finding("DX1", "dxcon-a", Severity::High, false);
        let b = finding("DX1", "dxcon-a", Severity::High, false);
        a.message = "different wording".to_string();
        let c = finding("DX1", "dxcon-b", Severity::High, false);
        let h = primary_hashes(&[a, b, c]);
        let base = finding::fingerprint("DX1", "dxcon-a", "");
        assert_eq!(h[0], format!("{base}:1"));
        assert_eq!(h[1], format!("{base}:2"));
        assert!(h[2].ends_with(":1") && !h[2].starts_with(&base));
    }

    #[test]
    fn truncation_keeps_most_severe_unsuppressed_in_report_order() {
        let findings = vec![
            finding("A", "r1", Severity::Low, false),
            finding("A", "r2", Severity::Critical, true),
            finding("A", "r3", Severity::High, false),
            finding("A", "r4", Severity::Info, false),
            finding("A", "r5", Severity::High, false),
        ];
        assert_eq!(most_severe(&findings, 2), vec![2, 4]);
        assert_eq!(most_severe(&findings, 3), vec![0, 2, 4]);
        assert_eq!(most_severe(&findings, 10), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("./inv/a b.json"), "inv/a%20b.json");
        assert_eq!(artifact_uri("inv\\x#1.json"), "inv/x%231.json");
        assert_eq!(artifact_uri("<stdin>"), "%3Cstdin%3E");
        let cwd = std::env::current_dir().expect("cwd");
        let inside = cwd.join("sub/inv.json");
        assert_eq!(artifact_uri(&inside.to_string_lossy()), "sub/inv.json");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(
            pascal_case("MACsec-capable hosted connection"),
            "MACsecCapableHostedConnection"
        );
    }
}
