//! `application/stream+json` bodies decoded line by line as they arrive.

use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_util::stream::{BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::request::Request;
use crate::response::Response;
use crate::transport::Streamed;

/// A stream of items (the pages of a list, the events of a log stream),
/// returned by the `into_stream()` methods of generated requests.
///
/// Consume it with `futures::StreamExt` (re-exported here as
/// [`StreamExt`](crate::StreamExt)): `while let Some(item) = stream.next().await`.
/// Each item is a `Result`; after an `Err` the stream ends.
pub type ItemStream<T> = BoxStream<'static, Result<T, Error>>;

/// The lines of an `application/stream+json` body, each decoded into `T` as
/// soon as it is complete (the body is never held whole).
///
/// Empty lines are skipped; a line that does not decode yields
/// [`Error::Decode`] whose `body` is that line and whose `path` starts with
/// its index (from 0, empty lines counted), e.g. `[2].payload.id`; a failure
/// to read the body yields [`Error::Transport`] (or [`Error::Timeout`]).
/// Either ends the stream.
pub struct JsonLines<T> {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    chunks: BoxStream<'static, reqwest::Result<Bytes>>,
    client: Client,
    /// Bytes received and not yet returned as a line.
    buffer: BytesMut,
    /// How much of `buffer` is known to hold no newline.
    scanned: usize,
    /// Index of the next line.
    line: usize,
    done: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("line", &self.line)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    fn new(client: Client, operation: &'static str, response: reqwest::Response) -> JsonLines<T> {
        JsonLines {
            operation,
            status: response.status(),
            headers: response.headers().clone(),
            chunks: response.bytes_stream().boxed(),
            client,
            buffer: BytesMut::new(),
            scanned: 0,
            line: 0,
            done: false,
            item: PhantomData,
        }
    }

    /// Decodes one line; `None` for a blank one.
    fn decode_line(&mut self, line: Bytes) -> Option<Result<T, Error>> {
        let index = self.line;
        self.line += 1;
        if line.trim_ascii().is_empty() {
            return None;
        }
        let result = crate::decode::decode(&line, &format!("[{index}]")).map_err(|(path, message)| {
            Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                headers: self.headers.clone(),
                body: line,
                path,
                message,
            }))
        });
        self.done |= result.is_err();
        Some(result)
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
            if let Some(offset) = this.buffer[this.scanned..].iter().position(|&b| b == b'\n') {
                let mut line = this.buffer.split_to(this.scanned + offset + 1);
                line.truncate(line.len() - 1);
                this.scanned = 0;
                match this.decode_line(line.freeze()) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            this.scanned = this.buffer.len();
            match this.chunks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.buffer.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(this.client.transport_error(this.operation, e))));
                }
                Poll::Ready(None) => {
                    // The last line may lack its newline.
                    let rest = std::mem::take(&mut this.buffer).freeze();
                    let item = this.decode_line(rest);
                    this.done = true;
                    if let Some(item) = item {
                        return Poll::Ready(Some(item));
                    }
                }
            }
        }
    }
}

impl Client {
    /// Sends the request (with retries, as [`send`](Self::send)) and, once a
    /// 2xx answer's headers arrive, returns them with the body as a stream of
    /// lines decoded into `T` (see [`JsonLines`]).
    pub async fn send_json_lines_stream<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<Response<JsonLines<T>>, Error> {
        let operation = req.operation.id;
        let response = self.start::<Streamed>(req, Some("application/stream+json")).await?;
        let (status, headers) = (response.status(), response.headers().clone());
        Ok(Response::new(status, headers, JsonLines::new(self.clone(), operation, response)))
    }
}

/// The events of an `application/stream+json` operation as one stream: sends
/// the request when first polled, then yields each line decoded into `T`.
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
