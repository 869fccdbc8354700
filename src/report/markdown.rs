//! `--format markdown`: a GitHub-flavoured summary for `$GITHUB_STEP_SUMMARY` or a merge request
//! comment: the verdict, counts by severity and by rule, then the findings table. Everything
//! that comes from the inventory or the policies is escaped, so a connection name can neither
//! break a table nor inject a link or HTML.

use std::io::Write;

use super::text::plural;
use super::{Report, Reporter};
use crate::finding::{Finding, SuppressionKind};
use crate::severity::Severity;

/// GitHub caps a step summary at 1 MiB; past this many rows the table says how many it left out.
pub const MAX_ROWS: usize = 1000;

pub struct MarkdownReporter {
    pub max_rows: usize,
}

impl Default for MarkdownReporter {
    fn default() -> Self {
        Self { max_rows: MAX_ROWS }
    }
}

impl Reporter for MarkdownReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let s = &report.summary;
        let verdict = if !report.rule_errors.is_empty() {
            "⚠️ incomplete"
        } else if s.failed {
            "❌ failed"
        } else {
            "✅ passed"
        };
        writeln!(out, "## dxcheck: {verdict} (fail-on: {})", s.fail_on)?;
        writeln!(out)?;

        let inv = &report.inventory;
        let mut facts = vec![format!(
            "{} checked {} ({}, {}, {})",
            plural(report.rules.len(), "rule"),
            plural(inv.resources(), "resource"),
            plural(inv.hosted_connections, "hosted connection"),
            plural(inv.interconnects, "interconnect"),
            plural(inv.lags, "LAG")
        )];
        if !inv.files.is_empty() {
            let files: Vec<String> = inv.files.iter().map(|f| escape_inline(f)).collect();
            facts.push(format!("from {}", files.join(", ")));
        }
        if let Some(at) = &inv.collected_at {
            facts.push(format!("collected {}", escape_inline(at)));
        }
        if !inv.regions.is_empty() {
            let regions: Vec<String> = inv.regions.iter().map(|r| escape_inline(r)).collect();
            facts.push(format!("in {}", regions.join(", ")));
        }
        writeln!(out, "{}.", facts.join(" "))?;
        writeln!(out)?;

        for e in &report.errors {
            let parent = e
                .parent_id
                .as_deref()
                .map(|p| format!(" for {}", escape_inline(p)))
                .unwrap_or_default();
            writeln!(
                out,
                "> [!WARNING]\n> Collection incomplete: {} {}{parent} failed: {} {}\n",
                escape_inline(&e.region),
                escape_inline(&e.operation),
                escape_inline(&e.code),
                escape_inline(&e.message)
            )?;
        }
        for e in &report.rule_errors {
            writeln!(
                out,
                "> [!CAUTION]\n> Rule not evaluated, so this report is incomplete: {}\n",
                escape_inline(e)
            )?;
        }
        for w in &report.warnings {
            writeln!(out, "> [!WARNING]\n> {}\n", escape_inline(w))?;
        }

        writeln!(out, "### Findings by severity")?;
        writeln!(out)?;
        writeln!(out, "| Severity | Findings |")?;
        writeln!(out, "|---|---:|")?;
        for sev in Severity::ALL_DESCENDING {
            writeln!(out, "| {} {sev} | {} |", badge(sev), s.count(sev))?;
        }
        writeln!(out, "| waived | {} |", s.waived)?;
        if s.baselined > 0 {
            writeln!(out, "| baselined | {} |", s.baselined)?;
        }
        writeln!(out)?;

        writeln!(out, "### Findings by rule")?;
        writeln!(out)?;
        writeln!(
            out,
            "| Rule | Title | Severity | Checked | Findings | Suppressed |"
        )?;
        writeln!(out, "|---|---|---|---:|---:|---:|")?;
        for r in &report.rules {
            let suppressed = report
                .findings
                .iter()
                .filter(|f| f.rule_id == r.rule.id && f.suppressed)
                .count();
            let checked = if report.rule_error(&r.rule.id).is_some() {
                "not evaluated".to_string()
            } else {
                r.checked.to_string()
            };
            writeln!(
                out,
                "| {} | {} | {} {} | {checked} | {} | {} |",
                cell(&r.rule.id),
                cell(&r.rule.title),
                badge(r.severity),
                r.severity,
                r.findings,
                suppressed
            )?;
        }
        writeln!(out)?;

        let (open, suppressed): (Vec<&Finding>, Vec<&Finding>) =
            report.findings.iter().partition(|f| !f.suppressed);
        writeln!(out, "### Findings")?;
        writeln!(out)?;
        if open.is_empty() {
            writeln!(out, "No unsuppressed findings.")?;
            writeln!(out)?;
        } else {
            self.table(&open, out)?;
        }
        if !suppressed.is_empty() {
            writeln!(
                out,
                "<details><summary>{} waived or baselined</summary>\n",
                plural(suppressed.len(), "finding")
            )?;
            writeln!(
                out,
                "| Severity | Rule | Resource | Message | Suppression |"
            )?;
            writeln!(out, "|---|---|---|---|---|")?;
            for f in suppressed.iter().take(self.max_rows) {
                writeln!(
                    out,
                    "| {} {} | {} | {} | {} | {} |",
                    badge(f.severity),
                    f.severity,
                    cell(&f.rule_id),
                    cell(resource_id(f)),
                    cell(&f.message),
                    cell(&suppression(f))
                )?;
            }
            if suppressed.len() > self.max_rows {
                writeln!(out, "\n{}", not_shown(suppressed.len() - self.max_rows))?;
            }
            writeln!(out, "\n</details>")?;
            writeln!(out)?;
        }
        writeln!(
            out,
            "<sub>dxcheck {} · {} in total</sub>",
            super::TOOL_VERSION,
            plural(report.findings.len(), "finding")
        )
    }
}

impl MarkdownReporter {
    fn table(&self, findings: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            out,
            "| Severity | Rule | Resource | Account | Parent | Message | Location |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for f in findings.iter().take(self.max_rows) {
            let r = f.resource.as_ref();
            let location = f
                .location
                .as_ref()
                .map(|l| format!("{}:{}", l.file, l.line))
                .unwrap_or_default();
            writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} |",
                badge(f.severity),
                f.severity,
                cell(&f.rule_id),
                cell(resource_id(f)),
                cell(r.and_then(|r| r.owner_account.as_deref()).unwrap_or("")),
                cell(r.and_then(|r| r.parent_id.as_deref()).unwrap_or("")),
                cell(&f.message),
                cell(&location)
            )?;
        }
        if findings.len() > self.max_rows {
            writeln!(out, "\n{}", not_shown(findings.len() - self.max_rows))?;
        }
        writeln!(out)
    }
}

fn not_shown(n: usize) -> String {
    let more = if n == 1 { "finding" } else { "findings" };
    format!("{n} more {more} not shown here: the JSON, SARIF and HTML reports list them all.")
}

fn resource_id(f: &Finding) -> &str {
    f.resource.as_ref().map_or("", |r| r.id.as_str())
}

fn suppression(f: &Finding) -> String {
    let Some(s) = &f.suppression else {
        return String::new();
    };
    let mut text = match s.kind {
        SuppressionKind::Waiver => "waived".to_string(),
        SuppressionKind::Baseline => "baselined".to_string(),
    };
    if let Some(r) = &s.reason {
        text.push_str(": ");
        text.push_str(r);
    }
    if let Some(e) = &s.expires {
        text.push_str(&format!(" (until {e})"));
    }
    text
}

fn badge(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🟣",
        Severity::High => "🔴",
        Severity::Medium => "🟠",
        Severity::Low => "🟡",
        Severity::Info => "🔵",
    }
}

/// Inline text with Markdown and HTML meaning taken away: CommonMark lets a backslash escape any
/// ASCII punctuation, and GitHub renders `&…;` entities, so `&` is escaped too. Line breaks
/// become spaces.
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table cell: inline-escaped (which covers `|`), line breaks as `<br>`.
pub fn cell(s: &str) -> String {
    s.split('\n')
        .map(escape_inline)
        .collect::<Vec<_>>()
        .join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_markup() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("line1\nline2"), "line1<br>line2");
        assert_eq!(
            cell("<script>[x](http://e)</script>"),
            "\\<script\\>\\[x\\](http://e)\\</script\\>"
        );
        assert_eq!(
            cell("must_encrypt & *bold*"),
            "must\\_encrypt \\& \\*bold\\*"
        );
    }
}
