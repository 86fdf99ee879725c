//! Stalled-stream protection: the chunks of a streamed body, failing when
//! none arrives for the configured idle time.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use tokio::time::{Instant, Sleep};

/// What a chunk read of an [`IdleChunks`] can fail with.
#[derive(Debug)]
pub(crate) enum ChunkError {
    /// The transport failed.
    Transport(reqwest::Error),
    /// No byte arrived for this long.
    Stalled(Duration),
}

/// The body chunks of a streamed response; an item is
/// [`ChunkError::Stalled`] when nothing arrives for `idle` (if set).
pub(crate) struct IdleChunks {
    chunks: BoxStream<'static, reqwest::Result<Bytes>>,
    idle: Option<Duration>,
    /// The idle timer, created on the first wait.
    timer: Option<Pin<Box<Sleep>>>,
    /// Whether the timer runs for the current wait: it starts when the
    /// transport first has nothing, not when the last chunk was handed out,
    /// so a slow consumer never looks like a stalled server.
    waiting: bool,
}

impl IdleChunks {
    /// The chunks of `response`, bounded by `idle`.
    pub(crate) fn new(response: reqwest::Response, idle: Option<Duration>) -> IdleChunks {
        IdleChunks { chunks: response.bytes_stream().boxed(), idle, timer: None, waiting: false }
    }
}

impl Stream for IdleChunks {
    type Item = Result<Bytes, ChunkError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match this.chunks.as_mut().poll_next(cx) {
            Poll::Ready(item) => {
                this.waiting = false;
                Poll::Ready(item.map(|r| r.map_err(ChunkError::Transport)))
            }
            Poll::Pending => {
                let Some(idle) = this.idle else { return Poll::Pending };
                let timer = this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                if !this.waiting {
                    this.waiting = true;
                    timer.as_mut().reset(Instant::now() + idle);
                }
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.waiting = false;
                        Poll::Ready(Some(Err(ChunkError::Stalled(idle))))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}
