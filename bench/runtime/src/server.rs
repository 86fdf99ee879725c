//! A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers every
//! request with a fixed JSON body chosen by the first path segment.
//!
//! It is deliberately tiny (no HTTP library) so that its own cost is small and
//! the same for both clients. It is bounded: it stops after `max_requests`
//! responses or at `deadline`, whichever comes first.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A running loopback server.
pub struct Server {
    addr: SocketAddr,
    served: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

/// Fixed responses: first path segment (`"small"` for `/small/...`) → pre-rendered response.
type Routes = HashMap<String, Vec<u8>>;

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `routes` (first path segment → JSON body).
    pub async fn start(routes: &[(&str, &[u8])], max_requests: usize, deadline: Duration) -> io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let routes: Arc<Routes> =
            Arc::new(routes.iter().map(|(name, body)| (name.to_string(), response(body))).collect());
        let served = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn(accept_loop(listener, routes, Arc::clone(&served), max_requests));
        let abort = task.abort_handle();
        tokio::spawn(async move {
            tokio::time::sleep(deadline).await;
            abort.abort();
        });
        Ok(Server { addr, served, task })
    }

    /// `http://127.0.0.1:PORT/<route>`, to use as a base URL.
    pub fn url(&self, route: &str) -> String {
        format!("http://{}/{route}", self.addr)
    }

    /// How many responses have been sent.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::Relaxed)
    }

    /// Stops the server.
    pub fn stop(self) {
        self.task.abort();
    }
}

/// Status line, headers and body, ready to write.
fn response(body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
            .into_bytes();
    out.extend_from_slice(body);
    out
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

async fn accept_loop(listener: TcpListener, routes: Arc<Routes>, served: Arc<AtomicUsize>, max_requests: usize) {
    let mut connections = tokio::task::JoinSet::new();
    while served.load(Ordering::Relaxed) < max_requests {
        let Ok((stream, _)) = listener.accept().await else {
            break;
        };
        connections.spawn(serve(stream, Arc::clone(&routes), Arc::clone(&served), max_requests));
    }
    // Dropping the set aborts the connections still open.
}

/// Serves one connection until the client closes it or the request budget is spent.
async fn serve(stream: TcpStream, routes: Arc<Routes>, served: Arc<AtomicUsize>, max_requests: usize) {
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        // `GET /small/v6/deployments?... HTTP/1.1` → `small`.
        let route = line.split(' ').nth(1).unwrap_or("").trim_start_matches('/').split(['/', '?']).next().unwrap_or("");
        let body = routes.get(route).map(Vec::as_slice).unwrap_or(NOT_FOUND);
        // Skip the headers (the benchmark sends only GETs, so there is no body).
        let mut header = String::new();
        loop {
            header.clear();
            match reader.read_line(&mut header).await {
                Ok(0) | Err(_) => return,
                Ok(_) if header == "\r\n" || header == "\n" => break,
                Ok(_) => {}
            }
        }
        if served.fetch_add(1, Ordering::Relaxed) >= max_requests || write.write_all(body).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn serves_routes_and_stops_after_the_budget() {
        let server = Server::start(&[("a", b"{\"x\":1}")], 2, Duration::from_secs(10)).await.unwrap();
        crate::install_crypto_provider();
        let http = reqwest::Client::new();
        let body = http.get(format!("{}/v6/deployments?limit=1", server.url("a"))).send().await.unwrap();
        assert_eq!(body.status(), 200);
        assert_eq!(body.text().await.unwrap(), "{\"x\":1}");
        let missing = http.get(server.url("b")).send().await.unwrap();
        assert_eq!(missing.status(), 404);
        assert_eq!(server.served(), 2);
        assert!(http.get(server.url("a")).send().await.is_err(), "the third request is refused");
        server.stop();
    }
}
