//! The API client: configuration, authentication, team scoping and sending.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error};
use crate::request::Request;
use crate::response::Response;

/// Base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.vercel.com";

/// Environment variable read for the token when the builder sets none.
const TOKEN_ENV: &str = "VERCEL_TOKEN";

/// Client for the Vercel REST API. Cheap to clone (shared state behind an `Arc`).
///
/// Its `Debug` output never contains the token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `Bearer <token>`, marked sensitive.
    authorization: HeaderValue,
    base_url: String,
    team_id: Option<String>,
    team_slug: Option<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("team_id", &self.inner.team_id)
            .field("team_slug", &self.inner.team_slug)
            .field("token", &"<redacted>")
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
            .finish()
    }
}

impl ClientBuilder {
    /// Sets the bearer token. Without it, `build` reads `VERCEL_TOKEN`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sets the base URL (default [`DEFAULT_BASE_URL`]); must be `http` or `https`.
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

    /// Sets the `User-Agent` (default `vercel-runtime/<version>`).
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

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when there is no token (neither set here
    /// nor in `VERCEL_TOKEN`), the token, user agent or a default header is
    /// not a valid header, or the base URL is not an absolute `http(s)` URL.
    pub fn build(self) -> Result<Client, Error> {
        let token = match self.token {
            Some(token) => token,
            None => std::env::var(TOKEN_ENV).unwrap_or_default(),
        };
        if token.is_empty() {
            return Err(Error::Config(format!(
                "no token: set one with ClientBuilder::token or the {TOKEN_ENV} environment variable"
            )));
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|_| Error::Config("token contains characters not allowed in a header".into()))?;
        authorization.set_sensitive(true);

        let base_url = validate_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;

        let user_agent =
            self.user_agent.unwrap_or_else(|| concat!("vercel-runtime/", env!("CARGO_PKG_VERSION")).to_owned());
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

        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .default_headers(default_headers)
            .build()
            .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?;

        Ok(Client {
            inner: Arc::new(Inner { http, authorization, base_url, team_id: self.team_id, team_slug: self.team_slug }),
        })
    }
}

/// Trims trailing slashes and checks that the URL is absolute `http(s)`
/// without query or fragment (paths are appended to it verbatim).
pub(crate) fn validate_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).map_err(|e| Error::Config(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!("invalid base URL {raw:?}: scheme must be http or https")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!("invalid base URL {raw:?}: must not have a query or fragment")));
    }
    Ok(trimmed.to_owned())
}

/// A successful (2xx) response.
pub(crate) struct Success {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Success {
    /// Reads the whole response; a non-2xx status becomes [`Error::Api`]
    /// (or [`Error::IntegrationDisabled`], see [`ApiError::into_error`]).
    pub(crate) async fn receive(
        operation: &'static str,
        scopes: &'static [&'static str],
        response: reqwest::Response,
    ) -> Result<Success, Error> {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?;
        if !status.is_success() {
            let mut error = ApiError::new(operation, status, headers, body);
            error.scopes = scopes;
            return Err(error.into_error());
        }
        Ok(Success { operation, status, headers, body })
    }

    /// The response with `body` in place of the raw bytes.
    pub(crate) fn into_response<T>(self, body: T) -> Response<T> {
        Response::new(self.status, self.headers, body)
    }

    /// Decodes the whole body into `T`.
    ///
    /// An empty (or all-whitespace) body, which some operations answer
    /// instead of the documented JSON (e.g. `uploadFile` for a file already
    /// uploaded), carries no fields: it decodes as `{}` (so a struct whose
    /// fields are all optional, a map or an object union variant accepts it)
    /// and, if `T` rejects an object, as `null` (so `Option`, `()` and
    /// `serde_json::Value` accept it). A `T` that accepts neither gives
    /// [`Error::Decode`] for the `{}` attempt, with the real (empty) body.
    pub(crate) fn decode_body<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if !self.body.trim_ascii().is_empty() {
            return self.decode(&self.body, "");
        }
        self.decode(b"{}", "").or_else(|first| self.decode(b"null", "").map_err(|_| first))
    }

    /// Decodes `bytes` (the whole body or one line of it) into `T`;
    /// `path_prefix` is prepended to the reported field path.
    pub(crate) fn decode<T: DeserializeOwned>(&self, bytes: &[u8], path_prefix: &str) -> Result<T, Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let result = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
            .and_then(|value| {
                // Reject trailing characters, as `serde_json::from_slice` does.
                de.end().map(|()| value).map_err(|e| (".".to_owned(), e.to_string()))
            });
        result.map_err(|(path, message)| {
            let path = match (path_prefix.is_empty(), path.as_str()) {
                (true, _) => path,
                (false, ".") => path_prefix.to_owned(),
                (false, rest) if rest.starts_with('[') => format!("{path_prefix}{rest}"),
                (false, rest) => format!("{path_prefix}.{rest}"),
            };
            Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                headers: self.headers.clone(),
                body: self.body.clone(),
                path,
                message,
            }))
        })
    }
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

    /// Sends the request and decodes a 2xx JSON body into `T`.
    ///
    /// A body that does not decode gives [`Error::Decode`] naming the field
    /// path; a non-2xx status gives [`Error::Api`].
    pub async fn send<T: DeserializeOwned>(&self, req: Request) -> Result<T, Error> {
        self.send_with_response(req).await.map(Response::into_body)
    }

    /// Like [`send`](Self::send), and keeps the status and headers.
    pub async fn send_with_response<T: DeserializeOwned>(&self, req: Request) -> Result<Response<T>, Error> {
        let ok = self.execute(req, Some("application/json")).await?;
        let body = ok.decode_body()?;
        Ok(ok.into_response(body))
    }

    /// Sends the request and ignores the body of a 2xx response; a non-2xx
    /// status gives [`Error::Api`].
    pub async fn send_empty(&self, req: Request) -> Result<(), Error> {
        self.execute(req, None).await.map(drop)
    }

    /// Like [`send_empty`](Self::send_empty), and keeps the status and headers.
    pub async fn send_empty_with_response(&self, req: Request) -> Result<Response<()>, Error> {
        self.execute(req, None).await.map(|ok| ok.into_response(()))
    }

    /// Sends the request and decodes a 2xx `application/stream+json` body:
    /// newline-delimited JSON, one `T` per non-empty line. Decode errors
    /// report the line index first in the path, e.g. `[2].id`.
    pub async fn send_json_lines<T: DeserializeOwned>(&self, req: Request) -> Result<Vec<T>, Error> {
        self.send_json_lines_with_response(req).await.map(Response::into_body)
    }

    /// Like [`send_json_lines`](Self::send_json_lines), and keeps the status and headers.
    pub async fn send_json_lines_with_response<T: DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<Response<Vec<T>>, Error> {
        let ok = self.execute(req, Some("application/stream+json")).await?;
        let lines = ok
            .body
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, line)| !line.trim_ascii().is_empty())
            .map(|(index, line)| ok.decode(line, &format!("[{index}]")))
            .collect::<Result<Vec<T>, Error>>()?;
        Ok(ok.into_response(lines))
    }

    /// Sends the request and returns the raw body of a 2xx response.
    pub async fn send_bytes(&self, req: Request) -> Result<Bytes, Error> {
        self.execute(req, None).await.map(|ok| ok.body)
    }

    /// Like [`send_bytes`](Self::send_bytes), and keeps the status and headers.
    pub async fn send_bytes_with_response(&self, req: Request) -> Result<Response<Bytes>, Error> {
        self.execute(req, None).await.map(|ok| {
            let body = ok.body.clone();
            ok.into_response(body)
        })
    }

    /// Encodes, scopes and sends the request; turns non-2xx into [`Error::Api`].
    async fn execute(&self, req: Request, accept: Option<&'static str>) -> Result<Success, Error> {
        let operation = req.operation;
        if let Some(message) = req.error {
            return Err(Error::Encode { operation: operation.id, message });
        }

        let mut query = req.query;
        let scopes = [
            (operation.team_id_query, "teamId", &self.inner.team_id),
            (operation.slug_query, "slug", &self.inner.team_slug),
        ];
        for (declared, key, configured) in scopes {
            if let (true, Some(value)) = (declared, configured) {
                if !query.iter().any(|(k, _)| *k == key) {
                    query.push((key, value.clone()));
                }
            }
        }

        let separator = if req.path.starts_with('/') { "" } else { "/" };
        let url = format!("{}{separator}{}", self.inner.base_url, req.path);
        let mut headers = req.headers;
        headers.insert(AUTHORIZATION, self.inner.authorization.clone());
        if let Some(accept) = accept {
            headers.entry(ACCEPT).or_insert(HeaderValue::from_static(accept));
        }

        let mut builder = self.inner.http.request(operation.method.clone(), url);
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        if let Some(body) = req.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(body.content_type));
            builder = builder.body(body.bytes);
        }

        let response = builder.headers(headers).send().await.map_err(Error::Transport)?;
        Success::receive(operation.id, operation.scopes, response).await
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
    fn bad_token_and_user_agent_are_config_errors() {
        let err = Client::new("bad\ntoken").unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let err = Client::builder().token("t").user_agent("a\u{7f}").build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }

    #[test]
    fn accessors_and_cheap_clone() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
        let client = Client::builder().token("t").team_id("team_1").team_slug("acme").build().unwrap();
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
        assert_eq!(clone.team_id(), Some("team_1"));
        assert_eq!(clone.team_slug(), Some("acme"));
    }
}
