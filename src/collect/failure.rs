//! What went wrong with a call, in the words the inventory's `errors` use: a code (the service's
//! error code, or a short name for a transport problem) and a one-line message, never a dump of
//! the SDK's internals.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_directconnect::error::{ProvideErrorMetadata, SdkError};

/// A call that failed for good (the SDK has already retried what it could).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    /// The credentials themselves were missing, expired or refused: nothing else will work
    /// with them either, so the run stops with one clear sentence instead of collecting errors.
    pub credentials: bool,
}

/// Error codes by which AWS refuses the caller's credentials rather than the request.
const CREDENTIAL_CODES: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "AuthFailure",
];

pub fn is_credential_code(code: &str) -> bool {
    CREDENTIAL_CODES.contains(&code)
}

pub fn classify<E, R>(err: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + StdError + 'static,
    R: std::fmt::Debug + 'static,
{
    if let Some(cred) = find_credentials_error(err) {
        return Failure {
            code: "CredentialsError".into(),
            message: credentials_message(cred),
            credentials: true,
        };
    }
    match err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            let code = e.code().unwrap_or("UnknownError").to_string();
            let message = e
                .message()
                .map(one_line)
                .unwrap_or_else(|| "the service returned an error without a message".into());
            Failure {
                credentials: is_credential_code(&code),
                code,
                message,
            }
        }
        SdkError::TimeoutError(_) => Failure {
            code: "Timeout".into(),
            message: "no response before the request timeout".into(),
            credentials: false,
        },
        SdkError::DispatchFailure(d) => {
            let (code, what) = if d.is_timeout() {
                ("Timeout", "the connection timed out")
            } else if d.is_io() {
                ("ConnectionError", "could not reach the endpoint")
            } else {
                ("DispatchFailure", "the request could not be sent")
            };
            Failure {
                code: code.into(),
                message: with_cause(what, err),
                credentials: false,
            }
        }
        SdkError::ResponseError(_) => Failure {
            code: "InvalidResponse".into(),
            message: with_cause("the response could not be read", err),
            credentials: false,
        },
        _ => Failure {
            code: "RequestError".into(),
            message: with_cause("the request could not be built", err),
            credentials: false,
        },
    }
}

/// Why credentials could not be loaded, in one sentence a user can act on.
pub fn credentials_message(e: &CredentialsError) -> String {
    match e {
        CredentialsError::CredentialsNotLoaded(_) => "no AWS credentials found (looked at environment variables, the shared config and credentials files, SSO, web identity, and instance metadata); configure some, e.g. `aws configure` or `aws sso login`, or pass --profile".into(),
        CredentialsError::ProviderTimedOut(_) => "loading AWS credentials timed out".into(),
        _ => match innermost(e) {
            Some(cause) => format!("cannot load AWS credentials: {}", one_line(&cause)),
            None => format!("cannot load AWS credentials: {}", one_line(&e.to_string())),
        },
    }
}

fn find_credentials_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a CredentialsError> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(c) = e.downcast_ref::<CredentialsError>() {
            return Some(c);
        }
        cur = e.source();
    }
    None
}

/// The deepest cause's text: the SDK's outer layers say "dispatch failure", the inner ones say
/// "connection refused".
fn innermost(e: &(dyn StdError + 'static)) -> Option<String> {
    let mut cur = e.source()?;
    while let Some(next) = cur.source() {
        cur = next;
    }
    Some(cur.to_string())
}

fn with_cause(what: &str, err: &(dyn StdError + 'static)) -> String {
    match innermost(err) {
        Some(cause) => format!("{what}: {}", one_line(&cause)),
        None => what.to_string(),
    }
}

/// One line, without the "(os error 111)" suffix users cannot act on.
fn one_line(s: &str) -> String {
    let s = match s.find(" (os error ") {
        Some(i) => &s[..i],
        None => s,
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
