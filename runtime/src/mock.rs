//! An in-process mock of the API for tests of code that takes a
//! [`Client`] (feature `test-util`): no sockets, no server. Responses are
//! scripted per operation (optionally matched on path and query) and every
//! attempt the client makes is recorded, to be asserted on afterwards.
//!
//! The mock sits below the client's request pipeline: team scoping,
//! retries, token providers and interceptors run as they do against the
//! real API, so a scripted `503, 503, 200` is retried into a success.
//!
//! ```
//! # mod vercel_client { // stands for the facade: the runtime's items and one group, `user`
//! #     pub use vercel_runtime::*;
//! #     pub mod user {
//! #         pub mod get_auth_user {
//! #             pub static OPERATION: vercel_runtime::Operation = vercel_runtime::Operation {
//! #                 id: "getAuthUser", method: vercel_runtime::Method::GET, path: "/v2/user",
//! #                 team_id_query: false, slug_query: false, scopes: &[],
//! #             };
//! #         }
//! #     }
//! # }
//! # // Your code under test; with the facade: `client.user().get_auth_user().send().await?`.
//! # async fn user_id(client: &vercel_client::Client) -> Result<String, vercel_client::Error> {
//! #     let request = vercel_runtime::Request::new(&vercel_client::user::get_auth_user::OPERATION, "/v2/user".into());
//! #     let user: serde_json::Value = client.send(request).await?;
//! #     Ok(user["user"]["id"].as_str().unwrap_or_default().to_owned())
//! # }
//! # async fn demo() -> Result<(), vercel_client::Error> {
//! use vercel_client::mock::{Mock, MockResponse};
//! use vercel_client::user::get_auth_user;
//!
//! let mock = Mock::new();
//! mock.on(&get_auth_user::OPERATION).respond_sequence([
//!     MockResponse::status(503),
//!     MockResponse::json(&serde_json::json!({"user": {"id": "u_1"}})),
//! ]);
//! // `user_id` is the code under test: a function of yours that takes a client.
//! assert_eq!(user_id(&mock.client()).await?, "u_1");
//! assert_eq!(mock.calls_to(&get_auth_user::OPERATION).len(), 2); // the 503 was retried
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::client::{Client, ClientBuilder};
use crate::error::Error;
use crate::operation::Operation;
use crate::retry::RetryConfig;

/// The status and `code` of the answer to a request no rule matches.
const NO_RULE_STATUS: StatusCode = StatusCode::NOT_FOUND;
const NO_RULE_CODE: &str = "mock_no_matching_rule";

/// An in-process stand-in for the Vercel API. Cheap to clone (clones share
/// the rules and the recorded calls).
#[derive(Clone, Default)]
pub struct Mock {
    state: Arc<MockState>,
}

/// The rules and the calls of a [`Mock`], shared with the clients it made.
#[derive(Default)]
pub(crate) struct MockState {
    inner: Mutex<State>,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    calls: Vec<MockCall>,
}

struct Rule {
    operation: Option<String>,
    path: Option<String>,
    query: Vec<(String, String)>,
    responses: Vec<MockResponse>,
    /// How many calls this rule answered.
    used: usize,
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("Mock").field("rules", &state.rules.len()).field("calls", &state.calls.len()).finish()
    }
}

impl MockState {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held (in a test thread) leaves the data usable.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl crate::responder::Responder for MockState {
    /// Records the call and answers it from the first matching rule.
    fn respond(&self, operation: &'static Operation, request: reqwest::Request) -> reqwest::Response {
        let url = request.url();
        let call = MockCall {
            operation: operation.id,
            method: request.method().clone(),
            path: url.path().to_owned(),
            query: url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect(),
            headers: request.headers().clone(),
            body: request.body().and_then(|b| b.as_bytes()).map(Bytes::copy_from_slice).unwrap_or_default(),
        };
        let mut state = self.lock();
        let reply = match state.rules.iter_mut().find(|rule| rule.matches(&call)) {
            Some(rule) => {
                let index = rule.used.min(rule.responses.len() - 1);
                rule.used += 1;
                rule.responses[index].clone()
            }
            None => MockResponse::json(&serde_json::json!({"error": {
                "code": NO_RULE_CODE,
                "message": format!("no mock rule matches {} {} (operation {})", call.method, call.path, call.operation),
            }}))
            .with_status(NO_RULE_STATUS.as_u16()),
        };
        state.calls.push(call);
        drop(state);
        let mut response = http::Response::new(reply.body);
        *response.status_mut() = reply.status;
        *response.headers_mut() = reply.headers;
        reqwest::Response::from(response)
    }
}

impl Rule {
    fn matches(&self, call: &MockCall) -> bool {
        self.operation.iter().all(|id| *id == call.operation)
            && self.path.iter().all(|path| *path == call.path)
            && self.query.iter().all(|(k, v)| call.query.iter().any(|(ck, cv)| ck == k && cv == v))
    }
}

impl Mock {
    /// A mock with no rules: every call is answered 404 (code
    /// `mock_no_matching_rule`, naming the method, path and operation).
    pub fn new() -> Mock {
        Mock::default()
    }

    /// A client whose requests this mock answers: token `test-token`, the
    /// default base URL (never contacted), the default retry policy without
    /// waits between attempts.
    pub fn client(&self) -> Client {
        let builder =
            Client::builder().token("test-token").retry(RetryConfig::default().initial_backoff(Duration::ZERO));
        self.client_from(builder).expect("the mock's own client configuration is valid")
    }

    /// Builds `builder` into a client whose requests this mock answers, so
    /// that its team, retry policy, token provider and interceptors are the
    /// ones tested. The builder needs a token (or token provider) as usual.
    pub fn client_from(&self, builder: ClientBuilder) -> Result<Client, Error> {
        let mut client = builder.build()?;
        let inner = Arc::get_mut(&mut client.inner).expect("a client just built is not shared");
        inner.responder = Some(Arc::clone(&self.state) as Arc<dyn crate::responder::Responder>);
        Ok(client)
    }

    /// Starts a rule for calls of `operation` (a generated module's `OPERATION` constant).
    pub fn on(&self, operation: &Operation) -> MockRule<'_> {
        self.on_id(operation.id)
    }

    /// Starts a rule for calls of the operation with this `operationId` (e.g. `"getDeployment"`).
    pub fn on_id(&self, operation_id: impl Into<String>) -> MockRule<'_> {
        MockRule { mock: self, operation: Some(operation_id.into()), path: None, query: Vec::new() }
    }

    /// Starts a rule for calls of any operation (narrow it with [`MockRule::path`] or [`MockRule::query`]).
    pub fn on_any(&self) -> MockRule<'_> {
        MockRule { mock: self, operation: None, path: None, query: Vec::new() }
    }

    /// Every call made so far (each attempt, retries included), in order.
    pub fn calls(&self) -> Vec<MockCall> {
        self.state.lock().calls.clone()
    }

    /// The calls of `operation`, in order.
    pub fn calls_to(&self, operation: &Operation) -> Vec<MockCall> {
        self.state.lock().calls.iter().filter(|c| c.operation == operation.id).cloned().collect()
    }

    /// How many calls were made so far.
    pub fn call_count(&self) -> usize {
        self.state.lock().calls.len()
    }
}

/// A rule being set up by [`Mock::on`]: which calls it matches, then what
/// it answers. Rules are tried in the order they were added; the first that
/// matches answers. The rule is added by one of the `respond*` methods.
#[must_use = "a rule is added by one of its `respond*` methods"]
pub struct MockRule<'a> {
    mock: &'a Mock,
    operation: Option<String>,
    path: Option<String>,
    query: Vec<(String, String)>,
}

impl fmt::Debug for MockRule<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRule")
            .field("operation", &self.operation)
            .field("path", &self.path)
            .field("query", &self.query)
            .finish()
    }
}

impl MockRule<'_> {
    /// Matches only calls to exactly this (percent-encoded) path, e.g. `/v13/deployments/dpl_1`.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Matches only calls whose query has this pair (among others).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Answers every matching call with `response`.
    pub fn respond(self, response: MockResponse) {
        self.respond_sequence([response]);
    }

    /// Answers every matching call with `200` and `value` as JSON.
    pub fn respond_json<T: Serialize + ?Sized>(self, value: &T) {
        self.respond(MockResponse::json(value));
    }

    /// Answers the matching calls with `responses` in order; the last one
    /// answers every call after it. An empty sequence answers `200` with no body.
    pub fn respond_sequence(self, responses: impl IntoIterator<Item = MockResponse>) {
        let mut responses: Vec<MockResponse> = responses.into_iter().collect();
        if responses.is_empty() {
            responses.push(MockResponse::status(200));
        }
        let rule = Rule { operation: self.operation, path: self.path, query: self.query, responses, used: 0 };
        self.mock.state.lock().rules.push(rule);
    }
}

/// A scripted answer: status, headers and raw body.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl MockResponse {
    /// An answer with this status and no body.
    ///
    /// # Panics
    /// When `status` is not a valid HTTP status (100 to 999).
    pub fn status(status: u16) -> MockResponse {
        MockResponse { status: valid_status(status), headers: HeaderMap::new(), body: Bytes::new() }
    }

    /// `200` with `value` serialized as JSON and `Content-Type: application/json`.
    ///
    /// # Panics
    /// When `value` cannot be serialized as JSON (e.g. a map with non-string keys).
    pub fn json<T: Serialize + ?Sized>(value: &T) -> MockResponse {
        let body = serde_json::to_vec(value).unwrap_or_else(|e| panic!("MockResponse::json: {e}"));
        MockResponse::raw(body).with_header("content-type", "application/json")
    }

    /// `200` with these bytes as the body and no `Content-Type`.
    pub fn raw(body: impl Into<Bytes>) -> MockResponse {
        MockResponse { status: StatusCode::OK, headers: HeaderMap::new(), body: body.into() }
    }

    /// The same answer with another status.
    ///
    /// # Panics
    /// When `status` is not a valid HTTP status (100 to 999).
    pub fn with_status(mut self, status: u16) -> MockResponse {
        self.status = valid_status(status);
        self
    }

    /// The same answer with a header added (e.g. `retry-after`).
    ///
    /// # Panics
    /// When the name or value is not valid in a header.
    pub fn with_header(mut self, name: &str, value: &str) -> MockResponse {
        let name = HeaderName::from_bytes(name.as_bytes()).unwrap_or_else(|_| panic!("invalid header name {name:?}"));
        let value = HeaderValue::from_str(value).unwrap_or_else(|_| panic!("invalid header value {value:?}"));
        if name == CONTENT_TYPE {
            self.headers.insert(name, value);
        } else {
            self.headers.append(name, value);
        }
        self
    }
}

fn valid_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or_else(|_| panic!("invalid HTTP status {status}"))
}

/// One attempt the client made, as the mock received it.
#[derive(Debug, Clone)]
pub struct MockCall {
    operation: &'static str,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

impl MockCall {
    /// The operation id (`operationId`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL path, percent-encoded as sent.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The decoded query pairs, in order (team scoping included).
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of the query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The request headers (`Authorization` included).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name`, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The raw request body (empty when there was none).
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The request body decoded from JSON; `None` when it is not JSON of that shape.
    pub fn json<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }
}
