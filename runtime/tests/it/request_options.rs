//! Per-call options win over the client's settings: timeout, retry policy,
//! extra headers, extra query parameters, base URL.

use crate::common::{GET_USER, LIST_DEPLOYMENTS};

use std::time::Duration;

use serde_json::json;
use vercel_runtime::mock::{Mock, MockResponse};
use vercel_runtime::{Client, Error, Request, RequestOptions, RetryConfig};

fn request(options: RequestOptions) -> Request {
    let mut req = Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into());
    req.header("x-source", "operation");
    req.set_options(Some(options));
    req
}

#[tokio::test]
async fn option_headers_win_over_the_requests_and_the_clients_own_stay() {
    let mock = Mock::new();
    mock.on_any().respond_json(&json!({}));
    let client = mock.client();
    let options =
        RequestOptions::new().header("x-source", "options").header("x-extra", "1").header("authorization", "x");
    let _: serde_json::Value = client.send(request(options)).await.unwrap();
    let call = &mock.calls()[0];
    assert_eq!(call.headers().get_all("x-source").iter().collect::<Vec<_>>(), ["options"]);
    assert_eq!(call.header("x-extra"), Some("1"));
    assert_eq!(call.header("authorization"), Some("Bearer test-token"), "the client's token is not overridden");
}

#[tokio::test]
async fn option_query_parameters_are_appended_after_the_operations_own() {
    let mock = Mock::new();
    mock.on_any().respond_json(&json!({}));
    let client = mock.client_from(Client::builder().token("t").team_id("team_1")).unwrap();
    let mut req = request(RequestOptions::new().query("prebuilt", "1").query("note", "a b&c"));
    req.query("limit", &5);
    let _: serde_json::Value = client.send(req).await.unwrap();
    let calls = mock.calls();
    let query: Vec<(&str, &str)> = calls[0].query().iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(query, [("limit", "5"), ("teamId", "team_1"), ("prebuilt", "1"), ("note", "a b&c")]);
}

#[tokio::test]
async fn option_retry_policy_wins_over_the_clients() {
    let mock = Mock::new();
    mock.on_any().respond_sequence([MockResponse::status(503), MockResponse::json(&json!({}))]);
    let client = mock.client(); // retries 503s
    let err = client.send::<serde_json::Value>(request(RequestOptions::new().retry(RetryConfig::disabled()))).await;
    assert_eq!(err.unwrap_err().status().map(|s| s.as_u16()), Some(503));
    assert_eq!(mock.call_count(), 1, "not retried");

    let mock = Mock::new();
    mock.on_any().respond_sequence([MockResponse::status(503), MockResponse::json(&json!({}))]);
    let client = mock.client_from(Client::builder().token("t").retry(RetryConfig::disabled())).unwrap();
    let retry = RetryConfig::default().initial_backoff(Duration::ZERO);
    let _: serde_json::Value = client.send(request(RequestOptions::new().retry(retry))).await.unwrap();
    assert_eq!(mock.call_count(), 2, "retried by the per-call policy");
}

#[tokio::test]
async fn option_base_url_wins_and_is_validated() {
    let mock = Mock::new();
    mock.on_any().respond_json(&json!({}));
    let client = mock.client();
    let options = RequestOptions::new().base_url("https://eu.api.example.com/proxy/");
    let _: serde_json::Value = client.send(request(options)).await.unwrap();
    assert_eq!(mock.calls()[0].path(), "/proxy/v6/deployments");

    let err = client.send::<serde_json::Value>(request(RequestOptions::new().base_url("http://example.com"))).await;
    assert!(matches!(err, Err(Error::Config(m)) if m.contains("loopback")));
    let err = client.send::<serde_json::Value>(request(RequestOptions::new().header("bad name", "v"))).await;
    assert!(matches!(err, Err(Error::Encode { message, .. }) if message.contains("bad name")));
    assert_eq!(mock.call_count(), 1, "invalid options fail before any I/O");
}

#[tokio::test]
async fn option_timeout_wins_over_the_clients() {
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = Client::builder().token("t").base_url(server.uri()).retry(RetryConfig::disabled()).build().unwrap();
    let short = RequestOptions::new().timeout(Duration::from_millis(100));
    let mut req = Request::new(&GET_USER, "/v2/user".into());
    req.set_options(Some(short));
    let err = client.send::<serde_json::Value>(req).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(100)), "{err:?}");

    // And the other way round: a client timeout shorter than the answer, a per-call one longer.
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let mut req = Request::new(&GET_USER, "/v2/user".into());
    req.set_options(Some(RequestOptions::new().timeout(Duration::from_secs(5))));
    let _: serde_json::Value = client.send(req).await.unwrap();
}
