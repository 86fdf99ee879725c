//! Token providers (asked before each attempt, once more for a fresh token
//! after a 401/403) and derived clients sharing one connection pool.

use crate::common::{GET_USER, LIST_DEPLOYMENTS};

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use vercel_runtime::mock::{Mock, MockResponse};
use vercel_runtime::{BoxError, Client, Error, Request, TokenRequest};

/// A provider handing out `tok_1`, `tok_2`, ... and logging why it was asked.
fn counting_provider(log: Arc<Mutex<Vec<TokenRequest>>>) -> impl vercel_runtime::TokenProvider {
    move |why: TokenRequest| {
        let log = log.clone();
        async move {
            let mut log = log.lock().unwrap();
            log.push(why);
            Ok::<_, BoxError>(format!("tok_{}", log.len()))
        }
    }
}

fn tokens_sent(mock: &Mock) -> Vec<String> {
    mock.calls().iter().map(|c| c.header("authorization").unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_provider_is_asked_before_each_attempt() {
    let mock = Mock::new();
    mock.on_any().respond_sequence([MockResponse::status(503), MockResponse::json(&json!({}))]);
    let log = Arc::new(Mutex::new(Vec::new()));
    let builder = Client::builder()
        .token_provider(counting_provider(log.clone()))
        .retry(vercel_runtime::RetryConfig::default().initial_backoff(std::time::Duration::ZERO));
    let client = mock.client_from(builder).unwrap();
    let _: serde_json::Value = client.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    assert_eq!(tokens_sent(&mock), ["Bearer tok_1", "Bearer tok_2"]);
    assert_eq!(*log.lock().unwrap(), [TokenRequest::Attempt, TokenRequest::Attempt]);
}

#[tokio::test]
async fn a_401_asks_once_for_a_fresh_token_and_retries_once() {
    for status in [401, 403] {
        let mock = Mock::new();
        mock.on_any().respond_sequence([MockResponse::status(status), MockResponse::json(&json!({"ok": true}))]);
        let log = Arc::new(Mutex::new(Vec::new()));
        let client = mock.client_from(Client::builder().token_provider(counting_provider(log.clone()))).unwrap();
        let got: serde_json::Value = client.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
        assert_eq!(got, json!({"ok": true}));
        assert_eq!(tokens_sent(&mock), ["Bearer tok_1", "Bearer tok_2"], "{status}");
        assert_eq!(*log.lock().unwrap(), [TokenRequest::Attempt, TokenRequest::Refresh]);
    }
    // Twice refused: the second refusal is the answer.
    let mock = Mock::new();
    mock.on_any().respond(MockResponse::status(401));
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = mock.client_from(Client::builder().token_provider(counting_provider(log.clone()))).unwrap();
    let err = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(mock.call_count(), 2);
    // A static token is never retried on 401.
    let mock = Mock::new();
    mock.on_any().respond(MockResponse::status(401));
    let err = mock.client().send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(mock.call_count(), 1);
}

#[tokio::test]
async fn a_failing_provider_fails_the_call_before_it_is_sent() {
    let mock = Mock::new();
    let provider = |_: TokenRequest| async { Err::<String, BoxError>("vault sealed".into()) };
    let client = mock.client_from(Client::builder().token_provider(provider)).unwrap();
    let err = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert_eq!(err.to_string(), "getAuthUser: token provider failed: vault sealed");
    assert!(matches!(err, Error::Token { .. }));
    assert_eq!(mock.call_count(), 0);
    let err = Client::builder().token("t").token_provider(provider).build().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
}

#[tokio::test]
async fn derived_clients_change_token_and_team_only() {
    let mock = Mock::new();
    mock.on_any().respond_json(&json!({}));
    let base = mock.client_from(Client::builder().token("tok_base").team_slug("acme")).unwrap();
    let tenant = base.with_token("tok_tenant").unwrap().with_team_id("team_t");
    for client in [&base, &tenant] {
        let _: serde_json::Value =
            client.send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();
    }
    let calls = mock.calls();
    assert_eq!(tokens_sent(&mock), ["Bearer tok_base", "Bearer tok_tenant"]);
    assert_eq!(calls[0].query(), [("slug".to_owned(), "acme".to_owned())]);
    assert_eq!(calls[1].query(), [("teamId".to_owned(), "team_t".to_owned())]);
    assert_eq!((base.team_id(), tenant.team_id(), tenant.team_slug()), (None, Some("team_t"), None));
    assert!(matches!(base.with_token("bad\ntoken"), Err(Error::Config(_))));
    assert!(matches!(base.with_token(""), Err(Error::Config(_))));
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering `{}` to up to 4
/// GETs; returns its URL and the number of connections accepted.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        for _ in 0..4 {
            let Ok((stream, _)) = listener.accept().await else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut answered = 0;
                while let Ok(Some(line)) = lines.next_line().await {
                    if !line.is_empty() {
                        continue;
                    }
                    answered += 1;
                    let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                    if answered > 4 || write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, connections)
}

#[tokio::test]
async fn derived_clients_share_the_connection_pool() {
    let (url, connections) = counting_server().await;
    let base = Client::builder().token("tok_base").base_url(url).build().unwrap();
    let derived = [base.with_token("tok_other").unwrap(), base.with_team_id("team_1"), base.clone()];
    let _: serde_json::Value = base.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    for client in &derived {
        let _: serde_json::Value = client.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    }
    assert_eq!(connections.load(Ordering::SeqCst), 1, "four requests from four clients on one connection");
}
