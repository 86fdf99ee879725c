//! `Client::send_with_error_stream`: the final non-2xx answer is handed to
//! the caller unread, as a bounded stream; one it does not recognise becomes
//! the typed error `send` gives, raw body included. Against the raw
//! HTTP/1.1 server of `support` (chunked bodies).

use std::io::Write;
use std::time::Duration;

use serde_json::Value;
use vercel_runtime::{Answer, BodyErrorKind, Error, ErrorStream, Method, Operation, Request, RetryConfig, StreamExt};

use crate::support::{builder, serve};

static GET_USER: Operation = Operation {
    id: "getAuthUser",
    method: Method::GET,
    path: "/v2/user",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};

fn request() -> Request {
    Request::new(&GET_USER, "/v2/user".into())
}

/// Answers connection `i` with `answers[i]`: its status and its body in
/// chunks of `piece` bytes (chunked transfer encoding, no `Content-Length`).
fn server(answers: Vec<(u16, &'static str)>, piece: usize) -> String {
    let (url, _, _) = serve(answers.len(), move |index, _, stream| {
        let (status, body) = answers[index];
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-vercel-id: fra1::t\r\n\
             transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        );
        let _ = stream.write_all(head.as_bytes());
        for part in body.as_bytes().chunks(piece) {
            let _ = write!(stream, "{:x}\r\n", part.len());
            let _ = stream.write_all(part);
            let _ = stream.write_all(b"\r\n");
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let _ = stream.flush();
    });
    url
}

async fn error_stream(client: &vercel_runtime::Client) -> ErrorStream {
    match client.send_with_error_stream::<Value>(request()).await.expect("an answer") {
        Answer::Error(stream) => stream,
        Answer::Success(value) => panic!("a success: {value}"),
    }
}

async fn read_all(stream: &mut ErrorStream) -> Result<Vec<u8>, Error> {
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        body.extend_from_slice(&chunk?);
    }
    Ok(body)
}

const FORBIDDEN: &str = r#"{"error":{"code":"forbidden","message":"Not allowed"},"list":[1,2,3,4,5,6,7,8,9]}"#;

#[tokio::test]
async fn an_answer_the_caller_does_not_recognise_is_the_typed_error_send_gives() {
    let url = server(vec![(403, FORBIDDEN), (403, FORBIDDEN)], 7);
    let client = builder(url).retry(RetryConfig::disabled()).build().unwrap();
    let mut stream = error_stream(&client).await;
    assert_eq!(stream.status(), 403);
    assert_eq!(stream.headers()["x-vercel-id"], "fra1::t");
    // The caller reads a part of it, then gives up on it: what it read is part of the error.
    let first = stream.next().await.unwrap().unwrap();
    assert!(!first.is_empty() && first.len() < FORBIDDEN.len());
    let streamed = stream.into_error().await;
    let sent = client.send::<Value>(request()).await.unwrap_err();
    let (Error::Api(from_stream), Error::Api(from_send)) = (&streamed, &sent) else {
        panic!("{streamed:?} / {sent:?}")
    };
    assert_eq!(from_stream.body, FORBIDDEN.as_bytes());
    assert_eq!(from_stream.code.as_deref(), Some("forbidden"));
    assert_eq!(from_stream.request_id(), Some("fra1::t"));
    assert_eq!((&from_stream.body, from_stream.status), (&from_send.body, from_send.status));
    assert_eq!(streamed.to_string(), sent.to_string());
}

#[tokio::test]
async fn a_recognised_answer_is_read_whole_and_no_longer_kept() {
    let url = server(vec![(400, FORBIDDEN)], 5);
    let client = builder(url).retry(RetryConfig::disabled()).build().unwrap();
    let mut stream = error_stream(&client).await;
    stream.stop_keeping();
    assert_eq!(read_all(&mut stream).await.unwrap(), FORBIDDEN.as_bytes());
    // Nothing was kept, nothing is left: the error has the status, not the body.
    let Error::Api(error) = stream.into_error().await else { panic!("an API error") };
    assert_eq!((error.status.as_u16(), error.body.len()), (400, 0));
}

#[tokio::test]
async fn an_answer_over_the_body_limit_ends_the_stream_with_an_error() {
    let url = server(vec![(400, FORBIDDEN)], 5);
    let client = builder(url).retry(RetryConfig::disabled()).max_body_size(32).build().unwrap();
    let mut stream = error_stream(&client).await;
    let error = read_all(&mut stream).await.expect_err("over the limit");
    let Error::Body(body) = &error else { panic!("{error:?}") };
    assert!(matches!(body.kind, BodyErrorKind::TooLarge { limit: 32, announced: None }), "{error}");
    assert!(stream.next().await.is_none(), "the stream ends after its error");
    // The typed error keeps what was read within the limit.
    let Error::Api(api) = stream.into_error().await else { panic!("an API error") };
    assert!(!api.body.is_empty() && api.body.len() <= 32, "{}", api.body.len());
    assert!(FORBIDDEN.as_bytes().starts_with(&api.body));
}

#[tokio::test]
async fn success_is_decoded_and_answers_the_policy_retries_are_retried() {
    let url = server(vec![(503, r#"{"error":{"code":"busy"}}"#), (200, r#"{"user":{"id":"u1"}}"#)], 4);
    let retry = RetryConfig::default().max_attempts(2).initial_backoff(Duration::from_millis(1));
    let client = builder(url).retry(retry).build().unwrap();
    match client.send_with_error_stream::<Value>(request()).await.unwrap() {
        Answer::Success(value) => assert_eq!(value["user"]["id"], "u1"),
        Answer::Error(stream) => panic!("the 503 was not retried: {stream:?}"),
    }
}
