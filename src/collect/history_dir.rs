//! `--history DIR`: the dated inventories of scheduled runs. Each collection is kept as
//! `inventory-<collectedAt>.json` with the time's colons written as hyphens
//! (`inventory-2026-11-29T17-00-00Z.json`), so names sort in time order and are valid on every
//! filesystem. The newest one is the next run's `--previous`; the oldest beyond `--keep` are
//! removed. Files that do not follow the pattern exactly are the user's: never read, never
//! removed.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::inventory::timestamp::{format_rfc3339, parse_rfc3339};

/// How many inventories a history directory keeps when `--keep` is not given: a month of daily
/// runs.
pub const DEFAULT_KEEP: usize = 30;

const PREFIX: &str = "inventory-";
const SUFFIX: &str = ".json";

/// A history directory (created on first use).
#[derive(Debug, Clone)]
pub struct HistoryDir {
    dir: PathBuf,
}

/// What `record` did.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: PathBuf,
    pub pruned: Vec<PathBuf>,
}

/// The history file name of an inventory collected at `collected_at` (RFC 3339, any offset:
/// the name is in UTC, whole seconds).
pub fn file_name(collected_at: &str) -> Option<String> {
    let t = parse_rfc3339(collected_at)?;
    Some(format!(
        "{PREFIX}{}{SUFFIX}",
        format_rfc3339(t).replace(':', "-")
    ))
}

/// Whether `name` is exactly a name `file_name` gives: anything else in the directory is left
/// alone.
pub fn is_history_name(name: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix(PREFIX)
        .and_then(|s| s.strip_suffix(SUFFIX))
    else {
        return false;
    };
    // `2026-11-29T17-00-00Z`: the date keeps its hyphens, the time's two become colons again.
    if stamp.len() != 20 || !stamp.is_ascii() {
        return false;
    }
    let rfc3339 = format!("{}:{}:{}", &stamp[..13], &stamp[14..16], &stamp[17..]);
    file_name(&rfc3339).as_deref() == Some(name)
}

impl HistoryDir {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn shown(&self) -> String {
        self.dir.display().to_string()
    }

    /// The history files, oldest first. A directory that does not exist yet has none.
    pub fn entries(&self) -> Result<Vec<PathBuf>, Error> {
        let read = match std::fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.error(&e)),
        };
        let mut names = Vec::new();
        for entry in read {
            let entry = entry.map_err(|e| self.error(&e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if is_history_name(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                names.push(name);
            }
        }
        // Fixed-width UTC stamps: name order is time order.
        names.sort();
        Ok(names.into_iter().map(|n| self.dir.join(n)).collect())
    }

    /// The most recent inventory, the next collection's `--previous`.
    pub fn newest(&self) -> Result<Option<PathBuf>, Error> {
        Ok(self.entries()?.pop())
    }

    /// Writes `text` (the inventory collected at `collected_at`) into the directory atomically,
    /// then removes the oldest history files beyond `keep`. A second collection within the same
    /// second replaces the first: it was carried forward from it, so nothing is lost.
    pub fn record(&self, collected_at: &str, text: &str, keep: usize) -> Result<Recorded, Error> {
        let name = file_name(collected_at).ok_or_else(|| {
            Error::Collect(format!(
                "cannot name a history file: collectedAt {collected_at:?} is not RFC 3339"
            ))
        })?;
        if self.dir.exists() && !self.dir.is_dir() {
            return Err(Error::Usage(format!(
                "--history {}: not a directory",
                self.shown()
            )));
        }
        std::fs::create_dir_all(&self.dir).map_err(|e| self.error(&e))?;
        let path = self.dir.join(name);
        crate::report::write_atomic(&path, text.as_bytes())?;
        let pruned = self.prune(keep)?;
        Ok(Recorded { path, pruned })
    }

    /// Removes the oldest history files so that `keep` remain; returns what was removed.
    pub fn prune(&self, keep: usize) -> Result<Vec<PathBuf>, Error> {
        let entries = self.entries()?;
        let excess = entries.len().saturating_sub(keep);
        let mut removed = Vec::new();
        for path in entries.into_iter().take(excess) {
            match std::fs::remove_file(&path) {
                Ok(()) => removed.push(path),
                // Another run pruned it first: the goal is met all the same.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::Output {
                        path: path.display().to_string(),
                        message: format!(
                            "cannot remove an old history file: {}",
                            crate::inventory::load::io_reason(&e)
                        ),
                    });
                }
            }
        }
        Ok(removed)
    }

    fn error(&self, e: &std::io::Error) -> Error {
        Error::Usage(format!(
            "--history {}: {}",
            self.shown(),
            crate::inventory::load::io_reason(e)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_collected_at_in_utc_without_colons() {
        assert_eq!(
            file_name("2026-11-29T17:00:00Z").as_deref(),
            Some("inventory-2026-11-29T17-00-00Z.json")
        );
        assert_eq!(
            file_name("2026-11-29T18:30:05+01:30").as_deref(),
            Some("inventory-2026-11-29T17-00-05Z.json")
        );
        assert_eq!(file_name("yesterday"), None);
    }

    #[test]
    fn only_exact_names_belong_to_the_history() {
        assert!(is_history_name("inventory-2026-11-29T17-00-00Z.json"));
        for other in [
            "inventory-latest.json",
            "inventory-2026-11-29T17:00:00Z.json",
            "inventory-2026-11-29T17-00-00Z.json.bak",
            "inventory-2026-13-29T17-00-00Z.json",
            "inventory-2026-11-29T17-00-00.5Z.json",
            "x-inventory-2026-11-29T17-00-00Z.json",
            "inventory-2026-11-29t17-00-00z.json",
            "inventory-2026-11-29T17-00-00Zé.json",
            ".dxcheck-abc.tmp",
        ] {
            assert!(!is_history_name(other), "{other}");
        }
    }

    #[test]
    fn record_keeps_the_newest_and_leaves_other_files_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let history = HistoryDir::new(tmp.path().join("h"));
        assert_eq!(history.newest().unwrap(), None);
        for day in ["03", "01", "02"] {
            history
                .record(&format!("2026-01-{day}T00:00:00Z"), "{}\n", 10)
                .unwrap();
        }
        std::fs::write(history.path().join("notes.txt"), "mine").unwrap();
        std::fs::write(history.path().join("inventory-latest.json"), "{}").unwrap();
        let rec = history.record("2026-01-04T00:00:00Z", "{}\n", 2).unwrap();
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name(&rec.path), "inventory-2026-01-04T00-00-00Z.json");
        assert_eq!(
            rec.pruned.iter().map(name).collect::<Vec<_>>(),
            [
                "inventory-2026-01-01T00-00-00Z.json",
                "inventory-2026-01-02T00-00-00Z.json"
            ]
        );
        assert_eq!(
            history
                .entries()
                .unwrap()
                .iter()
                .map(name)
                .collect::<Vec<_>>(),
            [
                "inventory-2026-01-03T00-00-00Z.json",
                "inventory-2026-01-04T00-00-00Z.json"
            ]
        );
        assert!(history.path().join("notes.txt").exists());
        assert!(history.path().join("inventory-latest.json").exists());
    }
}
