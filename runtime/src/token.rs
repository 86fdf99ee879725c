//! Token sources: where the bearer token of each attempt comes from.

use std::future::Future;
use std::pin::Pin;

use crate::intercept::BoxError;

/// Why a [`TokenProvider`] is asked for a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenRequest {
    /// Before an attempt: a cached token is fine.
    Attempt,
    /// The previous attempt was answered 401 or 403 with the last token: a
    /// fresh one is wanted (the request is retried once with it).
    Refresh,
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// An async source of bearer tokens, asked before each attempt (see
/// [`ClientBuilder::token_provider`](crate::ClientBuilder::token_provider)),
/// for integrations whose tokens rotate or expire. It caches as it sees fit.
///
/// A closure `Fn(TokenRequest) -> impl Future<Output = Result<String, BoxError>>` is a provider:
///
/// ```
/// # use vercel_runtime as vercel_client; // what a user of the facade writes
/// use vercel_client::{BoxError, Client, TokenRequest};
///
/// let client = Client::builder()
///     .token_provider(|why: TokenRequest| async move {
///         // e.g. read a secret store; refresh when `why == TokenRequest::Refresh`
///         let _ = why;
///         Ok::<_, BoxError>("fresh-token".to_owned())
///     })
///     .build()?;
/// # let _ = client;
/// # Ok::<(), vercel_runtime::Error>(())
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The token for the next attempt. An error fails the call with
    /// [`Error::Token`](crate::Error::Token).
    fn token(&self, why: TokenRequest) -> TokenFuture<'_>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn(TokenRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(&self, why: TokenRequest) -> TokenFuture<'_> {
        Box::pin(self(why))
    }
}
