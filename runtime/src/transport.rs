//! Sending one request in the phases smithy-rs's orchestrator names:
//! prepare (`prepare.rs`: checks, team scoping, URL and headers, once),
//! then per attempt send (token, interceptors, the HTTP exchange), classify
//! (a 2xx response, or the error with the wait before the next attempt), and
//! retry or return; a 2xx answer is taken whole ([`Success`]) or streamed.

use std::future::Future;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use http::StatusCode;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::client::{Auth, Client};
use crate::correction::{decode_json_corrected, report};
use crate::decode::decode;
use crate::dispatch;
use crate::error::body_failure;
use crate::error::{ApiError, DecodeError, Error};
use crate::intercept::{AttemptContext, AttemptRequest};
use crate::limits::{read_body_limited, ReadFailure};
use crate::prepare::Prepared;
use crate::request::{Payload, Request};
use crate::response::Response;
use crate::retry::Failure;
use crate::token::{TokenFuture, TokenRequest};
use crate::transport_error::TransportError;
use vercel_runtime_core::correction::Correction;

/// How a 2xx answer is taken: its body read whole ([`Whole`]) or left
/// unread for streaming ([`Streamed`]). Reading the body inside the same
/// future as the sending keeps one state machine per request instead of two
/// nested ones: every `async` layer holds its own copy of the arguments and
/// is moved into the one above it, and such copies cost on every request
/// (`cargo xtask bench`).
pub(crate) trait Receive: 'static {
    /// What a 2xx answer becomes.
    type Output;
    /// Whether the body is streamed: the request timeout then covers only
    /// the wait for the headers, not the reading of the body.
    const STREAMED: bool;
    /// Whether the final non-2xx answer is given to [`receive`](Self::receive)
    /// with its body unread, instead of being read into an [`Error`].
    const ERRORS_UNREAD: bool = false;
    /// Takes the 2xx `response` of `prepared` (or, with
    /// [`ERRORS_UNREAD`](Self::ERRORS_UNREAD), its final non-2xx one).
    fn receive(
        client: &Client,
        prepared: &Prepared,
        response: reqwest::Response,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

/// The whole body is read into a [`Success`]; the request timeout covers it.
pub(crate) struct Whole;

impl Receive for Whole {
    type Output = Success;
    const STREAMED: bool = false;

    async fn receive(client: &Client, prepared: &Prepared, mut response: reqwest::Response) -> Result<Success, Error> {
        let operation = prepared.operation.id;
        let status = response.status();
        // Reading the body does not use the headers, so they are moved out rather than copied.
        let headers = std::mem::take(response.headers_mut());
        let announced = response.content_length();
        let limit = client.inner.limits.max_body_size;
        match read_body_limited(&mut response, limit).await {
            Ok(body) => Ok(Success { operation, status, headers, body, strict: client.inner.limits.strict_decoding }),
            Err(failure) => {
                Err(body_failure(failure, operation, status, headers, limit, announced, client.inner.timeout))
            }
        }
    }
}

/// The response is returned with its body unread.
pub(crate) struct Streamed;

impl Receive for Streamed {
    type Output = reqwest::Response;
    const STREAMED: bool = true;

    async fn receive(_: &Client, _: &Prepared, response: reqwest::Response) -> Result<reqwest::Response, Error> {
        Ok(response)
    }
}

/// A successful (2xx) response, read whole.
pub(crate) struct Success {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// Whether decoding may not correct missing fields (`ClientBuilder::strict_decoding`).
    pub(crate) strict: bool,
}

impl Client {
    /// Sends the request and reads the whole 2xx body.
    pub(crate) fn execute(
        &self,
        req: Request,
        accept: Option<&'static str>,
    ) -> impl Future<Output = Result<Success, Error>> + Send + '_ {
        self.start::<Whole>(req, accept)
    }

    /// Scopes, encodes and sends the request, retrying as the client's
    /// [`RetryConfig`](crate::RetryConfig) says, until a 2xx answer arrives
    /// (taken as `R` says) or the failure is final.
    ///
    /// Runs in a `vercel_request` tracing span (operation id, method, path
    /// template, attempt, status). Neither the span nor its events hold the
    /// token or any header.
    pub(crate) fn start<R: Receive>(
        &self,
        req: Request,
        accept: Option<&'static str>,
    ) -> impl Future<Output = Result<R::Output, Error>> + '_ {
        let operation = req.operation;
        let span = tracing::debug_span!(
            "vercel_request",
            operation = operation.id,
            method = %operation.method,
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.start_in_span::<R>(req, accept, span.clone()).instrument(span)
    }

    /// Sends `req` as smithy-rs's orchestrator does it, phase by phase:
    /// [`prepare`](Client::prepare) once, then per attempt [`send_attempt`](Self::send_attempt)
    /// and [`classify`](Self::classify), then [`retry_or_return`](Self::retry_or_return)
    /// until a 2xx answer is taken as `R` says or the failure is final.
    async fn start_in_span<R: Receive>(
        &self,
        req: Request,
        accept: Option<&'static str>,
        span: tracing::Span,
    ) -> Result<R::Output, Error> {
        let prepared = self.prepare(req, accept)?;
        let mut attempts = Attempts { attempt: 0, counted: 0, token_request: TokenRequest::Attempt };
        loop {
            attempts.attempt += 1;
            attempts.counted += 1;
            span.record("attempt", attempts.attempt);
            let ctx = AttemptContext { operation: prepared.operation, attempt: attempts.attempt };
            let sent = self.send_attempt(&prepared, &ctx, &mut attempts, R::STREAMED).await?;
            match self.classify(&prepared, sent, &mut attempts, &span, R::ERRORS_UNREAD).await {
                Ok(response) => {
                    tracing::debug!(status = response.status().as_u16(), "response");
                    return R::receive(self, &prepared, response).await;
                }
                Err(failure) => self.retry_or_return(&ctx, failure).await?,
            }
        }
    }

    /// One attempt: its token, the HTTP request built from `prepared`, the
    /// interceptors' `before_attempt`, the sending, then their
    /// `after_response`. An interceptor's or the token provider's error
    /// ends the call (`Err`); a failed sending is `Ok(Err(..))` (`None`: the
    /// wait for the headers of a streamed answer timed out), for [`classify`](Self::classify).
    async fn send_attempt(
        &self,
        prepared: &Prepared,
        ctx: &AttemptContext,
        attempts: &mut Attempts,
        streamed: bool,
    ) -> Result<Sent, Error> {
        let (inner, operation, req) = (&self.inner, prepared.operation, &prepared.req);
        let authorization = match &inner.auth {
            _ if req.anonymous => None,
            Auth::Static(value) => Some(value.clone()),
            Auth::Provider(provider) => Some(
                provided_token(
                    provider.token(std::mem::replace(&mut attempts.token_request, TokenRequest::Attempt)),
                    operation.id,
                )
                .await?,
            ),
        };
        // Headers are added one by one rather than as a `HeaderMap`: copying
        // a map costs allocations on every request (`cargo xtask bench`).
        // The request's `Accept` wins over the default one; a per-call
        // option header wins over the request's.
        let mut builder = inner.http.request(operation.method.clone(), &prepared.url);
        for (name, value) in req.headers.iter().filter(|(name, _)| !prepared.overridden(name)) {
            builder = builder.header(name, value);
        }
        if let Some(authorization) = authorization {
            builder = builder.header(AUTHORIZATION, authorization);
        }
        for (name, value) in [(ACCEPT, &prepared.accept), (CONTENT_TYPE, &prepared.content_type)] {
            if let Some(value) = value {
                builder = builder.header(name, value.clone());
            }
        }
        if let Some(headers) = prepared.option_headers() {
            for (name, value) in headers.iter().filter(|(name, _)| !prepared.client_sets(name)) {
                builder = builder.header(name, value.clone());
            }
        }
        if !prepared.query.is_empty() {
            builder = builder.query(&prepared.query);
        }
        if let Some(extra) = prepared.option_query() {
            builder = builder.query(extra);
        }
        if let Some(body) = &req.body {
            builder = match &body.payload {
                Payload::Bytes(bytes) => builder.body(bytes.clone()),
                Payload::Stream { length, open } => {
                    builder.header(CONTENT_LENGTH, *length).body(reqwest::Body::wrap_stream(open()))
                }
            };
        }
        if streamed {
            // Only the wait for the headers is bounded (below); reading the body is not.
            builder = builder.timeout(Duration::MAX);
        } else if prepared.request_timeout {
            builder = builder.timeout(prepared.timeout);
        }
        let interceptors = &inner.interceptors[..];
        let sent = match builder.build() {
            Ok(mut request) => {
                for interceptor in interceptors {
                    if let Err(source) = interceptor.before_attempt(ctx, &mut AttemptRequest::new(&mut request)) {
                        return Err(Error::Interceptor { operation: operation.id, source });
                    }
                }
                if !streamed {
                    // The HTTP client's own timeout (or the request's) covers the whole body.
                    dispatch::send(inner, operation, request).await.map_err(Some)
                } else {
                    // (Boxed, like the waits below that most requests never reach:
                    // inline, they would make every request's future larger, and
                    // moving it costs on every request.)
                    let send = dispatch::send(inner, operation, request);
                    match Box::pin(tokio::time::timeout(prepared.timeout, send)).await {
                        Ok(result) => result.map_err(Some),
                        Err(_) => Err(None),
                    }
                }
            }
            Err(e) => Err(Some(e)),
        };
        if let (Ok(response), false) = (&sent, interceptors.is_empty()) {
            for interceptor in interceptors {
                interceptor.after_response(ctx, response.status(), response.headers());
            }
        }
        Ok(sent)
    }

    /// Takes what an attempt gave: a 2xx response is returned as it is; a
    /// non-2xx one (its body read, within the limits) or a transport
    /// failure becomes the [`Error`] it is, with the wait before the next
    /// attempt when the retry policy allows one (or when a token provider
    /// is to be asked once for a fresh token after a 401 or 403). With
    /// `errors_unread`, a non-2xx answer that is not to be tried again is
    /// returned as it is too, its body unread.
    async fn classify(
        &self,
        prepared: &Prepared,
        sent: Sent,
        attempts: &mut Attempts,
        span: &tracing::Span,
        errors_unread: bool,
    ) -> Result<reqwest::Response, Failed> {
        let (inner, operation, timeout) = (&self.inner, prepared.operation, prepared.timeout);
        let retry = prepared.retry(self);
        let (error, kind) = match sent {
            Ok(response) if response.status().is_success() => {
                span.record("status", response.status().as_u16());
                return Ok(response);
            }
            Ok(mut response) => {
                let status = response.status();
                span.record("status", status.as_u16());
                // (What happens next depends on the status and headers only, not on the body.)
                let refresh = matches!(inner.auth, Auth::Provider(_))
                    && !prepared.req.anonymous
                    && attempts.attempt == attempts.counted
                    && matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
                let delay = if refresh {
                    attempts.token_request = TokenRequest::Refresh;
                    attempts.counted -= 1;
                    Some(Duration::ZERO)
                } else {
                    retry.delay(
                        &operation.method,
                        Failure::Status(status, response.headers()),
                        attempts.counted,
                        SystemTime::now(),
                    )
                };
                if errors_unread && delay.is_none() {
                    return Ok(response);
                }
                let headers = std::mem::take(response.headers_mut());
                let limit = inner.limits.max_body_size;
                let read = Box::pin(tokio::time::timeout(timeout, read_body_limited(&mut response, limit)));
                let body = match read.await {
                    Ok(Ok(body)) => body,
                    // The status is what matters; of a body that cannot be read whole, what arrived is kept.
                    Ok(Err(ReadFailure::Transport(_, read) | ReadFailure::TooLarge(read))) => read,
                    Err(_) => Bytes::new(),
                };
                let mut error = ApiError::new(operation.id, status, headers, body);
                error.scopes = operation.scopes;
                error.team_id_missing = prepared.team_id_missing;
                return Err(Failed { error: error.into_error(), delay, status: Some(status) });
            }
            Err(Some(e)) => {
                let kind = if e.is_connect() { Failure::Connect } else { Failure::Transport };
                (transport_error(operation.id, e, inner.connect_timeout, timeout), kind)
            }
            Err(None) => (Error::Timeout { operation: operation.id, after: timeout }, Failure::Transport),
        };
        let delay = retry.delay(&operation.method, kind, attempts.counted, SystemTime::now());
        Err(Failed { error, delay, status: None })
    }

    /// Tells the interceptors about a failed attempt, then waits before the
    /// next attempt, or gives up with its error.
    async fn retry_or_return(&self, ctx: &AttemptContext, failed: Failed) -> Result<(), Error> {
        let Failed { error, delay, status } = failed;
        for interceptor in &self.inner.interceptors[..] {
            interceptor.on_error(ctx, &error, delay.is_some());
        }
        let Some(delay) = delay else {
            match status {
                Some(status) => tracing::debug!(status = status.as_u16(), "giving up"),
                None => tracing::debug!(error = %error, "giving up"),
            }
            return Err(error);
        };
        match status {
            Some(status) => tracing::debug!(status = status.as_u16(), ?delay, "retrying"),
            None => tracing::debug!(error = %error, ?delay, "retrying"),
        }
        if !delay.is_zero() {
            Box::pin(tokio::time::sleep(delay)).await;
        }
        Ok(())
    }
}

/// What sending one attempt gave: the response, or the transport's error
/// (`None`: the wait for a streamed answer's headers timed out).
type Sent = Result<reqwest::Response, Option<reqwest::Error>>;

/// The attempts of one call.
struct Attempts {
    /// Numbers every attempt.
    attempt: u32,
    /// Counts only the attempts the retry policy counts (not the one
    /// repeated with a refreshed token).
    counted: u32,
    /// What the token provider is asked for at the next attempt.
    token_request: TokenRequest,
}

/// A failed attempt, classified.
struct Failed {
    error: Error,
    /// The wait before the next attempt, if there is to be one.
    delay: Option<Duration>,
    /// The status of a non-2xx answer (`None`: the transport failed).
    status: Option<StatusCode>,
}

/// Awaits a token provider's answer as the `Authorization` value.
/// (A function of its own, so that the request's state machine holds only
/// the provider's boxed future.)
async fn provided_token(token: TokenFuture<'_>, operation: &'static str) -> Result<HeaderValue, Error> {
    let token = token.await.map_err(|source| Error::Token { operation, source })?;
    crate::client::bearer(&token).ok_or_else(|| Error::Token {
        operation,
        source: "the token contains characters not allowed in a header".into(),
    })
}

/// [`Error::Timeout`] for a timeout (of the connection or of the whole
/// request), [`Error::Transport`] otherwise.
fn transport_error(operation: &'static str, e: reqwest::Error, connect_timeout: Duration, timeout: Duration) -> Error {
    if e.is_timeout() {
        let after = if e.is_connect() { connect_timeout } else { timeout };
        Error::Timeout { operation, after }
    } else {
        Error::Transport(TransportError::new(e))
    }
}

impl Success {
    /// The response with `body` in place of the raw bytes.
    pub(crate) fn into_response<T>(self, body: T) -> Response<T> {
        Response::new(self.status, self.headers, body)
    }

    /// Decodes the whole body into `T` (an empty body as `{}` or `null`, see
    /// [`decode_whole`](crate::decode::decode_whole)); a failure is
    /// [`Error::Decode`] with the real body.
    pub(crate) fn decode_body<T: DeserializeOwned>(&self) -> Result<T, Error> {
        crate::decode::decode_whole(&self.body).map_err(|(path, message)| {
            DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
        })
    }

    /// Decodes the whole body into `T` (see `decode_body`), correcting it
    /// unless the client decodes strictly (module docs), and returns what
    /// was filled.
    pub(crate) fn decode_body_corrected<T: DeserializeOwned>(&self) -> Result<(T, Vec<Correction>), Error> {
        let (decoded, corrections) = decode_json_corrected(&self.body, self.strict).map_err(|(path, message)| {
            DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
        })?;
        report(self.operation, &corrections);
        Ok((decoded, corrections))
    }

    /// Decodes `bytes` (the whole body) into `T`; a failure keeps the whole body.
    pub(crate) fn decode<T: DeserializeOwned>(&self, bytes: &[u8], path_prefix: &str) -> Result<T, Error> {
        decode(bytes, path_prefix).map_err(|(path, message)| {
            DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Method, Operation};

    static OPERATION: Operation = Operation {
        id: "getAuthUser",
        method: Method::GET,
        path: "/v2/user",
        team_id_query: true,
        slug_query: true,
        scopes: &[],
    };

    #[test]
    fn a_send_future_is_one_state_machine() {
        // `send` and the layers under it wrap the per-request state machine
        // (`start_in_span`) without adding state of their own beyond the
        // span: each `async fn` layer would add its own copy of the request.
        let client = Client::builder().token("t").base_url("http://127.0.0.1:1").build().unwrap();
        let request = || Request::new(&OPERATION, "/v2/user".into());
        let state_machine =
            std::mem::size_of_val(&client.start_in_span::<Whole>(request(), None, tracing::Span::none()));
        let send = std::mem::size_of_val(&client.send::<serde_json::Value>(request()));
        let with_response = std::mem::size_of_val(&client.send_with_response::<serde_json::Value>(request()));
        let span = std::mem::size_of::<tracing::Span>();
        assert!(send <= state_machine + span, "send: {send} bytes, state machine {state_machine}, span {span}");
        assert!(with_response <= state_machine + span, "{with_response} bytes, state machine {state_machine}");
    }
}
