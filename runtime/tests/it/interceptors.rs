//! Interceptors: before each attempt (headers, operation, attempt number),
//! after each response (status, headers) and on each error, in order.

use crate::common::{GET_USER, LIST_DEPLOYMENTS};

use std::sync::{Arc, Mutex};

use vercel_runtime::mock::{Mock, MockResponse};
use vercel_runtime::{
    AttemptContext, AttemptRequest, BoxError, Client, Error, HeaderMap, Interceptor, Request, StatusCode,
};

/// Records every hook call as a line, and adds a header naming itself and the attempt.
struct Recorder {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Recorder {
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        // Sees what goes out: the token set by the client, the team scope.
        let auth = request.headers()["authorization"].to_str()?.to_owned();
        let query = request.query().unwrap_or("").to_owned();
        self.log
            .lock()
            .unwrap()
            .push(format!("{} before {} #{} {auth} {query}", self.name, ctx.operation.id, ctx.attempt));
        request.headers_mut().insert("x-seen-by", format!("{} #{}", self.name, ctx.attempt).parse()?);
        Ok(())
    }

    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, headers: &HeaderMap) {
        let id = headers.get("x-vercel-id").map_or("-", |v| v.to_str().unwrap());
        self.log
            .lock()
            .unwrap()
            .push(format!("{} after {} #{} {status} {id}", self.name, ctx.operation.id, ctx.attempt));
    }

    fn on_error(&self, ctx: &AttemptContext, error: &Error, will_retry: bool) {
        let status = error.status().map_or(0, |s| s.as_u16());
        self.log.lock().unwrap().push(format!("{} error #{} {status} retry={will_retry}", self.name, ctx.attempt));
    }
}

#[tokio::test]
async fn hooks_run_in_order_around_every_attempt() {
    let mock = Mock::new();
    mock.on(&LIST_DEPLOYMENTS).respond_sequence([
        MockResponse::status(503).with_header("x-vercel-id", "fra1::a"),
        MockResponse::json(&serde_json::json!({})).with_header("x-vercel-id", "fra1::b"),
    ]);
    let log = Arc::new(Mutex::new(Vec::new()));
    let builder = Client::builder()
        .token("tok_1")
        .team_id("team_1")
        .retry(vercel_runtime::RetryConfig::default().initial_backoff(std::time::Duration::ZERO))
        .interceptor(Recorder { name: "first", log: log.clone() })
        .interceptor(Recorder { name: "second", log: log.clone() });
    let client = mock.client_from(builder).unwrap();

    let _: serde_json::Value = client.send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();

    assert_eq!(
        *log.lock().unwrap(),
        [
            "first before getDeployments #1 Bearer tok_1 teamId=team_1",
            "second before getDeployments #1 Bearer tok_1 teamId=team_1",
            "first after getDeployments #1 503 Service Unavailable fra1::a",
            "second after getDeployments #1 503 Service Unavailable fra1::a",
            "first error #1 503 retry=true",
            "second error #1 503 retry=true",
            "first before getDeployments #2 Bearer tok_1 teamId=team_1",
            "second before getDeployments #2 Bearer tok_1 teamId=team_1",
            "first after getDeployments #2 200 OK fra1::b",
            "second after getDeployments #2 200 OK fra1::b",
        ]
    );
    // The header the last interceptor wrote is the one sent, on each attempt.
    let sent: Vec<_> = mock.calls().iter().map(|c| c.header("x-seen-by").unwrap().to_owned()).collect();
    assert_eq!(sent, ["second #1", "second #2"]);
}

/// Signs the body with a keyed digest, as a request-signing proxy would require.
struct Sign;

impl Interceptor for Sign {
    fn before_attempt(&self, _: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        let body = request.body().unwrap_or_default();
        let digest = vercel_runtime::sha1_hex(&[b"key:".as_slice(), body].concat());
        request.headers_mut().insert("x-signature", digest.parse()?);
        Ok(())
    }
}

#[tokio::test]
async fn an_interceptor_can_sign_the_body() {
    let mock = Mock::new();
    mock.on_any().respond_json(&serde_json::json!({}));
    let client = mock.client_from(Client::builder().token("t").interceptor(Sign)).unwrap();
    let mut req = Request::new(&GET_USER, "/v2/user".into());
    req.json(&serde_json::json!({"name": "x"}));
    let _: serde_json::Value = client.send(req).await.unwrap();
    let call = &mock.calls()[0];
    assert_eq!(call.header("x-signature").unwrap(), vercel_runtime::sha1_hex(br#"key:{"name":"x"}"#));
}

struct Refuse;

impl Interceptor for Refuse {
    fn before_attempt(&self, _: &AttemptContext, _: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        Err("no signing key".into())
    }
}

#[tokio::test]
async fn a_failing_interceptor_stops_the_call_before_it_is_sent() {
    let mock = Mock::new();
    mock.on_any().respond_json(&serde_json::json!({}));
    let client = mock.client_from(Client::builder().token("t").interceptor(Refuse)).unwrap();
    let err = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert!(matches!(&err, Error::Interceptor { operation: "getAuthUser", .. }), "{err:?}");
    assert_eq!(err.to_string(), "getAuthUser: interceptor failed: no signing key");
    assert_eq!(mock.call_count(), 0);
}

/// Metrics: status counts per operation.
#[derive(Default)]
struct StatusMetrics(Mutex<Vec<(&'static str, u16)>>);

impl Interceptor for StatusMetrics {
    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, _: &HeaderMap) {
        self.0.lock().unwrap().push((ctx.operation.id, status.as_u16()));
    }
}

#[tokio::test]
async fn metrics_of_status_per_operation() {
    let mock = Mock::new();
    mock.on(&GET_USER).respond(MockResponse::status(404));
    mock.on(&LIST_DEPLOYMENTS).respond_json(&serde_json::json!({}));
    let metrics = Arc::new(StatusMetrics::default());
    let client = mock.client_from(Client::builder().token("t").interceptor(metrics.clone())).unwrap();
    let _ = client.send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await;
    let _ = client.send::<serde_json::Value>(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await;
    assert_eq!(*metrics.0.lock().unwrap(), [("getAuthUser", 404), ("getDeployments", 200)]);
}
