//! Walking the pages of a list operation as one stream of items.

use std::collections::VecDeque;

use futures_util::stream::StreamExt;
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
