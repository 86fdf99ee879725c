//! Error answers read as they arrive ([`Client::send_with_error_stream`]):
//! for a caller that knows an error answer whose content is long (a list it
//! reads item by item) and must not be held whole, while any other error
//! answer still becomes the typed [`Error`] that [`send`](Client::send) gives.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::stream::{Stream, StreamExt};
use futures_util::FutureExt;
use http::header::HeaderMap;
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{ApiError, BodyError, BodyErrorKind, Error};
use crate::idle::{ChunkError, IdleChunks};
use crate::prepare::Prepared;
use crate::request::Request;
use crate::transport::{Receive, Success, Whole};
use crate::transport_error::TransportError;

/// What [`Client::send_with_error_stream`] gives: a 2xx answer decoded, or
/// the final non-2xx answer with its body unread.
#[derive(Debug)]
// (Returned once per call and taken apart at once: boxing the stream would
// cost an allocation for nothing.)
#[allow(clippy::large_enum_variant)]
pub enum Answer<T> {
    /// A 2xx answer, decoded as [`send`](Client::send) decodes it.
    Success(T),
    /// A non-2xx answer (after the retry policy gave up on it), its body to
    /// be read with the [`ErrorStream`].
    Error(ErrorStream),
}

/// The body of a non-2xx answer as it arrives, chunk by chunk, with its
/// status and headers (see [`Client::send_with_error_stream`]).
///
/// The stream yields at most the client's
/// [`max_body_size`](crate::ClientBuilder::max_body_size) bytes in all: past
/// it, it yields [`Error::Body`] of kind [`BodyErrorKind::TooLarge`] and
/// ends, so an answer that never ends cannot keep its reader busy. A
/// connection that fails mid-body, a chunk that does not arrive within the
/// client's [`stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout),
/// or the request timeout running out also end it with an error.
///
/// Until [`stop_keeping`](Self::stop_keeping) is called, the chunks handed
/// out are kept (shared, not copied), so that an answer the caller does
/// not recognise becomes, with [`into_error`](Self::into_error), the same
/// typed error [`send`](Client::send) gives, raw body included.
pub struct ErrorStream {
    operation: &'static str,
    scopes: &'static [&'static str],
    team_id_missing: bool,
    status: StatusCode,
    headers: HeaderMap,
    chunks: IdleChunks,
    /// The chunks handed out so far, while they are kept.
    kept: Option<Vec<Bytes>>,
    /// How many bytes have arrived.
    read: u64,
    /// The announced length, when it alone is over the limit (the stream then yields only that error).
    announced_over: Option<u64>,
    limit: u64,
    timeout: Duration,
    done: bool,
}

impl std::fmt::Debug for ErrorStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("read", &self.read)
            .field("keeping", &self.kept.is_some())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl ErrorStream {
    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Stops keeping the chunks handed out, and drops those kept: the caller
    /// recognised the answer and what it reads is its content. (A later
    /// [`into_error`](Self::into_error) then holds only what was not read yet.)
    pub fn stop_keeping(&mut self) {
        self.kept = None;
    }

    /// The answer as the typed error [`send`](Client::send) gives for it
    /// ([`Error::Api`], or [`Error::IntegrationDisabled`]), its `code` and
    /// `message` read from the body: the chunks kept and the rest of the
    /// body, read now. As with `send`, of a body that cannot be read whole
    /// (over the client's `max_body_size`, cut short, too slow) what arrived
    /// is kept.
    pub async fn into_error(mut self) -> Error {
        let mut body = BytesMut::new();
        for chunk in self.kept.take().unwrap_or_default() {
            body.extend_from_slice(&chunk);
        }
        if !self.done && self.announced_over.is_none() {
            while let Some(Ok(chunk)) = self.chunks.next().await {
                if self.read + chunk.len() as u64 > self.limit {
                    break;
                }
                self.read += chunk.len() as u64;
                body.extend_from_slice(&chunk);
            }
        }
        let mut error = ApiError::new(self.operation, self.status, self.headers, body.freeze());
        error.scopes = self.scopes;
        error.team_id_missing = self.team_id_missing;
        error.into_error()
    }

    /// Ends the stream with `error`.
    fn fail(&mut self, error: Error) -> Poll<Option<Result<Bytes, Error>>> {
        self.done = true;
        Poll::Ready(Some(Err(error)))
    }
}

impl Stream for ErrorStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let body_error = |this: &ErrorStream, kind| {
            BodyError::boxed(this.operation, this.status, this.headers.clone(), Bytes::new(), kind)
        };
        if let Some(announced) = this.announced_over {
            let error = body_error(this, BodyErrorKind::TooLarge { limit: this.limit, announced: Some(announced) });
            return this.fail(error);
        }
        match Pin::new(&mut this.chunks).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => {
                this.done = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Ok(chunk))) => {
                this.read += chunk.len() as u64;
                if this.read > this.limit {
                    let error = body_error(this, BodyErrorKind::TooLarge { limit: this.limit, announced: None });
                    return this.fail(error);
                }
                if let Some(kept) = &mut this.kept {
                    kept.push(chunk.clone());
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(ChunkError::Transport(e)))) if e.is_timeout() => {
                let error = Error::Timeout { operation: this.operation, after: this.timeout };
                this.fail(error)
            }
            Poll::Ready(Some(Err(ChunkError::Transport(e)))) => {
                let error = body_error(this, BodyErrorKind::Interrupted(TransportError::new(e)));
                this.fail(error)
            }
            Poll::Ready(Some(Err(ChunkError::Stalled(idle)))) => {
                let error = body_error(this, BodyErrorKind::Stalled { idle });
                this.fail(error)
            }
        }
    }
}

/// A 2xx answer is read whole (as [`Whole`]); the final non-2xx answer is
/// returned with its body unread.
pub(crate) struct WholeOrErrorStream;

impl Receive for WholeOrErrorStream {
    type Output = Answer<Success>;
    const STREAMED: bool = false;
    const ERRORS_UNREAD: bool = true;

    async fn receive(
        client: &Client,
        prepared: &Prepared,
        mut response: reqwest::Response,
    ) -> Result<Answer<Success>, Error> {
        if response.status().is_success() {
            return Whole::receive(client, prepared, response).await.map(Answer::Success);
        }
        let limits = client.inner.limits;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let announced = response.content_length();
        Ok(Answer::Error(ErrorStream {
            operation: prepared.operation.id,
            scopes: prepared.operation.scopes,
            team_id_missing: prepared.team_id_missing,
            status,
            headers,
            chunks: IdleChunks::new(response, limits.stream_idle_timeout),
            kept: Some(Vec::new()),
            read: 0,
            // Refused at once, as a body read whole is.
            announced_over: announced.filter(|&n| n > limits.max_body_size),
            limit: limits.max_body_size,
            timeout: prepared.timeout,
            done: false,
        }))
    }
}

impl Client {
    /// Sends the request as [`send`](Self::send) does (retries, token,
    /// interceptors; a 2xx body decoded into `T`), except that the final
    /// non-2xx answer is not read by the runtime: it is returned as an
    /// [`ErrorStream`] for the caller to read as it arrives, for an error
    /// answer whose content is long and is read item by item (a deploy's
    /// `missing_files` answer lists every content the API lacks). An answer
    /// the caller does not recognise becomes the typed error `send` gives
    /// with [`ErrorStream::into_error`].
    ///
    /// Answers the retry policy retries (a `429`, a `5xx`) are retried as
    /// with `send`; interceptors see the streamed answer's status in
    /// `after_response`, and no `on_error` for it. The request timeout
    /// covers reading the stream too.
    ///
    /// ```no_run
    /// # async fn demo(client: vercel_runtime::Client, req: vercel_runtime::Request) -> Result<(), vercel_runtime::Error> {
    /// use vercel_runtime::{Answer, StreamExt};
    ///
    /// match client.send_with_error_stream::<serde_json::Value>(req).await? {
    ///     Answer::Success(value) => println!("{value}"),
    ///     Answer::Error(mut stream) if stream.status() == 400 => {
    ///         let mut bytes = 0;
    ///         while let Some(chunk) = stream.next().await {
    ///             bytes += chunk?.len();
    ///         }
    ///         println!("an error answer of {bytes} bytes");
    ///     }
    ///     Answer::Error(stream) => return Err(stream.into_error().await),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_with_error_stream<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Answer<T>, Error>> + Send + '_ {
        self.start::<WholeOrErrorStream>(req, Some("application/json")).map(|answer| match answer? {
            Answer::Success(ok) => ok.decode_body_corrected().map(|(body, _)| Answer::Success(body)),
            Answer::Error(stream) => Ok(Answer::Error(stream)),
        })
    }
}
