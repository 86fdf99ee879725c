//! `.wait()` on getDeployment (the `x-rust-waiter` rule): polls through the
//! in-process mock until `readyState` is final.

use std::time::Duration;

use vercel_client::deployments::get_deployment::{self, Response};
use vercel_client::mock::{Mock, MockResponse};
use vercel_client::prelude::*;
use vercel_client::Error;

use crate::support::deployment_in_state;

fn fast() -> (Duration, Duration) {
    (Duration::from_millis(1), Duration::from_millis(4))
}

#[tokio::test]
async fn polls_until_a_final_state_and_returns_that_deployment() {
    for last in ["READY", "ERROR", "CANCELED"] {
        let mock = Mock::new();
        mock.on(&get_deployment::OPERATION).path("/v13/deployments/dpl_1").respond_sequence([
            MockResponse::json(&deployment_in_state("QUEUED")),
            MockResponse::json(&deployment_in_state("BUILDING")),
            MockResponse::json(&deployment_in_state(last)),
        ]);
        let (first, max) = fast();
        let got = mock.client().deployments().get_deployment("dpl_1").wait().interval(first, max).await;
        // The untyped shape of the mock's body decodes as the union's Unknown
        // alternative; what matters is that the final answer is the one returned.
        let body = match got.unwrap() {
            Response::Unknown(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(body["readyState"], last);
        assert_eq!(mock.calls().len(), 3, "{last}");
        assert!(mock.calls().iter().all(|c| c.path() == "/v13/deployments/dpl_1"));
    }
}

#[tokio::test]
async fn gives_up_after_the_timeout_naming_the_last_state() {
    let mock = Mock::new();
    mock.on(&get_deployment::OPERATION).respond_json(&deployment_in_state("BUILDING"));
    let (first, max) = fast();
    let waiter = mock.client().deployments().get_deployment("dpl_1").wait().interval(first, max);
    let err = waiter.timeout(Duration::from_millis(60)).await.unwrap_err();
    match &err {
        Error::WaitTimeout { operation: "getDeployment", last_state: Some(state), .. } => assert_eq!(state, "BUILDING"),
        other => panic!("{other:?}"),
    }
    let polls = mock.calls().len();
    assert!(polls >= 3, "polled {polls} times in 60 ms with pauses of at most 4 ms");
}

#[tokio::test]
async fn an_error_ends_the_wait() {
    let mock = Mock::new();
    mock.on(&get_deployment::OPERATION).respond(MockResponse::status(404));
    let err = mock.client().deployments().get_deployment("dpl_x").wait().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(mock.calls().len(), 1);
}
