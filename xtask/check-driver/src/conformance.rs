//! Conformance: every operation of a generated client called once against a
//! mock server of the spec (Prism, started by `cargo xtask conformance`).
//!
//! The program's table has one [`Operation`] per operation: a function that
//! builds its request with the client's typed builders and sends it, and the
//! documented 4xx responses. The program takes the mock server's base URL as
//! its first argument and prints one line per failure,
//! `FAIL <label>: <why>` or `FAIL <label> (Prefer: code=<status>): <why>`,
//! `NOTE <label>: <note>` for a pass whose mock response violates the spec,
//! then `conformance: N/M documented error responses pass` (when any was
//! checked), and last `conformance: N/M operations pass`; it exits 1 on any
//! failure.

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use vercel_runtime::{Client, ClientBuilder, Error, HeaderMap, StatusCode};

/// A sent request: the status and headers of its response once decoded.
pub type Pending<'a> = Pin<Box<dyn Future<Output = Result<Reply, Error>> + 'a>>;

/// The part of a decoded response the checks look at.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
}

/// Boxes the future of a generated request's `send_with_response()`.
pub fn pending<'a, T: 'a>(sent: impl Future<Output = Result<vercel_runtime::Response<T>, Error>> + 'a) -> Pending<'a> {
    Box::pin(async move { sent.await.map(|response| Reply { status: response.status, headers: response.headers }) })
}

/// One operation of the client under test.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `<operationId> (<METHOD> <path>)`, as failures are reported.
    pub label: &'static str,
    /// Builds the request with `client` and sends it; `Err` says why no request could be built.
    pub call: for<'a> fn(&'a Client) -> Result<Pending<'a>, String>,
    /// The documented 4xx responses to request (`Prefer: code=<status>`).
    pub errors: &'static [DocumentedError],
    /// Whether an error's body decodes into the operation's `ErrorBody` (see
    /// [`decodes_as`]); `None` when the operation types no error body.
    pub typed_error: Option<fn(&Error) -> bool>,
}

/// A documented error response of an operation.
#[derive(Debug, Clone, Copy)]
pub struct DocumentedError {
    /// The status.
    pub status: u16,
    /// The spec documents a body for it.
    pub has_body: bool,
    /// The spec types that body (it must decode into the operation's `ErrorBody`).
    pub typed: bool,
}

/// Whether the API error's body decodes into the typed error body `E`.
pub fn decodes_as<E: vercel_runtime::TypedErrorBody>(error: &Error) -> bool {
    error.typed_body::<E>().is_some()
}

/// Pass/fail counts, and the lines printed.
#[derive(Debug, Default)]
pub struct Tally {
    /// Operations that passed.
    pub passed: usize,
    /// Passing operations whose mock response violates the spec.
    pub noted: usize,
    /// Operations that failed.
    pub failed: usize,
    /// Documented error responses that passed.
    pub errors_passed: usize,
    /// Documented error responses that failed.
    pub errors_failed: usize,
    /// How many operations were called.
    pub operations: usize,
}

impl Tally {
    fn success(&mut self, label: &str, outcome: Result<Option<String>, String>, out: &mut dyn FnMut(String)) {
        match outcome {
            Ok(None) => self.passed += 1,
            Ok(Some(note)) => {
                self.passed += 1;
                self.noted += 1;
                out(format!("NOTE {label}: {note}"));
            }
            Err(why) => {
                self.failed += 1;
                out(format!("FAIL {label}: {why}"));
            }
        }
    }

    fn error(&mut self, label: &str, code: u16, outcome: Result<(), String>, out: &mut dyn FnMut(String)) {
        match outcome {
            Ok(()) => self.errors_passed += 1,
            Err(why) => {
                self.errors_failed += 1;
                out(format!("FAIL {label} (Prefer: code={code}): {why}"));
            }
        }
    }

    /// The summary lines, the operations' last.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let checked = self.errors_passed + self.errors_failed;
        if checked > 0 {
            lines.push(format!("conformance: {}/{checked} documented error responses pass", self.errors_passed));
        }
        if self.noted > 0 {
            lines.push(format!(
                "conformance: {} passing operations got a mock response that violates the spec (NOTE lines)",
                self.noted
            ));
        }
        lines.push(format!("conformance: {}/{} operations pass", self.passed, self.operations));
        lines
    }

    /// No operation and no documented error failed.
    pub fn passed_all(&self) -> bool {
        self.failed == 0 && self.errors_failed == 0
    }
}

/// A success: a 2xx status, no request violation reported by the mock
/// server, and a body that decoded into the operation's response type.
/// Violations the mock server finds in its own response (the spec's faults,
/// not the client's) come back as a note.
pub fn check_success(result: Result<Reply, Error>) -> Result<Option<String>, String> {
    match result {
        Ok(reply) if !reply.status.is_success() => Err(format!("status {} is not a success", reply.status)),
        Ok(reply) => {
            let (request, mock) = violations(&reply.headers);
            if !request.is_empty() {
                Err(format!("request violations: {}", request.join("; ")))
            } else if !mock.is_empty() {
                Ok(Some(format!("the mock response violates the spec (decoded anyway): {}", mock.join("; "))))
            } else {
                Ok(None)
            }
        }
        Err(e) => Err(describe(&e)),
    }
}

/// The `sl-violations` header (Prism's) split into request and response
/// violations, each `location: message`.
pub fn violations(headers: &HeaderMap) -> (Vec<String>, Vec<String>) {
    let Some(header) = headers.get("sl-violations") else { return (Vec::new(), Vec::new()) };
    let text = header.to_str().unwrap_or("");
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text) else {
        return (vec![format!("unreadable sl-violations header: {text}")], Vec::new());
    };
    let mut request = Vec::new();
    let mut response = Vec::new();
    for item in items {
        let location: Vec<String> = item["location"]
            .as_array()
            .map(|l| l.iter().map(|p| p.as_str().map(String::from).unwrap_or_else(|| p.to_string())).collect())
            .unwrap_or_default();
        let line = format!("{}: {}", location.join("."), item["message"].as_str().unwrap_or(""));
        if location.first().map(String::as_str) == Some("response") {
            response.push(line);
        } else {
            request.push(line);
        }
    }
    (request, response)
}

/// A documented error: the typed error carries the requested status and
/// (when the spec documents one) the body; when the spec types that body,
/// `typed` decodes it into the operation's `ErrorBody`.
pub fn check_error(
    result: Result<Reply, Error>,
    code: u16,
    has_body: bool,
    typed: Option<fn(&Error) -> bool>,
) -> Result<(), String> {
    match result {
        Ok(_) => Err(format!("expected status {code}, the call succeeded")),
        Err(e) => match e.api_error() {
            Some(api) if !violations(&api.headers).0.is_empty() => Err(describe(&e)),
            Some(api) if api.status.as_u16() != code => Err(format!("expected status {code}: {}", describe(&e))),
            Some(api) if has_body && api.body.is_empty() => {
                Err(format!("status {code} documents a body, the error carries none"))
            }
            Some(_) if typed.is_some_and(|decodes| !decodes(&e)) => {
                Err(format!("the body does not decode as the documented error type: {}", describe(&e)))
            }
            Some(_) => Ok(()),
            None => Err(format!("expected an API error with status {code}: {}", describe(&e))),
        },
    }
}

/// An error as a failure line shows it: status, violations and the start of the body.
pub fn describe(e: &Error) -> String {
    match e.api_error() {
        Some(api) => {
            let violations = api.headers.get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or("");
            let body = String::from_utf8_lossy(&api.body);
            let body: String = body.chars().take(300).collect();
            format!("status {}; sl-violations: {violations}; body: {body}", api.status)
        }
        None => e.to_string(),
    }
}

/// The client builder of the program: `base` as the base URL, a fixed token.
pub fn client_builder(base: &str) -> ClientBuilder {
    Client::builder().token("conformance-token").base_url(base)
}

/// Calls each operation with `client`, then requests each documented error
/// with the client `error_client(status)` gives (one whose requests ask the
/// mock server for that status); `out` gets each line as it is found.
pub async fn run(
    operations: &[Operation],
    client: &Client,
    error_client: &dyn Fn(u16) -> Client,
    out: &mut dyn FnMut(String),
) -> Tally {
    let mut tally = Tally { operations: operations.len(), ..Tally::default() };
    for op in operations {
        let outcome = match (op.call)(client) {
            Ok(sent) => check_success(sent.await),
            Err(why) => Err(why),
        };
        tally.success(op.label, outcome, out);
        for documented in op.errors {
            let code = documented.status;
            let client = error_client(code);
            let typed = if documented.typed { op.typed_error } else { None };
            let outcome = match (op.call)(&client) {
                Ok(sent) => check_error(sent.await, code, documented.has_body, typed),
                Err(why) => Err(why),
            };
            tally.error(op.label, code, outcome, out);
        }
    }
    tally
}

/// The program's `main`: runs [`run`] against the base URL given as the
/// first argument and prints the lines (see the module docs).
pub fn main(operations: &[Operation]) -> ExitCode {
    let Some(base) = std::env::args().nth(1) else {
        eprintln!("usage: conformance BASE_URL");
        return ExitCode::FAILURE;
    };
    let client = client_builder(&base).build().expect("a client for the mock server");
    let error_client = |code: u16| {
        client_builder(&base)
            .default_header("Prefer", format!("code={code}"))
            .build()
            .expect("a client for the mock server")
    };
    let tally = crate::runtime().block_on(run(operations, &client, &error_client, &mut |line| println!("{line}")));
    for line in tally.summary() {
        println!("{line}");
    }
    if tally.passed_all() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vercel_runtime::mock::{Mock, MockResponse};
    use vercel_runtime::{Method, Request};

    const GET_USER: vercel_runtime::Operation = vercel_runtime::Operation {
        id: "getAuthUser",
        method: Method::GET,
        path: "/v2/user",
        team_id_query: false,
        slug_query: false,
        scopes: &[],
    };

    fn call_user(client: &Client) -> Result<Pending<'_>, String> {
        Ok(pending(client.send_with_response::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into()))))
    }

    fn not_built(_: &Client) -> Result<Pending<'_>, String> {
        Err("cannot build the request: no sample".into())
    }

    fn body_is_json(e: &Error) -> bool {
        e.api_error().is_some_and(|api| serde_json::from_slice::<serde_json::Value>(&api.body).is_ok())
    }

    /// Runs `operations` with every success answered by `success` and each
    /// documented error by the status asked for, with a body when `error_body`.
    fn run_with(operations: &[Operation], success: MockResponse, error_body: Option<&str>) -> (Tally, Vec<String>) {
        let mock = Mock::new();
        mock.on(&GET_USER).respond(success);
        let error_body = error_body.map(String::from);
        let error_client = move |code: u16| {
            let errors = Mock::new();
            let response = match &error_body {
                Some(body) => MockResponse::raw(body.clone()).with_status(code),
                None => MockResponse::status(code),
            };
            errors.on(&GET_USER).respond(response);
            errors.client()
        };
        let mut lines = Vec::new();
        let tally = crate::runtime().block_on(run(operations, &mock.client(), &error_client, &mut |l| lines.push(l)));
        (tally, lines)
    }

    const USER: Operation =
        Operation { label: "getAuthUser (GET /v2/user)", call: call_user, errors: &[], typed_error: None };

    #[test]
    fn a_decoded_2xx_without_violations_passes() {
        let (tally, lines) = run_with(&[USER], MockResponse::json(&serde_json::json!({"user": {}})), None);
        assert!(lines.is_empty(), "{lines:?}");
        assert!(tally.passed_all());
        assert_eq!(tally.summary(), ["conformance: 1/1 operations pass"]);
    }

    #[test]
    fn request_violations_fail_and_response_violations_are_notes() {
        let violation = |side: &str| {
            MockResponse::json(&serde_json::json!({})).with_header(
                "sl-violations",
                &format!(r#"[{{"location": ["{side}", "body", "name"], "message": "must be string"}}]"#),
            )
        };
        let (tally, lines) = run_with(&[USER], violation("request"), None);
        assert_eq!(lines, ["FAIL getAuthUser (GET /v2/user): request violations: request.body.name: must be string"]);
        assert!(!tally.passed_all());
        assert_eq!(tally.summary().last().unwrap(), "conformance: 0/1 operations pass");

        let (tally, lines) = run_with(&[USER], violation("response"), None);
        assert_eq!(
            lines,
            ["NOTE getAuthUser (GET /v2/user): the mock response violates the spec (decoded anyway): response.body.name: must be string"]
        );
        assert!(tally.passed_all());
        assert_eq!(
            tally.summary()[0],
            "conformance: 1 passing operations got a mock response that violates the spec (NOTE lines)"
        );
    }

    #[test]
    fn an_operation_without_a_request_fails_with_the_reason() {
        let op = Operation { label: "createX (POST /x)", call: not_built, errors: &[], typed_error: None };
        let (tally, lines) = run_with(&[op], MockResponse::status(200), None);
        assert_eq!(lines, ["FAIL createX (POST /x): cannot build the request: no sample"]);
        assert_eq!(tally.failed, 1);
    }

    #[test]
    fn documented_errors_need_their_status_their_body_and_their_type() {
        let errors = &[
            DocumentedError { status: 404, has_body: true, typed: true },
            DocumentedError { status: 403, has_body: false, typed: false },
        ];
        let op = Operation { errors, typed_error: Some(body_is_json), ..USER };
        let ok = MockResponse::json(&serde_json::json!({}));

        let (tally, lines) = run_with(&[op], ok.clone(), Some(r#"{"error": {"code": "not_found"}}"#));
        assert!(lines.is_empty(), "{lines:?}");
        assert_eq!(tally.summary()[0], "conformance: 2/2 documented error responses pass");

        let (tally, lines) = run_with(&[op], ok.clone(), None);
        assert_eq!(
            lines,
            ["FAIL getAuthUser (GET /v2/user) (Prefer: code=404): status 404 documents a body, the error carries none"]
        );
        assert_eq!((tally.errors_passed, tally.errors_failed), (1, 1));

        let (_, lines) = run_with(&[op], ok, Some("not json"));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("code=404): the body does not decode as the documented error type"), "{lines:?}");
    }

    #[test]
    fn an_error_check_answered_with_a_success_fails() {
        let result = Ok(Reply { status: StatusCode::OK, headers: HeaderMap::new() });
        assert_eq!(check_error(result, 404, false, None).unwrap_err(), "expected status 404, the call succeeded");
    }

    #[test]
    fn an_unreadable_violations_header_is_a_request_violation() {
        let mut headers = HeaderMap::new();
        headers.insert("sl-violations", "not json".parse().unwrap());
        assert_eq!(violations(&headers), (vec!["unreadable sl-violations header: not json".to_string()], Vec::new()));
    }
}
