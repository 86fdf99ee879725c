//! Walking the pages of a list operation as one stream of items.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::Client;
use crate::error::Error;
use crate::request::Request;
use crate::stream::ItemStream;

/// Every item of every page of a list operation, as one stream. Called by the
/// generated `into_stream()` methods of paginated operations.
///
/// The first page is the request as built; `split` takes a decoded page `P`
/// apart into its items and the cursor of the next page (Vercel's
/// `pagination.next`). The next request is the same one with the query
/// parameter `cursor_param` set to that cursor (replacing any value the
/// caller set), sent only when the items of the previous page are used up.
/// The stream ends when the cursor is `None`, or when it repeats the one just
/// used (a server that does not advance would otherwise loop forever).
///
/// An error (a failed request, after the client's retries, or an `Err` in
/// `parts` such as a missing required field) is yielded once and ends the
/// stream.
pub fn paginate<P, T, C, F>(
    parts: Result<(Client, Request), Error>,
    cursor_param: &'static str,
    split: F,
) -> ItemStream<T>
where
    P: DeserializeOwned + Send + 'static,
    T: Send + 'static,
    C: Serialize + PartialEq + Send + 'static,
    F: Fn(P) -> (Vec<T>, Option<C>) + Send + 'static,
{
    struct Walk<T, C, F> {
        client: Client,
        request: Request,
        cursor_param: &'static str,
        split: F,
        items: VecDeque<T>,
        /// The cursor the next page is fetched with; `None` before the first page.
        cursor: Option<C>,
        /// No page left to fetch.
        last: bool,
    }

    let walk = match parts {
        Ok((client, request)) => {
            Ok(Walk { client, request, cursor_param, split, items: VecDeque::new(), cursor: None, last: false })
        }
        Err(e) => Err(Some(e)),
    };
    futures_util::stream::unfold(walk, |walk| async move {
        let mut walk = match walk {
            Ok(walk) => walk,
            Err(error) => return error.map(|e| (Err(e), Err(None))),
        };
        loop {
            if let Some(item) = walk.items.pop_front() {
                return Some((Ok(item), Ok(walk)));
            }
            if walk.last {
                return None;
            }
            let mut request = walk.request.clone();
            if let Some(cursor) = &walk.cursor {
                request.set_query(walk.cursor_param, cursor);
            }
            let page: P = match walk.client.send(request).await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), Err(None))),
            };
            let (items, next) = (walk.split)(page);
            walk.items = items.into();
            walk.last = match (&next, &walk.cursor) {
                (None, _) => true,
                (Some(next), Some(previous)) => next == previous,
                (Some(_), None) => false,
            };
            walk.cursor = next;
        }
    })
    .boxed()
}

/// What a generated `into_stream()` returns: every item of every page, as a
/// [`Stream`] of `Result<T, Error>` (see [`paginate`] for how pages are
/// walked). `P` is the operation's page (its `Response`), `T` the item, `C`
/// the cursor (a string, or the number the API pages by).
///
/// It is `Unpin` and `Send`: use it with [`StreamExt`](crate::StreamExt)
/// (`next`, `try_next`, `take`, ...) as it is, or `.boxed()` it into an
/// [`ItemStream<T>`] to store it without naming the page type.
///
/// The walk is built when the stream is first polled, not when the method is
/// called: the code that decodes pages is then compiled into the crate that
/// uses the stream, not into every generated crate (a boxed stream made
/// there compiled each page type's whole decoding into the client's build).
#[must_use = "a stream does nothing unless polled"]
pub struct Pages<P, T, C> {
    state: PagesState<P, T, C>,
}

// `Start` holds the request (about 270 bytes) once, until the first poll
// replaces it by the boxed walk; boxing it would only add an allocation.
#[allow(clippy::large_enum_variant)]
enum PagesState<P, T, C> {
    Start { parts: Result<(Client, Request), Error>, cursor_param: &'static str, split: fn(P) -> (Vec<T>, Option<C>) },
    Walking(ItemStream<T>),
    Done,
}

impl<P, T, C> Pages<P, T, C> {
    /// The pages of the request in `parts`, the next page's cursor sent as
    /// the query parameter `cursor_param`, each page taken apart by `split`
    /// into its items and the next cursor. Called by the generated code.
    pub fn new(
        parts: Result<(Client, Request), Error>,
        cursor_param: &'static str,
        split: fn(P) -> (Vec<T>, Option<C>),
    ) -> Pages<P, T, C> {
        Pages { state: PagesState::Start { parts, cursor_param, split } }
    }
}

impl<P, T, C> Stream for Pages<P, T, C>
where
    P: DeserializeOwned + Send + 'static,
    T: Send + 'static,
    C: Serialize + PartialEq + Send + 'static,
{
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if matches!(this.state, PagesState::Start { .. }) {
            if let PagesState::Start { parts, cursor_param, split } =
                std::mem::replace(&mut this.state, PagesState::Done)
            {
                this.state = PagesState::Walking(paginate(parts, cursor_param, split));
            }
        }
        match &mut this.state {
            PagesState::Walking(walk) => walk.poll_next_unpin(cx),
            _ => Poll::Ready(None),
        }
    }
}

impl<P, T, C> fmt::Debug for Pages<P, T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            PagesState::Start { .. } => "not started",
            PagesState::Walking(_) => "walking",
            PagesState::Done => "done",
        };
        f.debug_struct("Pages").field("state", &state).finish()
    }
}
