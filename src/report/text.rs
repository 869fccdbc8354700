//! Human-readable findings for a terminal: grouped by rule, most severe first within the rule
//! order, and a closing summary line.

use std::io::Write;

use super::{Report, Reporter};
use crate::finding::{Finding, SuppressionKind};
use crate::severity::Severity;

pub struct TextReporter {
    pub color: bool,
}

impl TextReporter {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        self.paint(code, &format!("{:<8}", s.as_str()))
    }
}

impl Reporter for TextReporter {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for e in &report.errors {
            let parent = e
                .parent_id
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{} collection incomplete: {} {}{}: {} {}",
                self.paint("33", "warning:"),
                e.region,
                e.operation,
                parent,
                e.code,
                e.message
            )?;
        }
        for e in &report.rule_errors {
            writeln!(
                out,
                "{} rule not evaluated: {e}",
                self.paint("1;31", "error:")
            )?;
        }
        for w in &report.warnings {
            writeln!(out, "{} {w}", self.paint("33", "warning:"))?;
        }
        let mut start = 0;
        while start < report.findings.len() {
            let rule_id = &report.findings[start].rule_id;
            let end = report.findings[start..]
                .iter()
                .position(|f| &f.rule_id != rule_id)
                .map_or(report.findings.len(), |n| start + n);
            let group = &report.findings[start..end];
            let title = &group[0].title;
            writeln!(
                out,
                "{} {}  ({})",
                self.paint("1", rule_id),
                title,
                plural(group.len(), "finding")
            )?;
            for f in group {
                self.finding(f, out)?;
            }
            writeln!(out)?;
            start = end;
        }
        let s = &report.summary;
        let counts: Vec<String> = Severity::ALL_DESCENDING
            .iter()
            .map(|sev| format!("{} {}", s.count(*sev), sev.as_str()))
            .collect();
        let mut suppressed = Vec::new();
        if s.waived > 0 {
            suppressed.push(format!("{} waived", s.waived));
        }
        if s.baselined > 0 {
            suppressed.push(format!("{} baselined", s.baselined));
        }
        let suppressed = if suppressed.is_empty() {
            String::new()
        } else {
            format!(" ({})", suppressed.join(", "))
        };
        let verdict = if s.failed {
            self.paint("1;31", &format!("FAILED (fail-on: {})", s.fail_on))
        } else {
            self.paint("1;32", &format!("passed (fail-on: {})", s.fail_on))
        };
        writeln!(
            out,
            "{}: {}{} — {} rules, {} resources — {}",
            plural(s.total(), "finding"),
            counts.join(", "),
            suppressed,
            report.rules.len(),
            report.inventory.resources(),
            verdict
        )
    }
}

impl TextReporter {
    fn finding(&self, f: &Finding, out: &mut dyn Write) -> std::io::Result<()> {
        let mut context = Vec::new();
        if let Some(r) = &f.resource {
            if let Some(p) = &r.parent_id {
                context.push(format!("on {p}"));
            }
            if let Some(o) = &r.owner_account {
                context.push(format!("account {o}"));
            }
            if let Some(region) = &r.region {
                context.push(region.clone());
            }
        }
        if let Some(l) = &f.location {
            context.push(format!("{}:{}", l.file, l.line));
        }
        let resource = f.resource.as_ref().map_or("-", |r| r.id.as_str());
        let context = if context.is_empty() {
            String::new()
        } else {
            self.paint("2", &format!("  ({})", context.join(", ")))
        };
        writeln!(out, "  {} {resource}{context}", self.severity(f.severity))?;
        writeln!(out, "           {}", f.message)?;
        if let Some(s) = &f.suppression {
            let what = match s.kind {
                SuppressionKind::Waiver => "waived",
                SuppressionKind::Baseline => "baselined",
            };
            let reason = s
                .reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            let expires = s
                .expires
                .as_deref()
                .map(|e| format!(" (until {e})"))
                .unwrap_or_default();
            writeln!(
                out,
                "           {}",
                self.paint("2", &format!("{what}{reason}{expires}"))
            )?;
        }
        Ok(())
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
