//! Number setters take every primitive integer and float type and check the
//! value against its wire type and the spec's range before any I/O.
//!
//! Against a local mock server, through the generated facade:
//! `getDeployments` `limit` is a spec `number` without range, and
//! `getProjectMembers` has an `integer` `limit` with `minimum: 1, maximum:
//! 100` and an `integer` `since` without range.

use serde_json::json;
use vercel_client::prelude::*;
use vercel_client::project_members::get_project_members;
use vercel_client::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::client_for;

/// A mock server that answers every request with `body`.
async fn server_answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    server
}

/// The value of query parameter `name` of every request the server received, in order.
async fn query_values(server: &MockServer, name: &str) -> Vec<String> {
    let requests = server.received_requests().await.expect("request recording is enabled");
    requests
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default())
        .collect()
}

fn empty_deployments_page() -> serde_json::Value {
    json!({ "pagination": { "count": 0, "next": null, "prev": null }, "deployments": [] })
}

fn empty_members_page() -> serde_json::Value {
    json!({ "members": [], "pagination": { "hasNext": false, "count": 0, "next": null, "prev": null } })
}

#[tokio::test]
async fn a_number_parameter_takes_any_primitive_and_renders_it_exactly() {
    let server = server_answering(empty_deployments_page()).await;
    let client = client_for(&server);
    let n: usize = 7;
    let deployments = client.deployments();
    deployments.get_deployments().limit(20u64).send().await.expect("u64");
    deployments.get_deployments().limit(n).send().await.expect("usize");
    deployments.get_deployments().limit(-1i64).send().await.expect("i64");
    deployments.get_deployments().limit(2.5).send().await.expect("f64");
    deployments.get_deployments().limit(0.1f32).send().await.expect("f32");
    deployments.get_deployments().limit(3u8).send().await.expect("u8");
    assert_eq!(query_values(&server, "limit").await, ["20", "7", "-1", "2.5", "0.1", "3"]);
}

#[tokio::test]
async fn an_integer_parameter_takes_integers_and_whole_floats() {
    let server = server_answering(empty_members_page()).await;
    let client = client_for(&server);
    let members = client.project_members();
    members.get_project_members("prj").limit(20u64).send().await.expect("u64");
    members.get_project_members("prj").limit(20usize).send().await.expect("usize");
    members.get_project_members("prj").limit(100.0).send().await.expect("whole f64");
    // `since` has no range in the spec: a negative value is sent as is.
    members.get_project_members("prj").since(-1i64).send().await.expect("negative i64");
    assert_eq!(query_values(&server, "limit").await, ["20", "20", "100", ""]);
    assert_eq!(query_values(&server, "since").await, ["", "", "", "-1"]);
}

/// The error `send` returns for `limit` on getProjectMembers, after checking that nothing was sent.
async fn rejected(set: impl FnOnce(get_project_members::Request) -> get_project_members::Request) -> String {
    let server = server_answering(empty_members_page()).await;
    let request = set(client_for(&server).project_members().get_project_members("prj"));
    let err = request.send().await.expect_err("the value is rejected");
    assert!(server.received_requests().await.expect("recording").is_empty(), "nothing may be sent: {err}");
    match err {
        Error::Encode { operation, message } => {
            assert_eq!(operation, "getProjectMembers");
            message
        }
        other => panic!("expected an encoding error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_value_the_wire_type_or_range_cannot_carry_fails_before_any_io() {
    assert_eq!(rejected(|r| r.limit(2.5)).await, "`limit` must be an integer, got 2.5");
    assert_eq!(rejected(|r| r.limit(101u8)).await, "`limit` = 101 is outside the spec's range (>= 1 and <= 100)");
    assert_eq!(rejected(|r| r.limit(0i32)).await, "`limit` = 0 is outside the spec's range (>= 1 and <= 100)");
    assert_eq!(rejected(|r| r.since(u64::MAX)).await, "`since` = 18446744073709551615 does not fit an i64");
    assert_eq!(rejected(|r| r.since(f64::NAN)).await, "`since` must be a finite number, got NaN");
}

#[tokio::test]
async fn the_last_value_set_wins_over_an_earlier_rejected_one() {
    let server = server_answering(empty_members_page()).await;
    let client = client_for(&server);
    client.project_members().get_project_members("prj").limit(2.5).limit(5u8).send().await.expect("5 is valid");
    assert_eq!(query_values(&server, "limit").await, ["5"]);
}

#[tokio::test]
async fn a_number_beyond_what_an_f64_carries_exactly_is_rejected() {
    let server = server_answering(empty_deployments_page()).await;
    let err = client_for(&server).deployments().get_deployments().limit(u64::MAX).send().await.expect_err("rejected");
    assert!(server.received_requests().await.expect("recording").is_empty());
    assert_eq!(
        err.to_string(),
        "getDeployments: cannot encode request: `limit` = 18446744073709551615 does not fit exactly an f64 (at most 2^53 in magnitude)"
    );
}
