//! OAuth code exchange for Vercel integrations.
//!
//! When a user installs an integration, Vercel redirects to the integration's
//! redirect URL with a short-lived `code` (valid 30 minutes, usable once).
//! [`OAuthApp::exchange_code_with`] trades it for a long-lived access token at
//! `POST /v2/oauth/access_token` through a [`Client`] (its HTTP client, base
//! URL, interceptors, timeouts, and the `test-util` mock) and returns a client
//! derived from it that uses the token. This endpoint is not in the OpenAPI
//! spec, hence written by hand here.

use std::fmt;

use http::Method;
use serde::Deserialize;

use crate::client::{validate_base_url, Client, DEFAULT_BASE_URL};
use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::request::Request;
use crate::retry::RetryConfig;

/// The content type of the exchange's body.
const FORM: &str = "application/x-www-form-urlencoded";

/// The credentials of an integration (OAuth application), used to exchange
/// the `code` Vercel passes to its redirect URL for an access token.
///
/// Its `Debug` output never contains the client secret.
///
/// ```no_run
/// # use vercel_runtime as vercel_client; // what a user of the facade writes
/// # async fn demo(code: &str) -> Result<(), vercel_client::Error> {
/// use vercel_client::{Client, OAuthApp};
///
/// let app = OAuthApp::new("oac_client_id", "client-secret", "https://example.com/callback");
/// // The client of the integration itself (its token is not sent with the exchange).
/// let base = Client::builder().token("integration-token").build()?;
/// let (token, client) = app.exchange_code_with(&base, code).await?;
/// // Store `token.access_token` for later; `client` is scoped to `token.team_id`.
/// # let _ = (token, client);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    base_url: Option<String>,
    user_agent: Option<String>,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// The answer to a successful code exchange.
///
/// Its `Debug` output never contains the access token.
#[derive(Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenResponse {
    /// The long-lived access token, sent as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// The token type (`Bearer`).
    pub token_type: String,
    /// Id of the integration configuration (installation) the token belongs to.
    pub installation_id: String,
    /// Id of the user who installed the integration.
    pub user_id: String,
    /// Id of the team the integration was installed on; `None` when it was
    /// installed on a personal account. When set, team-scoped requests must
    /// carry it as `teamId` (the client returned by
    /// [`OAuthApp::exchange_code`] does so).
    #[serde(default)]
    pub team_id: Option<String>,
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("installation_id", &self.installation_id)
            .field("user_id", &self.user_id)
            .field("team_id", &self.team_id)
            .finish()
    }
}

impl OAuthApp {
    /// The integration's client id and secret, and the redirect URL
    /// configured in the Integration Console.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            base_url: None,
            user_agent: None,
        }
    }

    /// Sets the base URL of the exchange and of the returned client (default
    /// [`DEFAULT_BASE_URL`]); must be `https` (or `http` to a loopback host), as for
    /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the `User-Agent` of the exchange and of the returned client
    /// (default `vercel-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The integration's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The redirect URL sent with the exchange.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The code exchange as an operation (id `exchangeOAuthCode`,
    /// `POST /v2/oauth/access_token`), e.g. to script its answer on the
    /// `test-util` mock: `mock.on(&OAuthApp::EXCHANGE_CODE)`.
    pub const EXCHANGE_CODE: Operation = Operation {
        id: "exchangeOAuthCode",
        method: Method::POST,
        path: "/v2/oauth/access_token",
        team_id_query: false,
        slug_query: false,
        scopes: &[],
    };

    /// Exchanges the `code` received on the redirect URL for an access token,
    /// through a client of its own: like [`exchange_code_with`](Self::exchange_code_with)
    /// on a client with this app's [`base_url`](Self::base_url) and
    /// [`user_agent`](Self::user_agent) and the default timeouts.
    ///
    /// Fails with [`Error::Config`] for a bad base URL or user agent, before any I/O.
    pub async fn exchange_code(&self, code: &str) -> Result<(TokenResponse, Client), Error> {
        let base_url = validate_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        // The exchange is sent without a bearer token, and the client returned
        // carries the access token: this placeholder is never sent.
        let mut builder = Client::builder().token("unused").base_url(base_url);
        if let Some(user_agent) = &self.user_agent {
            builder = builder.user_agent(user_agent.as_str());
        }
        self.exchange_code_with(&builder.build()?, code).await
    }

    /// Exchanges the `code` received on the redirect URL for an access token,
    /// through `client`: its HTTP client, base URL, interceptors and timeouts
    /// (and, with the `test-util` feature, its mock, which answers the
    /// operation [`EXCHANGE_CODE`](Self::EXCHANGE_CODE)).
    ///
    /// Sends `POST /v2/oauth/access_token` with an
    /// `application/x-www-form-urlencoded` body (`client_id`, `client_secret`,
    /// `code`, `redirect_uri`) and no `Authorization` header (`client`'s token
    /// or token provider is not used), once: a code is usable once, so the
    /// exchange is never retried. Interceptors see it like any attempt (its
    /// body holds the client secret). Returns the token response with a
    /// [`Client`] derived from `client` (same connection pool, base URL,
    /// interceptors, settings) that sends the access token and is scoped to
    /// `team_id` when the integration was installed on a team, to no team
    /// otherwise.
    ///
    /// Errors (operation id `exchangeOAuthCode`): [`Error::Transport`] or
    /// [`Error::Timeout`]; [`Error::Api`] for a non-2xx answer (e.g. code
    /// `invalid_grant` for a used or expired code); [`Error::Decode`] for a
    /// 2xx body that is not a token response. As that body may hold the
    /// token, the decode error does not keep it (its `body` is empty).
    pub async fn exchange_code_with(&self, client: &Client, code: &str) -> Result<(TokenResponse, Client), Error> {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", self.client_id.as_str()),
                ("client_secret", self.client_secret.as_str()),
                ("code", code),
                ("redirect_uri", self.redirect_uri.as_str()),
            ])
            .finish();
        let mut request = Request::new(&Self::EXCHANGE_CODE, Self::EXCHANGE_CODE.path.to_owned());
        request.bytes(form, FORM);
        request.set_options(Some(RequestOptions::new().retry(RetryConfig::disabled())));
        request.set_anonymous();
        let ok = client.execute(request, Some("application/json")).await?;
        let token: TokenResponse = ok.decode(&ok.body, "").map_err(|e| match e {
            Error::Decode(mut decode) => {
                decode.body = Default::default();
                Error::Decode(decode)
            }
            other => other,
        })?;
        let team_id = token.team_id.clone();
        let installation = client.with_token(&token.access_token)?.derive(|inner| {
            inner.team_id = team_id;
            inner.team_slug = None;
        });
        Ok((token, installation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let app = OAuthApp::new("oac_id", "very-secret", "https://example.com/cb");
        let shown = format!("{app:?} {app:#?}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(shown.contains("oac_id") && shown.contains("https://example.com/cb"), "{shown}");

        let token: TokenResponse = serde_json::from_str(
            r#"{"access_token":"tok-secret","token_type":"Bearer","installation_id":"icfg_1","user_id":"u_1"}"#,
        )
        .unwrap();
        assert_eq!(token.team_id, None);
        let shown = format!("{token:?} {token:#?}");
        assert!(!shown.contains("tok-secret"), "{shown}");
        assert!(shown.contains("icfg_1"), "{shown}");
    }

    #[tokio::test]
    async fn bad_base_url_fails_before_io() {
        let app = OAuthApp::new("id", "secret", "https://example.com/cb").base_url("ftp://example.com");
        let err = app.exchange_code("code").await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let app = OAuthApp::new("id", "secret", "https://example.com/cb").user_agent("a\u{7f}");
        let err = app.exchange_code("code").await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
    }
}
