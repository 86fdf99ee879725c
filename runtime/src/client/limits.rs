//! The [`ClientBuilder`] settings of the bounds in `crate::limits` (body
//! size, stream value size, stalled streams) and of client error correction
//! (`crate::correction`).

use std::time::Duration;

use super::ClientBuilder;

impl ClientBuilder {
    /// Sets the largest body the client reads whole (default
    /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE), 64 MiB): every JSON response, error body
    /// and `send_bytes` body. A larger one fails with [`Error::Body`](crate::Error::Body) of
    /// kind [`BodyErrorKind::TooLarge`](crate::BodyErrorKind::TooLarge) without being read further: at once
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
    /// (default [`DEFAULT_MAX_STREAM_VALUE_SIZE`](crate::DEFAULT_MAX_STREAM_VALUE_SIZE), 16 MiB). A stream holds at
    /// most one value plus one received chunk; a value that grows past this
    /// fails with [`Error::Body`](crate::Error::Body) of kind [`BodyErrorKind::ValueTooLarge`](crate::BodyErrorKind::ValueTooLarge)
    /// and ends the stream.
    pub fn max_stream_value_size(mut self, bytes: usize) -> Self {
        self.limits.max_stream_value_size = bytes;
        self
    }

    /// Sets how long a streamed body (`into_stream()` of
    /// `application/stream+json` operations, `send_byte_stream`) may go
    /// without receiving a byte before it fails with [`Error::Body`](crate::Error::Body) of kind
    /// [`BodyErrorKind::Stalled`](crate::BodyErrorKind::Stalled) (default [`DEFAULT_STREAM_IDLE_TIMEOUT`](crate::DEFAULT_STREAM_IDLE_TIMEOUT), 5
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

    /// Turns client error correction off (`true`) or on (`false`, the
    /// default). With it on, a 2xx JSON body (or a value of a stream) that
    /// lacks fields its type requires still decodes: each missing field gets
    /// a zero value, also inside an alternative of a union, and is recorded
    /// in [`Response::corrections`](crate::Response::corrections) (for
    /// streams [`JsonLines::corrections`](crate::JsonLines::corrections))
    /// and logged as a `tracing` warning naming the operation and the paths.
    /// With strict decoding, such a body is [`Error::Decode`](crate::Error::Decode) with the path
    /// and the raw body, as any other body that does not decode, and a union
    /// value that fits no alternative as it is stays `Unknown`.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.limits.strict_decoding = strict;
        self
    }
}
