//! `dxcheck policy new NAME`: a policy and its unit test that pass `policy test` and `policy lint`
//! as generated, so an author starts from something that works and follows the conventions.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Words Rego reserves: a package or import alias named after one would not parse.
const KEYWORDS: &[&str] = &[
    "as", "contains", "data", "default", "else", "every", "false", "if", "import", "in", "input",
    "not", "null", "package", "some", "true", "with",
];

/// The two files of a new policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub policy: (PathBuf, String),
    pub test: (PathBuf, String),
}

/// Checks `name` (it becomes the file name, the last package segment and the import alias) and
/// renders the files under `dir`.
pub fn render(name: &str, dir: &Path) -> Result<Scaffold, Error> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.ends_with("_test");
    if !valid || KEYWORDS.contains(&name) {
        return Err(Error::Usage(format!(
            "policy name {name:?}: use lower-case letters, digits and underscores, starting with \
             a letter (it becomes the package name), not a Rego keyword and not ending in _test"
        )));
    }
    let id = name.to_ascii_uppercase();
    Ok(Scaffold {
        policy: (dir.join(format!("{name}.rego")), policy_text(name, &id)),
        test: (dir.join(format!("{name}_test.rego")), test_text(name)),
    })
}

/// Writes both files, refusing to replace either one (nothing is written then).
pub fn write(s: &Scaffold) -> Result<(), Error> {
    for (path, _) in [&s.policy, &s.test] {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; not overwriting it",
                path.display()
            )));
        }
    }
    if let Some(dir) = s.policy.0.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Output {
            path: dir.display().to_string(),
            message: crate::inventory::load::io_reason(&e),
        })?;
    }
    for (path, text) in [&s.policy, &s.test] {
        write_new(path, text)?;
    }
    Ok(())
}

/// `create_new`: a file that appeared since the check above is still not overwritten.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let shown = path.display().to_string();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Usage(format!("{shown} already exists; not overwriting it"))
            } else {
                Error::Output {
                    path: shown.clone(),
                    message: crate::inventory::load::io_reason(&e),
                }
            }
        })?;
    f.write_all(text.as_bytes()).map_err(|e| Error::Output {
        path: shown,
        message: crate::inventory::load::io_reason(&e),
    })
}

fn policy_text(name: &str, id: &str) -> String {
    format!(
        r#"# METADATA
# title: Active hosted connection is below the minimum bandwidth
# description: >-
#   Replace this with what the rule finds and why it matters. Start from `dxcheck input
#   examples/inventory.json` to see the fields a rule can read (docs/writing-policies.md).
# custom:
#   id: {id}
#   severity: medium
#   remediation: Say what the reader should do about a finding.
#   tags: [custom]
#   params:
#     min_bandwidth_mbps: 50
#   resource_types: [hostedConnection]
package custom.{name}

import data.dxcheck.lib

# Set in dxcheck.toml: [params] min_bandwidth_mbps = 100
min_mbps := lib.param("min_bandwidth_mbps", 50)

deny contains finding if {{
	some c in input.hostedConnections
	c.connectionState in lib.active_states
	c.bandwidthMbps < min_mbps
	finding := {{
		"msg": sprintf("%s has %v Mbps, below the minimum of %v Mbps", [c.connectionId, c.bandwidthMbps, min_mbps]),
		"resource": c.connectionId,
	}}
}}
"#
    )
}

fn test_text(name: &str) -> String {
    format!(
        r#"package custom.{name}_test

import data.custom.{name}

connections := {{"hostedConnections": [
	{{"connectionId": "dxcon-slow0001", "connectionState": "available", "bandwidthMbps": 50}},
	{{"connectionId": "dxcon-fast0001", "connectionState": "available", "bandwidthMbps": 500}},
	{{"connectionId": "dxcon-gone0001", "connectionState": "deleted", "bandwidthMbps": 50}},
]}}

test_flags_active_connections_below_the_minimum if {{
	findings := {name}.deny with input as connections with data.dxcheck.params as {{"min_bandwidth_mbps": 100}}
	{{f.resource | some f in findings}} == {{"dxcon-slow0001"}}
}}

test_default_minimum_passes_50_mbps if {{
	count({name}.deny) == 0 with input as connections
}}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_names_that_are_not_package_names() {
        for bad in ["", "9lives", "Has-Caps", "with-dash", "input", "x_test"] {
            assert!(render(bad, Path::new(".")).is_err(), "{bad:?} accepted");
        }
        let s = render("min_bandwidth", Path::new("p")).expect("valid name");
        assert_eq!(s.policy.0, Path::new("p/min_bandwidth.rego"));
        assert!(s.policy.1.contains("id: MIN_BANDWIDTH"));
        assert!(s.test.1.contains("import data.custom.min_bandwidth\n"));
    }
}
