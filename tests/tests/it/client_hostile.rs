//! The client against hostile or broken servers on 127.0.0.1: redirects,
//! oversized and endless bodies, stalls, connections cut mid-body, bodies
//! that are not what they claim. Each failure is a typed error that keeps
//! status, headers and what arrived of the body; nothing hangs or panics.
//!
//! The servers are plain threads speaking HTTP/1.1 by hand (wiremock cannot
//! lie about lengths, stall or cut a connection), each accepting a fixed
//! number of connections.

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use vercel_client::prelude::*;
use vercel_client::{BodyErrorKind, Error, RetryConfig, StreamExt};

use crate::support::{builder, serve};

/// Upper bound on any one call, so that a hang fails the test instead of blocking it.
const CALL_WAIT: Duration = Duration::from_secs(20);

fn client(base: &str) -> vercel_client::ClientBuilder {
    builder(base).retry(RetryConfig::disabled())
}

async fn bounded<F: std::future::Future>(call: F) -> F::Output {
    tokio::time::timeout(CALL_WAIT, call).await.expect("the call ends instead of hanging")
}

/// Writes a whole response: status line, headers (plus `connection: close`), body.
fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}

fn redirect(stream: &mut TcpStream, status: &str, location: &str) {
    respond(stream, status, &[("location", location)], b"");
}

fn has_authorization(head: &str) -> bool {
    head.to_ascii_lowercase().contains("authorization:")
}

// ---- redirects ----

#[tokio::test]
async fn a_redirect_to_another_port_or_host_never_carries_the_token() {
    for (status, host) in [("307 Temporary Redirect", "127.0.0.1"), ("301 Moved Permanently", "localhost")] {
        let (_, target_port, target) = serve(1, |_, _, s| respond(s, "200 OK", &[], b"{\"ok\":true}"));
        let location = format!("http://{host}:{target_port}/elsewhere");
        let (base, _, origin) = serve(1, move |_, _, s| redirect(s, status, &location));
        let body = bounded(client(&base).build().unwrap().deployments().get_deployment_file_contents("d", "f").send())
            .await
            .expect("the redirect is followed");
        assert_eq!(body, serde_json::json!({"ok": true}));
        let (origin, target) = (origin.join().unwrap(), target.join().unwrap());
        assert!(has_authorization(&origin[0]), "the original request carries the token: {}", origin[0]);
        assert!(!has_authorization(&target[0]), "{status} to {host}:{target_port} carried the token: {}", target[0]);
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_the_token() {
    let (base, port, server) = serve(2, |index, _, s| match index {
        0 => redirect(s, "308 Permanent Redirect", "/v9/moved"),
        _ => respond(s, "200 OK", &[], b"{}"),
    });
    bounded(client(&base).build().unwrap().deployments().get_deployment_file_contents("d", "f").send())
        .await
        .expect("followed");
    let heads = server.join().unwrap();
    assert!(heads[1].starts_with("GET /v9/moved "), "{}", heads[1]);
    assert!(has_authorization(&heads[1]), "same origin (port {port}) keeps the token");
}

#[tokio::test]
async fn at_most_five_redirects_are_followed() {
    let (base, _, server) = serve(6, |index, _, s| redirect(s, "302 Found", &format!("/hop/{}", index + 1)));
    let err = bounded(client(&base).build().unwrap().deployments().get_deployment_file_contents("d", "f").send())
        .await
        .unwrap_err();
    let Error::Transport(e) = &err else { panic!("expected a transport error, got {err:?}") };
    assert!(e.is_redirect(), "{e:?}");
    assert!(format!("{e:?}").contains("more than 5 redirects"), "{e:?}");
    // The original request and 5 redirected ones; the 6th redirect is not followed.
    assert_eq!(server.join().unwrap().len(), 6);
}

// ---- size limits ----

#[tokio::test]
async fn a_content_length_over_the_limit_fails_at_once_without_reading() {
    let (base, _, server) = serve(1, |_, _, s| {
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000000000\r\n\r\n{\"a\":",
        );
        let _ = s.flush();
        // Never sends the rest: a client that waited for it would hang here.
        thread::sleep(Duration::from_secs(3));
    });
    let client = client(&base).max_body_size(1 << 20).build().unwrap();
    let started = Instant::now();
    let err = bounded(client.deployments().get_deployment_file_contents("d", "f").send()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "waited {:?}", started.elapsed());
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    let BodyErrorKind::TooLarge { limit, announced } = body.kind else { panic!("{body:?}") };
    assert_eq!((limit, announced), (1 << 20, Some(5_000_000_000)));
    assert_eq!(body.status.as_u16(), 200);
    assert_eq!(body.headers.get("content-type").unwrap(), "application/json");
    assert!(body.body.is_empty());
    assert!(err.to_string().contains("5000000000 bytes (Content-Length) is over the limit of 1048576"), "{err}");
    server.join().unwrap();
}

#[tokio::test]
async fn an_endless_chunked_body_fails_at_the_limit() {
    let (base, _, server) = serve(1, |_, _, s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-vercel-id: fra1::endless\r\n\r\n");
        let chunk = [b' '; 16 << 10];
        // Bounded: stops when the client hangs up or stops reading, or after 256 MiB.
        s.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
        for _ in 0..16 << 10 {
            if write!(s, "{:x}\r\n", chunk.len())
                .and_then(|()| s.write_all(&chunk))
                .and_then(|()| s.write_all(b"\r\n"))
                .is_err()
            {
                return;
            }
        }
    });
    let limit = 1 << 20;
    let client = client(&base).max_body_size(limit).build().unwrap();
    let err = bounded(client.deployments().get_deployment_file_contents("d", "f").send()).await.unwrap_err();
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, BodyErrorKind::TooLarge { limit: 1048576, announced: None }), "{body:?}");
    assert!(body.body.len() as u64 <= limit, "kept {} bytes", body.body.len());
    assert_eq!(body.headers.get("x-vercel-id").unwrap(), "fra1::endless");
    server.join().unwrap();
}

#[tokio::test]
async fn a_byte_stream_download_is_not_bounded_by_the_body_limit() {
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let sent = payload.clone();
    let (base, _, server) =
        serve(1, move |_, _, s| respond(s, "200 OK", &[("content-type", "application/octet-stream")], &sent));
    let client = client(&base).max_body_size(1000).build().unwrap();
    let response = bounded(client.artifacts().download_artifact("abc").send_byte_stream()).await.expect("headers");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("content-length").unwrap(), "200000");
    let mut stream = response.body;
    let mut received = Vec::new();
    while let Some(chunk) = bounded(stream.next()).await {
        received.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(received, payload);
    server.join().unwrap();
}

// ---- stalls ----

#[tokio::test]
async fn a_whole_body_that_stalls_fails_at_the_request_timeout() {
    let (base, _, server) = serve(1, |_, _, s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"a\":");
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    });
    let timeout = Duration::from_millis(500);
    let client = client(&base).timeout(timeout).build().unwrap();
    let started = Instant::now();
    let err = bounded(client.deployments().get_deployment_file_contents("d", "f").send()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after, .. } if after == timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "waited {:?}", started.elapsed());
    server.join().unwrap();
}

#[tokio::test]
async fn a_byte_stream_that_stalls_fails_after_the_idle_time() {
    let (base, _, server) = serve(1, |_, _, s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst bytes");
        let _ = s.flush();
        thread::sleep(Duration::from_secs(3));
    });
    let idle = Duration::from_millis(400);
    let client = client(&base).stream_idle_timeout(Some(idle)).build().unwrap();
    let mut stream = bounded(client.artifacts().download_artifact("abc").send_byte_stream()).await.unwrap().body;
    assert_eq!(&bounded(stream.next()).await.unwrap().unwrap()[..], b"first bytes");
    let err = bounded(stream.next()).await.expect("an error item").unwrap_err();
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, BodyErrorKind::Stalled { idle: i } if i == idle), "{body:?}");
    assert!(bounded(stream.next()).await.is_none());
    server.join().unwrap();
}

// ---- cut and malformed bodies ----

/// Calls `get_deployment_file_contents` against a server that runs `respond`.
async fn call(respond: impl Fn(usize, &str, &mut TcpStream) + Send + 'static) -> Error {
    let (base, _, server) = serve(1, respond);
    let err = bounded(client(&base).build().unwrap().deployments().get_deployment_file_contents("d", "f").send())
        .await
        .unwrap_err();
    server.join().unwrap();
    err
}

#[tokio::test]
async fn a_connection_closed_mid_body_keeps_status_headers_and_what_arrived() {
    let err = call(|_, _, s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n");
        let _ = s.write_all(b"{\"partial\":");
        let _ = s.flush();
        thread::sleep(Duration::from_millis(100));
        let _ = s.shutdown(std::net::Shutdown::Both);
    })
    .await;
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, BodyErrorKind::Interrupted(_)), "{body:?}");
    assert_eq!(body.status.as_u16(), 200);
    assert_eq!(body.headers.get("content-type").unwrap(), "application/json");
    assert_eq!(&body.body[..], b"{\"partial\":");
    assert!(err.to_string().contains("interrupted after 11 bytes"), "{err}");
}

#[tokio::test]
async fn a_truncated_chunked_body_is_a_body_error() {
    let err = call(|_, _, s| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n400\r\n[1,2");
        let _ = s.flush();
        thread::sleep(Duration::from_millis(100));
    })
    .await;
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, BodyErrorKind::Interrupted(_)), "{body:?}");
    assert!(b"{\"a\":[1,2".starts_with(&body.body), "{:?}", body.body);
}

#[tokio::test]
async fn invalid_utf8_in_a_json_string_is_a_decode_error_with_the_body() {
    let raw = b"{\"name\":\"caf\xe9\"}";
    let err = call(move |_, _, s| respond(s, "200 OK", &[("content-type", "application/json")], raw)).await;
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(&decode.body[..], raw);
    assert_eq!(decode.status.as_u16(), 200);
    assert!(decode.message.contains("unicode") || decode.message.contains("UTF-8"), "{}", decode.message);
}

#[tokio::test]
async fn json_is_decoded_whatever_its_content_type_and_html_is_a_decode_error() {
    // A mislabelled JSON body still decodes (servers get Content-Type wrong).
    let (base, _, server) = serve(1, |_, _, s| respond(s, "200 OK", &[("content-type", "text/plain")], b"{\"a\":1}"));
    let value = bounded(client(&base).build().unwrap().deployments().get_deployment_file_contents("d", "f").send())
        .await
        .expect("decodes");
    assert_eq!(value, serde_json::json!({"a": 1}));
    server.join().unwrap();
    // A 200 HTML page does not, and the error keeps it with its headers.
    let page = b"<html><body>Sign in</body></html>";
    let err = call(move |_, _, s| respond(s, "200 OK", &[("content-type", "text/html")], page)).await;
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(&decode.body[..], &page[..]);
    assert_eq!(decode.headers.get("content-type").unwrap(), "text/html");
}

#[tokio::test]
async fn an_html_502_page_is_an_api_error_with_the_page() {
    let page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let err = call(move |_, _, s| respond(s, "502 Bad Gateway", &[("content-type", "text/html")], page)).await;
    let api = err.api_error().unwrap_or_else(|| panic!("expected Error::Api, got {err:?}"));
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(&api.body[..], page);
    assert_eq!(api.headers.get("content-type").unwrap(), "text/html");
    assert_eq!((api.code.as_deref(), api.message.as_deref()), (None, None));
}
