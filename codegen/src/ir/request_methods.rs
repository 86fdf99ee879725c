//! Which of the optional methods an operation's request builder has (beside
//! `send()`, `send_with_response()` and `options()`, which every builder has;
//! `into_stream()` follows [`Operation::pagination`] and
//! [`Operation::events`], `wait()` [`Operation::waiter`]). Decided here;
//! `emit::operations` and `emit::byte_stream` print them.

use super::{Method, Operation, Response, Ty};

impl Operation {
    /// `send_byte_stream()`: the success body is bytes, or JSON without a
    /// schema (whose shape the client cannot know anyway), so it is worth
    /// streaming raw (downloads).
    pub fn streams_bytes(&self) -> bool {
        matches!(&self.response, Response::Bytes | Response::Json(Ty::Value))
    }

    /// `exists()`: a `HEAD` operation says whether the resource is there, a
    /// 404 meaning no.
    pub fn has_exists(&self) -> bool {
        self.method == Method::Head
    }
}
