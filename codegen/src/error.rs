//! The generator's error type: every error names the JSON pointer of the spec node it is about.

use std::fmt;

/// An error about the spec (or an overlay), located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer (RFC 6901) of the offending node; empty for the document root.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// Creates an error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "spec error at {at}: {}", self.message)
    }
}

impl std::error::Error for Error {}
