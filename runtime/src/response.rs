//! A successful response kept whole: status, headers and the decoded body.

use http::header::HeaderMap;
use http::StatusCode;

use vercel_runtime_core::correction::Correction;

/// Header holding the request quota of the current window.
const LIMIT: &str = "x-ratelimit-limit";
/// Header holding the requests left in the current window.
const REMAINING: &str = "x-ratelimit-remaining";
/// Header holding when the window resets, in seconds since the Unix epoch.
const RESET: &str = "x-ratelimit-reset";
/// Header holding Vercel's id of the request.
const REQUEST_ID: &str = "x-vercel-id";

/// A successful (2xx) response: status and headers together with the decoded body.
///
/// Returned by the `send_with_response()` method of every generated request
/// (where `send()` returns only the body).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// Response status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// Required fields the body lacked, filled with zero values.
    pub(crate) corrections: Vec<Correction>,
}

impl<T> Response<T> {
    /// Assembles a response (mostly useful in tests of code that consumes one).
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Response<T> {
        Response { status, headers, body, corrections: Vec::new() }
    }

    /// The rate-limit headers of the response, if it has any (see [`RateLimit`]).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The Vercel request id from the `x-vercel-id` header.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The required fields the body lacked, each filled with a zero value
    /// and named by its JSON path (client error correction; empty when the
    /// body matched its type, and always with
    /// [`strict_decoding`](crate::ClientBuilder::strict_decoding)). Fills
    /// inside a union alternative have the full path (`source.branch`); for
    /// a stream body read whole, paths start with the value's index (`[2].id`).
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }

    /// The response with these corrections recorded.
    pub(crate) fn with_corrections(mut self, corrections: Vec<Correction>) -> Self {
        self.corrections = corrections;
        self
    }

    /// Drops status and headers, keeping the body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body), corrections: self.corrections }
    }
}

/// The Vercel request id from the `x-vercel-id` header.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get(REQUEST_ID)?.to_str().ok()
}

/// Vercel's rate-limit headers: `X-RateLimit-Limit`, `X-RateLimit-Remaining`
/// and `X-RateLimit-Reset`. Each field is `None` when its header is absent or
/// not a non-negative integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the three headers; `None` when none of them is present and valid.
    pub fn from_headers(headers: &HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let found = RateLimit { limit: number(LIMIT), remaining: number(REMAINING), reset: number(RESET) };
        (found.limit.is_some() || found.remaining.is_some() || found.reset.is_some()).then_some(found)
    }

    /// When the window resets, as a point in time.
    pub fn reset_at(&self) -> Option<std::time::SystemTime> {
        self.reset.map(|secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn rate_limit_reads_the_three_headers() {
        let r = Response::new(
            StatusCode::OK,
            headers(&[
                ("X-RateLimit-Limit", "100"),
                ("x-ratelimit-remaining", "7"),
                ("X-RateLimit-Reset", "1700000060"),
            ]),
            (),
        );
        let rl = r.rate_limit().unwrap();
        assert_eq!(rl, RateLimit { limit: Some(100), remaining: Some(7), reset: Some(1_700_000_060) });
        assert_eq!(rl.reset_at(), Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_060)));
    }

    #[test]
    fn rate_limit_absent_or_partial() {
        assert_eq!(RateLimit::from_headers(&headers(&[])), None);
        assert_eq!(RateLimit::from_headers(&headers(&[("x-ratelimit-limit", "many")])), None);
        let partial = RateLimit::from_headers(&headers(&[("x-ratelimit-remaining", " 0 ")])).unwrap();
        assert_eq!(partial, RateLimit { limit: None, remaining: Some(0), reset: None });
    }

    #[test]
    fn map_and_request_id() {
        let r = Response::new(StatusCode::CREATED, headers(&[("x-vercel-id", "fra1::x")]), 2);
        assert_eq!(r.request_id(), Some("fra1::x"));
        let r = r.map(|n| n * 10);
        assert_eq!((r.status, r.body), (StatusCode::CREATED, 20));
        assert_eq!(r.into_body(), 20);
    }
}
