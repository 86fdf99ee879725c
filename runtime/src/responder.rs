//! The seam the `test-util` mock plugs into: something that answers an
//! attempt in place of the HTTP client. The client holds one
//! (`Inner::responder`) and `dispatch` asks it; the mock implements it, so
//! the client does not depend on the mock (which builds clients).

use crate::operation::Operation;

/// Answers one attempt of `operation` without the network.
pub(crate) trait Responder: Send + Sync {
    /// The response to `request`.
    fn respond(&self, operation: &'static Operation, request: reqwest::Request) -> reqwest::Response;
}
