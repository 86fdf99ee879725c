//! Bounds that protect the client from a hostile or broken server: body
//! size, stream value size, stalled streams, redirects; and the error a body
//! that cannot be read whole becomes ([`BodyError`]).

use std::fmt;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::client::ClientBuilder;
use crate::error::Error;
pub use crate::json_stream::DEFAULT_MAX_STREAM_VALUE_SIZE;

/// Default bound on a body read whole (every JSON response, error bodies, `send_bytes`): 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 << 20;

/// Default time a streamed body may go without a byte before it fails: 5 minutes.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(300);

/// The bounds one client applies (set on [`ClientBuilder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_body_size: u64,
    pub(crate) max_stream_value_size: usize,
    pub(crate) stream_idle_timeout: Option<Duration>,
    /// No client error correction (see `correction`).
    pub(crate) strict_decoding: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            max_stream_value_size: DEFAULT_MAX_STREAM_VALUE_SIZE,
            stream_idle_timeout: Some(DEFAULT_STREAM_IDLE_TIMEOUT),
            strict_decoding: false,
        }
    }
}

impl ClientBuilder {
    /// Sets the largest body the client reads whole (default
    /// [`DEFAULT_MAX_BODY_SIZE`], 64 MiB): every JSON response, error body
    /// and `send_bytes` body. A larger one fails with [`Error::Body`] of
    /// kind [`BodyErrorKind::TooLarge`] without being read further: at once
    /// when its `Content-Length` says so, otherwise when the bytes received
    /// pass the limit (so a lying `Content-Length` or a chunked body that
    /// never ends cannot make the client allocate without bound).
    ///
    /// Byte streams (`send_byte_stream`, for downloads) and the values of
    /// `application/stream+json` streams are not bounded by it.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// Sets the largest single value of an `application/stream+json` stream
    /// (default [`DEFAULT_MAX_STREAM_VALUE_SIZE`], 16 MiB). A stream holds at
    /// most one value plus one received chunk; a value that grows past this
    /// fails with [`Error::Body`] of kind [`BodyErrorKind::ValueTooLarge`]
    /// and ends the stream.
    pub fn max_stream_value_size(mut self, bytes: usize) -> Self {
        self.limits.max_stream_value_size = bytes;
        self
    }

    /// Sets how long a streamed body (`into_stream()` of
    /// `application/stream+json` operations, `send_byte_stream`) may go
    /// without receiving a byte before it fails with [`Error::Body`] of kind
    /// [`BodyErrorKind::Stalled`] (default [`DEFAULT_STREAM_IDLE_TIMEOUT`], 5
    /// minutes); `None` waits forever.
    ///
    /// It applies to `follow` streams too (deployment events, runtime logs
    /// followed live): they stay open while there is nothing to tell, so set
    /// it longer, or `None`, when following something that can be quiet for
    /// more than 5 minutes.
    pub fn stream_idle_timeout(mut self, idle: Option<Duration>) -> Self {
        self.limits.stream_idle_timeout = idle;
        self
    }
}

/// Why a response body could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyErrorKind {
    /// The body is larger than the client's
    /// [`max_body_size`](ClientBuilder::max_body_size).
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The `Content-Length` the server announced, if any.
        announced: Option<u64>,
    },
    /// A value of an `application/stream+json` stream is larger than the
    /// client's [`max_stream_value_size`](ClientBuilder::max_stream_value_size).
    ValueTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A streamed body received no byte for the client's
    /// [`stream_idle_timeout`](ClientBuilder::stream_idle_timeout).
    Stalled {
        /// The idle time that ran out.
        idle: Duration,
    },
    /// The connection failed while the body was arriving: reset, closed
    /// early, a truncated chunked body, a malformed chunk.
    Interrupted(reqwest::Error),
}

/// A response whose body could not be read: what arrived of it is kept,
/// with the status and headers.
#[derive(Debug)]
#[non_exhaustive]
pub struct BodyError {
    /// Operation id.
    pub operation: &'static str,
    /// Response status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The bytes that arrived before the failure (of a whole body; empty
    /// when the announced length alone was over the limit, and for streams,
    /// whose values already handed out are not kept).
    pub body: Bytes,
    /// What went wrong.
    pub kind: BodyErrorKind,
}

impl BodyError {
    /// [`Error::Body`] with these parts.
    pub(crate) fn boxed(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        kind: BodyErrorKind,
    ) -> Error {
        Error::Body(Box::new(BodyError { operation, status, headers, body, kind }))
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (operation, status, read) = (self.operation, self.status, self.body.len());
        match &self.kind {
            BodyErrorKind::TooLarge { limit, announced: Some(n) } if n > limit => write!(
                f,
                "{operation}: {status} response body of {n} bytes (Content-Length) is over the limit of {limit} bytes"
            ),
            BodyErrorKind::TooLarge { limit, .. } => {
                write!(f, "{operation}: {status} response body is over the limit of {limit} bytes")
            }
            BodyErrorKind::ValueTooLarge { limit } => {
                write!(f, "{operation}: a value of the stream is over the limit of {limit} bytes")
            }
            BodyErrorKind::Stalled { idle } => {
                write!(f, "{operation}: the stream received nothing for {idle:?}")
            }
            BodyErrorKind::Interrupted(e) => {
                write!(f, "{operation}: {status} response body interrupted after {read} bytes: {e}")
            }
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BodyErrorKind::Interrupted(e) => Some(e),
            _ => None,
        }
    }
}

/// Why [`read_body_limited`] stopped.
pub(crate) enum ReadFailure {
    /// The transport failed (or timed out); the bytes read so far.
    Transport(reqwest::Error, Bytes),
    /// Over the limit; the bytes read so far.
    TooLarge(Bytes),
}

/// At most this much of the body is allocated up front from its announced
/// length (more grows as the body arrives), so a wrong or hostile
/// `Content-Length` cannot make the client allocate what never comes.
const MAX_PREALLOCATED_BODY: usize = 16 << 20;

/// Reads the whole body, failing once more than `limit` bytes arrive (or at
/// once when `Content-Length` announces more). A body that arrives in one
/// chunk (most answers) is returned as it is, without copying; longer ones
/// are copied once into a buffer sized from `Content-Length`.
///
/// (Chunk by chunk rather than with `reqwest::Response::bytes`, whose future
/// is several hundred bytes larger, and would make every request's larger.)
pub(crate) async fn read_body_limited(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, ReadFailure> {
    let announced = response.content_length();
    if announced.is_some_and(|n| n > limit) {
        return Err(ReadFailure::TooLarge(Bytes::new()));
    }
    let announced = announced.map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
    let over = |len: usize| u64::try_from(len).map_or(true, |len| len > limit);
    let first = match response.chunk().await {
        Ok(Some(first)) => first,
        Ok(None) => return Ok(Bytes::new()),
        Err(e) => return Err(ReadFailure::Transport(e, Bytes::new())),
    };
    if over(first.len()) {
        return Err(ReadFailure::TooLarge(Bytes::new()));
    }
    let second = match response.chunk().await {
        Ok(Some(second)) => second,
        Ok(None) => return Ok(first),
        Err(e) => return Err(ReadFailure::Transport(e, first)),
    };
    let mut body = BytesMut::with_capacity(announced.min(MAX_PREALLOCATED_BODY).max(first.len() + second.len()));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        if over(body.len() + chunk.len()) {
            return Err(ReadFailure::TooLarge(body.freeze()));
        }
        body.extend_from_slice(&chunk);
        next = match response.chunk().await {
            Ok(next) => next,
            Err(e) => return Err(ReadFailure::Transport(e, body.freeze())),
        };
    }
    Ok(body.freeze())
}

/// [`Error`] for a body that could not be read: [`Error::Timeout`] when the
/// request timeout ran out, [`Error::Body`] otherwise.
pub(crate) fn body_failure(
    failure: ReadFailure,
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    limit: u64,
    announced: Option<u64>,
    timeout: Duration,
) -> Error {
    match failure {
        ReadFailure::Transport(e, _) if e.is_timeout() => Error::Timeout { operation, after: timeout },
        ReadFailure::Transport(e, read) => {
            BodyError::boxed(operation, status, headers, read, BodyErrorKind::Interrupted(e))
        }
        ReadFailure::TooLarge(read) => {
            BodyError::boxed(operation, status, headers, read, BodyErrorKind::TooLarge { limit, announced })
        }
    }
}
