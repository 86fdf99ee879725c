//! Per-call options: what one request may set differently from its client.

use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::retry::RetryConfig;

/// Settings for one call that win over the [`Client`](crate::Client)'s:
/// timeout, retry policy, extra headers, extra query parameters, a JSON body
/// the spec does not declare, and base URL. Pass it to the `.options(..)`
/// method every generated request builder has.
///
/// ```
/// use std::time::Duration;
/// # use vercel_runtime as vercel_client; // what a user of the facade writes
/// use vercel_client::{RequestOptions, RetryConfig};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryConfig::disabled())
///     .header("x-request-source", "nightly-job")
///     .query("prebuilt", "1")
///     .base_url("https://api.eu.example.com");
/// # let _ = options;
/// ```
///
/// A header name or value that is not valid in a header, or an invalid base
/// URL, fails the call with [`Error::Encode`](crate::Error::Encode) or
/// [`Error::Config`](crate::Error::Config) before any I/O.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) headers: HeaderMap,
    /// Appended to the query of the call, after the operation's own parameters.
    pub(crate) query: Vec<(String, String)>,
    /// A JSON body (serialized) that replaces the operation's own.
    pub(crate) json_body: Option<Bytes>,
    pub(crate) base_url: Option<String>,
    pub(crate) error: Option<String>,
}

impl RequestOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> RequestOptions {
        RequestOptions::default()
    }

    /// How long each attempt of this call may take (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy for this call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Adds a header to this call. It wins over the client's default
    /// headers and the operation's own headers of the same name, but not
    /// over `Authorization` and `Content-Type`, which the client sets.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value.as_ref())) {
            (Ok(n), Ok(v)) => {
                self.headers.append(n, v);
            }
            (Err(_), _) => {
                self.error.get_or_insert(format!("option header {name:?}: invalid header name"));
            }
            (_, Err(_)) => {
                self.error.get_or_insert(format!(
                    "option header {name:?}: value contains characters not allowed in a header"
                ));
            }
        }
        self
    }

    /// Appends the query parameter `name=value` to this call, after the
    /// operation's own parameters (and team scoping), as it is: no
    /// deduplication, percent-encoded like every query value.
    ///
    /// This is the escape hatch for parameters the API accepts but the
    /// OpenAPI spec (and so the generated builder) lacks, such as
    /// `prebuilt=1` on `createDeployment`. A parameter the builder has a
    /// setter for belongs in that setter, which checks and renders its value.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `value` as this call's JSON body (`Content-Type:
    /// application/json`), in place of any body the builder set.
    ///
    /// This is the escape hatch for a `POST` or `PUT` whose body the API
    /// expects but the OpenAPI spec does not declare (so the generated
    /// builder has no body setter), beside [`query`](Self::query) for
    /// undeclared query parameters. An operation whose spec declares a body
    /// is sent with its `body(..)` setter (or field setters), which check
    /// required fields. A value that cannot be serialized as JSON (a map
    /// with non-string keys) fails the call with
    /// [`Error::Encode`](crate::Error::Encode) before any I/O.
    ///
    /// ```
    /// # use vercel_runtime as vercel_client; // what a user of the facade writes
    /// use vercel_client::RequestOptions;
    ///
    /// let options = RequestOptions::new().json_body(serde_json::json!({ "reason": "cleanup" }));
    /// # let _ = options;
    /// ```
    pub fn json_body(mut self, value: impl Serialize) -> Self {
        match serde_json::to_vec(&value) {
            Ok(bytes) => self.json_body = Some(bytes.into()),
            Err(e) => {
                self.error.get_or_insert(format!("option json_body: {e}"));
            }
        }
        self
    }

    /// The base URL for this call (validated like
    /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url)).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }
}
