//! Runs the integration example (`tests/examples/integration.rs`) against a
//! local mock: code exchange, a team-scoped Deployments Read client, two pages.

#[path = "../../examples/integration.rs"]
#[allow(dead_code)] // the example's `main` is not called here
mod integration;

use serde_json::json;
use vercel_client::OAuthApp;
use wiremock::matchers::{bearer_token, body_string_contains, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::deployment;

#[tokio::test]
async fn exchanges_the_code_and_pages_through_deployments() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/oauth/access_token"))
        .and(body_string_contains("code=the-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "tok_1", "token_type": "Bearer", "installation_id": "icfg_1",
            "user_id": "usr_1", "team_id": "team_1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(bearer_token("tok_1"))
        .and(query_param("teamId", "team_1"))
        .and(query_param("limit", "20"))
        .and(query_param_is_missing("until"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": { "count": 2, "next": 1716200000000u64, "prev": null },
            "deployments": [deployment("dpl_1"), deployment("dpl_2")]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(bearer_token("tok_1"))
        .and(query_param("teamId", "team_1"))
        .and(query_param("until", "1716200000000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": { "count": 1, "next": null, "prev": 1716300000000u64 },
            "deployments": [deployment("dpl_3")]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let app = OAuthApp::new("oac_1", "secret", "https://example.com/callback").base_url(server.uri());
    let urls = integration::list_all_deployments(&app, "the-code").await.unwrap();
    assert_eq!(urls, ["dpl_1.vercel.app", "dpl_2.vercel.app", "dpl_3.vercel.app"]);
}

#[tokio::test]
async fn a_failed_exchange_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/oauth/access_token"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({ "error": { "code": "invalid_grant", "message": "bad code" } })),
        )
        .mount(&server)
        .await;
    let app = OAuthApp::new("oac_1", "secret", "https://example.com/callback").base_url(server.uri());
    let err = integration::list_all_deployments(&app, "stale").await.unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.code.as_deref(), Some("invalid_grant"));
}
