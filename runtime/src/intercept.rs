//! Interceptors: user code run around every attempt of every request.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::Error;
use crate::operation::Operation;

/// The error type interceptors and token providers may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Which attempt of which operation a hook is called for.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptContext {
    /// The operation being called (its `id` is the spec's `operationId`).
    pub operation: &'static Operation,
    /// The attempt, from 1; retries (and the retry after a refreshed token) count up.
    pub attempt: u32,
}

/// Hooks around every attempt of every request, registered with
/// [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor) and run
/// in the order they were registered. Every hook has a default that does
/// nothing, so an interceptor implements only what it needs.
///
/// Typical uses: an extra header, request signing, metrics of the status per
/// operation. A client without interceptors pays one emptiness check per attempt.
///
/// ```
/// use std::sync::atomic::{AtomicU32, Ordering};
/// use vercel_runtime::{AttemptContext, BoxError, Client, HeaderMap, Interceptor, StatusCode};
///
/// #[derive(Default)]
/// struct CountErrors(AtomicU32);
///
/// impl Interceptor for CountErrors {
///     fn before_attempt(&self, _: &AttemptContext, request: &mut reqwest::Request) -> Result<(), BoxError> {
///         request.headers_mut().insert("x-trace", "on".parse()?);
///         Ok(())
///     }
///     fn after_response(&self, ctx: &AttemptContext, status: StatusCode, _: &HeaderMap) {
///         if !status.is_success() {
///             self.0.fetch_add(1, Ordering::Relaxed);
///         }
///         let _ = ctx.operation.id;
///     }
/// }
///
/// let client = Client::builder().token("secret").interceptor(CountErrors::default()).build()?;
/// # let _ = client;
/// # Ok::<(), vercel_runtime::Error>(())
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// Called before each attempt is sent, with the request as it will go out
    /// (URL with query, every header including `Authorization`, body): it
    /// may add or change headers (e.g. a signature over the body). An error
    /// fails the call with [`Error::Interceptor`] without sending it.
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let _ = (ctx, request);
        Ok(())
    }

    /// Called when an attempt's response headers arrive (any status, the
    /// body not yet read).
    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, headers: &HeaderMap) {
        let _ = (ctx, status, headers);
    }

    /// Called when an attempt fails: a transport failure or timeout, or a
    /// non-2xx answer ([`Error::Api`]). `will_retry` says whether another
    /// attempt follows.
    fn on_error(&self, ctx: &AttemptContext, error: &Error, will_retry: bool) {
        let _ = (ctx, error, will_retry);
    }
}

/// A shared interceptor (e.g. metrics also read elsewhere) is an interceptor.
impl<T: Interceptor> Interceptor for std::sync::Arc<T> {
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut reqwest::Request) -> Result<(), BoxError> {
        T::before_attempt(self, ctx, request)
    }

    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, headers: &HeaderMap) {
        T::after_response(self, ctx, status, headers);
    }

    fn on_error(&self, ctx: &AttemptContext, error: &Error, will_retry: bool) {
        T::on_error(self, ctx, error, will_retry);
    }
}
