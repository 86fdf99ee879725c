//! Runs the integration example (`tests/examples/integration.rs`) against the
//! `test-util` mock, all of it: the OAuth code exchange through the mock
//! client's transport, the configurations (enabled and disabled), projects
//! and deployments across pages through `into_stream()`, the environment
//! variable's body from its builder, and a webhook verified and matched.
//! No server, no hand-written paging.

#[path = "../../examples/integration.rs"]
#[allow(dead_code)] // the example's `main` is not called here
mod integration;

use integration::Configurations;
use serde_json::{json, Value};
use vercel_client::deployments::get_deployments;
use vercel_client::integrations::get_configurations;
use vercel_client::mock::{Mock, MockResponse};
use vercel_client::projects::{create_project_env, get_projects};
use vercel_client::webhook::{self, WebhookError};
use vercel_client::OAuthApp;

const SECRET: &str = "secret_1";

fn app() -> OAuthApp {
    OAuthApp::new("oac_1", SECRET, "https://example.com/callback")
}

/// A mock whose code exchange installs `icfg_1` on `team_1` with token `tok_1`.
fn installed() -> Mock {
    let mock = Mock::new();
    mock.on(&OAuthApp::EXCHANGE_CODE).respond_json(&json!({"access_token": "tok_1", "token_type": "Bearer",
        "installation_id": "icfg_1", "user_id": "usr_1", "team_id": "team_1"}));
    mock
}

fn project(name: &str) -> Value {
    json!({"accountId": "team_1", "id": format!("prj_{name}"), "name": name, "directoryListing": false,
        "nodeVersion": "20.x", "updatedAt": 1})
}

fn deployment(uid: &str, url: &str) -> Value {
    json!({"uid": uid, "name": "web", "projectId": "prj_web", "url": url, "created": 1, "state": "READY",
        "type": "LAMBDAS", "creator": {"uid": "usr_1"}})
}

/// Configurations, two pages of projects (cursor `from`), an environment
/// variable per project, two pages of deployments for `web` (cursor `until`).
fn scripted() -> Mock {
    let mock = installed();
    mock.on(&get_configurations::OPERATION).respond_json(&json!([{"id": "icfg_1", "slug": "acme"}]));
    // Rules are tried in order: the later pages first, matched on their cursor.
    mock.on(&get_projects::OPERATION)
        .query("from", "1700000000000")
        .respond_json(&json!({"projects": [project("docs")], "pagination": {"count": 1, "next": null, "prev": null}}));
    mock.on(&get_projects::OPERATION).respond_json(&json!({"projects": [project("web")],
        "pagination": {"count": 1, "next": 1_700_000_000_000u64, "prev": null}}));
    mock.on(&create_project_env::OPERATION).respond_json(&json!({"created": {}, "failed": []}));
    mock.on(&get_deployments::OPERATION).query("projectId", "docs").respond_json(&json!({"deployments": [],
        "pagination": {"count": 0, "next": null, "prev": null}}));
    mock.on(&get_deployments::OPERATION).query("until", "1716200000000").respond_json(&json!({
        "deployments": [deployment("dpl_3", "web-3.vercel.app")],
        "pagination": {"count": 1, "next": null, "prev": null}}));
    mock.on(&get_deployments::OPERATION).respond_json(&json!({
        "deployments": [deployment("dpl_1", "web-1.vercel.app"), deployment("dpl_2", "web-2.vercel.app")],
        "pagination": {"count": 2, "next": 1_716_200_000_000u64, "prev": null}}));
    mock
}

#[tokio::test]
async fn the_integration_runs_end_to_end_against_the_mock() {
    let mock = scripted();
    let report = integration::run(&app(), &mock.client(), "code_1").await.unwrap();
    assert_eq!(
        report,
        ["installation icfg_1", r#"web: ["web-1.vercel.app", "web-2.vercel.app", "web-3.vercel.app"]"#, "docs: []",]
    );

    let calls = mock.calls();
    let exchange = &calls[0];
    assert_eq!(exchange.operation(), "exchangeOAuthCode");
    assert_eq!(exchange.header("authorization"), None, "the exchange is authenticated by its body");
    assert_eq!(
        exchange.body(),
        b"client_id=oac_1&client_secret=secret_1&code=code_1&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback"
    );
    // Everything after it acts as the installation, on its team.
    for call in &calls[1..] {
        assert_eq!(call.header("authorization"), Some("Bearer tok_1"), "{}", call.operation());
        assert_eq!(call.query_value("teamId"), Some("team_1"), "{}", call.operation());
    }
    let projects = mock.calls_to(&get_projects::OPERATION);
    assert_eq!(projects.len(), 2, "two pages");
    assert_eq!((projects[0].query_value("from"), projects[0].query_value("limit")), (None, Some("100")));
    assert_eq!(
        (projects[1].query_value("from"), projects[1].query_value("limit")),
        (Some("1700000000000"), Some("100"))
    );

    // One variable per project, its body from the builder: the fields set, nothing else.
    let variables = mock.calls_to(&create_project_env::OPERATION);
    let paths: Vec<&str> = variables.iter().map(|c| c.path()).collect();
    assert_eq!(paths, ["/v10/projects/web/env", "/v10/projects/docs/env"]);
    for call in &variables {
        assert_eq!(call.query_value("upsert"), Some("true"));
        assert_eq!(
            call.json::<Value>().unwrap(),
            json!({"key": "INTEGRATION_ENABLED", "value": "1", "type": "encrypted", "target": ["production", "preview"]})
        );
    }

    let deployments = mock.calls_to(&get_deployments::OPERATION);
    let cursors: Vec<_> = deployments
        .iter()
        .map(|c| (c.query_value("projectId"), c.query_value("until"), c.query_value("state")))
        .collect();
    assert_eq!(
        cursors,
        [
            (Some("web"), None, Some("READY")),
            (Some("web"), Some("1716200000000"), Some("READY")),
            (Some("docs"), None, Some("READY")),
        ]
    );
}

#[tokio::test]
async fn a_disabled_configuration_is_a_state_and_stops_the_flow() {
    let mock = installed();
    let disabled = json!({"error": {"code": "integration_configuration_disabled", "message": "disabled"}});
    mock.on(&get_configurations::OPERATION).respond(MockResponse::json(&disabled).with_status(403));
    let (_, client) = integration::install(&app(), &mock.client(), "code_1").await.unwrap();
    assert_eq!(integration::configurations(&client).await.unwrap(), Configurations::Disabled);

    let report = integration::run(&app(), &mock.client(), "code_1").await.unwrap();
    assert_eq!(report, ["installation icfg_1", "disabled: re-enable the configuration in the dashboard"]);
    assert!(mock.calls_to(&get_projects::OPERATION).is_empty(), "nothing is listed for a disabled installation");

    // Any other 403 is an error, not a disabled configuration.
    let mock = installed();
    let forbidden = json!({"error": {"code": "forbidden", "message": "Not authorized"}});
    mock.on(&get_configurations::OPERATION).respond(MockResponse::json(&forbidden).with_status(403));
    let error = integration::run(&app(), &mock.client(), "code_1").await.unwrap_err();
    assert_eq!(error.api_error().and_then(|e| e.code.as_deref()), Some("forbidden"));
}

#[tokio::test]
async fn a_failed_exchange_is_an_api_error_and_is_not_retried() {
    let mock = Mock::new();
    let invalid = json!({"error": {"code": "invalid_grant", "message": "bad code"}});
    mock.on(&OAuthApp::EXCHANGE_CODE).respond(MockResponse::json(&invalid).with_status(400));
    let error = integration::run(&app(), &mock.client(), "stale").await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!((api.status.as_u16(), api.code.as_deref()), (400, Some("invalid_grant")));
    assert_eq!(mock.call_count(), 1);
}

#[test]
fn a_webhook_is_verified_then_matched_on_its_type() {
    let deployed =
        br#"{"id":"evt_1","type":"deployment.succeeded","createdAt":1,"payload":{"deployment":{"url":"web-1.vercel.app"}}}"#;
    let signature = webhook::sign(SECRET.as_bytes(), deployed);
    assert_eq!(integration::on_webhook(SECRET.as_bytes(), deployed, &signature).unwrap(), "deployed web-1.vercel.app");

    let removed = br#"{"id":"evt_2","type":"integration-configuration.removed","createdAt":2,"payload":{}}"#;
    let signature = webhook::sign(SECRET.as_bytes(), removed);
    assert_eq!(integration::on_webhook(SECRET.as_bytes(), removed, &signature).unwrap(), "uninstalled");

    let other = br#"{"id":"evt_3","type":"project.created","createdAt":3,"payload":{}}"#;
    let signature = webhook::sign(SECRET.as_bytes(), other);
    assert_eq!(integration::on_webhook(SECRET.as_bytes(), other, &signature).unwrap(), "ignored project.created");

    // A delivery signed with another secret, or altered on the way, is refused.
    let forged = webhook::sign(b"another-secret", deployed);
    assert_eq!(integration::on_webhook(SECRET.as_bytes(), deployed, &forged), Err(WebhookError::WrongSignature));
    let altered =
        br#"{"id":"evt_1","type":"deployment.succeeded","createdAt":1,"payload":{"deployment":{"url":"evil.app"}}}"#;
    let signature = webhook::sign(SECRET.as_bytes(), deployed);
    assert_eq!(integration::on_webhook(SECRET.as_bytes(), altered, &signature), Err(WebhookError::WrongSignature));
}
