//! Interceptors: user code run around every attempt of every request.

use http::{HeaderMap, Method, StatusCode};

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

/// One attempt's request as it will go out, as [`Interceptor::before_attempt`]
/// sees it: the method, the URL with its query, every header (including
/// `Authorization`) and the body. Headers may be added, changed or removed;
/// the rest is read-only.
///
/// A view owned by the runtime (with the `http` crate's types), so that
/// interceptors do not depend on the HTTP client the runtime uses.
pub struct AttemptRequest<'a> {
    inner: &'a mut reqwest::Request,
}

impl<'a> AttemptRequest<'a> {
    /// A view of `request`.
    pub(crate) fn new(inner: &'a mut reqwest::Request) -> AttemptRequest<'a> {
        AttemptRequest { inner }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.inner.method()
    }

    /// The whole URL, query included (e.g. `https://api.vercel.com/v6/deployments?teamId=team_1`).
    pub fn url(&self) -> &str {
        self.inner.url().as_str()
    }

    /// The URL's path, percent-encoded as sent (e.g. `/v6/deployments`).
    pub fn path(&self) -> &str {
        self.inner.url().path()
    }

    /// The URL's query without the `?`, when there is one.
    pub fn query(&self) -> Option<&str> {
        self.inner.url().query()
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.inner.headers()
    }

    /// The headers, to add, change or remove some.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.inner.headers_mut()
    }

    /// The body's bytes; `None` when there is no body.
    pub fn body(&self) -> Option<&[u8]> {
        self.inner.body().and_then(|body| body.as_bytes())
    }
}

impl std::fmt::Debug for AttemptRequest<'_> {
    /// The method and URL only: the headers hold the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("method", self.method())
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

/// Hooks around every attempt of every request, registered with
/// [`ClientBuilder::interceptor`](crate::ClientBuilder::interceptor) and run
/// in the order they were registered. Every hook has a default that does
/// nothing, so an interceptor implements only what it needs.
///
/// Typical uses: an extra header, request signing, metrics of the status per
/// operation. A client without interceptors pays one emptiness check per attempt.
///
/// Every hook takes types of the runtime or of the `http` crate (1.x), never
/// the HTTP client's, so an interceptor keeps compiling when the runtime
/// moves to another major version of reqwest.
///
/// ```
/// use std::sync::atomic::{AtomicU32, Ordering};
/// # use vercel_runtime as vercel_client; // what a user of the facade writes
/// use vercel_client::{AttemptContext, AttemptRequest, BoxError, Client, HeaderMap, Interceptor, StatusCode};
///
/// #[derive(Default)]
/// struct CountErrors(AtomicU32);
///
/// impl Interceptor for CountErrors {
///     fn before_attempt(&self, _: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
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
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
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
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        T::before_attempt(self, ctx, request)
    }

    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, headers: &HeaderMap) {
        T::after_response(self, ctx, status, headers);
    }

    fn on_error(&self, ctx: &AttemptContext, error: &Error, will_retry: bool) {
        T::on_error(self, ctx, error, will_retry);
    }
}
