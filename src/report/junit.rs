//! `--format junit`: JUnit XML as GitLab, Jenkins and most CI servers read it.
//!
//! One `<testsuite>` per rule and one `<testcase>` per resource the rule checked, so a clean
//! resource shows up as a passing test rather than as nothing. A resource with unsuppressed
//! findings fails (`<failure>` with every message; `info` findings pass and say so in
//! `<system-out>`, as they never fail the gate); one whose findings are all waived or baselined
//! is `<skipped>` with the reason. Findings on no resource, or on one the inventory does not
//! list, get test cases of their own so that no finding is lost.

use std::collections::BTreeMap;
use std::io::Write;

use super::{Report, Reporter, RuleSummary, TOOL_NAME};
use crate::finding::{Finding, Location, SuppressionKind};
use crate::severity::Severity;

pub struct JunitReporter;

/// The test case name of findings that name no resource.
pub const NO_RESOURCE: &str = "(no resource)";
/// The test case of a rule that failed to evaluate.
pub const NOT_EVALUATED: &str = "(evaluation)";

impl Reporter for JunitReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let suites: Vec<Suite> = report.rules.iter().map(|r| suite(report, r)).collect();
        let total = Counts::sum(suites.iter().map(|s| s.counts));
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="{}" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
            TOOL_NAME, total.tests, total.failures, total.errors, total.skipped
        )?;
        for s in &suites {
            s.write(out)?;
        }
        writeln!(out, "</testsuites>")
    }
}

#[derive(Clone, Copy, Default)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn sum(all: impl Iterator<Item = Counts>) -> Counts {
        all.fold(Counts::default(), |a, b| Counts {
            tests: a.tests + b.tests,
            failures: a.failures + b.failures,
            errors: a.errors + b.errors,
            skipped: a.skipped + b.skipped,
        })
    }
}

struct Suite<'a> {
    rule: &'a RuleSummary,
    cases: Vec<Case<'a>>,
    counts: Counts,
    /// Why the rule was not evaluated (`--keep-going`).
    error: Option<&'a str>,
}

struct Case<'a> {
    name: String,
    location: Option<&'a Location>,
    findings: Vec<&'a Finding>,
}

enum Outcome<'a> {
    Pass,
    Failure(Vec<&'a Finding>),
    Skipped(Vec<&'a Finding>),
}

impl<'a> Case<'a> {
    fn outcome(&self) -> Outcome<'a> {
        let failing: Vec<&Finding> = self
            .findings
            .iter()
            .copied()
            .filter(|f| !f.suppressed && f.severity != Severity::Info)
            .collect();
        if !failing.is_empty() {
            return Outcome::Failure(failing);
        }
        if !self.findings.is_empty() && self.findings.iter().all(|f| f.suppressed) {
            return Outcome::Skipped(self.findings.clone());
        }
        Outcome::Pass
    }
}

fn suite<'a>(report: &'a Report, rule: &'a RuleSummary) -> Suite<'a> {
    // A rule that failed to evaluate checked nothing: listing its resources as passed would lie.
    if let Some(error) = report.rule_error(&rule.rule.id) {
        return Suite {
            rule,
            cases: Vec::new(),
            counts: Counts {
                tests: 1,
                errors: 1,
                ..Counts::default()
            },
            error: Some(error),
        };
    }
    let mut by_resource: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.rule_id == rule.rule.id) {
        let id = f.resource.as_ref().map_or(NO_RESOURCE, |r| r.id.as_str());
        by_resource.entry(id).or_default().push(f);
    }
    let types = rule.resource_types();
    let mut checked: Vec<_> = report
        .inventory
        .resource_list
        .iter()
        .filter(|r| types.contains(&r.kind))
        .collect();
    checked.sort_by(|a, b| a.id.cmp(&b.id));
    let mut cases: Vec<Case> = checked
        .into_iter()
        .map(|r| Case {
            name: r.id.clone(),
            location: r.location.as_ref(),
            findings: by_resource.remove(r.id.as_str()).unwrap_or_default(),
        })
        .collect();
    for (id, findings) in by_resource {
        cases.push(Case {
            name: id.to_string(),
            location: findings.iter().find_map(|f| f.location.as_ref()),
            findings,
        });
    }
    let mut counts = Counts {
        tests: cases.len(),
        ..Counts::default()
    };
    for c in &cases {
        match c.outcome() {
            Outcome::Failure(_) => counts.failures += 1,
            Outcome::Skipped(_) => counts.skipped += 1,
            Outcome::Pass => {}
        }
    }
    Suite {
        rule,
        cases,
        counts,
        error: None,
    }
}

impl Suite<'_> {
    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let rule = &self.rule.rule;
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}">"#,
            attr(&format!("{} {}", rule.id, rule.title)),
            self.counts.tests,
            self.counts.failures,
            self.counts.errors,
            self.counts.skipped
        )?;
        writeln!(out, "    <properties>")?;
        let mut props = vec![
            ("rule", rule.id.clone()),
            ("severity", self.rule.severity.to_string()),
            ("source", rule.source().to_string()),
            ("checked", self.rule.checked.to_string()),
        ];
        if let Some(uri) = self.rule.help_uri() {
            props.push(("helpUri", uri.to_string()));
        }
        for (name, value) in props {
            writeln!(
                out,
                r#"      <property name="{name}" value="{}"/>"#,
                attr(&value)
            )?;
        }
        writeln!(out, "    </properties>")?;
        if let Some(error) = self.error {
            writeln!(
                out,
                r#"    <testcase name="{NOT_EVALUATED}" classname="{}">"#,
                attr(&rule.id)
            )?;
            writeln!(
                out,
                r#"      <error message="{}" type="evaluation">{}</error>"#,
                attr(error),
                text(error)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        for c in &self.cases {
            self.case(c, out)?;
        }
        writeln!(out, "  </testsuite>")
    }

    fn case(&self, c: &Case, out: &mut dyn Write) -> std::io::Result<()> {
        let rule = &self.rule.rule;
        let location = c
            .location
            .map(|l| format!(r#" file="{}" line="{}""#, attr(&l.file), l.line))
            .unwrap_or_default();
        write!(
            out,
            r#"    <testcase name="{}" classname="{}"{location}"#,
            attr(&c.name),
            attr(&rule.id)
        )?;
        let info: Vec<&Finding> = c
            .findings
            .iter()
            .copied()
            .filter(|f| !f.suppressed && f.severity == Severity::Info)
            .collect();
        match c.outcome() {
            Outcome::Pass if info.is_empty() => return writeln!(out, "/>"),
            Outcome::Pass => writeln!(out, ">")?,
            Outcome::Failure(failing) => {
                writeln!(out, ">")?;
                let most = failing
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(self.rule.severity);
                let message = match failing.len() {
                    1 => failing[0].message.clone(),
                    n => format!("{} (and {} more)", failing[0].message, n - 1),
                };
                let body: Vec<String> = failing.iter().map(|f| finding_line(f)).collect();
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{most}">{}</failure>"#,
                    attr(&message),
                    text(&body.join("\n"))
                )?;
            }
            Outcome::Skipped(suppressed) => {
                writeln!(out, ">")?;
                let body: Vec<String> = suppressed.iter().map(|f| finding_line(f)).collect();
                writeln!(
                    out,
                    r#"      <skipped message="{}">{}</skipped>"#,
                    attr(&suppression_text(suppressed[0])),
                    text(&body.join("\n"))
                )?;
            }
        }
        let notes: Vec<String> = info
            .iter()
            .copied()
            .chain(c.findings.iter().copied().filter(|f| f.suppressed))
            .map(finding_line)
            .collect();
        if !notes.is_empty() && !matches!(c.outcome(), Outcome::Skipped(_)) {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                text(&notes.join("\n"))
            )?;
        }
        writeln!(out, "    </testcase>")
    }
}

fn finding_line(f: &Finding) -> String {
    let mut line = format!("[{}] {}", f.severity, f.message);
    if f.suppression.is_some() {
        line.push_str(&format!(" ({})", suppression_text(f)));
    }
    if let Some(l) = &f.location {
        line.push_str(&format!(" at {}:{}", l.file, l.line));
    }
    line
}

fn suppression_text(f: &Finding) -> String {
    let Some(s) = &f.suppression else {
        return String::new();
    };
    let mut t = match s.kind {
        SuppressionKind::Waiver => "waived".to_string(),
        SuppressionKind::Baseline => "baselined".to_string(),
    };
    if let Some(r) = &s.reason {
        t.push_str(": ");
        t.push_str(r);
    }
    if let Some(e) = &s.expires {
        t.push_str(&format!(" (until {e})"));
    }
    t
}

/// XML 1.0 cannot carry most control characters even as references: they become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

/// Text content: `&`, `<` and `>` escaped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Attribute values (double-quoted): also quotes, and whitespace kept as references since
/// parsers normalise literal tabs and newlines in attributes to spaces.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            attr("<a href=\"x\">'&'\n"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&#10;"
        );
        assert_eq!(text("a < b && c\u{1}"), "a &lt; b &amp;&amp; c\u{FFFD}");
    }
}
