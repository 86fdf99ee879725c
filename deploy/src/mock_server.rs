//! A local HTTP server on 127.0.0.1 that plays Vercel's deploy endpoints
//! (feature `mock-server`), for tests and benchmarks of deploy tools:
//! `POST /v13/deployments` answers `missing_files` for contents it does not
//! have, `POST /v2/files` checks the SHA-1 of what it receives (streamed,
//! never kept) and stores the digest, `GET /v13/deployments/{id}` reports
//! `BUILDING` then `READY`, and `GET /v3/deployments/{id}/events` gives a
//! build log. Faults can be scripted for uploads (a status, a connection
//! dropped in the middle of the body, a stall).
//!
//! The server stops when the [`MockServer`] is dropped, and serves at most
//! [`MockConfig::max_requests`] requests.
//!
//! ```no_run
//! # async fn demo() {
//! use vercel_deploy::mock_server::{MockConfig, MockServer};
//!
//! let server = MockServer::start(MockConfig::default()).await.unwrap();
//! let client = vercel_runtime::Client::builder().token("t").base_url(server.url()).build().unwrap();
//! # let _ = client;
//! # }
//! ```

use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};
use sha1::{Digest, Sha1};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

use crate::hash::hex;

/// The largest request head and JSON body the server reads.
const MAX_HEAD: usize = 64 * 1024;
const MAX_JSON_BODY: u64 = 256 * 1024 * 1024;

/// What one upload meets, in order of arrival (see [`MockConfig::upload_faults`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answered with this status after the body is read (the content is not stored).
    Status(u16),
    /// The connection is closed after half of the body is read.
    DropMidBody,
    /// The request is never answered (the server waits a minute, then closes).
    Stall,
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Faults met by the first uploads, one each, in order of arrival.
    pub upload_faults: Vec<Fault>,
    /// Uploads after this many stall (are never answered).
    pub stall_uploads_after: Option<usize>,
    /// How many polls of a deployment report `BUILDING` before its final state.
    pub building_polls: usize,
    /// The final state: `READY`, `ERROR` or `CANCELED`.
    pub final_state: String,
    /// The build log lines of every deployment.
    pub build_log: Vec<String>,
    /// A status and error code answered to every create instead (e.g. `403`, `forbidden`).
    pub create_error: Option<(u16, String)>,
    /// Serves at most this many requests, then closes new connections.
    pub max_requests: usize,
    /// How long each upload's answer waits after its body is read: a
    /// network's round trip, which loopback lacks (with none, a short deploy
    /// ends before the client has opened as many connections as it uploads
    /// at once, and a long one does not).
    pub upload_latency: std::time::Duration,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            upload_faults: Vec::new(),
            stall_uploads_after: None,
            building_polls: 1,
            final_state: "READY".into(),
            build_log: vec!["Running build".into(), "Build completed".into()],
            create_error: None,
            max_requests: 1_000_000,
            upload_latency: std::time::Duration::ZERO,
        }
    }
}

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `POST`, `GET`, ...
    pub method: String,
    /// The path, without query.
    pub path: String,
    /// The query string (empty when none).
    pub query: String,
    /// For uploads: the digest header it carried.
    pub digest: Option<String>,
}

#[derive(Default)]
struct State {
    stored: HashSet<String>,
    received: Vec<Received>,
    /// The bodies of the create calls, in order.
    creates: Vec<Value>,
    /// Polls so far and name, per deployment id.
    polls: HashMap<String, (usize, String)>,
    faults: VecDeque<Fault>,
    uploads_seen: usize,
    /// [`MockConfig::stall_uploads_after`], changeable while running.
    stall_uploads_after: Option<usize>,
    deployments: usize,
    /// Uploads answered 2xx, in order (digests).
    uploaded: Vec<String>,
}

/// The running server; dropping it stops it.
pub struct MockServer {
    url: String,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer").field("url", &self.url).finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start(config: MockConfig) -> io::Result<MockServer> {
        MockServer::bind("127.0.0.1:0", config).await
    }

    /// Starts a server on `address` (a loopback address and port).
    pub async fn bind(address: &str, config: MockConfig) -> io::Result<MockServer> {
        let listener = TcpListener::bind(address).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(Mutex::new(State {
            faults: config.upload_faults.iter().cloned().collect(),
            stall_uploads_after: config.stall_uploads_after,
            ..State::default()
        }));
        let config = Arc::new(config);
        let shared = state.clone();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            let served = Arc::new(AtomicUsize::new(0));
            while let Ok((stream, _)) = listener.accept().await {
                if served.load(Ordering::Relaxed) >= config.max_requests {
                    continue;
                }
                let (state, config, served) = (shared.clone(), config.clone(), served.clone());
                connections.spawn(async move {
                    let _ = serve(stream, &state, &config, &served).await;
                });
                while connections.try_join_next().is_some() {}
            }
        });
        Ok(MockServer { url, state, task })
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every request received, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// The digests of the uploads answered 2xx, in order.
    pub fn uploaded(&self) -> Vec<String> {
        self.lock().uploaded.clone()
    }

    /// The contents stored (digests).
    pub fn stored(&self) -> HashSet<String> {
        self.lock().stored.clone()
    }

    /// Changes [`MockConfig::stall_uploads_after`] (counting every upload
    /// received so far); `None` stops stalling.
    pub fn set_stall_uploads_after(&self, uploads: Option<usize>) {
        self.lock().stall_uploads_after = uploads;
    }

    /// The JSON bodies of the create calls, in order.
    pub fn creates(&self) -> Vec<Value> {
        self.lock().creates.clone()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

/// Serves the requests of one connection (keep-alive) until it closes.
async fn serve(stream: TcpStream, state: &Mutex<State>, config: &MockConfig, served: &AtomicUsize) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        if served.fetch_add(1, Ordering::Relaxed) >= config.max_requests {
            return Ok(());
        }
        let Some(head) = read_head(&mut reader).await? else { return Ok(()) };
        let (path, query) = head.target.split_once('?').unwrap_or((&head.target, ""));
        let (path, query) = (path.to_owned(), query.to_owned());
        let digest = head.header("x-vercel-digest").or_else(|| head.header("x-now-digest")).map(str::to_owned);
        let is_upload = head.method == "POST" && path == "/v2/files";
        let fault = {
            // Recorded and given its fault at once: a test that sees the request knows its fate.
            let mut state = lock(state);
            let received = Received { method: head.method.clone(), path: path.clone(), query, digest: digest.clone() };
            state.received.push(received);
            if is_upload {
                next_fault(&mut state)
            } else {
                None
            }
        };
        let (status, body, content_type) = match (head.method.as_str(), path.as_str()) {
            ("POST", "/v2/files") => {
                let Some(answer) = upload(&mut reader, &head, digest, fault, state).await? else { return Ok(()) };
                if !config.upload_latency.is_zero() {
                    tokio::time::sleep(config.upload_latency).await;
                }
                (answer.0, answer.1, "application/json")
            }
            ("POST", "/v13/deployments") => {
                let body = read_json(&mut reader, head.length).await?;
                let (status, body) = create(body, state, config);
                (status, body.to_string(), "application/json")
            }
            ("GET", p) if p.starts_with("/v13/deployments/") => {
                let id = &p["/v13/deployments/".len()..];
                (200, poll(id, state, config).to_string(), "application/json")
            }
            ("GET", p) if p.starts_with("/v3/deployments/") && p.ends_with("/events") => {
                let lines: String = config
                    .build_log
                    .iter()
                    .enumerate()
                    .map(|(i, text)| {
                        json!({"type": "stdout", "created": i, "payload": {"text": text}}).to_string() + "\n"
                    })
                    .collect();
                (200, lines, "application/stream+json")
            }
            _ => {
                skip(&mut reader, head.length).await?;
                (
                    404,
                    json!({"error": {"code": "not_found", "message": "no such endpoint"}}).to_string(),
                    "application/json",
                )
            }
        };
        let response = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n{body}",
            if status < 300 { "OK" } else { "Error" },
            body.len()
        );
        write.write_all(response.as_bytes()).await?;
    }
}

struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    length: u64,
}

impl Head {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Reads one request head; `None` when the connection closed between requests.
async fn read_head(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> io::Result<Option<Head>> {
    let mut line = String::new();
    let mut total = 0;
    if reader.read_line(&mut line).await? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad request line"));
    };
    let (method, target) = (method.to_owned(), target.to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line).await?;
        total += n;
        if n == 0 || total > MAX_HEAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "bad request head"));
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((k, v)) = trimmed.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let mut head = Head { method, target, headers, length: 0 };
    if head.header("transfer-encoding").is_some() {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "chunked bodies are not supported"));
    }
    head.length = head.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    Ok(Some(head))
}

async fn skip(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, length: u64) -> io::Result<()> {
    tokio::io::copy(&mut reader.take(length), &mut tokio::io::sink()).await.map(drop)
}

async fn read_json(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, length: u64) -> io::Result<Value> {
    if length > MAX_JSON_BODY {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
    }
    let mut body = Vec::with_capacity(length as usize);
    reader.take(length).read_to_end(&mut body).await?;
    Ok(serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Reads an upload, hashing it; `None` when the connection is to be dropped.
async fn upload(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    head: &Head,
    digest: Option<String>,
    fault: Option<Fault>,
    state: &Mutex<State>,
) -> io::Result<Option<(u16, String)>> {
    match fault {
        Some(Fault::Stall) => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return Ok(None);
        }
        Some(Fault::DropMidBody) => {
            skip(reader, head.length / 2).await?;
            return Ok(None);
        }
        _ => {}
    }
    let mut hasher = Sha1::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut left = head.length;
    while left > 0 {
        let want = left.min(buffer.len() as u64) as usize;
        let n = reader.read(&mut buffer[..want]).await?;
        if n == 0 {
            return Ok(None);
        }
        hasher.update(&buffer[..n]);
        left -= n as u64;
    }
    let actual = hex(&hasher.finalize().into());
    if let Some(Fault::Status(status)) = fault {
        let body = json!({"error": {"code": "internal_error", "message": "scripted failure"}});
        return Ok(Some((status, body.to_string())));
    }
    if digest.as_deref() != Some(actual.as_str()) {
        let body = json!({"error": {"code": "invalid_sha", "message": format!("body digest {actual} does not match")}});
        return Ok(Some((400, body.to_string())));
    }
    let mut state = lock(state);
    state.stored.insert(actual.clone());
    state.uploaded.push(actual);
    Ok(Some((200, json!({"urls": []}).to_string())))
}

/// The fault the upload arriving now meets, if any.
fn next_fault(state: &mut State) -> Option<Fault> {
    state.uploads_seen += 1;
    if state.stall_uploads_after.is_some_and(|n| state.uploads_seen > n) {
        Some(Fault::Stall)
    } else {
        state.faults.pop_front()
    }
}

fn create(body: Value, state: &Mutex<State>, config: &MockConfig) -> (u16, Value) {
    let mut state = lock(state);
    state.creates.push(body.clone());
    if let Some((status, code)) = &config.create_error {
        return (*status, json!({"error": {"code": code, "message": format!("scripted {code}")}}));
    }
    let mut missing: Vec<String> = Vec::new();
    // (A set beside the list: a tree of many files must not take quadratic time.)
    let mut listed = HashSet::new();
    for file in body.get("files").and_then(Value::as_array).into_iter().flatten() {
        if let Some(sha) = file.get("sha").and_then(Value::as_str) {
            if !state.stored.contains(sha) && listed.insert(sha) {
                missing.push(sha.to_owned());
            }
        }
    }
    if !missing.is_empty() {
        return (400, json!({"error": {"code": "missing_files", "message": "Missing files", "missing": missing}}));
    }
    state.deployments += 1;
    let id = format!("dpl_mock{}", state.deployments);
    let name = body.get("name").and_then(Value::as_str).unwrap_or("deployment").to_owned();
    state.polls.insert(id.clone(), (0, name.clone()));
    (200, deployment(&id, &name, "QUEUED"))
}

fn poll(id: &str, state: &Mutex<State>, config: &MockConfig) -> Value {
    let mut state = lock(state);
    let (polls, name) = state.polls.entry(id.to_owned()).or_insert_with(|| (0, "deployment".into()));
    *polls += 1;
    let ready_state = if *polls > config.building_polls { config.final_state.as_str() } else { "BUILDING" };
    let mut answer = deployment(id, name, ready_state);
    if ready_state == "ERROR" {
        answer["errorCode"] = json!("build_failed");
        answer["errorMessage"] = json!("The build failed (scripted)");
    }
    answer
}

/// A deployment as the API gives it (the fields deploy tools read).
fn deployment(id: &str, name: &str, ready_state: &str) -> Value {
    let url = format!("{name}-{}.mock.vercel.app", id.trim_start_matches("dpl_"));
    json!({
        "id": id,
        "url": url,
        "name": name,
        "readyState": ready_state,
        "status": ready_state,
        "inspectorUrl": format!("https://vercel.com/mock/{name}/{id}"),
        "alias": [format!("{name}.mock.vercel.app")],
        "aliasAssigned": ready_state == "READY",
        "createdAt": 0,
        "version": 2,
        "meta": {},
        "regions": ["iad1"],
        "type": "LAMBDAS",
        "public": false,
        "projectId": "prj_mock",
        "ownerId": "team_mock",
        "createdIn": "iad1",
        "plan": "pro",
        "routes": null,
        "build": {"env": []},
        "env": [],
        "creator": {"uid": "user_mock"}
    })
}
