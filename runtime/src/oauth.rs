//! OAuth code exchange for Vercel integrations.
//!
//! When a user installs an integration, Vercel redirects to the integration's
//! redirect URL with a short-lived `code` (valid 30 minutes, usable once).
//! [`OAuthApp::exchange_code`] trades it for a long-lived access token at
//! `POST /v2/oauth/access_token` and returns a [`Client`] ready to use it.
//! This endpoint is not in the OpenAPI spec, hence written by hand here.

use std::fmt;

use reqwest::header::{HeaderValue, ACCEPT};
use serde::Deserialize;

use crate::client::{
    validate_base_url, Client, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
use crate::error::Error;
use crate::transport::{transport_error, Success};

/// Operation id reported in errors of [`OAuthApp::exchange_code`].
const EXCHANGE_CODE: &str = "exchangeOAuthCode";

/// Path of the code exchange endpoint, appended to the base URL.
const ACCESS_TOKEN_PATH: &str = "/v2/oauth/access_token";

/// The credentials of an integration (OAuth application), used to exchange
/// the `code` Vercel passes to its redirect URL for an access token.
///
/// Its `Debug` output never contains the client secret.
///
/// ```no_run
/// # async fn demo(code: &str) -> Result<(), vercel_runtime::Error> {
/// use vercel_runtime::OAuthApp;
///
/// let app = OAuthApp::new("oac_client_id", "client-secret", "https://example.com/callback");
/// let (token, client) = app.exchange_code(code).await?;
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

    /// Exchanges the `code` received on the redirect URL for an access token.
    ///
    /// Sends `POST /v2/oauth/access_token` with an
    /// `application/x-www-form-urlencoded` body (`client_id`, `client_secret`,
    /// `code`, `redirect_uri`) and returns the token response with a [`Client`]
    /// that uses the token, the same base URL and user agent, and `team_id` as
    /// its team id when the integration was installed on a team.
    ///
    /// Errors (operation id `exchangeOAuthCode`): [`Error::Config`] for a bad
    /// base URL or user agent, before any I/O; [`Error::Transport`] or
    /// [`Error::Timeout`] (the exchange is not retried: a code is usable once);
    /// [`Error::Api`] for a non-2xx answer (e.g. code `invalid_grant` for a
    /// used or expired code); [`Error::Decode`] for a 2xx body that is not a
    /// token response. As that body may hold the token, the decode error does
    /// not keep it (its `body` is empty).
    pub async fn exchange_code(&self, code: &str) -> Result<(TokenResponse, Client), Error> {
        let base_url = validate_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let mut http = reqwest::Client::builder();
        if let Some(user_agent) = &self.user_agent {
            let user_agent = HeaderValue::from_str(user_agent)
                .map_err(|_| Error::Config("user agent contains characters not allowed in a header".into()))?;
            http = http.user_agent(user_agent);
        } else {
            http = http.user_agent(DEFAULT_USER_AGENT);
        }
        let http = http
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .timeout(DEFAULT_TIMEOUT)
            .build()
            .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?;

        let form = [
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
            ("code", code),
            ("redirect_uri", self.redirect_uri.as_str()),
        ];
        let response = http
            .post(format!("{base_url}{ACCESS_TOKEN_PATH}"))
            .header(ACCEPT, "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| transport_error(EXCHANGE_CODE, e, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT))?;
        let ok = Success::receive(EXCHANGE_CODE, &[], response).await?;
        let token: TokenResponse = ok.decode(&ok.body, "").map_err(|e| match e {
            Error::Decode(mut decode) => {
                decode.body = Default::default();
                Error::Decode(decode)
            }
            other => other,
        })?;

        let mut client = Client::builder().token(token.access_token.as_str()).base_url(base_url);
        if let Some(team_id) = &token.team_id {
            client = client.team_id(team_id.as_str());
        }
        if let Some(user_agent) = &self.user_agent {
            client = client.user_agent(user_agent.as_str());
        }
        let client = client.build()?;
        Ok((token, client))
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
