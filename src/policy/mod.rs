//! Policies: loading Rego modules with their metadata, and the rules that yield findings.

pub mod coverage;
pub mod eval;
pub mod lint;
pub mod metadata;
pub mod module;
pub mod recursion;
pub mod regex_match;
pub mod scaffold;
pub mod source;
pub mod testing;

use std::collections::HashMap;

use regorus::Engine;

use crate::error::{Error, InputError};
use crate::severity::Severity;
pub use metadata::Metadata;
pub use module::{ParsedModule, RuleKind};
pub use source::PolicyFile;

/// A rule that yields findings (`deny`, `violation`, `warn`, with or without a suffix).
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `custom.id`, or `package.path/rule` when the metadata has none.
    pub id: String,
    pub title: String,
    /// From metadata, else from the rule's kind; `[rules.ID] severity` may still override it.
    pub severity: Severity,
    pub kind: RuleKind,
    pub package: String,
    pub name: String,
    pub file: String,
    pub line: usize,
    pub builtin: bool,
    pub metadata: Metadata,
}

impl RuleInfo {
    /// The rule's path for `eval_rule`.
    pub fn query(&self) -> String {
        format!("data.{}.{}", self.package, self.name)
    }

    /// The resource types the rule examines (hosted connections when its metadata names none),
    /// in `ResourceType` order.
    pub fn resource_types(&self) -> Vec<crate::inventory::ResourceType> {
        use crate::inventory::ResourceType;
        let named = &self.metadata.custom.resource_types;
        if named.is_empty() {
            return vec![ResourceType::HostedConnection];
        }
        let types: std::collections::BTreeSet<ResourceType> = named
            .iter()
            .filter_map(|t| ResourceType::parse(t))
            .collect();
        types.into_iter().collect()
    }

    /// "builtin" for the compiled-in pack, the file's path otherwise.
    pub fn source(&self) -> &str {
        if self.builtin { "builtin" } else { &self.file }
    }

    pub fn description(&self) -> Option<&str> {
        self.metadata.description.as_deref()
    }

    pub fn remediation(&self) -> Option<&str> {
        self.metadata.custom.remediation.as_deref()
    }
}

/// Every module of a run (checks, not `_test.rego` files) and the finding rules they define.
#[derive(Debug, Clone, Default)]
pub struct PolicySet {
    pub modules: Vec<ParsedModule>,
    pub rules: Vec<RuleInfo>,
}

impl PolicySet {
    /// The built-in pack (unless `no_builtin`) and every `.rego` file under `paths`, test files
    /// left out. Fails on a syntax error, bad METADATA, or a rule id defined twice.
    pub fn load(builtin: bool, paths: &[String]) -> Result<Self, InputError> {
        let mut files = if builtin {
            source::builtin_files()
        } else {
            Vec::new()
        };
        for p in paths {
            files.extend(source::files_at(p)?);
        }
        files.retain(|f| !f.is_test());
        Self::from_files(files)
    }

    pub fn from_files(files: Vec<PolicyFile>) -> Result<Self, InputError> {
        let mut modules = Vec::with_capacity(files.len());
        for f in files {
            modules.push(ParsedModule::parse(f)?);
        }
        check_recursion(&modules)?;
        let mut rules = Vec::new();
        let mut seen: HashMap<String, (String, usize)> = HashMap::new();
        for m in &modules {
            for (name, line) in m.finding_rules() {
                let metadata = m.metadata_of(&name);
                let kind = RuleKind::of(&name).unwrap_or(RuleKind::Deny);
                let id = metadata
                    .custom
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{}/{}", m.package, name));
                if let Some((file, first)) = seen.get(&id) {
                    return Err(InputError::at_line(
                        &m.file.path,
                        line,
                        format!("rule id {id} is already defined at {file}:{first}"),
                    ));
                }
                seen.insert(id.clone(), (m.file.path.clone(), line));
                rules.push(RuleInfo {
                    title: metadata.title.clone().unwrap_or_else(|| id.clone()),
                    severity: metadata.custom.severity.unwrap_or(kind.default_severity()),
                    id,
                    kind,
                    package: m.package.clone(),
                    name,
                    file: m.file.path.clone(),
                    line,
                    builtin: m.file.builtin,
                    metadata,
                });
            }
        }
        rules.sort_by_key(|r| natural_key(&r.id));
        Ok(Self { modules, rules })
    }

    pub fn files(&self) -> impl Iterator<Item = &PolicyFile> {
        self.modules.iter().map(|m| &m.file)
    }

    /// A compiled engine holding every module and `data.dxcheck.params`.
    pub fn engine(&self, params: &serde_json::Value) -> Result<Engine, Error> {
        engine_for(self.files(), params)
    }
}

/// Rejects recursive functions across `modules` (regorus would overflow its stack on them).
pub fn check_recursion(modules: &[ParsedModule]) -> Result<(), InputError> {
    let functions: Vec<(String, recursion::FunctionCalls)> = modules
        .iter()
        .flat_map(|m| m.functions.iter().map(|f| (m.file.path.clone(), f.clone())))
        .collect();
    recursion::check(&functions)
}

/// An engine loaded with `files` and with `params` at `data.dxcheck.params`.
pub fn engine_for<'a>(
    files: impl IntoIterator<Item = &'a PolicyFile>,
    params: &serde_json::Value,
) -> Result<Engine, Error> {
    let mut engine = new_engine();
    for f in files {
        engine
            .add_policy(f.path.clone(), f.text.clone())
            .map_err(|e| module::regorus_error(&f.path, &e))?;
    }
    let data = serde_json::json!({ "dxcheck": { "params": params } });
    engine
        .add_data(regorus::Value::from(data))
        .map_err(|e| Error::Usage(format!("cannot load parameters: {e}")))?;
    Ok(engine)
}

/// A regorus engine with dxcheck's builtin replacements installed (see `regex_match`): every
/// engine that evaluates policies is made here, so check, test and lint evaluate alike.
pub fn new_engine() -> Engine {
    let mut engine = Engine::new();
    regex_match::install(&mut engine).expect("a new engine has no extension of that name yet");
    engine
}

/// Sorts "DX2" before "DX10".
fn natural_key(id: &str) -> (String, u64, String) {
    let prefix: String = id.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let rest = &id[prefix.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().unwrap_or(0);
    (prefix, number, rest[digits.len()..].to_string())
}
