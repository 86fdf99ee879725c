//! Bounds that protect the client from a hostile or broken server: body
//! size, stream value size, stalled streams (their defaults, and the
//! bounded body read). The builder's setters are in `client::limits`; the
//! error a body that cannot be read whole becomes is
//! [`BodyError`](crate::BodyError).

use std::time::Duration;

use bytes::{Bytes, BytesMut};

pub use crate::json_stream::DEFAULT_MAX_STREAM_VALUE_SIZE;

/// Default bound on a body read whole (every JSON response, error bodies, `send_bytes`): 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 << 20;

/// Default time a streamed body may go without a byte before it fails: 5 minutes.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(300);

/// The bounds one client applies (set on [`ClientBuilder`](crate::ClientBuilder)).
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
