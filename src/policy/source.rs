//! Where policies come from: the built-in pack compiled into the binary, and `--policy PATH`.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::InputError;
use crate::inventory::load::io_reason;

include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));

/// One Rego file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    /// `policies/…` for the built-in pack, otherwise the path as found from the user's argument.
    pub path: String,
    pub text: String,
    pub builtin: bool,
}

impl PolicyFile {
    pub fn sha256(&self) -> String {
        let digest = Sha256::digest(self.text.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

pub fn builtin_files() -> Vec<PolicyFile> {
    BUILTIN_POLICIES
        .iter()
        .map(|(path, text)| PolicyFile {
            path: path.to_string(),
            text: text.to_string(),
            builtin: true,
        })
        .collect()
}

/// Every `.rego` file at `path` (a file, or a directory searched recursively), sorted by path.
pub fn files_at(path: &str) -> Result<Vec<PolicyFile>, InputError> {
    let p = Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| {
        InputError::file(path, format!("cannot read policy path: {}", io_reason(&e)))
    })?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        walk(p, &mut paths)?;
        paths.sort();
    } else {
        paths.push(p.to_path_buf());
    }
    paths
        .into_iter()
        .map(|p| {
            let shown = p.to_string_lossy().to_string();
            let bytes = std::fs::read(&p).map_err(|e| {
                InputError::file(&shown, format!("cannot read policy: {}", io_reason(&e)))
            })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| InputError::file(&shown, "policy is not valid UTF-8"))?;
            Ok(PolicyFile {
                path: shown,
                text,
                builtin: false,
            })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), InputError> {
    let shown = dir.to_string_lossy().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        InputError::file(
            &shown,
            format!("cannot read policy directory: {}", io_reason(&e)),
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| InputError::file(&shown, io_reason(&e)))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| InputError::file(&shown, io_reason(&e)))?;
        if file_type.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rego") {
            out.push(path);
        }
    }
    Ok(())
}
