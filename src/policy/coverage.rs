//! Line coverage of policy files under `dxcheck policy test --coverage`.
//!
//! regorus records coverage per engine, and the test runner clones one engine per thread, so the
//! per-thread reports are merged here: a line is covered when any thread evaluated it.

use std::collections::{BTreeMap, BTreeSet};

use super::source::PolicyFile;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCoverage {
    pub path: String,
    pub covered: BTreeSet<u32>,
    pub not_covered: BTreeSet<u32>,
}

impl FileCoverage {
    pub fn lines(&self) -> usize {
        self.covered.len() + self.not_covered.len()
    }

    /// 100% for a file with no evaluable line: nothing in it can go untested.
    pub fn percent(&self) -> f64 {
        percent(self.covered.len(), self.lines())
    }
}

/// Coverage of the files under test, in path order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    pub files: Vec<FileCoverage>,
}

impl Coverage {
    /// Merges the engines' reports and keeps only `files` (the policies under test; test files
    /// and support modules do not count). A file no test reached at all is absent from regorus'
    /// report, so its code lines are counted here as not covered.
    pub fn merge(reports: Vec<regorus::coverage::Report>, files: &[&PolicyFile]) -> Self {
        let mut by_path: BTreeMap<String, FileCoverage> = BTreeMap::new();
        for report in reports {
            for f in report.files {
                let entry = by_path
                    .entry(f.path.clone())
                    .or_insert_with(|| FileCoverage {
                        path: f.path.clone(),
                        ..FileCoverage::default()
                    });
                entry.covered.extend(f.covered);
                entry.not_covered.extend(f.not_covered);
            }
        }
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let mut fc = by_path
                .remove(&file.path)
                .unwrap_or_else(|| never_evaluated(file));
            let covered = fc.covered.clone();
            fc.not_covered.retain(|l| !covered.contains(l));
            out.push(fc);
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Self { files: out }
    }

    pub fn covered_lines(&self) -> usize {
        self.files.iter().map(|f| f.covered.len()).sum()
    }

    pub fn total_lines(&self) -> usize {
        self.files.iter().map(FileCoverage::lines).sum()
    }

    pub fn percent(&self) -> f64 {
        percent(self.covered_lines(), self.total_lines())
    }
}

fn percent(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

/// The lines regorus would have listed as not covered: every line of code except the package
/// and import declarations.
fn never_evaluated(file: &PolicyFile) -> FileCoverage {
    let not_covered = file
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim();
            !(t.is_empty()
                || t.starts_with('#')
                || t.starts_with("package ")
                || t.starts_with("import ")
                || t == "}"
                || t == "{"
                || t == "]"
                || t == ")")
        })
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect();
    FileCoverage {
        path: file.path.clone(),
        covered: BTreeSet::new(),
        not_covered,
    }
}

/// `1-3, 7, 9-10`: compact line lists for the coverage table.
pub fn ranges(lines: &BTreeSet<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut iter = lines.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, covered: &[u32], not: &[u32]) -> regorus::coverage::Report {
        regorus::coverage::Report {
            files: vec![regorus::coverage::File {
                path: path.into(),
                code: String::new(),
                covered: covered.iter().copied().collect(),
                not_covered: not.iter().copied().collect(),
            }],
        }
    }

    #[test]
    fn a_line_covered_by_any_thread_is_covered() {
        let file = PolicyFile {
            path: "a.rego".into(),
            text: String::new(),
            builtin: false,
        };
        let merged = Coverage::merge(
            vec![
                report("a.rego", &[1, 2], &[3, 4]),
                report("a.rego", &[3], &[1, 2, 4]),
            ],
            &[&file],
        );
        assert_eq!(merged.files.len(), 1);
        assert_eq!(merged.files[0].covered, [1, 2, 3].into_iter().collect());
        assert_eq!(merged.files[0].not_covered, [4].into_iter().collect());
        assert_eq!(merged.percent(), 75.0);
    }

    #[test]
    fn files_no_test_reached_count_as_uncovered() {
        let file = PolicyFile {
            path: "b.rego".into(),
            text: "package b\n\nimport rego.v1\n\n# why\nx := 1\ny if {\n  x == 1\n}\n".into(),
            builtin: false,
        };
        let merged = Coverage::merge(vec![report("other.rego", &[1], &[])], &[&file]);
        assert_eq!(merged.files[0].not_covered, [6, 7, 8].into_iter().collect());
        assert_eq!(merged.percent(), 0.0);
    }

    #[test]
    fn ranges_are_compact() {
        let lines = [1, 2, 3, 7, 9, 10].into_iter().collect();
        assert_eq!(ranges(&lines), "1-3, 7, 9-10");
        assert_eq!(ranges(&BTreeSet::new()), "");
    }
}
