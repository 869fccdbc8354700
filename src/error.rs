//! Library errors. Every one of them ends the run with exit code 2: a run that could not be
//! trusted must look neither like a pass (0) nor like findings (1).

use std::fmt;

/// A problem in something the user gave us — a file, a flag — located as precisely as we can:
/// `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    pub line: Option<usize>,
    pub col: Option<usize>,
    pub message: String,
}

impl InputError {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: None,
            col: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: Some(line),
            col: Some(col),
            message: message.into(),
        }
    }

    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            line: Some(line),
            col: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = if self.file == "-" {
            "<stdin>"
        } else {
            &self.file
        };
        match (self.line, self.col) {
            (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{file}:{l}: {}", self.message),
            _ => write!(f, "{file}: {}", self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// A parser's message without the " at line L column C" it appends: the position is reported
/// separately, as file:line:col.
pub fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Input(#[from] InputError),
    /// A policy failed while it was evaluated: never swallowed, since a rule that did not run
    /// would otherwise look like a rule that found nothing.
    #[error("policy error: {file}: rule {rule}: {message}")]
    Eval {
        file: String,
        rule: String,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {path}: {message}")]
    Output { path: String, message: String },
    #[error("{0}")]
    Collect(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
