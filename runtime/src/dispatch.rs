//! Where an assembled request goes: the HTTP client, or (feature
//! `test-util`) the in-process mock. The one seam below the request
//! pipeline, so that retries, token providers and interceptors run the same
//! against both.

use std::future::Future;

use crate::client::Inner;
use crate::operation::Operation;

/// Sends one attempt.
#[cfg(not(feature = "test-util"))]
pub(crate) fn send(
    inner: &Inner,
    _operation: &'static Operation,
    request: reqwest::Request,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
    inner.http.execute(request)
}

/// Sends one attempt, to the mock when the client has one.
#[cfg(feature = "test-util")]
pub(crate) fn send(
    inner: &Inner,
    operation: &'static Operation,
    request: reqwest::Request,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
    use futures_util::future::Either;
    match &inner.responder {
        Some(responder) => Either::Left(std::future::ready(Ok(responder.respond(operation, request)))),
        None => Either::Right(inner.http.execute(request)),
    }
}
