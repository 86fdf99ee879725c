//! Assembly of one HTTP request by generated code.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use crate::intercept::BoxError;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::render::{self, RenderError};

/// Everything except the RFC 3986 unreserved characters `A-Za-z0-9-._~`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Renders one path parameter value and percent-encodes it as a path segment.
///
/// Scalars are rendered like query values (strings as is, booleans as
/// `true`/`false`, numbers in decimal with `20.0` written as `20`); then every
/// byte other than `A-Za-z0-9-._~` is percent-encoded, so `/` cannot escape
/// the segment.
///
/// The function is infallible because generated code calls it while building
/// the path: a null renders as the empty string, an array as its elements
/// joined with `,`, and an object (or a value that cannot be serialized) as
/// its compact JSON text (or the empty string).
///
/// ```
/// assert_eq!(vercel_runtime::path_segment("a/b c"), "a%2Fb%20c");
/// assert_eq!(vercel_runtime::path_segment(&20.0), "20");
/// ```
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    let text = match render::to_value(value) {
        Ok(Value::Object(map)) => Value::Object(map).to_string(),
        Ok(v) => render::elements(&v).map(|parts| parts.join(",")).unwrap_or_else(|_| v.to_string()),
        Err(_) => String::new(),
    };
    utf8_percent_encode(&text, PATH_SEGMENT).to_string()
}

/// The chunks of a streamed request body (see [`Request::stream`]): the
/// bytes, or the error that ends the upload.
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// A request body with its content type.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub(crate) payload: Payload,
    pub(crate) content_type: &'static str,
}

/// What a body is sent from.
#[derive(Clone)]
pub(crate) enum Payload {
    /// Bytes in memory.
    Bytes(Bytes),
    /// A stream of `length` bytes, opened anew for every attempt.
    Stream { length: u64, open: Arc<dyn Fn() -> BodyStream + Send + Sync> },
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Payload::Bytes(bytes) => f.debug_tuple("Bytes").field(&bytes.len()).finish(),
            Payload::Stream { length, .. } => f.debug_struct("Stream").field("length", length).finish_non_exhaustive(),
        }
    }
}

/// One HTTP request being assembled by generated code.
///
/// The setters are infallible: the first encoding problem is stored and
/// returned as [`Error::Encode`](crate::Error::Encode) by the `send*` methods
/// of [`Client`](crate::Client), before any I/O.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Body>,
    pub(crate) error: Option<String>,
    /// Boxed: most requests have none, and the request is moved on every call.
    pub(crate) options: Option<Box<RequestOptions>>,
    /// Sent without `Authorization` (the OAuth code exchange, authenticated by its body).
    pub(crate) anonymous: bool,
}

impl Request {
    /// Starts a request for `operation`. `path` is already rendered: path
    /// parameters substituted and percent-encoded (see [`path_segment`]).
    pub fn new(operation: &'static Operation, path: String) -> Request {
        Request {
            operation,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            options: None,
            anonymous: false,
        }
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The rendered path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query pairs added so far, in order (team scoping is added only when sending).
    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// The headers added so far.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first encoding problem recorded by a setter, if any.
    pub fn encode_error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Adds a query parameter.
    ///
    /// `value` is converted to a JSON value: null (e.g. `None`) adds nothing;
    /// a string is used as is; a boolean becomes `true`/`false`; a number its
    /// decimal text (`20.0` becomes `20`); an array adds one pair per
    /// non-null element under the repeated key. Objects and nested arrays are
    /// recorded as an encoding error.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match render_elements(value) {
            Ok(values) => self.query.extend(values.into_iter().map(|v| (name, v))),
            Err(e) => self.fail(e.describe(&format!("query parameter {name}"))),
        }
    }

    /// Replaces every pair named `name` by the pairs of `value`, rendered as
    /// by [`query`](Self::query) (the paginator sets the cursor this way).
    pub fn set_query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.query.retain(|(k, _)| *k != name);
        self.query(name, value);
    }

    /// Adds a query parameter whose array elements are joined by `,` into one
    /// pair (OpenAPI `style: form, explode: false`); otherwise like [`query`](Self::query).
    pub fn query_joined<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        match render_elements(value) {
            Ok(values) if values.is_empty() => {}
            Ok(values) => self.query.push((name, values.join(","))),
            Err(e) => self.fail(e.describe(&format!("query parameter {name}"))),
        }
    }

    /// Adds (or replaces) a header. Values render like [`query`](Self::query)
    /// values, with array elements joined by `,`; null adds nothing.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let what = || format!("header {name}");
        let parts = match render_elements(value) {
            Ok(parts) if parts.is_empty() => return,
            Ok(parts) => parts,
            Err(e) => return self.fail(e.describe(&what())),
        };
        let header_name = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(n) => n,
            Err(_) => return self.fail(format!("{}: invalid header name", what())),
        };
        match HeaderValue::from_str(&parts.join(",")) {
            Ok(v) => {
                self.headers.insert(header_name, v);
            }
            Err(_) => self.fail(format!("{}: value contains characters not allowed in a header", what())),
        }
    }

    /// Sets the `Accept` header to `media_type` (replacing any), for
    /// operations that answer in a media type other than the client's
    /// default for the call (e.g. `application/x-ndjson`).
    pub fn accept(&mut self, media_type: &'static str) {
        self.headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(media_type));
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes(bytes, "application/json"),
            Err(e) => self.fail(format!("request body: {e}")),
        }
    }

    /// Sets a raw body with the given content type.
    pub fn bytes(&mut self, body: impl Into<Bytes>, content_type: &'static str) {
        self.body = Some(Body { payload: Payload::Bytes(body.into()), content_type });
    }

    /// Sets a body of `length` bytes streamed from `open` (e.g. a file read
    /// in chunks, never held in memory whole), with the given content type
    /// and `Content-Length: length`.
    ///
    /// `open` is called once per attempt, so a retried request sends the
    /// body again from its start. A stream that yields an error aborts the
    /// attempt (the error is [`Error::Transport`](crate::Error::Transport),
    /// whose source chain holds it); a stream that ends before or after
    /// `length` bytes fails the attempt too. The `test-util` mock records
    /// no body for a streamed request.
    pub fn stream(
        &mut self,
        length: u64,
        content_type: &'static str,
        open: impl Fn() -> BodyStream + Send + Sync + 'static,
    ) {
        self.body = Some(Body { payload: Payload::Stream { length, open: Arc::new(open) }, content_type });
    }

    /// Sends this request without `Authorization`: for an operation the API
    /// serves without authentication (its spec says `security: []`, e.g. the
    /// SSO code exchange; generated code calls this), or one authenticated by
    /// its body. The client's token (or token source) is not asked for, and a
    /// 401 or 403 answer does not refresh it.
    pub fn set_anonymous(&mut self) {
        self.anonymous = true;
    }

    /// Whether the request is sent without `Authorization` (see [`set_anonymous`](Self::set_anonymous)).
    pub fn is_anonymous(&self) -> bool {
        self.anonymous
    }

    /// Sets (or with `None` clears) the per-call options, which win over the
    /// client's settings (generated builders call it from their `.options(..)`).
    /// A JSON body of the options ([`RequestOptions::json_body`]) replaces the request's body.
    pub fn set_options(&mut self, options: Option<RequestOptions>) {
        if let Some(body) = options.as_ref().and_then(|o| o.json_body.clone()) {
            self.bytes(body, "application/json");
        }
        self.options = options.map(Box::new);
    }

    /// The per-call options, if any.
    pub fn options(&self) -> Option<&RequestOptions> {
        self.options.as_deref()
    }

    /// Records `message` unless an earlier problem was already recorded.
    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }
}

/// The rendered elements of a query or header value (objects are not supported).
fn render_elements<T: Serialize + ?Sized>(value: &T) -> Result<Vec<String>, RenderError> {
    render::to_value(value).and_then(|v| match v {
        Value::Object(_) => Err(RenderError::Object),
        v => render::elements(&v),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use serde_json::json;

    static OP: Operation = Operation {
        id: "testOp",
        method: Method::GET,
        path: "/v1/test",
        team_id_query: false,
        slug_query: false,
        scopes: &[],
    };

    fn req() -> Request {
        Request::new(&OP, "/v1/test".to_owned())
    }

    fn pairs(r: &Request) -> Vec<(&str, &str)> {
        r.query_pairs().iter().map(|(k, v)| (*k, v.as_str())).collect()
    }

    #[test]
    fn query_renders_scalars_and_skips_none() {
        let mut r = req();
        r.query("limit", &20.0f64);
        r.query("since", &1_700_000_000_000u64);
        r.query("ratio", &0.5);
        r.query("prod", &true);
        r.query("name", "my app");
        r.query("absent", &None::<String>);
        r.query("present", &Some("x"));
        assert_eq!(
            pairs(&r),
            [
                ("limit", "20"),
                ("since", "1700000000000"),
                ("ratio", "0.5"),
                ("prod", "true"),
                ("name", "my app"),
                ("present", "x"),
            ]
        );
        assert_eq!(r.encode_error(), None);
    }

    #[test]
    fn query_arrays_repeat_the_key_and_skip_nulls() {
        let mut r = req();
        r.query("state", &["READY", "ERROR"]);
        r.query("n", &vec![Some(1.0), None, Some(2.5)]);
        r.query("empty", &Vec::<String>::new());
        assert_eq!(pairs(&r), [("state", "READY"), ("state", "ERROR"), ("n", "1"), ("n", "2.5")]);
    }

    #[test]
    fn set_query_replaces_every_pair_of_that_name() {
        let mut r = req();
        r.query("until", &1.0);
        r.query("limit", &5);
        r.query("until", &2.0);
        r.set_query("until", &1716300000000.0f64);
        assert_eq!(pairs(&r), [("limit", "5"), ("until", "1716300000000")]);
        r.set_query("cursor", "abc");
        assert_eq!(pairs(&r), [("limit", "5"), ("until", "1716300000000"), ("cursor", "abc")]);
    }

    #[test]
    fn joined_query_arrays_are_one_comma_separated_pair() {
        let mut r = req();
        r.query_joined("users", &["a", "b"]);
        r.query_joined("one", "x");
        r.query_joined("none", &None::<Vec<String>>);
        r.query_joined("empty", &Vec::<String>::new());
        assert_eq!(pairs(&r), [("users", "a,b"), ("one", "x")]);
    }

    #[test]
    fn query_object_is_an_error_and_first_error_wins() {
        let mut r = req();
        r.query("filter", &json!({"a": 1}));
        r.query("nested", &json!([[1, 2]]));
        assert_eq!(r.encode_error(), Some("query parameter filter: objects are not supported"));
        assert!(r.query_pairs().is_empty());
    }

    #[test]
    fn header_renders_and_joins_arrays() {
        let mut r = req();
        r.header("X-Count", &3.0);
        r.header("x-list", &["a", "b"]);
        r.header("x-none", &None::<u32>);
        r.header("x-flag", &false);
        assert_eq!(r.headers().get("x-count").unwrap(), "3");
        assert_eq!(r.headers().get("x-list").unwrap(), "a,b");
        assert_eq!(r.headers().get("x-flag").unwrap(), "false");
        assert!(r.headers().get("x-none").is_none());
        assert_eq!(r.headers().len(), 3);
        assert_eq!(r.encode_error(), None);
    }

    #[test]
    fn header_errors_are_recorded() {
        let mut r = req();
        r.header("x-bad", "line\nbreak");
        assert_eq!(r.encode_error(), Some("header x-bad: value contains characters not allowed in a header"));
        let mut r = req();
        r.header("bad name", "v");
        assert_eq!(r.encode_error(), Some("header bad name: invalid header name"));
        let mut r = req();
        r.header("x-obj", &json!({}));
        assert_eq!(r.encode_error(), Some("header x-obj: objects are not supported"));
    }

    #[test]
    fn json_body_sets_content_type() {
        let mut r = req();
        r.json(&json!({"name": "p"}));
        let body = r.body.as_ref().unwrap();
        assert_eq!(body.content_type, "application/json");
        assert!(matches!(&body.payload, Payload::Bytes(b) if &b[..] == br#"{"name":"p"}"#));
    }

    #[test]
    fn json_body_error_is_recorded() {
        use std::collections::BTreeMap;
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        let mut r = req();
        r.json(&map);
        assert!(r.body.is_none());
        let err = r.encode_error().unwrap();
        assert!(err.starts_with("request body: "), "{err}");
    }

    #[test]
    fn path_segment_percent_encodes() {
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(path_segment("é?#%"), "%C3%A9%3F%23%25");
        assert_eq!(path_segment(&20.0f64), "20");
        assert_eq!(path_segment(&7u32), "7");
        assert_eq!(path_segment(&true), "true");
        assert_eq!(path_segment(&["a", "b/c"]), "a%2Cb%2Fc");
        assert_eq!(path_segment(&None::<String>), "");
    }
}
