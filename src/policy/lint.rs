//! `dxcheck policy lint`: every problem in a set of Rego files, reported together. Loading
//! policies for `check` stops at the first problem; lint keeps going, so one run lists them all.

use std::collections::BTreeMap;

use regorus::{Engine, Value};
use serde::Serialize;

use super::metadata::{Metadata, parse_blocks};
use super::module::{ParsedModule, regorus_error, split_regorus_error};
use super::source::PolicyFile;
use crate::error::InputError;
use crate::inventory::Inventory;
use crate::inventory::load::{SourceText, parse_document};
use crate::inventory::lookups::policy_input_value;

/// Compiled in, so linting needs no repository files next to the binary.
const EXAMPLE_INVENTORY: &str = include_str!("../../examples/inventory.json");
const EXAMPLE_INVENTORY_NAME: &str = "examples/inventory.json";

/// A runaway rule is reported, not waited on.
const RULE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// One lint finding. `code` is stable: scripts and docs refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    pub code: &'static str,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The finding rule concerned, as `package.rule`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub message: String,
}

impl Diagnostic {
    fn from_input(level: Level, code: &'static str, e: InputError) -> Self {
        Self {
            level,
            code,
            file: e.file,
            line: e.line,
            column: e.col,
            rule: None,
            message: e.message,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct LintReport {
    pub files: usize,
    pub rules: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl LintReport {
    pub fn errors(&self) -> usize {
        self.count(Level::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Level::Warning)
    }

    fn count(&self, level: Level) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// Lints `files`. `support` modules (the built-in library, for users' policies) are loaded so
/// that imports resolve, but are not themselves linted.
pub fn lint(files: &[PolicyFile], support: &[PolicyFile]) -> LintReport {
    let mut report = LintReport {
        files: files.len(),
        ..LintReport::default()
    };
    let mut modules = Vec::new();
    // A file whose METADATA is already an error gets no "missing metadata" warnings on top.
    let mut broken_metadata = Vec::new();
    for f in files {
        let before = report.diagnostics.len();
        if let Some(m) = check_file(f, &mut report.diagnostics) {
            if report.diagnostics.len() > before {
                broken_metadata.push(f.path.clone());
            }
            modules.push(m);
        }
    }
    if let Err(e) = super::check_recursion(&modules) {
        report
            .diagnostics
            .push(Diagnostic::from_input(Level::Error, "recursion", e));
    }
    let finding_rules = check_metadata(&modules, &broken_metadata, &mut report.diagnostics);
    report.rules = finding_rules.len();
    let support: Vec<&PolicyFile> = support
        .iter()
        .filter(|s| !s.is_test() && !files.iter().any(|f| f.path == s.path))
        .collect();
    evaluate(&modules, &support, &finding_rules, &mut report.diagnostics);
    report.diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.level, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.level, b.code, &b.message))
    });
    report.diagnostics.dedup();
    report
}

/// Syntax and METADATA of one file. Returns the parsed module when its Rego parses (with any
/// broken METADATA block blanked out, so its rules are still checked).
fn check_file(f: &PolicyFile, out: &mut Vec<Diagnostic>) -> Option<ParsedModule> {
    if let Err(e) = super::module::parse_rego(f) {
        out.push(Diagnostic::from_input(Level::Error, "parse-error", e));
        return None;
    }
    let mut text_lines: Vec<String> = f.text.lines().map(str::to_string).collect();
    for (start, yaml) in metadata_blocks(&f.text) {
        let last = start + yaml.lines().count();
        if let Some(d) = check_block(&f.path, (start, last), &yaml, &f.text) {
            out.push(d);
            // Blank the marker (keeping line numbers) so the rest of the file can be loaded.
            if let Some(l) = text_lines.get_mut(start - 1) {
                *l = "#".into();
            }
        }
    }
    let mut text = text_lines.join("\n");
    text.push('\n');
    let cleaned = PolicyFile {
        path: f.path.clone(),
        text,
        builtin: f.builtin,
    };
    match ParsedModule::parse(cleaned) {
        Ok(mut m) => {
            m.file = f.clone();
            Some(m)
        }
        Err(e) => {
            out.push(Diagnostic::from_input(Level::Error, "parse-error", e));
            None
        }
    }
}

/// `(line of "# METADATA", the YAML under it)` for each block.
fn metadata_blocks(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let mut yaml = String::new();
        let mut j = i + 1;
        while let Some(rest) = lines.get(j).and_then(|l| l.trim_start().strip_prefix('#')) {
            yaml.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            yaml.push('\n');
            j += 1;
        }
        out.push((i + 1, yaml));
        i = j;
    }
    out
}

/// Checks one block in three steps, so the diagnostic says which kind of problem it is: YAML
/// syntax, then the severity value, then the types of every key.
fn check_block(
    path: &str,
    (start, last): (usize, usize),
    yaml: &str,
    text: &str,
) -> Option<Diagnostic> {
    let located = |code, line: Option<usize>, col: Option<usize>, message: String| Diagnostic {
        level: Level::Error,
        code,
        file: path.to_string(),
        line: line.or(Some(start)),
        column: col,
        rule: None,
        message,
    };
    let value: serde_yaml_ng::Value = match serde_yaml_ng::from_str(yaml) {
        Ok(v) => v,
        Err(e) => {
            let loc = e.location();
            return Some(located(
                "metadata-yaml",
                // An error at the end of the YAML is reported on the block's last line.
                loc.as_ref().map(|l| (start + l.line()).min(last)),
                loc.as_ref().map(|l| l.column() + 2),
                format!(
                    "METADATA is not valid YAML: {}",
                    crate::error::strip_position(&e.to_string())
                ),
            ));
        }
    };
    if let Some(sev) = value.get("custom").and_then(|c| c.get("severity")) {
        let known = sev
            .as_str()
            .is_some_and(|s| s.parse::<crate::severity::Severity>().is_ok());
        if !known {
            let shown = serde_yaml_ng::to_string(sev).unwrap_or_default();
            return Some(located(
                "unknown-severity",
                line_of_key(text, start, "severity:"),
                None,
                format!(
                    "unknown severity {}; use critical, high, medium, low or info",
                    shown.trim()
                ),
            ));
        }
    }
    // The same parser the loader uses: whatever passes here loads for `check`.
    let mut padded = "\n".repeat(start - 1);
    padded.push_str("# METADATA\n");
    for l in yaml.lines() {
        padded.push_str("# ");
        padded.push_str(l);
        padded.push('\n');
    }
    match parse_blocks(path, &padded) {
        Ok(_) => None,
        Err(e) => Some(Diagnostic::from_input(Level::Error, "metadata-type", e)),
    }
}

fn line_of_key(text: &str, start: usize, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.trim_start().starts_with('#'))
        .find(|(_, l)| l.trim_start_matches(['#', ' ', '\t']).starts_with(key))
        .map(|(i, _)| i + 1)
}

/// A finding rule to evaluate.
struct FindingRule {
    package: String,
    name: String,
    file: String,
    line: usize,
}

impl FindingRule {
    fn label(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
}

/// Missing metadata (warnings) and ids defined twice (errors). Test files define no findings.
fn check_metadata(
    modules: &[ParsedModule],
    broken_metadata: &[String],
    out: &mut Vec<Diagnostic>,
) -> Vec<FindingRule> {
    let mut rules = Vec::new();
    let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for m in modules.iter().filter(|m| !m.file.is_test()) {
        for (name, line) in m.finding_rules() {
            let md: Metadata = m.metadata_of(&name);
            let rule = FindingRule {
                package: m.package.clone(),
                name,
                file: m.file.path.clone(),
                line,
            };
            let mut missing = Vec::new();
            if md.custom.id.is_none() {
                missing.push("custom.id");
            }
            if md.title.is_none() {
                missing.push("title");
            }
            if md.custom.severity.is_none() {
                missing.push("custom.severity");
            }
            if !missing.is_empty() && !broken_metadata.contains(&rule.file) {
                out.push(Diagnostic {
                    level: Level::Warning,
                    code: "missing-metadata",
                    file: rule.file.clone(),
                    line: Some(line),
                    column: None,
                    rule: Some(rule.label()),
                    message: format!(
                        "finding rule {} has no {} in its METADATA (or its package's)",
                        rule.name,
                        missing.join(", ")
                    ),
                });
            }
            if let Some(id) = md.custom.id {
                if let Some((file, first)) = seen.get(&id) {
                    out.push(Diagnostic {
                        level: Level::Error,
                        code: "duplicate-id",
                        file: rule.file.clone(),
                        line: Some(line),
                        column: None,
                        rule: Some(rule.label()),
                        message: format!("rule id {id} is already defined at {file}:{first}"),
                    });
                } else {
                    seen.insert(id, (rule.file.clone(), line));
                }
            }
            rules.push(rule);
        }
    }
    rules
}

/// Evaluates every finding rule against an empty inventory and the bundled example: the errors
/// regorus only reports at evaluation (unknown functions, type errors, conflicts) show up here.
fn evaluate(
    modules: &[ParsedModule],
    support: &[&PolicyFile],
    rules: &[FindingRule],
    out: &mut Vec<Diagnostic>,
) {
    if rules.is_empty() {
        return;
    }
    let mut engine = super::new_engine();
    engine.set_execution_timer_config(regorus::utils::limits::ExecutionTimerConfig {
        limit: RULE_TIMEOUT,
        check_interval: std::num::NonZeroU32::new(1000).unwrap_or(std::num::NonZeroU32::MIN),
    });
    let mut broken: Vec<String> = Vec::new();
    let files = support
        .iter()
        .copied()
        .chain(modules.iter().map(|m| &m.file));
    for f in files {
        if let Err(e) = engine.add_policy(f.path.clone(), f.text.clone()) {
            out.push(Diagnostic::from_input(
                Level::Error,
                "compile-error",
                regorus_error(&f.path, &e),
            ));
            broken.push(f.path.clone());
        }
    }
    let data = serde_json::json!({ "dxcheck": { "params": {} } });
    if let Err(e) = engine.add_data(Value::from(data)) {
        out.push(Diagnostic {
            level: Level::Error,
            code: "eval-error",
            file: "<data>".into(),
            line: None,
            column: None,
            rule: None,
            message: format!("cannot load parameters: {e}"),
        });
        return;
    }
    for (name, input) in inputs(out) {
        let mut with_input = engine.clone();
        with_input.set_input(input);
        for rule in rules.iter().filter(|r| !broken.contains(&r.file)) {
            // A fresh clone per rule: an error must not leave state behind for the next rule.
            let mut e = with_input.clone();
            if let Some(d) = evaluate_rule(&mut e, rule, name) {
                out.push(d);
            }
        }
    }
}

fn inputs(out: &mut Vec<Diagnostic>) -> Vec<(&'static str, Value)> {
    let mut inputs = Vec::new();
    let empty = Inventory {
        schema_version: 1,
        ..Inventory::default()
    };
    let example = parse_document(
        &SourceText {
            name: EXAMPLE_INVENTORY_NAME.into(),
            text: EXAMPLE_INVENTORY.into(),
        },
        0,
    );
    let example = match example {
        Ok(inv) => Some(inv),
        Err(e) => {
            out.push(Diagnostic::from_input(Level::Error, "eval-error", e));
            None
        }
    };
    for (name, inv) in [
        ("an empty inventory", Some(empty)),
        ("the example inventory", example),
    ] {
        let Some(inv) = inv else { continue };
        match policy_input_value(&inv) {
            Ok(input) => inputs.push((name, input)),
            Err(e) => out.push(Diagnostic {
                level: Level::Error,
                code: "eval-error",
                file: EXAMPLE_INVENTORY_NAME.into(),
                line: None,
                column: None,
                rule: None,
                message: format!("cannot build the policy input: {e}"),
            }),
        }
    }
    inputs
}

fn evaluate_rule(engine: &mut Engine, rule: &FindingRule, input: &str) -> Option<Diagnostic> {
    let query = format!("data.{}.{}", rule.package, rule.name);
    let diag = |code, file: String, line, column, message: String| Diagnostic {
        level: Level::Error,
        code,
        file,
        line,
        column,
        rule: Some(rule.label()),
        message,
    };
    let value = match engine.eval_rule(query) {
        Ok(v) => v,
        Err(e) => {
            let (location, message) = split_regorus_error(&e.to_string());
            let (file, line, col) = match location {
                Some((file, line, col)) => (file, Some(line), Some(col)),
                None => (rule.file.clone(), Some(rule.line), None),
            };
            let code = if message.contains("could not find function") {
                "unknown-function"
            } else {
                "eval-error"
            };
            return Some(diag(
                code,
                file,
                line,
                col,
                format!("{} fails on {input}: {message}", rule.name),
            ));
        }
    };
    let bad = match &value {
        Value::Undefined => None,
        Value::Set(items) => items.iter().find(|v| !is_finding(v)).cloned(),
        Value::Array(items) => items.iter().find(|v| !is_finding(v)).cloned(),
        v if is_finding(v) => None,
        other => Some(other.clone()),
    }?;
    Some(diag(
        "bad-finding",
        rule.file.clone(),
        Some(rule.line),
        None,
        format!(
            "{} yields {} on {input}; a finding must be a string or an object with a string \"msg\"",
            rule.name,
            shorten(&bad.to_string())
        ),
    ))
}

fn is_finding(v: &Value) -> bool {
    match v {
        Value::String(_) => true,
        Value::Object(o) => matches!(o.get(&Value::from("msg")), Some(Value::String(_))),
        _ => false,
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 120;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
