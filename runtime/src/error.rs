//! Errors returned by the runtime and by generated code.

use std::fmt;

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::limits::ReadFailure;
use crate::transport_error::TransportError;

/// How many bytes of an unparseable error body [`ApiError`]'s `Display` shows.
const BODY_PREVIEW: usize = 200;

/// Vercel's `error.code` for calls made with the token of a disabled integration configuration.
const INTEGRATION_DISABLED_CODE: &str = "integration_configuration_disabled";

/// What [`Error::IntegrationDisabled`]'s message says to do: the scope hint of
/// other 403s does not apply, since no scope would help.
const DISABLED_RECOVERY: &str = "the integration configuration that issued this token is disabled: every call with \
    its token fails until a team member re-enables it in the Vercel dashboard by taking over the integration's \
    ownership; retrying or adding scopes does not help";

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered 403 with code `integration_configuration_disabled`:
    /// the integration configuration that issued the token is disabled.
    ///
    /// Vercel disables a configuration when the owner(s) of the integration
    /// leave the team responsible for it; every API call made with its token
    /// then fails this way. Retrying does not help: a member of the team must
    /// transfer ownership of the integration (Vercel emails the team and
    /// deletes the configuration after 30 days otherwise). Stop calling the API
    /// for this configuration until it is re-enabled. The full response is kept
    /// as for [`Error::Api`].
    #[error("integration configuration disabled: {0} ({DISABLED_RECOVERY})")]
    IntegrationDisabled(Box<ApiError>),
    /// The server answered 2xx but the body does not decode into the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A 2xx or error response whose body could not be read: too large,
    /// stalled, or cut off (connection reset, truncated chunked body). What
    /// arrived is kept with the status and headers (see [`BodyError`](crate::BodyError)).
    #[error("{0}")]
    Body(Box<BodyError>),
    /// A required builder field was not set (reported before any I/O).
    #[error("{operation}: required field `{field}` is not set")]
    MissingField {
        /// Operation id.
        operation: &'static str,
        /// Name of the missing field.
        field: &'static str,
    },
    /// A request value (query, header, path or body) could not be encoded.
    #[error("{operation}: cannot encode request: {message}")]
    Encode {
        /// Operation id.
        operation: &'static str,
        /// What could not be encoded, and why.
        message: String,
    },
    /// Connection, TLS or other transport failure (timeouts are [`Error::Timeout`]).
    #[error("transport error: {0}")]
    Transport(#[source] TransportError),
    /// No answer in time: connecting took longer than the connect timeout, or
    /// an attempt longer than the request timeout (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    #[error("{operation}: timed out after {after:?}")]
    Timeout {
        /// Operation id.
        operation: &'static str,
        /// The timeout that ran out.
        after: std::time::Duration,
    },
    /// A [`TokenProvider`](crate::TokenProvider) failed to give a token (nothing was sent).
    #[error("{operation}: token provider failed: {source}")]
    Token {
        /// Operation id.
        operation: &'static str,
        /// The provider's error.
        source: crate::BoxError,
    },
    /// An [`Interceptor`](crate::Interceptor)'s `before_attempt` failed (that attempt was not sent).
    #[error("{operation}: interceptor failed: {source}")]
    Interceptor {
        /// Operation id.
        operation: &'static str,
        /// The interceptor's error.
        source: crate::BoxError,
    },
    /// A [`Waiter`](crate::Waiter) polled for its whole timeout without
    /// seeing a final state.
    #[error("{operation}: no final state after {after:?} (last state: {})", last_state.as_deref().unwrap_or("none"))]
    WaitTimeout {
        /// Operation id.
        operation: &'static str,
        /// The waiter's timeout.
        after: std::time::Duration,
        /// The state of the last answer, when it had one.
        last_state: Option<String>,
    },
    /// Invalid client configuration (missing token, bad base URL, ...).
    #[error("configuration error: {0}")]
    Config(String),
}

impl Error {
    /// HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) | Error::IntegrationDisabled(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Body(e) => Some(e.status),
            _ => None,
        }
    }

    /// The non-2xx response, for [`Error::Api`] and [`Error::IntegrationDisabled`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::IntegrationDisabled(e) => Some(e),
            _ => None,
        }
    }

    /// The non-2xx response's body as the operation's documented error type
    /// (see [`ApiError::typed_body`]); `None` for other errors.
    pub fn typed_body<E: TypedErrorBody>(&self) -> Option<E> {
        self.api_error().and_then(ApiError::typed_body)
    }
}

/// The error bodies one operation documents, chosen by response status.
///
/// Generated as `ErrorBody` in the module of every operation whose spec gives
/// a JSON schema for an error status; read it with [`Error::typed_body`].
pub trait TypedErrorBody: Sized {
    /// Decodes `body` as the schema documented for `status`; `None` when no
    /// schema is documented for it or the body does not decode.
    fn from_response(status: StatusCode, body: &[u8]) -> Option<Self>;
}

/// A non-2xx response, kept in full.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// Operation id.
    pub operation: &'static str,
    /// Response status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw response body.
    pub body: Bytes,
    /// `error.code` from a Vercel error body `{"error":{"code","message"}}`
    /// (or top-level `code` in a flat `{"code","message"}` body), if present.
    pub code: Option<String>,
    /// `error.message` (or top-level `message`) from the body, if present.
    pub message: Option<String>,
    /// The integration scopes that grant the operation (see [`Operation::scopes`](crate::Operation::scopes));
    /// a 403's `Display` names them.
    pub scopes: &'static [&'static str],
    /// The operation takes an optional `teamId` query parameter and the
    /// request carried none (neither set on the call nor on the client); a
    /// 403's `Display` then says that teamId may be missing (unless the code
    /// says the integration is disabled).
    pub team_id_missing: bool,
}

impl ApiError {
    /// Builds the error, parsing `code` and `message` leniently from the body:
    /// Vercel's usual `{"error":{"code","message"}}`, else the flat
    /// `{"code","message"}` the `/v1/registrar/*` operations document.
    pub(crate) fn new(operation: &'static str, status: StatusCode, headers: HeaderMap, body: Bytes) -> ApiError {
        // (Only these two fields are read: the rest of the body is skipped, not built.)
        let fields = crate::error_fields::ErrorFields::of(&body).unwrap_or_default();
        let field = |value: Option<serde_json::Value>| match value? {
            serde_json::Value::String(s) => Some(s),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        };
        let (code, message) = (field(fields.code), field(fields.message));
        ApiError { operation, status, headers, body, code, message, scopes: &[], team_id_missing: false }
    }

    /// Classifies the error: [`Error::IntegrationDisabled`] for a 403 with code
    /// `integration_configuration_disabled`, [`Error::Api`] otherwise.
    pub(crate) fn into_error(self) -> Error {
        if self.status == StatusCode::FORBIDDEN && self.code.as_deref() == Some(INTEGRATION_DISABLED_CODE) {
            Error::IntegrationDisabled(Box::new(self))
        } else {
            Error::Api(Box::new(self))
        }
    }

    /// The Vercel request id from the `x-vercel-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        crate::response::request_id(&self.headers)
    }

    /// Decodes the kept body into `T`: for error bodies the spec types (e.g.
    /// the per-status error schemas of the `/v1/registrar/*` operations, whose
    /// types are generated) or any shape the caller knows. A failure is
    /// [`Error::Decode`] naming the field path.
    ///
    /// ```
    /// # use vercel_runtime as vercel_client; // what a user of the facade writes
    /// # fn demo(e: &vercel_client::ApiError) {
    /// #[derive(serde::Deserialize)]
    /// struct Limit { limit: Option<u64> }
    /// let parsed: Result<Limit, _> = e.body_as();
    /// # let _ = parsed;
    /// # }
    /// ```
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        crate::decode::decode(&self.body, "").map_err(|(path, message)| {
            DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
        })
    }

    /// The body decoded as the error schema the operation documents for this
    /// status: `E` is the operation module's generated `ErrorBody` enum (one
    /// variant per documented status, e.g.
    /// `vercel_domains_registrar::get_tld_price::ErrorBody`). `None` when the
    /// operation documents no schema for the status or the body does not
    /// match it; the raw body stays in [`body`](Self::body) either way.
    pub fn typed_body<E: TypedErrorBody>(&self) -> Option<E> {
        E::from_response(self.status, &self.body)
    }

    /// The rate-limit headers of the response, if any (useful on a 429).
    pub fn rate_limit(&self) -> Option<crate::RateLimit> {
        crate::RateLimit::from_headers(&self.headers)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status.as_u16())?;
        self.fmt_body(f)?;
        let disabled = self.code.as_deref() == Some(INTEGRATION_DISABLED_CODE);
        if self.status == StatusCode::FORBIDDEN && self.team_id_missing && !disabled {
            f.write_str(
                " (teamId may be missing: the request was sent without team scoping; if the resource belongs \
                 to a team, set ClientBuilder::team_id or the request's team_id)",
            )?;
        }
        if self.status == StatusCode::FORBIDDEN && !self.scopes.is_empty() && !disabled {
            write!(f, " (an integration token needs one of these scopes: {})", self.scopes.join(", "))?;
        }
        Ok(())
    }
}

impl ApiError {
    fn fmt_body(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}"),
            (Some(one), None) | (None, Some(one)) => write!(f, ": {one}"),
            (None, None) if self.body.is_empty() => f.write_str(": (empty body)"),
            (None, None) => {
                let end = self.body.len().min(BODY_PREVIEW);
                write!(f, ": {}", String::from_utf8_lossy(&self.body[..end]))?;
                if end < self.body.len() {
                    f.write_str("…")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// A 2xx response whose body does not decode into the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// Operation id.
    pub operation: &'static str,
    /// Response status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw response body.
    pub body: Bytes,
    /// Path of the offending value, e.g. `items[1].id` (`.` for the root).
    /// For newline-delimited JSON the line index comes first, e.g. `[2].id`.
    pub path: String,
    /// The deserializer's message.
    pub message: String,
}

impl DecodeError {
    /// [`Error::Decode`] for a body of a response with these parts that failed
    /// to decode at `path` (the one place such an error is built).
    pub(crate) fn boxed(
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &Bytes,
        path: String,
        message: String,
    ) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation,
            status,
            headers: headers.clone(),
            body: body.clone(),
            path,
            message,
        }))
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot decode response body at `{}`: {}", self.operation, self.path, self.message)
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(body: &'static [u8]) -> ApiError {
        ApiError::new("getThing", StatusCode::FORBIDDEN, HeaderMap::new(), Bytes::from_static(body))
    }

    #[test]
    fn api_error_display_with_vercel_body() {
        let e = api(br#"{"error":{"code":"forbidden","message":"Not authorized"}}"#);
        assert_eq!(e.code.as_deref(), Some("forbidden"));
        assert_eq!(e.message.as_deref(), Some("Not authorized"));
        assert_eq!(Error::Api(Box::new(e)).to_string(), "getThing: HTTP 403: forbidden: Not authorized");
    }

    #[test]
    fn api_error_reads_a_flat_code_and_message() {
        // The shape of the `/v1/registrar/*` error schemas.
        let e = api(br#"{"status":403,"code":"not_authorized_for_scope","message":"Not allowed"}"#);
        assert_eq!(e.code.as_deref(), Some("not_authorized_for_scope"));
        assert_eq!(e.message.as_deref(), Some("Not allowed"));
        // A nested `error` object wins over top-level fields; a non-object `error` does not hide them.
        let e = api(br#"{"code":"outer","error":{"code":"inner"}}"#);
        assert_eq!(e.code.as_deref(), Some("inner"));
        let e = api(br#"{"code":"outer","error":"text"}"#);
        assert_eq!(e.code.as_deref(), Some("outer"));
    }

    #[test]
    fn typed_body_picks_the_type_by_status() {
        #[derive(Debug, PartialEq)]
        enum Documented {
            Forbidden(serde_json::Value),
        }
        impl TypedErrorBody for Documented {
            fn from_response(status: StatusCode, body: &[u8]) -> Option<Self> {
                match status.as_u16() {
                    403 => serde_json::from_slice(body).ok().map(Documented::Forbidden),
                    _ => None,
                }
            }
        }
        let e = api(br#"{"code":"x"}"#);
        assert_eq!(e.typed_body::<Documented>(), Some(Documented::Forbidden(serde_json::json!({"code": "x"}))));
        let err = e.clone().into_error();
        assert_eq!(err.typed_body::<Documented>(), e.typed_body());
        let mut other = e;
        other.status = StatusCode::NOT_FOUND;
        assert_eq!(other.typed_body::<Documented>(), None);
        assert_eq!(Error::Config("x".into()).typed_body::<Documented>(), None);
    }

    #[test]
    fn api_error_display_falls_back_to_body_prefix() {
        assert_eq!(api(b"<html>nope</html>").to_string(), "getThing: HTTP 403: <html>nope</html>");
        assert_eq!(api(b"").to_string(), "getThing: HTTP 403: (empty body)");
        assert_eq!(api(br#"{"error":{"message":"only message"}}"#).to_string(), "getThing: HTTP 403: only message");
        let mut long = api(b"");
        long.body = Bytes::from(vec![b'x'; 500]);
        let shown = long.to_string();
        assert_eq!(shown, format!("getThing: HTTP 403: {}…", "x".repeat(200)));
    }

    #[test]
    fn other_variants_display() {
        let e = Error::Decode(Box::new(DecodeError {
            operation: "listThings",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            path: "items[1].id".into(),
            message: "invalid type: integer `5`, expected a string".into(),
        }));
        assert_eq!(
            e.to_string(),
            "listThings: cannot decode response body at `items[1].id`: invalid type: integer `5`, expected a string"
        );
        assert_eq!(e.status(), Some(StatusCode::OK));
        let e = Error::MissingField { operation: "createProject", field: "name" };
        assert_eq!(e.to_string(), "createProject: required field `name` is not set");
        assert_eq!(e.status(), None);
        let e = Error::Encode { operation: "op", message: "query parameter q: objects are not supported".into() };
        assert_eq!(e.to_string(), "op: cannot encode request: query parameter q: objects are not supported");
        assert_eq!(Error::Config("no token".into()).to_string(), "configuration error: no token");
        let e = Error::Timeout { operation: "getDeployments", after: std::time::Duration::from_secs(30) };
        assert_eq!(e.to_string(), "getDeployments: timed out after 30s");
        assert_eq!(e.status(), None);
    }

    #[test]
    fn disabled_integration_configuration_is_its_own_variant() {
        let body =
            br#"{"error":{"code":"integration_configuration_disabled","message":"The integration is disabled"}}"#;
        let mut disabled = api(body);
        // The scope hint of other 403s is left out: no scope re-enables a configuration.
        disabled.scopes = &["Deployments (Read)"];
        let e = disabled.into_error();
        let Error::IntegrationDisabled(inner) = &e else { panic!("expected IntegrationDisabled, got {e:?}") };
        assert_eq!(inner.code.as_deref(), Some("integration_configuration_disabled"));
        assert_eq!(&inner.body[..], &body[..]);
        assert_eq!(e.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(e.api_error().map(|a| a.status), Some(StatusCode::FORBIDDEN));
        assert_eq!(
            e.to_string(),
            "integration configuration disabled: getThing: HTTP 403: integration_configuration_disabled: \
             The integration is disabled (the integration configuration that issued this token is disabled: \
             every call with its token fails until a team member re-enables it in the Vercel dashboard by taking \
             over the integration's ownership; retrying or adding scopes does not help)"
        );
        assert!(!inner.to_string().contains("scopes:"), "{inner}");

        // Same code with another status, or another code with 403: a plain Api error.
        let mut other_status = api(body);
        other_status.status = StatusCode::BAD_REQUEST;
        assert!(matches!(other_status.into_error(), Error::Api(_)));
        let e = api(br#"{"error":{"code":"forbidden","message":"no"}}"#).into_error();
        assert!(matches!(e, Error::Api(_)), "{e:?}");
        assert_eq!(e.api_error().and_then(|a| a.code.as_deref()), Some("forbidden"));
        assert!(Error::Config("x".into()).api_error().is_none());
    }

    #[test]
    fn forbidden_without_team_id_says_it_may_be_missing() {
        let mut e = api(br#"{"error":{"code":"forbidden","message":"Not authorized"}}"#);
        e.team_id_missing = true;
        let shown = e.to_string();
        assert!(shown.starts_with("getThing: HTTP 403: forbidden: Not authorized (teamId may be missing"), "{shown}");
        // Only on a 403.
        e.status = StatusCode::NOT_FOUND;
        assert!(!e.to_string().contains("teamId"), "{e}");
        // Not when teamId was sent.
        let e = api(b"");
        assert!(!e.to_string().contains("teamId"), "{e}");
    }

    #[test]
    fn body_as_decodes_the_kept_body() {
        #[derive(Debug, serde::Deserialize)]
        struct Body {
            error: Inner,
        }
        #[derive(Debug, serde::Deserialize)]
        struct Inner {
            code: String,
            limit: Option<u32>,
        }
        let e = api(br#"{"error":{"code":"rate_limited","limit":100}}"#);
        let body: Body = e.body_as().unwrap();
        assert_eq!((body.error.code.as_str(), body.error.limit), ("rate_limited", Some(100)));
        let err = api(br#"{"error":{"code":5}}"#).body_as::<Body>().unwrap_err();
        let Error::Decode(d) = err else { panic!("expected Error::Decode") };
        assert_eq!((d.path.as_str(), d.status), ("error.code", StatusCode::FORBIDDEN));
    }

    #[test]
    fn request_id_reads_header() {
        let mut e = api(b"");
        assert_eq!(e.request_id(), None);
        e.headers.insert("x-vercel-id", "fra1::abc".parse().unwrap());
        assert_eq!(e.request_id(), Some("fra1::abc"));
    }
}

/// Why a response body could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyErrorKind {
    /// The body is larger than the client's
    /// [`max_body_size`](crate::ClientBuilder::max_body_size).
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The `Content-Length` the server announced, if any.
        announced: Option<u64>,
    },
    /// A value of an `application/stream+json` stream is larger than the
    /// client's [`max_stream_value_size`](crate::ClientBuilder::max_stream_value_size).
    ValueTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A streamed body received no byte for the client's
    /// [`stream_idle_timeout`](crate::ClientBuilder::stream_idle_timeout).
    Stalled {
        /// The idle time that ran out.
        idle: Duration,
    },
    /// The connection failed while the body was arriving: reset, closed
    /// early, a truncated chunked body, a malformed chunk.
    Interrupted(TransportError),
}

/// A response whose body could not be read: what arrived of it is kept,
/// with the status and headers.
#[derive(Debug)]
#[non_exhaustive]
pub struct BodyError {
    /// Operation id.
    pub operation: &'static str,
    /// Response status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The bytes that arrived before the failure (of a whole body; empty
    /// when the announced length alone was over the limit, and for streams,
    /// whose values already handed out are not kept).
    pub body: Bytes,
    /// What went wrong.
    pub kind: BodyErrorKind,
}

impl BodyError {
    /// [`Error::Body`] with these parts.
    pub(crate) fn boxed(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        kind: BodyErrorKind,
    ) -> Error {
        Error::Body(Box::new(BodyError { operation, status, headers, body, kind }))
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (operation, status, read) = (self.operation, self.status, self.body.len());
        match &self.kind {
            BodyErrorKind::TooLarge { limit, announced: Some(n) } if n > limit => write!(
                f,
                "{operation}: {status} response body of {n} bytes (Content-Length) is over the limit of {limit} bytes"
            ),
            BodyErrorKind::TooLarge { limit, .. } => {
                write!(f, "{operation}: {status} response body is over the limit of {limit} bytes")
            }
            BodyErrorKind::ValueTooLarge { limit } => {
                write!(f, "{operation}: a value of the stream is over the limit of {limit} bytes")
            }
            BodyErrorKind::Stalled { idle } => {
                write!(f, "{operation}: the stream received nothing for {idle:?}")
            }
            BodyErrorKind::Interrupted(e) => {
                write!(f, "{operation}: {status} response body interrupted after {read} bytes: {e}")
            }
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            BodyErrorKind::Interrupted(e) => Some(e),
            _ => None,
        }
    }
}

/// [`Error`] for a body that could not be read: [`Error::Timeout`] when the
/// request timeout ran out, [`Error::Body`] otherwise.
pub(crate) fn body_failure(
    failure: ReadFailure,
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    limit: u64,
    announced: Option<u64>,
    timeout: Duration,
) -> Error {
    match failure {
        ReadFailure::Transport(e, _) if e.is_timeout() => Error::Timeout { operation, after: timeout },
        ReadFailure::Transport(e, read) => {
            BodyError::boxed(operation, status, headers, read, BodyErrorKind::Interrupted(TransportError::new(e)))
        }
        ReadFailure::TooLarge(read) => {
            BodyError::boxed(operation, status, headers, read, BodyErrorKind::TooLarge { limit, announced })
        }
    }
}
