//! Applying waivers from the config file: a waived finding stays in every report but does not
//! fail the gate. Expired waivers stop applying, and both they and unmatched ones are reported.

use globset::{Glob, GlobMatcher};

use crate::config::Waiver;
use crate::error::InputError;
use crate::finding::{Finding, Suppression, SuppressionKind};

pub struct CompiledWaiver<'a> {
    pub waiver: &'a Waiver,
    rule: GlobMatcher,
    resource: GlobMatcher,
    owner_account: Option<GlobMatcher>,
    parent_id: Option<GlobMatcher>,
    region: Option<GlobMatcher>,
}

/// What applying waivers left to say.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WaiverOutcome {
    pub expired: Vec<String>,
    pub unmatched: Vec<String>,
}

impl WaiverOutcome {
    pub fn messages(&self) -> Vec<String> {
        self.expired
            .iter()
            .chain(&self.unmatched)
            .cloned()
            .collect()
    }
}

fn glob(config: &str, line: usize, key: &str, pattern: &str) -> Result<GlobMatcher, InputError> {
    Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| {
            InputError::at_line(
                config,
                line,
                format!("waivers.{key}: invalid glob {pattern:?}: {}", e.kind()),
            )
        })
}

pub fn compile<'a>(
    config: &str,
    waivers: &'a [Waiver],
) -> Result<Vec<CompiledWaiver<'a>>, InputError> {
    waivers
        .iter()
        .map(|w| {
            let opt = |key: &str, p: &Option<String>| {
                p.as_deref()
                    .map(|p| glob(config, w.line, key, p))
                    .transpose()
            };
            Ok(CompiledWaiver {
                waiver: w,
                rule: glob(config, w.line, "rule", &w.rule)?,
                resource: glob(config, w.line, "resource", &w.resource)?,
                owner_account: opt("owner_account", &w.owner_account)?,
                parent_id: opt("parent_id", &w.parent_id)?,
                region: opt("region", &w.region)?,
            })
        })
        .collect()
}

impl CompiledWaiver<'_> {
    fn matches(&self, f: &Finding) -> bool {
        let r = f.resource.as_ref();
        let field = |m: &Option<GlobMatcher>, v: Option<&String>| match m {
            None => true,
            Some(m) => v.is_some_and(|v| m.is_match(v)),
        };
        self.rule.is_match(&f.rule_id)
            && self.resource.is_match(r.map_or("", |r| r.id.as_str()))
            && field(
                &self.owner_account,
                r.and_then(|r| r.owner_account.as_ref()),
            )
            && field(&self.parent_id, r.and_then(|r| r.parent_id.as_ref()))
            && field(&self.region, r.and_then(|r| r.region.as_ref()))
    }

    fn describe(&self, config: &str) -> String {
        format!(
            "waiver at {config}:{} (rule {}, resource {})",
            self.waiver.line, self.waiver.rule, self.waiver.resource
        )
    }
}

/// Marks findings covered by a live waiver. `today` decides expiry: a waiver applies through its
/// `expires` day.
pub fn apply(
    config: &str,
    waivers: &[CompiledWaiver<'_>],
    findings: &mut [Finding],
    today: time::Date,
) -> WaiverOutcome {
    let mut outcome = WaiverOutcome::default();
    for w in waivers {
        let expired = w.waiver.expires.is_some_and(|e| e < today);
        let mut matched = 0usize;
        for f in findings.iter_mut().filter(|f| f.suppression.is_none()) {
            if !w.matches(f) {
                continue;
            }
            matched += 1;
            if !expired {
                f.suppress(Suppression {
                    kind: SuppressionKind::Waiver,
                    reason: Some(w.waiver.reason.clone()),
                    expires: w.waiver.expires.map(|d| d.to_string()),
                });
            }
        }
        if expired {
            let expires = w.waiver.expires.map(|d| d.to_string()).unwrap_or_default();
            outcome.expired.push(format!(
                "{} expired on {expires} and no longer applies ({matched} findings affected)",
                w.describe(config)
            ));
        } else if matched == 0 {
            outcome.unmatched.push(format!(
                "{} matched no finding: it is stale",
                w.describe(config)
            ));
        }
    }
    outcome
}
