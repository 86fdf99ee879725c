//! What the client tests share: the token and mock-server clients, a raw
//! HTTP/1.1 server for what wiremock cannot do (lie about lengths, stall, cut
//! a connection, send a body piece by piece), and the deployment JSON the
//! list and get operations answer with.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::thread;

use serde_json::{json, Value};
use vercel_client::{Client, ClientBuilder, RetryConfig};
use wiremock::MockServer;

/// The bearer token of every test client: a value that cannot appear in a
/// request, a log line or a `Debug` output by accident.
pub const TOKEN: &str = "test-token-123";

/// A client builder for `base_url` with [`TOKEN`] (the caller adds retry,
/// team and timeout settings).
pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
    Client::builder().token(TOKEN).base_url(base_url)
}

/// A client that talks to `server` with [`TOKEN`], no team scoping and no
/// retries (a mock's error answer is the test's answer; retries are
/// `client_retry`'s subject, which configures them itself).
pub fn client_for(server: &MockServer) -> Client {
    builder(server.uri()).retry(RetryConfig::disabled()).build().expect("client builds")
}

/// [`client_for`], with requests scoped to `team_id`.
pub fn team_client_for(server: &MockServer, team_id: &str) -> Client {
    builder(server.uri()).team_id(team_id).retry(RetryConfig::disabled()).build().expect("client builds")
}

/// A server on 127.0.0.1 speaking HTTP/1.1 by hand, that accepts
/// `connections` connections one after the other (a bounded loop: the test
/// ends even if the client misbehaves); for each it reads the request head
/// and calls `respond` with the connection's index, the head and the stream.
/// Returns the base URL, the port and the thread (which returns the heads it read).
pub fn serve(
    connections: usize,
    respond: impl Fn(usize, &str, &mut TcpStream) + Send + 'static,
) -> (String, u16, thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().unwrap().port();
    let handle = thread::spawn(move || {
        let mut heads = Vec::new();
        for index in 0..connections {
            let (mut stream, _) = listener.accept().expect("a connection");
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            respond(index, &head, &mut stream);
            heads.push(head);
        }
        heads
    });
    (format!("http://127.0.0.1:{port}"), port, handle)
}

/// A deployment as `getDeployments` lists it, with the fields the spec
/// requires, at `https://{uid}.vercel.app`.
pub fn deployment(uid: &str) -> Value {
    json!({
        "uid": uid, "name": "docs", "projectId": "prj_1", "url": format!("{uid}.vercel.app"),
        "created": 1716300000000u64, "source": "git", "state": "READY", "type": "LAMBDAS",
        "creator": { "uid": "usr_1" }, "inspectorUrl": null
    })
}

/// A deployment as `getDeployment` returns it, in ready state `state`
/// (`QUEUED`, `BUILDING`, `READY`, `ERROR`, ...).
pub fn deployment_in_state(state: &str) -> Value {
    json!({"id": "dpl_1", "url": "web-1.vercel.app", "readyState": state})
}
