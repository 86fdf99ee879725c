//! Operations whose success response is either one JSON document or a
//! sequence of JSON lines (`application/x-ndjson`, ...), as the server
//! chooses: the answer's `Content-Type` says which it sent.

use std::future::Future;

use futures_util::FutureExt;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::request::Request;
use crate::response::Response;
use crate::transport::Success;

/// The success body of an operation that answers either with one JSON
/// document (`J`) or with JSON lines (each an `L`), decoded by the answer's
/// `Content-Type` (returned by the generated `send()` of such operations;
/// their `into_stream()` asks for the lines and yields them one by one).
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOrLines<J, L> {
    /// The server answered with one JSON document.
    Json(J),
    /// The server answered with JSON lines, here all of them (read whole,
    /// within the client's body size limit).
    Lines(Vec<L>),
}

/// Whether the `Content-Type` of `headers` is `lines_media_type` (compared
/// without parameters and case).
fn answers_lines(headers: &HeaderMap, lines_media_type: &str) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(lines_media_type)
}

impl Success {
    /// The body as JSON lines when the answer's `Content-Type` is
    /// `lines_media_type`, as one JSON document otherwise.
    fn decode_json_or_lines<J: DeserializeOwned, L: DeserializeOwned>(
        &self,
        lines_media_type: &str,
    ) -> Result<(JsonOrLines<J, L>, Vec<vercel_runtime_core::correction::Correction>), Error> {
        if answers_lines(&self.headers, lines_media_type) {
            let (lines, corrections) = self.decode_values()?;
            Ok((JsonOrLines::Lines(lines), corrections))
        } else {
            let (json, corrections) = self.decode_body_corrected()?;
            Ok((JsonOrLines::Json(json), corrections))
        }
    }
}

impl Client {
    /// Sends the request and decodes a 2xx body as one JSON document `J`,
    /// or, when the answer's `Content-Type` is `lines_media_type`, as a
    /// sequence of JSON values `L` (see [`send_json_lines`](Self::send_json_lines)).
    /// The request's own `Accept` (the generated code offers both) is sent;
    /// without one, `application/json`.
    pub fn send_json_or_lines<J: DeserializeOwned, L: DeserializeOwned>(
        &self,
        req: Request,
        lines_media_type: &'static str,
    ) -> impl Future<Output = Result<JsonOrLines<J, L>, Error>> + Send + '_ {
        self.send_json_or_lines_with_response(req, lines_media_type).map(|response| response.map(Response::into_body))
    }

    /// Like [`send_json_or_lines`](Self::send_json_or_lines), and keeps the status and headers.
    pub fn send_json_or_lines_with_response<J: DeserializeOwned, L: DeserializeOwned>(
        &self,
        req: Request,
        lines_media_type: &'static str,
    ) -> impl Future<Output = Result<Response<JsonOrLines<J, L>>, Error>> + Send + '_ {
        self.execute(req, Some("application/json")).map(move |ok| {
            let ok = ok?;
            let (body, corrections) = ok.decode_json_or_lines(lines_media_type)?;
            Ok(ok.into_response(body).with_corrections(corrections))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn the_content_type_essence_decides() {
        let with = |ct: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
            h
        };
        assert!(answers_lines(&with("application/x-ndjson"), "application/x-ndjson"));
        assert!(answers_lines(&with("Application/X-NDJSON; charset=utf-8"), "application/x-ndjson"));
        assert!(!answers_lines(&with("application/json"), "application/x-ndjson"));
        assert!(!answers_lines(&HeaderMap::new(), "application/x-ndjson"));
    }
}
