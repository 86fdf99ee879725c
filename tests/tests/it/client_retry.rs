//! Retries, timeouts and error reporting of the generated client against a
//! local mock server. Waits are kept short by configuration; the one lower
//! bound asserted (about 1 s after `Retry-After: 1`) shows that the header was
//! honoured, not how fast anything is.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use vercel_client::prelude::*;
use vercel_client::{Client, Error, RetryConfig};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::builder;

/// Retries with a short backoff so that the tests do not wait on it.
fn fast_retries(attempts: u32) -> RetryConfig {
    RetryConfig::default().max_attempts(attempts).initial_backoff(Duration::from_millis(10))
}

fn client_with(server: &MockServer, retry: RetryConfig) -> Client {
    builder(server.uri()).retry(retry).build().expect("client builds")
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

fn edge_config(id: &str) -> serde_json::Value {
    json!({"id": id, "slug": "cfg", "ownerId": "team_1", "digest": "d", "createdAt": 1, "updatedAt": 1,
           "sizeInBytes": 0, "itemCount": 0})
}

#[tokio::test]
async fn retry_after_one_second_then_success_is_one_retry() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/edge-config/ecfg_1"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(json!({"error": {"code": "rate_limited", "message": "slow down"}})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/edge-config/ecfg_1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(edge_config("ecfg_1")))
        .mount(&server)
        .await;

    let started = Instant::now();
    let config = client_with(&server, RetryConfig::default())
        .edge_config()
        .get_edge_config("ecfg_1")
        .send()
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();

    assert_eq!(config.id, "ecfg_1");
    assert_eq!(request_count(&server).await, 2, "exactly one retry");
    assert!(waited >= Duration::from_secs(1), "Retry-After: 1 was not honoured (waited {waited:?})");
}

#[tokio::test]
async fn rate_limit_reset_is_honoured_on_429() {
    let server = MockServer::start().await;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", (now + 2).to_string()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;

    let started = Instant::now();
    client_with(&server, RetryConfig::default())
        .edge_config()
        .delete_edge_config("ecfg_1")
        .send()
        .await
        .expect("the retry succeeds");
    assert_eq!(request_count(&server).await, 2);
    // The reset is 1-2 s away (whole seconds): at least 1 s was waited.
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
}

#[tokio::test]
async fn server_errors_give_up_after_the_configured_attempts() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503).set_body_json(json!({"error": {"code": "unavailable", "message": "x"}})),
        )
        .mount(&server)
        .await;

    let err = client_with(&server, fast_retries(4)).edge_config().get_edge_config("ecfg_1").send().await.unwrap_err();
    assert_eq!(request_count(&server).await, 4);
    let api = err.api_error().expect("the last answer is the error");
    assert_eq!((api.status.as_u16(), api.code.as_deref()), (503, Some("unavailable")));
}

#[tokio::test]
async fn post_is_not_retried_on_500_but_is_on_429() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(500)).expect(1).mount(&server).await;
    let client = client_with(&server, fast_retries(3));
    let err = client.edge_config().create_edge_config().body_slug("cfg").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err:?}");
    assert_eq!(request_count(&server).await, 1);

    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(429)).mount(&server).await;
    let client = client_with(&server, fast_retries(3));
    let err = client.edge_config().create_edge_config().body_slug("cfg").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err:?}");
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn retries_off_sends_once() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = client_with(&server, RetryConfig::disabled()).edge_config().get_edge_configs().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let err = client_with(&server, fast_retries(5)).edge_config().get_edge_config("x").send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn a_server_wait_beyond_max_delay_returns_the_429_with_its_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429).insert_header("retry-after", "120").insert_header("x-ratelimit-remaining", "0"),
        )
        .mount(&server)
        .await;
    let retry = fast_retries(3).max_delay(Duration::from_secs(5));
    let err = client_with(&server, retry).edge_config().get_edge_configs().send().await.unwrap_err();
    assert_eq!(request_count(&server).await, 1);
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 429);
    assert_eq!(api.rate_limit().and_then(|r| r.remaining), Some(0));
}

#[tokio::test]
async fn timeouts_are_their_own_variant_and_idempotent_calls_retry_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)).set_body_json(json!([])))
        .mount(&server)
        .await;
    let client = builder(server.uri()).timeout(Duration::from_millis(200)).retry(fast_retries(2)).build().unwrap();
    let err = client.edge_config().get_edge_configs().send().await.unwrap_err();
    match &err {
        Error::Timeout { operation, after } => {
            assert_eq!(*operation, "getEdgeConfigs");
            assert_eq!(*after, Duration::from_millis(200));
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_the_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = builder(format!("http://127.0.0.1:{port}")).retry(fast_retries(2)).build().unwrap();
    let err = client.edge_config().get_edge_configs().send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn forbidden_without_team_scoping_says_team_id_may_be_missing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": {"code": "forbidden", "message": "Not authorized"}})),
        )
        .mount(&server)
        .await;

    // getEdgeConfigs takes `teamId`; none set on the client or the call.
    let unscoped = client_with(&server, RetryConfig::disabled());
    let err = unscoped.edge_config().get_edge_configs().send().await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.starts_with("getEdgeConfigs: HTTP 403: forbidden: Not authorized"), "{shown}");
    assert!(shown.contains("teamId may be missing"), "{shown}");
    assert!(err.api_error().unwrap().team_id_missing);

    // With teamId on the call, or on the client, no such hint.
    let err = unscoped.edge_config().get_edge_configs().team_id("team_1").send().await.unwrap_err();
    assert!(!err.to_string().contains("teamId"), "{err}");
    let scoped = builder(server.uri()).team_id("team_1").retry(RetryConfig::disabled()).build().unwrap();
    let err = scoped.edge_config().get_edge_configs().send().await.unwrap_err();
    assert!(!err.to_string().contains("teamId"), "{err}");

    // An operation without a teamId parameter gets no hint either.
    let err = unscoped.user().get_auth_user().send().await.unwrap_err();
    assert!(!err.to_string().contains("teamId"), "{err}");
    assert!(!err.api_error().unwrap().team_id_missing);
}
