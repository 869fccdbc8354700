//! One parsed Rego module: its package, the rules that yield findings, and their metadata.

use regorus::unstable::{Parser, Rule, RuleHead, Source};

use super::metadata::{Block, Metadata, parse_blocks};
use super::source::PolicyFile;
use crate::error::InputError;

/// deny / violation default to high, warn to low (the conftest conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Deny,
    Violation,
    Warn,
}

impl RuleKind {
    pub fn of(name: &str) -> Option<Self> {
        let (base, suffix) = match name.find('_') {
            Some(i) => (&name[..i], Some(&name[i + 1..])),
            None => (name, None),
        };
        if suffix.is_some_and(|s| s.is_empty()) {
            return None;
        }
        match base {
            "deny" => Some(Self::Deny),
            "violation" => Some(Self::Violation),
            "warn" => Some(Self::Warn),
            _ => None,
        }
    }

    pub fn default_severity(self) -> crate::severity::Severity {
        match self {
            Self::Deny | Self::Violation => crate::severity::Severity::High,
            Self::Warn => crate::severity::Severity::Low,
        }
    }
}

/// A rule definition's name and line. Several definitions may share a name (incremental rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSite {
    pub name: String,
    pub line: usize,
    pub is_function: bool,
}

#[derive(Debug, Clone)]
pub struct ParsedModule {
    pub file: PolicyFile,
    /// The package path without `data.`, as written: `dxcheck.dx001`.
    pub package: String,
    pub package_line: usize,
    pub package_metadata: Metadata,
    pub rules: Vec<RuleSite>,
    /// Metadata of each rule definition that has a block, by line of the definition.
    pub rule_metadata: Vec<(usize, Metadata)>,
    /// The functions this module defines and what they call (to reject recursion).
    pub functions: Vec<super::recursion::FunctionCalls>,
}

impl ParsedModule {
    pub fn parse(file: PolicyFile) -> Result<Self, InputError> {
        let module = parse_rego(&file)?;
        let package = module.package.refr.span().text().to_string();
        let package_line = module.package.span.line as usize;
        let mut rules = Vec::new();
        for rule in &module.policy {
            let (refr, line, is_function) = match rule.as_ref() {
                Rule::Spec { span, head, .. } => match head {
                    RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => {
                        (refr, span.line, false)
                    }
                    RuleHead::Func { refr, .. } => (refr, span.line, true),
                },
                Rule::Default { span, refr, .. } => (refr, span.line, false),
            };
            let text = refr.span().text();
            let name = text
                .split(['[', '.', ' '])
                .next()
                .unwrap_or(text)
                .to_string();
            rules.push(RuleSite {
                name,
                line: line as usize,
                is_function,
            });
        }
        let blocks = parse_blocks(&file.path, &file.text)?;
        let (package_metadata, rule_metadata) = attach(&blocks, package_line);
        // The recursion check reads the module's syntax tree as JSON; a module without
        // functions (most of the pack) has nothing for it, so its tree is not written out.
        let functions = if rules.iter().any(|r| r.is_function) {
            let ast = serde_json::to_value(&module)
                .map_err(|e| InputError::file(&file.path, format!("cannot inspect policy: {e}")))?;
            super::recursion::function_calls(&ast, &file.text, &package)
        } else {
            Vec::new()
        };
        Ok(Self {
            file,
            package,
            package_line,
            package_metadata,
            rules,
            rule_metadata,
            functions,
        })
    }

    /// Names of the rules that yield findings, each once, with the line of its first definition.
    pub fn finding_rules(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for r in &self.rules {
            if r.is_function || RuleKind::of(&r.name).is_none() {
                continue;
            }
            if !out.iter().any(|(n, _)| n == &r.name) {
                out.push((r.name.clone(), r.line));
            }
        }
        out
    }

    /// The merged metadata of a rule: the first of its definitions that has a block, over the
    /// package's.
    pub fn metadata_of(&self, name: &str) -> Metadata {
        let own = self.rules.iter().filter(|r| r.name == name).find_map(|r| {
            self.rule_metadata
                .iter()
                .find(|(l, _)| *l == r.line)
                .map(|(_, m)| m.clone())
        });
        match own {
            Some(m) => m.over(&self.package_metadata),
            None => self.package_metadata.clone(),
        }
    }

    /// Names of `test_` (and `todo_test_`) rules with their lines.
    pub fn test_rules(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for r in &self.rules {
            if (r.name.starts_with("test_") || r.name.starts_with("todo_test_"))
                && !r.is_function
                && !out.iter().any(|(n, _)| n == &r.name)
            {
                out.push((r.name.clone(), r.line));
            }
        }
        out
    }
}

fn attach(blocks: &[Block], package_line: usize) -> (Metadata, Vec<(usize, Metadata)>) {
    let mut package = Metadata::default();
    let mut rules = Vec::new();
    for b in blocks {
        let is_package = b.scope_is("package") || b.target_line == Some(package_line);
        match b.target_line {
            Some(_) if is_package => package = b.metadata.clone(),
            Some(line) => rules.push((line, b.metadata.clone())),
            None => {}
        }
    }
    (package, rules)
}

impl Block {
    fn scope_is(&self, scope: &str) -> bool {
        self.metadata.scope.as_deref() == Some(scope)
    }
}

pub fn parse_rego(file: &PolicyFile) -> Result<regorus::unstable::Module, InputError> {
    let source = Source::from_contents(file.path.clone(), file.text.clone())
        .map_err(|e| regorus_error(&file.path, &e))?;
    let mut parser = Parser::new(&source).map_err(|e| regorus_error(&file.path, &e))?;
    parser
        .enable_rego_v1()
        .map_err(|e| regorus_error(&file.path, &e))?;
    parser.parse().map_err(|e| regorus_error(&file.path, &e))
}

/// regorus reports `--> path:line:col`, a source excerpt, then `error: message`; this keeps the
/// location and the message, on one line.
pub fn regorus_error(path: &str, e: &anyhow::Error) -> InputError {
    let (location, message) = split_regorus_error(&e.to_string());
    match location {
        Some((file, line, col)) => InputError::at(&file, line, col, message),
        None => InputError::file(path, message),
    }
}

/// The `(file, line, col)` and the message of a regorus error text.
pub fn split_regorus_error(text: &str) -> (Option<(String, usize, usize)>, String) {
    let location = text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let col = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    let message = text
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("error:")
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        });
    (location, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_conftest_names() {
        assert_eq!(RuleKind::of("deny"), Some(RuleKind::Deny));
        assert_eq!(RuleKind::of("deny_vlan"), Some(RuleKind::Deny));
        assert_eq!(RuleKind::of("violation_x"), Some(RuleKind::Violation));
        assert_eq!(RuleKind::of("warn"), Some(RuleKind::Warn));
        assert_eq!(RuleKind::of("deny_"), None);
        assert_eq!(RuleKind::of("denylist"), None);
        assert_eq!(RuleKind::of("allow"), None);
    }

    #[test]
    fn finds_rules_and_their_metadata() {
        let text = "# METADATA\n# title: T\npackage a.b\n\n# METADATA\n# custom:\n#   id: X1\ndeny contains m if {\n  m := \"x\"\n}\n\ndeny contains m if { m := \"y\" }\nwarn_old := \"z\"\nhelper(x) := x\n";
        let file = PolicyFile {
            path: "t.rego".into(),
            text: text.into(),
            builtin: false,
        };
        let m = ParsedModule::parse(file).expect("parses");
        assert_eq!(m.package, "a.b");
        assert_eq!(
            m.finding_rules(),
            vec![("deny".to_string(), 8), ("warn_old".to_string(), 13)]
        );
        let md = m.metadata_of("deny");
        assert_eq!(md.custom.id.as_deref(), Some("X1"));
        assert_eq!(md.title.as_deref(), Some("T"));
        assert_eq!(m.metadata_of("warn_old").custom.id, None);
    }

    #[test]
    fn syntax_errors_are_located() {
        let file = PolicyFile {
            path: "bad.rego".into(),
            text: "package x\n\ndeny contains m if {\n  m := \n}\n".into(),
            builtin: false,
        };
        let err = ParsedModule::parse(file).expect_err("syntax error");
        assert_eq!(err.file, "bad.rego");
        assert!(err.line.is_some(), "{err}");
    }
}
