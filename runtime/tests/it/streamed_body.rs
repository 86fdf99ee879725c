//! A request body streamed in chunks (`Request::stream`): sent whole with
//! its `Content-Length`, opened again for a retried attempt, and an error
//! of the stream ends the attempt.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream;
use serde_json::json;
use vercel_runtime::{BodyStream, Bytes, Client, Error, Method, Operation, Request, RetryConfig};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const UPLOAD: Operation = Operation {
    id: "uploadFile",
    method: Method::POST,
    path: "/v2/files",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};

/// A request whose body is `chunks`, counting how often it was opened.
fn upload(chunks: Vec<&'static [u8]>, opened: Arc<AtomicUsize>) -> Request {
    let length = chunks.iter().map(|c| c.len() as u64).sum();
    let mut req = Request::new(&UPLOAD, "/v2/files".into());
    req.stream(length, "application/octet-stream", move || -> BodyStream {
        opened.fetch_add(1, Ordering::SeqCst);
        Box::pin(stream::iter(chunks.clone().into_iter().map(|c| Ok(Bytes::from_static(c)))))
    });
    req
}

fn client(server: &MockServer) -> Client {
    let retry = RetryConfig::default().initial_backoff(Duration::ZERO);
    Client::builder().token("t").base_url(server.uri()).retry(retry).build().unwrap()
}

#[tokio::test]
async fn a_streamed_body_arrives_whole_with_its_length_and_is_reopened_for_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/files"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/files"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let opened = Arc::new(AtomicUsize::new(0));
    let _: serde_json::Value =
        client(&server).send(upload(vec![b"hello ", b"streamed ", b"world"], opened.clone())).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2, "the 429 was retried");
    for request in &received {
        assert_eq!(request.body, b"hello streamed world");
        assert_eq!(request.headers.get("content-length").unwrap(), "20");
        assert_eq!(request.headers.get("content-type").unwrap(), "application/octet-stream");
        assert!(request.headers.get("transfer-encoding").is_none());
    }
    assert_eq!(opened.load(Ordering::SeqCst), 2, "opened once per attempt");
}

#[tokio::test]
async fn an_error_of_the_stream_ends_the_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let mut req = Request::new(&UPLOAD, "/v2/files".into());
    req.stream(10, "application/octet-stream", || -> BodyStream {
        Box::pin(stream::iter([Ok(Bytes::from_static(b"abc")), Err("the file changed".into())]))
    });
    let client = Client::builder().token("t").base_url(server.uri()).retry(RetryConfig::disabled()).build().unwrap();
    let err = client.send::<serde_json::Value>(req).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let mut source = std::error::Error::source(&err);
    let mut found = false;
    while let Some(e) = source {
        found |= e.to_string().contains("the file changed");
        source = e.source();
    }
    assert!(found, "the stream's error is in the source chain: {err:?}");
}
