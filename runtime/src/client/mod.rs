//! The API client: configuration, authentication, and the `send*` methods
//! generated code calls (the sending itself is in `transport`).

mod limits;
#[cfg(all(feature = "rustls-tls", not(feature = "native-tls")))]
mod tls;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::intercept::Interceptor;
use crate::limits::Limits;
use crate::request::Request;
use crate::response::Response;
use crate::retry::RetryConfig;
use crate::token::TokenProvider;

/// Base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.vercel.com";

/// Environment variable read for the token when the builder sets none.
const TOKEN_ENV: &str = "VERCEL_TOKEN";

/// How long connecting (TCP and TLS) may take when not configured.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt may take when not configured: until the whole body
/// is read, or for streamed responses until the headers arrive.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a pooled connection may stay idle before it is closed, when not
/// configured.
///
/// Shorter than the keep-alive timeouts common on servers and load balancers
/// (60 s and more), so that the client drops an idle connection before the
/// server does, instead of sending a request on a connection the server is
/// closing. Shorter than [`DEFAULT_TIMEOUT`] too: the pool's eviction timer
/// then always expires before a new request's timeout, so registering that
/// timeout never has to wake Tokio's timer driver (an `eventfd` write and a
/// thread wake-up per request otherwise; `cargo xtask bench` measures it).
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// The default `User-Agent`: this crate and its version.
pub(crate) const DEFAULT_USER_AGENT: &str = concat!("vercel-runtime/", env!("CARGO_PKG_VERSION"));

/// Client for the Vercel REST API. Cheap to clone (shared state behind an
/// `Arc`, including the connection pool) and `Send + Sync`.
///
/// TLS is rustls by default (feature `rustls-tls`; `native-tls` uses the
/// platform's library), HTTP/2 is negotiated via ALPN (feature `http2`). Its
/// `Debug` output never contains the token.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Clone)]
pub(crate) struct Inner {
    /// Cheap to clone: the connection pool is behind an `Arc` inside.
    pub(crate) http: reqwest::Client,
    /// Where the bearer token of each attempt comes from.
    pub(crate) auth: Auth,
    pub(crate) base_url: String,
    pub(crate) team_id: Option<String>,
    pub(crate) team_slug: Option<String>,
    pub(crate) retry: RetryConfig,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    /// Body size, stream value size and stall bounds (`limits`).
    pub(crate) limits: Limits,
    /// The HTTP client is the user's ([`ClientBuilder::http_client`]): its
    /// own timeout is unknown, so `timeout` is set on every request.
    pub(crate) timeout_per_request: bool,
    /// Run around every attempt, in order; empty for most clients.
    pub(crate) interceptors: Arc<[Arc<dyn Interceptor>]>,
    /// Answers requests in place of `http` (the `test-util` mock).
    #[cfg(feature = "test-util")]
    pub(crate) responder: Option<Arc<dyn crate::responder::Responder>>,
}

/// The bearer token of a client.
#[derive(Clone)]
pub(crate) enum Auth {
    /// `Bearer <token>`, marked sensitive.
    Static(HeaderValue),
    /// Asked before each attempt.
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("team_id", &self.inner.team_id)
            .field("team_slug", &self.inner.team_slug)
            .field("token", &"<redacted>")
            .field("retry", &self.inner.retry)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("timeout", &self.inner.timeout)
            .field("token_provider", &matches!(self.inner.auth, Auth::Provider(_)))
            .field("interceptors", &self.inner.interceptors.len())
            .finish_non_exhaustive()
    }
}

/// Builder for [`Client`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    token: Option<String>,
    base_url: Option<String>,
    team_id: Option<String>,
    team_slug: Option<String>,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    retry: Option<RetryConfig>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    pool_idle_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    token_provider: Option<Arc<dyn TokenProvider>>,
    interceptors: Vec<Arc<dyn Interceptor>>,
    /// Set by the builder methods in `limits`.
    pub(crate) limits: Limits,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("team_id", &self.team_id)
            .field("team_slug", &self.team_slug)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &self.default_headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("http_client", &self.http_client.is_some())
            .field("token_provider", &self.token_provider.is_some())
            .field("interceptors", &self.interceptors.len())
            .field("limits", &self.limits)
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the bearer token. Without it, `build` reads `VERCEL_TOKEN`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the base URL (default [`DEFAULT_BASE_URL`]). It must be `https`,
    /// or plain `http` to a loopback host (`localhost`, `127.0.0.1`, `::1`,
    /// e.g. a local mock server): the token must not travel in clear text.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the team id added as `teamId` to operations that accept it.
    pub fn team_id(mut self, team_id: impl Into<String>) -> Self {
        self.team_id = Some(team_id.into());
        self
    }

    /// Sets the team slug added as `slug` to operations that accept it.
    pub fn team_slug(mut self, team_slug: impl Into<String>) -> Self {
        self.team_slug = Some(team_slug.into());
        self
    }

    /// Sets the `User-Agent` (default `vercel-runtime/<version>`, naming this crate and its version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request (e.g. `Prefer: code=404` for a
    /// mock server). A header the request itself sets (such as
    /// `Authorization` or `Content-Type`) wins over it. Calling it again with
    /// the same name adds another value.
    ///
    /// `build` fails with [`Error::Config`] when the name or value is not valid in a header.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sets the retry policy (default [`RetryConfig::default`]: 3 attempts);
    /// [`RetryConfig::disabled`] sends every request once.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sets how long connecting (TCP and TLS) may take (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets how long one attempt may take (default [`DEFAULT_TIMEOUT`]): until
    /// the whole body is read, or, for streamed responses (`into_stream()` of
    /// `application/stream+json` operations), until the headers arrive. Past
    /// it the request fails with [`Error::Timeout`] (and is retried if the
    /// retry policy allows).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how long a pooled connection may stay idle before it is closed
    /// (default [`DEFAULT_POOL_IDLE_TIMEOUT`]).
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = Some(timeout);
        self
    }

    /// Uses `client` as it is for every request (its proxy, root
    /// certificates, client certificate, DNS resolver, HTTP version, pool):
    /// the runtime still sets the token, team scoping, retries and the
    /// request [`timeout`](Self::timeout) (per request, since the client's own
    /// is unknown; a shorter timeout of `client` also applies).
    ///
    /// What the runtime would configure on a client it builds is then the
    /// user's to set on `client`: [`user_agent`](Self::user_agent),
    /// [`default_header`](Self::default_header),
    /// [`connect_timeout`](Self::connect_timeout) and
    /// [`pool_idle_timeout`](Self::pool_idle_timeout). Setting one of them
    /// together with `http_client` makes [`build`](Self::build) fail rather
    /// than ignore it.
    ///
    /// # Coupling to the reqwest major version
    ///
    /// `client` must be a `reqwest::Client` of the major version the runtime
    /// depends on (0.13): a client of another major is another type and does
    /// not compile here. This is the one place of the runtime's public API
    /// that names a reqwest type (interceptors see an
    /// [`AttemptRequest`](crate::AttemptRequest), transport failures are a
    /// [`TransportError`](crate::TransportError), statuses and headers are the
    /// `http` crate's), so when the runtime moves to the next reqwest major,
    /// only code that calls this method has to move with it.
    ///
    /// With the `rustls-tls` feature the runtime enables reqwest's
    /// `rustls-no-provider` (its own client runs on ring, set up by the
    /// runtime). If your reqwest has no TLS feature of its own (e.g.
    /// `default-features = false`), its clients use that rustls backend
    /// without a crypto provider, and reqwest panics when building one: enable
    /// one of its TLS features, or install a provider first, e.g.
    /// `rustls::crypto::ring::default_provider().install_default()`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Asks `provider` for the bearer token before each attempt, instead of
    /// a fixed [`token`](Self::token) (for tokens that rotate or expire).
    /// When an attempt is answered 401 or 403, the provider is asked once for
    /// a fresh token ([`TokenRequest::Refresh`](crate::TokenRequest::Refresh))
    /// and the request is sent again once with it, outside the retry policy.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// Adds an interceptor, run after those added before it (see [`Interceptor`]).
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when there is no token (neither set here,
    /// nor a token provider, nor `VERCEL_TOKEN`), the token, user agent or a
    /// default header is not a valid header, the base URL is not an absolute
    /// `https` URL (or `http` to a loopback host), or a setting that only
    /// applies to the client the runtime builds is combined with
    /// [`http_client`](Self::http_client).
    pub fn build(self) -> Result<Client, Error> {
        let auth = match self.token_provider {
            Some(provider) if self.token.is_none() => Auth::Provider(provider),
            Some(_) => {
                return Err(Error::Config("set either ClientBuilder::token or ClientBuilder::token_provider".into()))
            }
            None => {
                let token = match self.token {
                    Some(token) => token,
                    None => std::env::var(TOKEN_ENV).unwrap_or_default(),
                };
                if token.is_empty() {
                    return Err(Error::Config(format!(
                        "no token: set one with ClientBuilder::token or the {TOKEN_ENV} environment variable"
                    )));
                }
                Auth::Static(
                    bearer(&token)
                        .ok_or_else(|| Error::Config("token contains characters not allowed in a header".into()))?,
                )
            }
        };

        let base_url = validate_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;

        let user_agent_set = self.user_agent.is_some();
        let user_agent = self.user_agent.unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned());
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config("user agent contains characters not allowed in a header".into()))?;

        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("default header {name:?}: invalid header name")))?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::Config(format!("default header {name:?}: value contains characters not allowed in a header"))
            })?;
            default_headers.append(header_name, header_value);
        }

        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let interceptors: Arc<[Arc<dyn Interceptor>]> = self.interceptors.into();
        // The user's client is used as it is; otherwise the runtime builds its own.
        let (http, timeout_per_request) = if let Some(http) = self.http_client {
            let unused = [
                ("user_agent", user_agent_set),
                ("default_header", !self.default_headers.is_empty()),
                ("connect_timeout", self.connect_timeout.is_some()),
                ("pool_idle_timeout", self.pool_idle_timeout.is_some()),
            ];
            if let Some((name, _)) = unused.iter().find(|(_, set)| *set) {
                return Err(Error::Config(format!(
                    "ClientBuilder::{name} has no effect together with http_client: set it on the reqwest::Client"
                )));
            }
            // Its own timeout is unknown, so the runtime sets one on every request.
            (http, true)
        } else {
            let http = reqwest::Client::builder()
                .user_agent(user_agent)
                .default_headers(default_headers)
                .connect_timeout(connect_timeout)
                // Set once here rather than per request: a per-request timeout is
                // stored in the request's extensions, an extra map per request.
                // Streamed responses override it (see `transport`).
                .timeout(timeout)
                .pool_idle_timeout(self.pool_idle_timeout.unwrap_or(DEFAULT_POOL_IDLE_TIMEOUT))
                .redirect(crate::redirect::policy());
            // With both TLS features, reqwest's default (native-tls) is used.
            #[cfg(all(feature = "rustls-tls", not(feature = "native-tls")))]
            let http = http.tls_backend_preconfigured(tls::rustls_config()?);
            let http = http.build().map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?;
            (http, false)
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth,
                base_url,
                team_id: self.team_id,
                team_slug: self.team_slug,
                retry: self.retry.unwrap_or_default(),
                connect_timeout,
                timeout,
                timeout_per_request,
                interceptors,
                #[cfg(feature = "test-util")]
                responder: None,
                limits: self.limits,
            }),
        })
    }
}

/// `Bearer <token>` as a sensitive header value; `None` when the token has
/// characters not allowed in a header.
pub(crate) fn bearer(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Trims trailing slashes and checks that the URL is absolute `https` (or
/// `http` to a loopback host) without query or fragment (paths are appended
/// to it verbatim).
pub(crate) fn validate_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).map_err(|e| Error::Config(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!("invalid base URL {raw:?}: scheme must be http or https")));
    }
    let loopback = crate::redirect::is_loopback(&url);
    if url.scheme() == "http" && !loopback {
        return Err(Error::Config(format!(
            "invalid base URL {raw:?}: plain http is allowed only to loopback hosts (localhost, 127.0.0.1, ::1); \
             use https so that the token is not sent in clear text"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!("invalid base URL {raw:?}: must not have a query or fragment")));
    }
    Ok(trimmed.to_owned())
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client with the given token and the default base URL.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        Client::builder().token(token).build()
    }

    /// The base URL, without trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The team id added to team-scoped operations, if configured.
    pub fn team_id(&self) -> Option<&str> {
        self.inner.team_id.as_deref()
    }

    /// The team slug added to team-scoped operations, if configured.
    pub fn team_slug(&self) -> Option<&str> {
        self.inner.team_slug.as_deref()
    }

    /// A client like this one that sends `token` instead (replacing a token
    /// provider too), for multi-tenant integrations with one token per
    /// installation. It shares this client's connection pool, interceptors
    /// and settings: deriving one clones the configuration (no new HTTP
    /// client, no new connections).
    ///
    /// Fails with [`Error::Config`] when the token is empty or has
    /// characters not allowed in a header.
    pub fn with_token(&self, token: impl AsRef<str>) -> Result<Client, Error> {
        let token = token.as_ref();
        let value = bearer(token)
            .filter(|_| !token.is_empty())
            .ok_or_else(|| Error::Config("token is empty or contains characters not allowed in a header".into()))?;
        Ok(self.derive(|inner| inner.auth = Auth::Static(value)))
    }

    /// A client like this one scoped to another team (`teamId`, replacing
    /// the team slug too), sharing this client's connection pool, token and
    /// settings (see [`with_token`](Self::with_token)).
    pub fn with_team_id(&self, team_id: impl Into<String>) -> Client {
        self.derive(|inner| {
            inner.team_id = Some(team_id.into());
            inner.team_slug = None;
        })
    }

    /// A client like this one with `change` made to a copy of its configuration.
    pub(crate) fn derive(&self, change: impl FnOnce(&mut Inner)) -> Client {
        let mut inner = Inner::clone(&self.inner);
        change(&mut inner);
        Client { inner: Arc::new(inner) }
    }

    // The `send*` methods are plain functions around one future (see
    // `transport::Receive`): as `async fn`s, each would be one more layer
    // holding its own copy of the request.

    /// Sends the request and decodes a 2xx JSON body into `T`.
    ///
    /// A body that does not decode gives [`Error::Decode`] naming the field
    /// path; a non-2xx status gives [`Error::Api`]. A body that lacks
    /// required fields is corrected unless
    /// [`strict_decoding`](ClientBuilder::strict_decoding) is set (see
    /// [`Response::corrections`]).
    pub fn send<T: DeserializeOwned>(&self, req: Request) -> impl Future<Output = Result<T, Error>> + Send + '_ {
        self.execute(req, Some("application/json")).map(|ok| ok?.decode_body_corrected().map(|(body, _)| body))
    }

    /// Like [`send`](Self::send), and keeps the status and headers.
    pub fn send_with_response<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<T>, Error>> + Send + '_ {
        self.execute(req, Some("application/json")).map(|ok| {
            let ok = ok?;
            let (body, corrections) = ok.decode_body_corrected()?;
            Ok(ok.into_response(body).with_corrections(corrections))
        })
    }

    /// Sends the request and ignores the body of a 2xx response; a non-2xx
    /// status gives [`Error::Api`].
    pub fn send_empty(&self, req: Request) -> impl Future<Output = Result<(), Error>> + Send + '_ {
        self.execute(req, None).map(|ok| ok.map(drop))
    }

    /// Sends the request (a `HEAD`, typically) and says whether the resource
    /// exists: `Ok(true)` on a 2xx, `Ok(false)` on a 404, the error otherwise
    /// (a 401 or a 5xx is not an answer to the question). The body is ignored.
    pub fn send_exists(&self, req: Request) -> impl Future<Output = Result<bool, Error>> + Send + '_ {
        self.execute(req, None).map(|ok| match ok {
            Ok(_) => Ok(true),
            Err(Error::Api(e)) if e.status == StatusCode::NOT_FOUND => Ok(false),
            Err(e) => Err(e),
        })
    }

    /// Like [`send_empty`](Self::send_empty), and keeps the status and headers.
    pub fn send_empty_with_response(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<()>, Error>> + Send + '_ {
        self.execute(req, None).map(|ok| ok.map(|ok| ok.into_response(())))
    }

    /// Sends the request and decodes a 2xx `application/stream+json` body:
    /// a sequence of JSON values (NDJSON, pretty-printed, or with no
    /// separator; see [`JsonLines`](crate::JsonLines)), one `T` each. Decode
    /// errors report the value's index first in the path, e.g. `[2].id`.
    pub fn send_json_lines<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Vec<T>, Error>> + Send + '_ {
        self.send_json_lines_with_response(req).map(|response| response.map(Response::into_body))
    }

    /// Like [`send_json_lines`](Self::send_json_lines), and keeps the status and headers.
    pub fn send_json_lines_with_response<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<Vec<T>>, Error>> + Send + '_ {
        self.execute(req, Some("application/stream+json")).map(|ok| {
            let ok = ok?;
            let (values, corrections) = ok.decode_values()?;
            Ok(ok.into_response(values).with_corrections(corrections))
        })
    }

    /// Sends the request and returns the raw body of a 2xx response.
    pub fn send_bytes(&self, req: Request) -> impl Future<Output = Result<Bytes, Error>> + Send + '_ {
        self.execute(req, None).map(|ok| ok.map(|ok| ok.body))
    }

    /// Like [`send_bytes`](Self::send_bytes), and keeps the status and headers.
    pub fn send_bytes_with_response(
        &self,
        req: Request,
    ) -> impl Future<Output = Result<Response<Bytes>, Error>> + Send + '_ {
        self.execute(req, None).map(|ok| {
            ok.map(|ok| {
                let body = ok.body.clone();
                ok.into_response(body)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder().token("super-secret-token").team_id("team_1").build().unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains("super-secret-token"), "{shown}");
        assert!(shown.contains("team_1"), "{shown}");
        let builder = Client::builder().token("super-secret-token");
        assert!(!format!("{builder:?}").contains("super-secret-token"));
    }

    #[test]
    fn base_url_is_validated_and_trimmed() {
        let client = Client::new("t").unwrap();
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        let client = Client::builder().token("t").base_url("http://127.0.0.1:8080/api//").build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:8080/api");
        for bad in ["ftp://example.com", "not a url", "https://x.test/?a=1"] {
            let err = Client::builder().token("t").base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn plain_http_only_to_loopback_hosts() {
        for ok in
            ["http://127.0.0.1:4010", "http://localhost:8080/v", "http://LOCALHOST", "http://[::1]:9", "https://x.test"]
        {
            Client::builder().token("t").base_url(ok).build().unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in ["http://api.vercel.com", "http://10.0.0.1", "http://localhost.example.com", "http://[::2]"] {
            let err = Client::builder().token("t").base_url(bad).build().unwrap_err();
            assert!(matches!(&err, Error::Config(m) if m.contains("loopback")), "{bad}: {err:?}");
        }
    }

    #[test]
    fn timeouts_and_retries_default_and_override() {
        let client = Client::new("t").unwrap();
        assert_eq!(client.inner.timeout, DEFAULT_TIMEOUT);
        assert_eq!(client.inner.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(client.inner.retry, RetryConfig::default());
        let client = Client::builder()
            .token("t")
            .timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(2))
            .retry(RetryConfig::disabled())
            .build()
            .unwrap();
        assert_eq!(client.inner.timeout, Duration::from_secs(5));
        assert_eq!(client.inner.connect_timeout, Duration::from_secs(2));
        assert_eq!(client.inner.retry.attempts(), 1);
    }

    #[test]
    fn bad_token_and_user_agent_are_config_errors() {
        let err = Client::new("bad\ntoken").unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().token("t").user_agent("a\u{7f}").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn accessors_and_cheap_clone() {
        fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
        assert_send_sync_clone::<Client>();
        assert_send_sync_clone::<ClientBuilder>();
        let client = Client::builder().token("t").team_id("team_1").team_slug("acme").build().unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
        assert_eq!(clone.team_id(), Some("team_1"));
        assert_eq!(clone.team_slug(), Some("acme"));
    }
}
