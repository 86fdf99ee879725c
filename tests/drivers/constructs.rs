//! Calls the generated clients of the 2026-spec construct fixtures
//! (`registry`, `json_lines`, `odd_responses`, `binary_response`, merged into
//! one spec by `codegen/tests/it/generator_constructs.rs`) against the runtime's
//! test-util mock, and panics at the first behaviour that is not what the
//! fixture README says. Built and run by that test; not part of the workspace.

use vercel_boxes::BoxesApi as _;
use vercel_jobs::JobsApi as _;
use vercel_registry::RegistryApi as _;
use vercel_runtime::mock::{Mock, MockCall, MockResponse};
use vercel_runtime::{Client, JsonOrLines, RetryConfig, StreamExt};
use vercel_settings::SettingsApi as _;

/// A client on `mock` that does not retry (so a scripted 502 is the answer).
fn client(mock: &Mock) -> Client {
    mock.client_from(Client::builder().token("t").retry(RetryConfig::disabled())).expect("mock client")
}

/// The one call `mock` recorded since the last `take`.
fn last(mock: &Mock) -> MockCall {
    mock.calls().pop().expect("a call was made")
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    registry().await;
    json_lines().await;
    odd_responses().await;
    downloads().await;
    println!("constructs driver: every check passed");
}

/// Exact paths (trailing slashes, parameters first), HEAD with `exists()`.
async fn registry() {
    let mock = Mock::new();
    mock.on_any().respond_sequence([
        MockResponse::status(200),
        MockResponse::json(&serde_json::json!({"repositories": ["web"]})),
        MockResponse::json(&serde_json::json!({"schemaVersion": 2})),
        MockResponse::status(202),
        MockResponse::status(200).with_header("docker-content-digest", "sha256:abc"),
        MockResponse::status(200),
        MockResponse::status(404),
        MockResponse::status(401),
        MockResponse::status(200),
    ]);
    let registry = client(&mock).registry();

    registry.get_v2().send().await.expect("GET /v2/");
    assert_eq!(last(&mock).path(), "/v2/");
    registry.list_registry_repositories().send().await.expect("GET /v2/repositories");
    assert_eq!(last(&mock).path(), "/v2/repositories");
    let manifest = registry.get_manifest("acme", "web", "app", "latest").send().await.expect("GET manifest");
    assert_eq!(manifest.schema_version, Some(2));
    assert_eq!(last(&mock).path(), "/v2/acme/web/app/manifests/latest");
    registry.post_blobs_uploads("acme", "web", "app").send().await.expect("POST uploads");
    let call = last(&mock);
    assert_eq!((call.method().as_str(), call.path()), ("POST", "/v2/acme/web/app/blobs/uploads/"));
    assert!(call.body().is_empty(), "no requestBody: nothing is sent");

    let head = registry.head_manifest("acme", "web", "app", "v1").send_with_response().await.expect("HEAD");
    assert_eq!(head.status.as_u16(), 200);
    assert_eq!(head.headers["docker-content-digest"], "sha256:abc");
    let call = last(&mock);
    assert_eq!((call.method().as_str(), call.path()), ("HEAD", "/v2/acme/web/app/manifests/v1"));
    assert!(registry.head_manifest("acme", "web", "app", "v1").exists().await.expect("200"));
    assert!(!registry.head_manifest("acme", "web", "app", "v2").exists().await.expect("404 is absent"));
    let denied = registry.head_manifest("acme", "web", "app", "v3").exists().await.expect_err("401 is an error");
    assert_eq!(denied.status().map(|s| s.as_u16()), Some(401));
    registry.get_tags_list().send().await.expect("GET /v3/tags/list");
    assert_eq!(last(&mock).path(), "/v3/tags/list");
}

/// `application/x-ndjson` lines: typed (a tagged oneOf), asked for by name;
/// JSON or lines by the answer's `Content-Type`.
async fn json_lines() {
    let ndjson = |body: &'static str| MockResponse::raw(body).with_header("content-type", "application/x-ndjson");
    let mock = Mock::new();
    mock.on_any().respond_sequence([
        ndjson("{\"type\":\"stdout\",\"data\":\"hi\"}\n{\"type\":\"exit\",\"code\":3}\n"),
        ndjson("{\"type\":\"stdout\",\"data\":\"a\"}\n"),
        MockResponse::json(&serde_json::json!({"jobId": "j1", "exitCode": 0})),
        ndjson("{\"step\":\"build\"}\n{\"step\":\"test\",\"done\":true}\n"),
        ndjson("{\"step\":\"build\"}\n"),
    ]);
    let jobs = client(&mock).jobs();

    let mut logs = jobs.get_job_logs("j1").into_stream();
    use vercel_jobs::get_job_logs::Event;
    match logs.next().await.expect("a first line").expect("it decodes") {
        Event::Stdout(line) => assert_eq!(line.data, "hi"),
        other => panic!("expected stdout, got {other:?}"),
    }
    match logs.next().await.expect("a second line").expect("it decodes") {
        Event::Exit(exit) => assert_eq!(exit.code, 3),
        other => panic!("expected exit, got {other:?}"),
    }
    assert!(logs.next().await.is_none());
    assert_eq!(last(&mock).header("accept"), Some("application/x-ndjson"));
    let all = jobs.get_job_logs("j1").send().await.expect("lines read whole");
    assert_eq!(all.len(), 1);
    assert_eq!(last(&mock).header("accept"), Some("application/x-ndjson"));

    match jobs.run_job("j1").send().await.expect("JSON answer") {
        JsonOrLines::Json(done) => assert_eq!((done.job_id.as_str(), done.exit_code), ("j1", 0)),
        other => panic!("expected the JSON document, got {other:?}"),
    }
    assert_eq!(last(&mock).header("accept"), Some("application/json, application/x-ndjson"));
    match jobs.run_job("j1").send().await.expect("lines answer") {
        JsonOrLines::Lines(steps) => {
            assert_eq!(steps.len(), 2);
            assert_eq!((steps[1].step.as_str(), steps[1].done), ("test", Some(true)));
        }
        other => panic!("expected lines, got {other:?}"),
    }
    let mut progress = jobs.run_job("j1").into_stream();
    assert_eq!(progress.next().await.expect("a line").expect("it decodes").step, "build");
    assert_eq!(last(&mock).header("accept"), Some("application/x-ndjson"));
}

/// A nullable-only schema, a 204 declaring content, no 2xx, 502 and 504.
async fn odd_responses() {
    let mock = Mock::new();
    mock.on_any().respond_sequence([
        MockResponse::raw("null").with_header("content-type", "application/json"),
        MockResponse::json(&serde_json::json!({"any": [1, 2]})),
        MockResponse::status(204),
        MockResponse::raw("queued").with_status(202),
        MockResponse::json(&serde_json::json!({"code": "upstream"})).with_status(502),
        MockResponse::json(&serde_json::json!({"retryAfter": 5})).with_status(504),
    ]);
    let settings = client(&mock).settings();

    assert_eq!(settings.get_setting("k").send().await.expect("null"), serde_json::Value::Null);
    assert_eq!(settings.get_setting("k").send().await.expect("any value")["any"][1], 2);
    settings.delete_setting("k").send().await.expect("204 without a body");
    assert_eq!(&settings.ping_setting("k").send().await.expect("an undocumented 2xx")[..], b"queued");

    use vercel_settings::put_setting::ErrorBody;
    let e = settings.put_setting("k").value("v").send().await.expect_err("502");
    match e.typed_body::<ErrorBody>() {
        Some(ErrorBody::Status502(problem)) => assert_eq!(problem.code, "upstream"),
        other => panic!("expected the 502 body, got {other:?}"),
    }
    let e = settings.put_setting("k").send().await.expect_err("504");
    match e.typed_body::<ErrorBody>() {
        Some(ErrorBody::Status504(timeout)) => assert_eq!(timeout.retry_after, 5),
        other => panic!("expected the 504 body, got {other:?}"),
    }
}

/// `application/octet-stream` binary bodies, whole and streamed.
async fn downloads() {
    let bytes: &'static [u8] = &[0, 159, 146, 150, 255];
    let octets = || MockResponse::raw(bytes).with_header("content-type", "application/octet-stream");
    let mock = Mock::new();
    mock.on_any().respond_sequence([octets(), octets()]);
    let boxes = client(&mock).boxes();

    assert_eq!(&boxes.read_file("b1", "/etc/hosts").send().await.expect("bytes")[..], bytes);
    assert_eq!(last(&mock).query_value("path"), Some("/etc/hosts"));
    let mut stream = boxes.read_file("b1", "/x").send_byte_stream().await.expect("a stream").body;
    let mut received = Vec::new();
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(received, bytes);
}
