//! SDK configuration: where credentials and regions come from, one Direct Connect client per
//! (account, region), and the retry and timeout policy every call runs under.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_directconnect::Client;

use super::failure;
use crate::error::Error;

/// One set of credentials to collect with: the caller's own, or an assumed role in a partner
/// account.
#[derive(Debug, Clone)]
pub struct Target {
    /// The partner account, when known (taken from the role ARN).
    pub account: Option<String>,
    pub role_arn: Option<String>,
    pub config: SdkConfig,
}

impl Target {
    /// Credentials from `config` as they are.
    pub fn own(config: SdkConfig) -> Self {
        Self {
            account: None,
            role_arn: None,
            config,
        }
    }
}

/// How every Direct Connect call is made.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// Overrides the endpoint (`--endpoint-url`); `AWS_ENDPOINT_URL_DIRECT_CONNECT` is honoured
    /// by the SDK itself when this is None.
    pub endpoint_url: Option<String>,
    /// Attempts per call, the first included; throttling and 5xx responses are retried with
    /// exponential backoff and jitter (the SDK's standard retry mode).
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    /// Each attempt of a call must complete within this, or it is retried as a timeout.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            endpoint_url: None,
            // The SDK's default of 3 gives up too easily on a large estate under throttling:
            // one call in thousands would fail and make the whole inventory partial.
            max_attempts: 8,
            initial_backoff: Duration::from_secs(1),
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// A Direct Connect client for `region`, with `target`'s credentials.
pub fn client(target: &Target, region: &str, settings: &ClientSettings) -> Client {
    let retry = RetryConfig::standard()
        .with_max_attempts(settings.max_attempts.max(1))
        .with_initial_backoff(settings.initial_backoff)
        .with_max_backoff(Duration::from_secs(20));
    let timeout = TimeoutConfig::builder()
        .connect_timeout(settings.connect_timeout)
        .operation_attempt_timeout(settings.request_timeout)
        .build();
    let mut builder = aws_sdk_directconnect::config::Builder::from(&target.config)
        .region(Region::new(region.to_string()))
        .retry_config(retry)
        .timeout_config(timeout);
    if let Some(url) = &settings.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    Client::from_conf(builder.build())
}

/// The standard AWS chain (environment, profile, SSO, web identity, IMDS), with `--profile`.
/// `fallback_region` is used when the chain has no region, so that STS (for `--role-arn`) has one.
pub async fn load_base(profile: Option<&str>, fallback_region: Option<&str>) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(p) = profile {
        loader = loader.profile_name(p);
    }
    let config = loader.load().await;
    match (config.region(), fallback_region) {
        (None, Some(r)) => config
            .into_builder()
            .region(Region::new(r.to_string()))
            .build(),
        _ => config,
    }
}

/// The default region of the chain, if it has one.
pub fn default_region(config: &SdkConfig) -> Option<String> {
    config.region().map(|r| r.to_string())
}

/// A target that assumes `role_arn` with the base credentials (aws-config's assume-role
/// provider: STS `AssumeRole`, refreshed before expiry).
pub async fn assume_role(base: &SdkConfig, role_arn: &str) -> Target {
    let provider = AssumeRoleProvider::builder(role_arn)
        .session_name("dxcheck")
        .configure(base)
        .build()
        .await;
    let config = base
        .clone()
        .into_builder()
        .credentials_provider(SharedCredentialsProvider::new(provider))
        .build();
    Target {
        account: account_of(role_arn),
        role_arn: Some(role_arn.to_string()),
        config,
    }
}

/// `arn:PARTITION:iam::ACCOUNT:role/NAME` → ACCOUNT.
pub fn account_of(role_arn: &str) -> Option<String> {
    let parts: Vec<&str> = role_arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "iam", "", account, resource]
            if account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && resource.starts_with("role/") =>
        {
            Some((*account).to_string())
        }
        _ => None,
    }
}

/// Checks a role ARN's shape before any call is made.
pub fn validate_role_arn(role_arn: &str) -> Result<(), Error> {
    match account_of(role_arn) {
        Some(_) => Ok(()),
        None => Err(Error::Usage(format!(
            "--role-arn {role_arn:?} is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
        ))),
    }
}

/// Why a target's credentials could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsRefused {
    /// STS's error code for a role (`AccessDenied`), `CredentialsError` otherwise.
    pub code: String,
    /// One sentence for the user.
    pub sentence: String,
}

/// Resolves the target's credentials once, so a missing or refused one stops the run with one
/// sentence before any Direct Connect call.
pub async fn check_credentials(target: &Target) -> Result<(), CredentialsRefused> {
    use aws_credential_types::provider::error::CredentialsError;
    let Some(provider) = target.config.credentials_provider() else {
        return Err(CredentialsRefused {
            code: "CredentialsError".into(),
            sentence: failure::credentials_message(&CredentialsError::not_loaded(
                "no credentials provider",
            )),
        });
    };
    let Err(e) = provider.provide_credentials().await else {
        return Ok(());
    };
    Err(match &target.role_arn {
        Some(arn) => {
            let (code, reason) = service_reason(&e);
            CredentialsRefused {
                code: code.unwrap_or_else(|| "CredentialsError".into()),
                sentence: format!("cannot assume role {arn}: {reason}"),
            }
        }
        None => CredentialsRefused {
            code: "CredentialsError".into(),
            sentence: failure::credentials_message(&e),
        },
    })
}

/// STS's own code and words (`AccessDenied: User … is not authorized …`) when the chain of
/// causes carries them, rather than the provider's wrapper text.
fn service_reason(
    e: &aws_credential_types::provider::error::CredentialsError,
) -> (Option<String>, String) {
    use aws_smithy_types::error::ErrorMetadata;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut last = e.to_string();
    while let Some(c) = cur {
        if let Some(meta) = c.downcast_ref::<ErrorMetadata>() {
            let code = meta.code().map(str::to_string);
            let message = meta.message().unwrap_or("no message");
            let text = match &code {
                Some(code) => format!("{code}: {message}"),
                None => message.to_string(),
            };
            return (code, one_line(&text));
        }
        last = c.to_string();
        cur = c.source();
    }
    (None, one_line(&last))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_comes_from_the_role_arn() {
        assert_eq!(
            account_of("arn:aws:iam::123456789012:role/dxcheck-audit").as_deref(),
            Some("123456789012")
        );
        assert_eq!(
            account_of("arn:aws-cn:iam::123456789012:role/path/r").as_deref(),
            Some("123456789012")
        );
        assert_eq!(account_of("arn:aws:iam::1234:role/x"), None);
        assert_eq!(account_of("arn:aws:iam::123456789012:user/x"), None);
        assert_eq!(account_of("123456789012"), None);
    }
}
