//! OPA `# METADATA` blocks. regorus drops comments, so the blocks are read from the source text
//! and attached to the statement that follows them (the package, or a rule).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::InputError;
use crate::severity::Severity;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_resources: Vec<RelatedResource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemas: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<bool>,
    #[serde(default)]
    pub custom: Custom,
}

/// OPA allows a bare URL or `{ref, description}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RelatedResource {
    Url(String),
    Ref {
        #[serde(rename = "ref")]
        reference: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

impl RelatedResource {
    pub fn url(&self) -> &str {
        match self {
            Self::Url(u) => u,
            Self::Ref { reference, .. } => reference,
        }
    }
}

/// The `custom` section, where dxcheck's own keys live. Other keys are kept as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Custom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Parameters the rule reads from `data.dxcheck.params`, with their defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, Value>,
    /// Which resources the rule examines (hostedConnection, interconnect, lag): what
    /// "checked N resources" counts in reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<String>,
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Metadata {
    /// `self` (a rule's) over `base` (its package's): each field the rule sets wins.
    pub fn over(&self, base: &Metadata) -> Metadata {
        let mut custom_other = base.custom.other.clone();
        custom_other.extend(self.custom.other.clone());
        let mut params = base.custom.params.clone();
        params.extend(self.custom.params.clone());
        Metadata {
            scope: self.scope.clone(),
            title: self.title.clone().or_else(|| base.title.clone()),
            description: self
                .description
                .clone()
                .or_else(|| base.description.clone()),
            related_resources: pick_vec(&self.related_resources, &base.related_resources),
            authors: pick_vec(&self.authors, &base.authors),
            organizations: pick_vec(&self.organizations, &base.organizations),
            schemas: self.schemas.clone().or_else(|| base.schemas.clone()),
            entrypoint: self.entrypoint.or(base.entrypoint),
            custom: Custom {
                id: self.custom.id.clone().or_else(|| base.custom.id.clone()),
                severity: self.custom.severity.or(base.custom.severity),
                remediation: self
                    .custom
                    .remediation
                    .clone()
                    .or_else(|| base.custom.remediation.clone()),
                tags: pick_vec(&self.custom.tags, &base.custom.tags),
                params,
                resource_types: pick_vec(&self.custom.resource_types, &base.custom.resource_types),
                other: custom_other,
            },
        }
    }
}

fn pick_vec<T: Clone>(own: &[T], base: &[T]) -> Vec<T> {
    if own.is_empty() {
        base.to_vec()
    } else {
        own.to_vec()
    }
}

/// A parsed block and the line range of its comment lines (1-based, inclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub first_line: usize,
    pub last_line: usize,
    /// The first line after the block that is neither blank nor a comment: the annotated statement.
    pub target_line: Option<usize>,
    pub metadata: Metadata,
}

/// Every `# METADATA` block of a file, in order.
pub fn parse_blocks(file: &str, text: &str) -> Result<Vec<Block>, InputError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "# METADATA" {
            i += 1;
            continue;
        }
        let first_line = i + 1;
        let mut yaml = String::new();
        let mut j = i + 1;
        while j < lines.len() {
            let Some(rest) = lines[j].trim_start().strip_prefix('#') else {
                break;
            };
            yaml.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            yaml.push('\n');
            j += 1;
        }
        let last_line = j;
        let target_line = (j..lines.len())
            .find(|&k| !lines[k].trim().is_empty())
            .map(|k| k + 1);
        let metadata = parse_yaml(file, first_line, &yaml)?;
        blocks.push(Block {
            first_line,
            last_line,
            target_line,
            metadata,
        });
        i = j;
    }
    Ok(blocks)
}

fn parse_yaml(file: &str, block_line: usize, yaml: &str) -> Result<Metadata, InputError> {
    if yaml.trim().is_empty() {
        return Ok(Metadata::default());
    }
    serde_yaml_ng::from_str::<Metadata>(yaml).map_err(|e| {
        // Report the line in the .rego file: the YAML's first line is the one after `# METADATA`.
        let message = crate::error::strip_position(&e.to_string()).to_string();
        match e.location() {
            Some(loc) => InputError::at(
                file,
                block_line + loc.line(),
                loc.column() + 2,
                format!("invalid METADATA: {message}"),
            ),
            None => InputError::at_line(file, block_line, format!("invalid METADATA: {message}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# METADATA
# title: Hosted connections
# custom:
#   tags: [inventory]
package dx.example

import rego.v1

# METADATA
# title: Connection is down
# description: >-
#   A down connection carries no traffic.
# custom:
#   id: DX900
#   severity: critical
#   params:
#     days: 7
#   owner: network-team

deny contains msg if {
	msg := "x"
}
"#;

    #[test]
    fn reads_blocks_and_their_targets() {
        let blocks = parse_blocks("p.rego", TEXT).expect("valid");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].target_line, Some(5));
        assert_eq!(blocks[1].first_line, 9);
        assert_eq!(blocks[1].target_line, Some(20));
        let m = &blocks[1].metadata;
        assert_eq!(m.title.as_deref(), Some("Connection is down"));
        assert_eq!(
            m.description.as_deref(),
            Some("A down connection carries no traffic.")
        );
        assert_eq!(m.custom.id.as_deref(), Some("DX900"));
        assert_eq!(m.custom.severity, Some(Severity::Critical));
        assert_eq!(m.custom.params["days"], serde_json::json!(7));
        assert_eq!(m.custom.other["owner"], serde_json::json!("network-team"));
        let merged = m.over(&blocks[0].metadata);
        assert_eq!(merged.custom.tags, vec!["inventory".to_string()]);
        assert_eq!(merged.title.as_deref(), Some("Connection is down"));
    }

    #[test]
    fn invalid_yaml_names_the_rego_line() {
        let text = "# METADATA\n# title: ok\n# custom: [unclosed\npackage x\n";
        let err = parse_blocks("p.rego", text).expect_err("invalid");
        assert_eq!(err.file, "p.rego");
        assert!(err.line.is_some_and(|l| (2..=4).contains(&l)), "{err}");
        assert!(err.message.starts_with("invalid METADATA"), "{err}");
    }

    #[test]
    fn unknown_severity_is_an_error() {
        let text = "# METADATA\n# custom:\n#   severity: urgent\npackage x\n";
        let err = parse_blocks("p.rego", text).expect_err("invalid");
        assert!(
            err.message.contains("urgent") || err.message.contains("unknown variant"),
            "{err}"
        );
    }
}
