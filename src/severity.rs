//! Severities of findings, and the `--fail-on` threshold.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Ordered from least to most severe, so `>=` compares against a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL_DESCENDING: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// GitHub code scanning's `security-severity` score for this level.
    pub fn security_severity(self) -> &'static str {
        match self {
            Self::Critical => "9.5",
            Self::High => "8.0",
            Self::Medium => "5.5",
            Self::Low => "2.0",
            Self::Info => "0.1",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "critical" => Ok(Self::Critical),
            "high" => Ok(Self::High),
            "medium" => Ok(Self::Medium),
            "low" => Ok(Self::Low),
            "info" => Ok(Self::Info),
            _ => Err(format!(
                "unknown severity {s:?} (expected critical, high, medium, low or info)"
            )),
        }
    }
}

/// The gate: findings at or above this severity fail the run. `info` findings never fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Severity(Severity),
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            Self::Never => false,
            Self::Severity(threshold) => severity != Severity::Info && severity >= threshold,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Severity(s) => s.as_str(),
        }
    }
}

impl Default for FailOn {
    fn default() -> Self {
        Self::Severity(Severity::Low)
    }
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "never" => Ok(Self::Never),
            "critical" | "high" | "medium" | "low" => s.parse().map(Self::Severity),
            _ => Err(format!(
                "invalid fail-on value {s:?} (expected critical, high, medium, low or never; info findings never fail)"
            )),
        }
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_compares_by_severity_and_info_never_fails() {
        let medium = FailOn::Severity(Severity::Medium);
        assert!(medium.fails(Severity::Critical));
        assert!(medium.fails(Severity::Medium));
        assert!(!medium.fails(Severity::Low));
        assert!(!FailOn::Severity(Severity::Low).fails(Severity::Info));
        assert!(!FailOn::Never.fails(Severity::Critical));
        assert!("info".parse::<FailOn>().is_err());
    }
}
