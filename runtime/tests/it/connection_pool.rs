//! Connection reuse: requests share one keep-alive connection while it is
//! idle for less than the pool's idle timeout, and a new one is opened after.

use crate::common::GET_USER;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use vercel_runtime::{Client, ClientBuilder, Request};

/// Requests answered (at most) by [`start_server`], across all connections.
const MAX_REQUESTS: usize = 8;

/// Starts a keep-alive HTTP/1.1 server on 127.0.0.1 that answers every GET
/// with `{}` and counts the connections it accepts. It stops after
/// [`MAX_REQUESTS`] answers.
async fn start_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    tokio::spawn(async move {
        while answered.load(Ordering::SeqCst) < MAX_REQUESTS {
            let Ok((stream, _)) = listener.accept().await else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            let answered = Arc::clone(&answered);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                // One request per blank line (GETs have no body).
                while let Ok(Some(line)) = lines.next_line().await {
                    if !line.is_empty() {
                        continue;
                    }
                    if answered.fetch_add(1, Ordering::SeqCst) >= MAX_REQUESTS {
                        return;
                    }
                    let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, connections)
}

/// Sends two requests `pause` apart and returns how many connections the server accepted.
async fn connections_for_two_requests(builder: ClientBuilder, pause: Duration) -> usize {
    let (url, connections) = start_server().await;
    let client: Client = builder.token("test-token").base_url(url).build().expect("client builds");
    for i in 0..2 {
        if i > 0 {
            tokio::time::sleep(pause).await;
        }
        let _: serde_json::Value =
            client.send(Request::new(&GET_USER, "/v2/user".into())).await.expect("the server answers");
    }
    connections.load(Ordering::SeqCst)
}

#[tokio::test]
async fn an_idle_connection_is_reused_within_the_default_idle_timeout() {
    let connections = connections_for_two_requests(Client::builder(), Duration::from_millis(400)).await;
    assert_eq!(connections, 1, "the second request reuses the first one's connection");
}

#[tokio::test]
async fn a_connection_idle_longer_than_the_idle_timeout_is_replaced() {
    let builder = Client::builder().pool_idle_timeout(Duration::from_millis(100));
    let connections = connections_for_two_requests(builder, Duration::from_millis(400)).await;
    assert_eq!(connections, 2, "the idle connection was closed, so the second request opens a new one");
}
