//! `ClientBuilder::http_client`: the user's reqwest client is used as it is,
//! and the runtime still applies its token, team scoping and timeout. A test
//! binary of its own (not a module of `it`): it installs rustls' process-wide
//! crypto provider, which must not hide a runtime client that needs one.

mod common;
use common::{GET_USER, LIST_DEPLOYMENTS};

use std::time::Duration;

use serde_json::json;
use vercel_runtime::{Client, Error, Request, RetryConfig};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A user's reqwest client builder. This test's reqwest has no TLS feature of
/// its own, so its TLS backend is the runtime's `rustls-no-provider`: like
/// such a user, it installs a rustls crypto provider first (see
/// `ClientBuilder::http_client`).
fn users_reqwest() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

#[tokio::test]
async fn the_users_client_is_used_with_the_runtimes_token_and_team() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    // A header only the user's client sends proves that client carried the request.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-corporate-proxy", "yes".parse().unwrap());
    let http = users_reqwest().default_headers(headers).user_agent("my-app/1").build().unwrap();
    let client =
        Client::builder().http_client(http).token("tok_1").team_id("team_1").base_url(server.uri()).build().unwrap();

    let _: serde_json::Value = client.send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();

    let got = &server.received_requests().await.unwrap()[0];
    assert_eq!(got.headers["x-corporate-proxy"], "yes");
    assert_eq!(got.headers["user-agent"], "my-app/1");
    assert_eq!(got.headers["authorization"], "Bearer tok_1");
    assert_eq!(got.url.query(), Some("teamId=team_1"));
}

#[tokio::test]
async fn the_runtimes_timeout_applies_to_a_client_without_one() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer tok_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .http_client(users_reqwest().build().unwrap())
        .token("tok_1")
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();

    let err = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(200)), "{err:?}");
}

#[test]
fn settings_of_the_runtimes_own_client_are_refused_with_the_users() {
    let with = || Client::builder().http_client(users_reqwest().build().unwrap()).token("t");
    for (name, builder) in [
        ("user_agent", with().user_agent("x")),
        ("default_header", with().default_header("x-a", "b")),
        ("connect_timeout", with().connect_timeout(Duration::from_secs(1))),
        ("pool_idle_timeout", with().pool_idle_timeout(Duration::from_secs(1))),
    ] {
        let err = builder.build().unwrap_err();
        assert!(matches!(&err, Error::Config(m) if m.contains(name) && m.contains("http_client")), "{name}: {err}");
    }
    with().timeout(Duration::from_secs(1)).retry(RetryConfig::disabled()).build().unwrap();
}
