//! `application/stream+json` bodies decoded value by value as they arrive.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use http::header::HeaderMap;
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::correction::{decode_corrected_value, report};
use crate::error::{BodyError, BodyErrorKind};
use crate::error::{DecodeError, Error};
use crate::idle::{ChunkError, IdleChunks};
use crate::json_stream::{split_all, SplitError, ValueSplitter};
use crate::request::Request;
use crate::response::Response;
use crate::transport::{Streamed, Success};
use crate::transport_error::TransportError;
use vercel_runtime_core::correction::Correction;

/// A boxed stream of items: what the `into_stream()` methods of event streams
/// return, and what a list's [`Pages`](crate::Pages) becomes with `.boxed()`.
///
/// Consume it with `futures::StreamExt` (re-exported here as
/// [`StreamExt`](crate::StreamExt)): `while let Some(item) = stream.next().await`.
/// Each item is a `Result`; after an `Err` the stream ends.
pub type ItemStream<T> = BoxStream<'static, Result<T, Error>>;

/// The values of an `application/stream+json` body, each decoded into `T`
/// as soon as it is complete (the body is never held whole).
///
/// Accepts any sequence of JSON values separated by optional whitespace:
/// NDJSON, pretty-printed values over several lines, no separator at all
/// (`}{`), CRLF, blank lines, a value split over any number of chunks. At
/// most one value plus one received chunk is buffered.
///
/// A value that does not decode yields [`Error::Decode`] whose `body` is
/// that value (for text that is not JSON, the rest of its line) and whose
/// `path` starts with its index (from 0), e.g. `[2].payload.id`. A value
/// over the client's
/// [`max_stream_value_size`](crate::ClientBuilder::max_stream_value_size),
/// no byte for its
/// [`stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout), or a
/// failure to read the body yields [`Error::Body`]. Any error ends the stream.
///
/// A value that lacks required fields is corrected as a whole body is
/// (unless the client decodes strictly): the fills of the value last
/// yielded are in [`corrections`](Self::corrections), with paths that start
/// with the value's index (`[2].source.ref`), and each is logged as a
/// `tracing` warning naming the operation and the paths.
pub struct JsonLines<T> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    chunks: IdleChunks,
    /// Bytes received and not yet returned as a value.
    values: ValueSplitter,
    /// Index of the next value.
    index: usize,
    /// Whether values are decoded without correction (`ClientBuilder::strict_decoding`).
    strict: bool,
    /// The corrections of the value last decoded (only that one, so that a
    /// long stream does not accumulate them).
    corrections: Vec<Correction>,
    done: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("index", &self.index)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    fn new(client: &Client, operation: &'static str, response: reqwest::Response) -> JsonLines<T> {
        let limits = client.inner.limits;
        JsonLines {
            operation,
            status: response.status(),
            headers: response.headers().clone(),
            chunks: IdleChunks::new(response, limits.stream_idle_timeout),
            values: ValueSplitter::new(limits.max_stream_value_size),
            index: 0,
            strict: limits.strict_decoding,
            corrections: Vec::new(),
            done: false,
            item: PhantomData,
        }
    }

    /// Decodes one value, correcting it unless the client decodes strictly.
    fn decode_value(&mut self, value: Bytes) -> Result<T, Error> {
        let index = self.index;
        self.index += 1;
        let result = decode_corrected_value(&value, &format!("[{index}]"), self.strict).map_err(|(path, message)| {
            DecodeError::boxed(self.operation, self.status, &self.headers, &value, path, message)
        });
        self.done |= result.is_err();
        let (decoded, corrections) = result?;
        report(self.operation, &corrections);
        self.corrections = corrections;
        Ok(decoded)
    }

    /// Ends the stream with [`Error::Body`].
    fn fail(&mut self, kind: BodyErrorKind) -> Poll<Option<Result<T, Error>>> {
        self.done = true;
        let error = BodyError::boxed(self.operation, self.status, self.headers.clone(), Bytes::new(), kind);
        Poll::Ready(Some(Err(error)))
    }
}

impl<T> JsonLines<T> {
    /// The required fields the value last yielded lacked, each filled with
    /// a zero value and named by its JSON path after the value's index
    /// (`[2].createdAt`); empty when it matched its type, and always with
    /// [`strict_decoding`](crate::ClientBuilder::strict_decoding).
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }
}

impl<T: DeserializeOwned> Stream for JsonLines<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match this.values.next_value() {
                Ok(Some(value)) => return Poll::Ready(Some(this.decode_value(value))),
                Ok(None) => {}
                Err(SplitError::TooLarge { limit }) => return this.fail(BodyErrorKind::ValueTooLarge { limit }),
            }
            match Pin::new(&mut this.chunks).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.values.push(&chunk),
                // (The request timeout does not cover a streamed body, so this is never a timeout.)
                Poll::Ready(Some(Err(ChunkError::Transport(e)))) => {
                    return this.fail(BodyErrorKind::Interrupted(TransportError::new(e)))
                }
                Poll::Ready(Some(Err(ChunkError::Stalled(idle)))) => return this.fail(BodyErrorKind::Stalled { idle }),
                Poll::Ready(None) => {
                    // The last value may lack its newline, or be cut short (then it fails to decode).
                    this.done = true;
                    return match this.values.finish() {
                        Ok(Some(value)) => Poll::Ready(Some(this.decode_value(value))),
                        Ok(None) => Poll::Ready(None),
                        Err(SplitError::TooLarge { limit }) => this.fail(BodyErrorKind::ValueTooLarge { limit }),
                    };
                }
            }
        }
    }
}

impl Success {
    /// Decodes a whole `application/stream+json` body (read within the
    /// client's body size limit) as a sequence of values, each corrected
    /// unless the client decodes strictly; returns the corrections of all,
    /// after logging them.
    pub(crate) fn decode_values<T: DeserializeOwned>(&self) -> Result<(Vec<T>, Vec<Correction>), Error> {
        let values = split_all(&self.body, usize::MAX).unwrap_or_default();
        let mut decoded = Vec::with_capacity(values.len());
        let mut corrections = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let (item, fills) =
                decode_corrected_value(value, &format!("[{index}]"), self.strict).map_err(|(path, message)| {
                    DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
                })?;
            decoded.push(item);
            corrections.extend(fills);
        }
        report(self.operation, &corrections);
        Ok((decoded, corrections))
    }
}

impl Client {
    /// Sends the request (with retries, as [`send`](Self::send)) and, once a
    /// 2xx answer's headers arrive, returns them with the body as a stream of
    /// values decoded into `T` (see [`JsonLines`]).
    pub async fn send_json_lines_stream<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<Response<JsonLines<T>>, Error> {
        let operation = req.operation.id;
        let response = self.start::<Streamed>(req, Some("application/stream+json")).await?;
        let (status, headers) = (response.status(), response.headers().clone());
        Ok(Response::new(status, headers, JsonLines::new(self, operation, response)))
    }
}

/// [`json_lines`] for an operation whose lines come as `media_type`
/// (`application/x-ndjson`, ...): the request asks for that media type.
/// Called by the generated `into_stream()` methods of such operations.
pub fn json_lines_as<T: DeserializeOwned + Send + 'static>(
    parts: Result<(Client, Request), Error>,
    media_type: &'static str,
) -> ItemStream<T> {
    json_lines(parts.map(|(client, mut request)| {
        request.accept(media_type);
        (client, request)
    }))
}

/// The events of an `application/stream+json` operation as one stream: sends
/// the request when first polled, then yields each value decoded into `T`.
/// An `Err` in `parts` (e.g. a missing required field) is the only item.
/// Called by the generated `into_stream()` methods.
pub fn json_lines<T: DeserializeOwned + Send + 'static>(parts: Result<(Client, Request), Error>) -> ItemStream<T> {
    enum State<T> {
        Start(Result<(Client, Request), Error>),
        Lines(JsonLines<T>),
        Done,
    }
    futures_util::stream::unfold(State::Start(parts), |state| async move {
        let mut lines = match state {
            State::Done => return None,
            State::Lines(lines) => lines,
            State::Start(Err(e)) => return Some((Err(e), State::Done)),
            State::Start(Ok((client, req))) => match client.send_json_lines_stream::<T>(req).await {
                Ok(response) => response.body,
                Err(e) => return Some((Err(e), State::Done)),
            },
        };
        let item = lines.next().await?;
        Some((item, State::Lines(lines)))
    })
    .boxed()
}
