//! `application/stream+json` responses (`getRuntimeLogs`, `getDeploymentEvents`)
//! as streams decoded line by line while the body is still arriving.
//!
//! wiremock sends a body in one piece, so these tests use a one-connection
//! HTTP/1.1 server on 127.0.0.1 that writes a chunked body piece by piece,
//! splitting lines across chunks, and holds back the end of the body until
//! the test has received the first events (which proves the client does not
//! wait for the whole body).

use std::io::Write;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use vercel_client::deployments::get_deployment_events;
use vercel_client::logs::get_runtime_logs;
use vercel_client::prelude::*;
use vercel_client::{Client, Error, StreamExt};

use crate::support::{builder, serve, TOKEN};

/// Upper bound for waiting on one item, so that a client that buffers the
/// whole body fails the test instead of hanging it.
const ITEM_WAIT: Duration = Duration::from_secs(20);

/// A runtime log line as the API sends it.
fn log_line(row: u32, message: &str) -> String {
    format!(
        r#"{{"level":"info","message":"{message}","rowId":"row{row}","source":"serverless","timestampInMs":{ts},"domain":"docs.example.com","messageTruncated":false,"requestMethod":"GET","requestPath":"/api/x","responseStatusCode":200}}"#,
        ts = 1_716_300_000_000u64 + u64::from(row)
    )
}

/// Serves one request on [`serve`]: answers 200 with a chunked
/// `application/stream+json` body made of `first` chunks, then waits for
/// `release` before sending the `rest` chunks and the end of the body. The
/// thread returns the request head it read.
fn serve_once(first: Vec<String>, rest: Vec<String>) -> (String, mpsc::Sender<()>, thread::JoinHandle<Vec<String>>) {
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (base, _, handle) = serve(1, move |_, _, out| {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/stream+json\r\ntransfer-encoding: chunked\r\n\
                    x-vercel-id: fra1::stream\r\n\r\n";
        out.write_all(head.as_bytes()).unwrap();
        let send = |out: &mut std::net::TcpStream, chunk: &str| {
            // The client may already have hung up (e.g. after a decode error).
            let _ = write!(out, "{:x}\r\n{chunk}\r\n", chunk.len());
            let _ = out.flush();
            thread::sleep(Duration::from_millis(20));
        };
        for chunk in &first {
            send(out, chunk);
        }
        // Hold the rest back until the test has seen the first events.
        let _ = release_rx.recv_timeout(ITEM_WAIT);
        for chunk in &rest {
            send(out, chunk);
        }
        let _ = out.write_all(b"0\r\n\r\n");
        let _ = out.flush();
    });
    (base, release_tx, handle)
}

fn client(base: &str) -> Client {
    builder(base).build().expect("client builds")
}

async fn next_item<S: StreamExt + Unpin>(stream: &mut S) -> Option<S::Item> {
    tokio::time::timeout(ITEM_WAIT, stream.next()).await.expect("an item arrives while the body is still open")
}

#[tokio::test]
async fn runtime_logs_arrive_line_by_line_across_chunks() {
    let (l0, l1, l2) = (log_line(0, "cold start"), log_line(1, "hello"), log_line(2, "bye"));
    // Line 0 is split in three chunks, line 1 ends in the same chunk as line 0's tail.
    let first = vec![l0[..10].to_string(), l0[10..40].to_string(), format!("{}\n{}", &l0[40..], &l1[..5])];
    let first = [first, vec![format!("{}\n", &l1[5..])]].concat();
    // After the release: a blank line, line 2 without its final newline.
    let rest = vec!["\n".to_string(), l2[..7].to_string(), l2[7..].to_string()];
    let (base, release, server) = serve_once(first, rest);

    let mut events = client(&base).logs().get_runtime_logs("prj_1", "dpl_1").team_id("team_1").into_stream();

    let e0 = next_item(&mut events).await.expect("first event").expect("decodes");
    assert_eq!(e0.row_id, "row0");
    assert_eq!(e0.message, "cold start");
    assert_eq!(e0.level, get_runtime_logs::Level::Info);
    let e1 = next_item(&mut events).await.expect("second event").expect("decodes");
    assert_eq!((e1.row_id.as_str(), e1.message.as_str()), ("row1", "hello"));

    // Both arrived before the server sent the rest of the body.
    release.send(()).unwrap();
    let e2 = next_item(&mut events).await.expect("third event").expect("decodes");
    assert_eq!((e2.row_id.as_str(), e2.timestamp_in_ms), ("row2", 1_716_300_000_002.0));
    assert!(next_item(&mut events).await.is_none(), "the stream ends with the body");

    let head = server.join().unwrap()[0].to_ascii_lowercase();
    assert!(head.starts_with("get /v1/projects/prj_1/deployments/dpl_1/runtime-logs?teamid=team_1 "), "{head}");
    assert!(head.contains("accept: application/stream+json"), "{head}");
    assert!(head.contains(&format!("authorization: bearer {}", TOKEN.to_ascii_lowercase())), "{head}");
}

#[tokio::test]
async fn malformed_line_is_a_decode_error_with_the_line_and_ends_the_stream() {
    let good = log_line(0, "ok");
    let first =
        vec![format!("{good}\n"), "\n".into(), "{\"level\":\"info\",\"mess".into(), "age\":5}\nnot json".into()];
    let rest = vec![format!("\n{}\n", log_line(9, "never seen"))];
    let (base, release, server) = serve_once(first, rest);

    let mut events = client(&base).logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    let e0 = next_item(&mut events).await.expect("first event").expect("decodes");
    assert_eq!(e0.row_id, "row0");

    // Value 1 (blank lines are not values) has a number where the message string belongs.
    let err = next_item(&mut events).await.expect("an error item").unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.operation, "getRuntimeLogs");
    assert_eq!(decode.path, "[1].message");
    assert_eq!(&decode.body[..], br#"{"level":"info","message":5}"#);
    assert!(decode.message.contains("invalid type: integer `5`"), "{}", decode.message);
    assert_eq!(decode.headers.get("x-vercel-id").unwrap(), "fra1::stream");

    // The stream ends after the error; `not json` and the rest are never decoded.
    assert!(next_item(&mut events).await.is_none());
    release.send(()).ok();
    server.join().unwrap();
}

#[tokio::test]
async fn non_json_line_reports_its_text() {
    let first = vec!["not json\n".to_string()];
    let (base, release, server) = serve_once(first, vec![]);
    let mut events = client(&base).logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    let err = next_item(&mut events).await.expect("an error item").unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.path, "[0]");
    assert_eq!(&decode.body[..], b"not json");
    assert!(err.to_string().starts_with("getRuntimeLogs: cannot decode response body at `[0]`"), "{err}");
    assert!(next_item(&mut events).await.is_none());
    release.send(()).ok();
    server.join().unwrap();
}

#[tokio::test]
async fn deployment_events_with_follow_stream_typed_events() {
    let lines = [
        r#"{"type":"command","created":1716300000000,"payload":{"deploymentId":"dpl_1","id":"e1","date":1716300000000,"serial":"1","text":"npm run build"}}"#,
        r#"{"type":"stdout","created":1716300000100,"payload":{"deploymentId":"dpl_1","id":"e2","date":1716300000100,"serial":"2","text":"done"}}"#,
    ];
    let first = vec![format!("{}\n{}", lines[0], &lines[1][..12])];
    let rest = vec![format!("{}\n", &lines[1][12..])];
    let (base, release, server) = serve_once(first, rest);

    let mut events = client(&base).deployments().get_deployment_events("dpl_1").follow(1.0).into_stream();
    let first = next_item(&mut events).await.expect("first event").expect("decodes");
    release.send(()).unwrap();
    let second = next_item(&mut events).await.expect("second event").expect("decodes");
    assert!(next_item(&mut events).await.is_none());
    let payload = |event: &get_deployment_events::Event| match event {
        get_deployment_events::Event::Payload(p) => (p.r#type.clone(), p.payload.id.clone(), p.payload.text.clone()),
        other => panic!("expected the payload shape, got {other:?}"),
    };
    assert_eq!(
        payload(&first),
        (get_deployment_events::EventWithPayloadType::Command, "e1".to_string(), Some("npm run build".to_string()))
    );
    assert_eq!(
        payload(&second),
        (get_deployment_events::EventWithPayloadType::Stdout, "e2".to_string(), Some("done".to_string()))
    );

    let head = server.join().unwrap()[0].to_ascii_lowercase();
    assert!(head.starts_with("get /v3/deployments/dpl_1/events?follow=1 "), "{head}");
    assert!(head.contains("accept: application/stream+json"), "{head}");
}

#[tokio::test]
async fn error_status_and_missing_stream_start_are_single_errors() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(404)
                .set_body_json(serde_json::json!({"error": {"code": "not_found", "message": "Deployment not found"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut events = client(&server.uri()).logs().get_runtime_logs("prj_1", "dpl_x").into_stream();
    let err = next_item(&mut events).await.expect("one error").unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!((api.status.as_u16(), api.code.as_deref()), (404, Some("not_found")));
    assert!(next_item(&mut events).await.is_none());
}

#[tokio::test]
async fn a_stream_may_outlast_the_request_timeout() {
    // The request timeout bounds the wait for the headers, not the reading of
    // a streamed body: events still arrive after it has passed.
    let timeout = Duration::from_millis(300);
    let (base, release, server) = serve_once(vec![format!("{}\n", log_line(0, "first"))], vec![log_line(1, "late")]);
    let client = builder(&base).timeout(timeout).build().expect("client builds");
    let mut events = client.logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    let e0 = next_item(&mut events).await.expect("first event").expect("decodes");
    assert_eq!(e0.row_id, "row0");

    tokio::time::sleep(timeout * 3).await;
    release.send(()).unwrap();
    let e1 = next_item(&mut events).await.expect("second event").expect("decodes after the timeout has passed");
    assert_eq!(e1.row_id, "row1");
    assert!(next_item(&mut events).await.is_none(), "the stream ends with the body");
    server.join().unwrap();
}

/// `value` (one line of JSON) pretty-printed over several lines with CRLF ends.
fn pretty_crlf(value: &str) -> String {
    let parsed: serde_json::Value = serde_json::from_str(value).unwrap();
    serde_json::to_string_pretty(&parsed).unwrap().replace('\n', "\r\n")
}

#[tokio::test]
async fn pretty_printed_values_without_separators_arrive_across_chunks() {
    // A pretty-printed value over several CRLF lines, then two values with no
    // separator at all (`}{`), blank lines, and a value cut in the middle of a
    // string that contains braces.
    let pretty = pretty_crlf(&log_line(0, "multi-line"));
    let tricky = log_line(3, "braces } { and \\\" quotes");
    let body = format!("{pretty}\r\n\r\n{}{}\n\n{tricky}", log_line(1, "glued"), log_line(2, "to it"));
    let cut = body.find("braces").unwrap() + 3;
    let mut first: Vec<String> = body.as_bytes()[..cut].chunks(37).map(|c| String::from_utf8_lossy(c).into()).collect();
    first.push(body[cut..].to_string());
    let (base, release, server) = serve_once(first, vec![]);

    let mut events = client(&base).logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    let mut seen = Vec::new();
    for _ in 0..4 {
        let event = next_item(&mut events).await.expect("an event").expect("decodes");
        seen.push((event.row_id, event.message));
    }
    assert_eq!(
        seen,
        [
            ("row0".to_string(), "multi-line".to_string()),
            ("row1".to_string(), "glued".to_string()),
            ("row2".to_string(), "to it".to_string()),
            ("row3".to_string(), "braces } { and \" quotes".to_string()),
        ]
    );
    release.send(()).ok();
    assert!(next_item(&mut events).await.is_none());
    server.join().unwrap();
}

#[tokio::test]
async fn a_value_over_the_size_limit_ends_the_stream_with_a_body_error() {
    let big = log_line(1, &"x".repeat(4096));
    let first = vec![format!("{}\n", log_line(0, "small")), big[..2000].to_string(), big[2000..].to_string()];
    let (base, release, server) = serve_once(first, vec![]);
    let client = builder(&base).max_stream_value_size(1024).build().unwrap();
    let mut events = client.logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    assert_eq!(next_item(&mut events).await.expect("first").expect("decodes").row_id, "row0");
    let err = next_item(&mut events).await.expect("an error item").unwrap_err();
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, vercel_runtime::BodyErrorKind::ValueTooLarge { limit: 1024 }), "{body:?}");
    assert_eq!((body.status.as_u16(), body.operation), (200, "getRuntimeLogs"));
    assert_eq!(body.headers.get("x-vercel-id").unwrap(), "fra1::stream");
    assert!(err.to_string().contains("over the limit of 1024 bytes"), "{err}");
    assert!(next_item(&mut events).await.is_none());
    release.send(()).ok();
    server.join().unwrap();
}

#[tokio::test]
async fn a_stalled_stream_fails_after_the_idle_time() {
    // The server sends one event, then nothing until released (never, here).
    let (base, release, server) = serve_once(vec![format!("{}\n", log_line(0, "then silence"))], vec![]);
    let idle = Duration::from_millis(400);
    let client = builder(&base).stream_idle_timeout(Some(idle)).build().unwrap();
    let mut events = client.logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    assert_eq!(next_item(&mut events).await.expect("first").expect("decodes").row_id, "row0");
    // A slow consumer is not a stalled server: the idle time counts from when the client waits.
    tokio::time::sleep(idle * 2).await;
    let started = std::time::Instant::now();
    let err = next_item(&mut events).await.expect("an error item").unwrap_err();
    let waited = started.elapsed();
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, vercel_runtime::BodyErrorKind::Stalled { idle: i } if i == idle), "{body:?}");
    assert!(waited >= idle - Duration::from_millis(50), "failed after {waited:?}, before the idle time");
    assert!(next_item(&mut events).await.is_none());
    release.send(()).ok();
    server.join().unwrap();
}

#[tokio::test]
async fn a_connection_cut_mid_stream_is_a_body_error() {
    // The server announces a chunk longer than what it sends, then closes.
    let (base, _, server) = serve(1, |_, _, out| {
        let event = format!("{}\n", log_line(0, "ok"));
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/stream+json\r\ntransfer-encoding: chunked\r\n\r\n";
        write!(out, "{head}{:x}\r\n{event}\r\n400\r\n{{\"level\":", event.len()).unwrap();
        out.flush().unwrap();
    });
    let mut events = client(&base).logs().get_runtime_logs("prj_1", "dpl_1").into_stream();
    assert_eq!(next_item(&mut events).await.expect("first").expect("decodes").row_id, "row0");
    server.join().unwrap();
    let err = next_item(&mut events).await.expect("an error item").unwrap_err();
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, vercel_runtime::BodyErrorKind::Interrupted(_)), "{body:?}");
    assert_eq!(body.status.as_u16(), 200);
    assert!(next_item(&mut events).await.is_none());
}
