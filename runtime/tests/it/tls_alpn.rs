//! TLS is rustls and HTTP/2 is offered by ALPN: a loopback listener reads the
//! client's TLS ClientHello (no certificate is needed for that), records what
//! it offers and closes the connection.

use crate::common::GET_USER;

use tokio::net::TcpListener;
use tokio_rustls::rustls::server::Acceptor;
use tokio_rustls::LazyConfigAcceptor;
use vercel_runtime::{Client, Error, Request, RetryConfig};

#[tokio::test]
async fn client_offers_h2_then_http11_by_alpn_over_rustls() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let port = listener.local_addr().expect("local address").port();
    // One connection only: retries are off, so the client makes exactly one.
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("the client connects");
        let start = LazyConfigAcceptor::new(Acceptor::default(), stream).await.expect("a TLS ClientHello");
        let hello = start.client_hello();
        let alpn: Vec<String> = hello
            .alpn()
            .map(|protocols| protocols.map(|p| String::from_utf8_lossy(p).into_owned()).collect())
            .unwrap_or_default();
        (alpn, hello.server_name().map(str::to_owned))
    });

    let client = Client::builder()
        .token("test-token")
        .base_url(format!("https://localhost:{port}"))
        .retry(RetryConfig::disabled())
        .build()
        .expect("client builds");
    let result = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await;
    assert!(matches!(result, Err(Error::Transport(_))), "the handshake is cut short, got {result:?}");

    let (alpn, server_name) = server.await.expect("the listener task ends");
    assert_eq!(alpn, ["h2", "http/1.1"], "ALPN protocols offered, in order of preference");
    assert_eq!(server_name.as_deref(), Some("localhost"), "SNI names the base URL's host");
}
