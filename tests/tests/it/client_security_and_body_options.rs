//! Two rules of the request a generated method sends, on the `test-util` mock:
//! an operation whose spec says `security: []` goes without `Authorization`
//! (and every other one with it), and `RequestOptions::json_body` sends a
//! JSON body an operation's spec does not declare.

use serde_json::json;
use vercel_client::mock::{Mock, MockCall, MockResponse};
use vercel_client::prelude::*;
use vercel_client::{authentication::exchange_sso_token, user::get_auth_user, RequestOptions};
use vercel_client::{rolling_release::update_rolling_release_config, Error, Operation};

/// The one recorded call of `operation`.
fn only_call(mock: &Mock, operation: &Operation) -> MockCall {
    let calls = mock.calls_to(operation);
    assert_eq!(calls.len(), 1, "{calls:?}");
    calls.into_iter().next().unwrap()
}

#[tokio::test]
async fn an_operation_whose_spec_says_no_security_is_sent_without_authorization() {
    let mock = Mock::new();
    let token = json!({"id_token": "id", "access_token": null, "token_type": null, "expires_in": null});
    mock.on(&exchange_sso_token::OPERATION).respond_json(&token);
    mock.on(&get_auth_user::OPERATION).respond(MockResponse::status(404));
    let client = mock.client();

    let exchanged = client.authentication().exchange_sso_token().code("c").client_id("i").client_secret("s").send();
    assert_eq!(exchanged.await.unwrap().id_token, "id");
    let anonymous = only_call(&mock, &exchange_sso_token::OPERATION);
    assert_eq!(anonymous.header("authorization"), None, "{:?}", anonymous.headers());
    assert_eq!(anonymous.json::<serde_json::Value>().unwrap()["code"], "c");

    // Any other operation carries the client's token.
    let _ = client.user().get_auth_user().send().await;
    let normal = only_call(&mock, &get_auth_user::OPERATION);
    assert_eq!(normal.header("authorization"), Some("Bearer test-token"));
}

#[tokio::test]
async fn json_body_sends_a_body_the_spec_does_not_declare() {
    let mock = Mock::new();
    mock.on(&update_rolling_release_config::OPERATION).respond(MockResponse::status(204));
    let client = mock.client();
    let config = json!({"enabled": true, "stages": [{"targetPercentage": 10}, {"targetPercentage": 100}]});

    let options = RequestOptions::new().json_body(&config);
    let _ = client.rolling_release().update_rolling_release_config("prj_1").options(options).send().await;
    let call = only_call(&mock, &update_rolling_release_config::OPERATION);
    assert_eq!(call.header("content-type"), Some("application/json"));
    assert_eq!(call.json::<serde_json::Value>(), Some(config));

    // Without the option the same call has no body.
    let _ = client.rolling_release().update_rolling_release_config("prj_1").send().await;
    let calls = mock.calls_to(&update_rolling_release_config::OPERATION);
    assert!(calls[1].body().is_empty() && calls[1].header("content-type").is_none(), "{:?}", calls[1]);
}

#[tokio::test]
async fn a_json_body_that_cannot_be_serialized_fails_before_any_io() {
    let mock = Mock::new();
    // JSON object keys must be strings.
    let bad: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let options = RequestOptions::new().json_body(bad);
    let err = mock.client().rolling_release().update_rolling_release_config("prj_1").options(options).send().await;
    assert!(matches!(err, Err(Error::Encode { ref message, .. }) if message.contains("json_body")), "{err:?}");
    assert_eq!(mock.call_count(), 0);
}
