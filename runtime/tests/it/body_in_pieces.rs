//! Reading a whole 2xx body that arrives in several pieces: chunked
//! transfer encoding, a `Content-Length` body written in parts, and a body
//! cut short by the server, each from a one-shot server on 127.0.0.1.

use crate::common::GET_USER;

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use vercel_runtime::{Client, Error, Request};

/// Starts a server on 127.0.0.1 that answers one request by writing each of
/// `pieces` separately, 20 ms apart (so that the client reads them as
/// separate chunks), then closes the connection.
async fn serve_once(pieces: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move {
        let Ok((stream, _)) = listener.accept().await else { return };
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        // The request ends with a blank line (a GET has no body).
        while let Ok(Some(line)) = lines.next_line().await {
            if line.is_empty() {
                break;
            }
        }
        for piece in pieces {
            if write.write_all(&piece).await.is_err() || write.flush().await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    url
}

fn client(url: String) -> Client {
    Client::builder().token("test-token").base_url(url).build().expect("client builds")
}

fn request() -> Request {
    Request::new(&GET_USER, "/v2/user".into())
}

#[tokio::test]
async fn a_chunked_body_in_three_pieces_is_read_whole() {
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    let chunk = |text: &str| format!("{:x}\r\n{text}\r\n", text.len()).into_bytes();
    let pieces = vec![head, chunk(r#"{"name":"#), chunk(r#""ada","#), chunk(r#""id":7}"#), b"0\r\n\r\n".to_vec()];
    let body = client(serve_once(pieces).await).send_bytes(request()).await.expect("the whole body");
    assert_eq!(&body[..], br#"{"name":"ada","id":7}"#);
}

#[tokio::test]
async fn a_content_length_body_written_in_parts_decodes() {
    let json = br#"{"user":{"id":"u1","names":["a","b","c"]}}"#;
    let (one, two) = json.split_at(10);
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", json.len());
    let pieces = vec![head.into_bytes(), one.to_vec(), two.to_vec()];
    let value: serde_json::Value = client(serve_once(pieces).await).send(request()).await.expect("decodes");
    assert_eq!(value["user"]["names"][2], "c");
}

#[tokio::test]
async fn a_body_cut_short_is_a_body_error_keeping_what_arrived() {
    // 100 bytes announced, 13 sent, then the connection closes.
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n".to_vec();
    let pieces = vec![head, br#"{"user":{"#.to_vec(), b"\"id\"".to_vec()];
    let err = client(serve_once(pieces).await).send_bytes(request()).await.expect_err("the body is incomplete");
    let Error::Body(body) = &err else { panic!("expected Error::Body, got {err:?}") };
    assert!(matches!(body.kind, vercel_runtime::BodyErrorKind::Interrupted(_)), "{body:?}");
    assert_eq!(body.headers.get("content-type").unwrap(), "application/json");
    assert!(br#"{"user":{"id""#.starts_with(&body.body), "{:?}", body.body);
}
