//! A downstream test of an integration's install flow with the `test-util`
//! mock and no server of its own: the OAuth code exchange goes through the
//! mock client's transport, then the installation's client lists its
//! configurations.

use serde_json::json;
use vercel_client::integrations::get_configurations::{self, View};
use vercel_client::mock::Mock;
use vercel_client::{prelude::*, OAuthApp};

#[tokio::test]
async fn exchange_a_code_then_list_configurations_as_that_installation() {
    let mock = Mock::new();
    let token = json!({"access_token": "tok_1", "token_type": "Bearer", "installation_id": "icfg_1",
        "user_id": "u_1", "team_id": "team_1"});
    mock.on(&OAuthApp::EXCHANGE_CODE).respond_json(&token);
    mock.on(&get_configurations::OPERATION).respond_json(&json!([]));
    let app = OAuthApp::new("oac_1", "secret_1", "https://example.com/callback");
    let (token, client) = app.exchange_code_with(&mock.client(), "code_1").await.unwrap();
    client.integrations().get_configurations(View::Account).send().await.unwrap();
    let calls = mock.calls();
    assert_eq!((token.installation_id.as_str(), calls[0].header("authorization")), ("icfg_1", None));
    assert_eq!(
        calls[0].body(),
        b"client_id=oac_1&client_secret=secret_1&code=code_1&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback"
    );
    assert_eq!(calls[1].header("authorization"), Some("Bearer tok_1"));
    assert_eq!(calls[1].query_value("teamId"), Some("team_1"));
}
