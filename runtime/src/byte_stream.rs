//! Response bodies as a stream of bytes, for downloads: not held whole, so
//! not bounded by the body size limit.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::Stream;
use http::header::HeaderMap;
use http::StatusCode;

use crate::client::Client;
use crate::error::Error;
use crate::error::{BodyError, BodyErrorKind};
use crate::idle::{ChunkError, IdleChunks};
use crate::request::Request;
use crate::response::Response;
use crate::transport::Streamed;
use crate::transport_error::TransportError;

/// The body of a 2xx response as it arrives, chunk by chunk (returned by
/// [`Client::send_byte_stream`] and the generated `send_byte_stream()`
/// methods of operations whose success body is binary or untyped).
///
/// Nothing is buffered beyond the chunk being handed out, and the client's
/// [`max_body_size`](crate::ClientBuilder::max_body_size) does not apply:
/// count the bytes yourself if you need a bound. A chunk that does not
/// arrive within the client's
/// [`stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout), or
/// a connection that fails mid-body, yields [`Error::Body`] and ends the
/// stream.
pub struct ByteStream {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    chunks: IdleChunks,
    done: bool,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let kind = match Pin::new(&mut this.chunks).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => {
                this.done = true;
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Ok(chunk))) => return Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(Some(Err(ChunkError::Transport(e)))) => BodyErrorKind::Interrupted(TransportError::new(e)),
            Poll::Ready(Some(Err(ChunkError::Stalled(idle)))) => BodyErrorKind::Stalled { idle },
        };
        this.done = true;
        let error = BodyError::boxed(this.operation, this.status, this.headers.clone(), Bytes::new(), kind);
        Poll::Ready(Some(Err(error)))
    }
}

impl Client {
    /// Sends the request (with retries, as [`send`](Self::send)) and, once a
    /// 2xx answer's headers arrive, returns them with the body as a
    /// [`ByteStream`]. The request timeout covers only the wait for the
    /// headers; the stream's idle timeout covers the body.
    pub async fn send_byte_stream(&self, req: Request) -> Result<Response<ByteStream>, Error> {
        let operation = req.operation.id;
        let response = self.start::<Streamed>(req, None).await?;
        let (status, headers) = (response.status(), response.headers().clone());
        let chunks = IdleChunks::new(response, self.inner.limits.stream_idle_timeout);
        let stream = ByteStream { operation, status, headers: headers.clone(), chunks, done: false };
        Ok(Response::new(status, headers, stream))
    }
}
