//! [`TransportError`]: a failure of the HTTP client below the API, in a
//! type the runtime owns so that the HTTP client's major version is not
//! part of the public API.

use std::fmt;

/// A connection, TLS, redirect or other transport failure of one attempt
/// (in [`Error::Transport`](crate::Error::Transport)), or of a body while it
/// arrived (in [`BodyErrorKind::Interrupted`](crate::BodyErrorKind::Interrupted)).
///
/// It displays the HTTP client's message; [`source`](std::error::Error::source)
/// gives the cause below it (an I/O or TLS error) when there is one.
pub struct TransportError {
    inner: reqwest::Error,
}

impl TransportError {
    /// Wraps the HTTP client's error.
    pub(crate) fn new(inner: reqwest::Error) -> TransportError {
        TransportError { inner }
    }

    /// Whether the failure happened while connecting (DNS, TCP, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.inner.is_connect()
    }

    /// Whether a redirect was refused (see [`MAX_REDIRECTS`](crate::MAX_REDIRECTS)).
    pub fn is_redirect(&self) -> bool {
        self.inner.is_redirect()
    }

    /// Whether a timeout of the HTTP client ran out (the runtime reports its
    /// own timeouts as [`Error::Timeout`](crate::Error::Timeout)).
    pub fn is_timeout(&self) -> bool {
        self.inner.is_timeout()
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.inner)
    }
}
