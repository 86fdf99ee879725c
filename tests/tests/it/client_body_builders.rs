//! Builders of request bodies (`Type::builder()`): what they send, that an
//! optional field not set is left out, and that a required field not set
//! fails `send` with `Error::MissingField` naming it before any I/O, also
//! inside a nested object and an alternative of a body union.

use serde_json::{json, Value};
use vercel_client::prelude::*;
use vercel_client::projects::create_project::GitRepository;
use vercel_client::projects::create_project_env::{BodyObject, BodyObjectType as BodyType};
use vercel_client::{Error, IntoBody};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::client_for;

/// The JSON body of the one request the server received.
async fn sent_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "one request");
    serde_json::from_slice(&requests[0].body).expect("a JSON body")
}

#[tokio::test]
async fn an_alternative_of_a_body_union_is_built_and_unset_fields_are_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v10/projects/my-project/env"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"created": [], "failed": []})))
        .mount(&server)
        .await;
    client_for(&server)
        .projects()
        .create_project_env("my-project")
        .body(BodyObject::builder().key("API_KEY").value("1").r#type(BodyType::Plain).target(["production"]))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        sent_body(&server).await,
        json!({"key": "API_KEY", "value": "1", "type": "plain", "target": ["production"]})
    );
}

#[tokio::test]
async fn a_missing_required_field_of_a_union_alternative_fails_before_any_io() {
    let server = MockServer::start().await;
    let err = client_for(&server)
        .projects()
        .create_project_env("my-project")
        .body(BodyObject::builder().key("API_KEY").r#type(BodyType::Plain))
        .send()
        .await
        .expect_err("`value` is required");
    assert!(matches!(err, Error::MissingField { operation: "createProjectEnv", field: "value" }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_nested_builder_is_checked_and_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v11/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "prj_1", "name": "web"})))
        .mount(&server)
        .await;
    // `repo` is required in `gitRepository`: not set, nothing is sent.
    let err = client_for(&server)
        .projects()
        .create_project()
        .name("web")
        .git_repository(GitRepository::builder().r#type("github"))
        .send()
        .await
        .expect_err("`repo` is required");
    assert!(matches!(err, Error::MissingField { operation: "createProject", field: "repo" }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing was sent");

    client_for(&server)
        .projects()
        .create_project()
        .name("web")
        .git_repository(GitRepository::builder().repo("vercel/next.js").r#type("github"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        sent_body(&server).await,
        json!({"name": "web", "gitRepository": {"repo": "vercel/next.js", "type": "github"}})
    );
}

#[test]
fn struct_literals_still_build_request_bodies() {
    let literal = BodyObject {
        key: "K".into(),
        value: "V".into(),
        r#type: BodyType::Plain,
        target: None,
        git_branch: None,
        comment: None,
        custom_environment_ids: None,
    };
    let built: BodyObject = BodyObject::builder()
        .key("K")
        .value("V")
        .r#type(BodyType::Plain)
        .into_body()
        .expect("every required field is set");
    assert_eq!(built, literal);
}
