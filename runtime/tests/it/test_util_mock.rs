//! The `test-util` mock: scripted answers per operation, path and query;
//! sequences; every attempt recorded.

use crate::common::{GET_USER, LIST_DEPLOYMENTS};

use serde_json::json;
use vercel_runtime::mock::{Mock, MockResponse};
use vercel_runtime::{Bytes, Client, Method, Operation, Request};

const CREATE_PROJECT: Operation = Operation {
    id: "createProject",
    method: Method::POST,
    path: "/v11/projects",
    team_id_query: true,
    slug_query: true,
    scopes: &[],
};

#[tokio::test]
async fn two_503_then_200_is_retried_into_the_200() {
    let mock = Mock::new();
    mock.on(&LIST_DEPLOYMENTS).respond_sequence([
        MockResponse::status(503),
        MockResponse::status(503),
        MockResponse::json(&json!({"deployments": []})),
    ]);
    let got: serde_json::Value =
        mock.client().send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();
    assert_eq!(got, json!({"deployments": []}));
    assert_eq!(mock.calls_to(&LIST_DEPLOYMENTS).len(), 3);
}

#[tokio::test]
async fn rules_match_operation_path_and_query_first_rule_first() {
    let mock = Mock::new();
    mock.on(&LIST_DEPLOYMENTS).query("state", "READY").respond_json(&json!({"which": "ready"}));
    mock.on_id("getDeployments").respond_json(&json!({"which": "any state"}));
    mock.on_any().path("/v2/user").respond(MockResponse::raw(Bytes::from_static(b"{\"which\":\"user\"}")));
    let client = mock.client();
    let mut ready = Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into());
    ready.query("state", &["ERROR", "READY"]);
    let got: serde_json::Value = client.send(ready).await.unwrap();
    assert_eq!(got["which"], "ready");
    let got: serde_json::Value = client.send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();
    assert_eq!(got["which"], "any state");
    let got: serde_json::Value = client.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    assert_eq!(got["which"], "user");
}

#[tokio::test]
async fn an_unmatched_call_is_a_404_that_says_so() {
    let mock = Mock::new();
    mock.on(&LIST_DEPLOYMENTS).respond_json(&json!({}));
    let err = mock.client().send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(api.code.as_deref(), Some("mock_no_matching_rule"));
    assert_eq!(api.message.as_deref(), Some("no mock rule matches GET /v2/user (operation getAuthUser)"));
}

#[tokio::test]
async fn calls_record_method_path_query_headers_and_json_body() {
    let mock = Mock::new();
    mock.on(&CREATE_PROJECT).respond(MockResponse::json(&json!({"id": "prj_1"})).with_status(201));
    let client = mock.client_from(Client::builder().token("tok_1").team_id("team_1")).unwrap();
    let mut req = Request::new(&CREATE_PROJECT, "/v11/projects".into());
    req.json(&json!({"name": "my-app"}));
    let got: serde_json::Value = client.send(req).await.unwrap();
    assert_eq!(got, json!({"id": "prj_1"}));

    let calls = mock.calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!((call.operation(), call.method(), call.path()), ("createProject", &Method::POST, "/v11/projects"));
    assert_eq!(call.query_value("teamId"), Some("team_1"));
    assert_eq!(call.header("authorization"), Some("Bearer tok_1"));
    assert_eq!(call.header("content-type"), Some("application/json"));
    assert_eq!(call.json::<serde_json::Value>(), Some(json!({"name": "my-app"})));
    assert_eq!(call.body(), br#"{"name":"my-app"}"#);
}
