//! OAuth code exchange (`OAuthApp::exchange_code`) and the disabled
//! integration error, against a local mock server.

use crate::common::LIST_DEPLOYMENTS;

use serde_json::json;
use vercel_runtime::{Client, Error, OAuthApp, Request, StatusCode, TokenResponse};
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CLIENT_SECRET: &str = "cs_very_secret_value";
const ACCESS_TOKEN: &str = "tok_live_secret_value";
const REDIRECT_URI: &str = "https://example.com/callback?from=vercel";

fn list_deployments() -> Request {
    Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".to_owned())
}

fn app(server: &MockServer) -> OAuthApp {
    OAuthApp::new("oac_client_1", CLIENT_SECRET, REDIRECT_URI).base_url(server.uri())
}

/// The exact form body `exchange_code("a b&c")` must send.
const EXPECTED_FORM: &str = "client_id=oac_client_1&client_secret=cs_very_secret_value&code=a+b%26c\
                             &redirect_uri=https%3A%2F%2Fexample.com%2Fcallback%3Ffrom%3Dvercel";

fn token_body(team_id: serde_json::Value) -> serde_json::Value {
    json!({
        "access_token": ACCESS_TOKEN,
        "token_type": "Bearer",
        "installation_id": "icfg_123",
        "user_id": "user_456",
        "team_id": team_id,
    })
}

async fn mount_exchange(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path("/v2/oauth/access_token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(EXPECTED_FORM))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// Query pairs of the last request the server received.
async fn last_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    requests.last().unwrap().url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[tokio::test]
async fn exchange_posts_the_form_and_returns_a_team_scoped_client() {
    let server = MockServer::start().await;
    mount_exchange(&server, ResponseTemplate::new(200).set_body_json(token_body(json!("team_abc")))).await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(header("authorization", format!("Bearer {ACCESS_TOKEN}").as_str()))
        .and(query_param("teamId", "team_abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"deployments": []})))
        .expect(1)
        .mount(&server)
        .await;

    let (token, client) = app(&server).exchange_code("a b&c").await.unwrap();
    assert_eq!(token.access_token, ACCESS_TOKEN);
    assert_eq!(token.token_type, "Bearer");
    assert_eq!(token.installation_id, "icfg_123");
    assert_eq!(token.user_id, "user_456");
    assert_eq!(token.team_id.as_deref(), Some("team_abc"));
    assert_eq!(client.team_id(), Some("team_abc"));
    assert_eq!(client.team_slug(), None);
    assert_eq!(client.base_url(), server.uri());

    // The exchange itself carries no bearer token and asks for JSON.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].headers.get("authorization").is_none());
    assert_eq!(requests[0].headers.get("accept").unwrap(), "application/json");
    assert!(requests[0].url.query().is_none(), "secrets must travel in the body, not the URL");

    // The returned client is ready: token and team scoping applied.
    let body: serde_json::Value = client.send(list_deployments()).await.unwrap();
    assert_eq!(body, json!({"deployments": []}));
    assert_eq!(last_query(&server).await, [("teamId".to_owned(), "team_abc".to_owned())]);
}

#[tokio::test]
async fn null_team_id_gives_a_client_without_team() {
    let server = MockServer::start().await;
    mount_exchange(&server, ResponseTemplate::new(200).set_body_json(token_body(json!(null)))).await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(header("authorization", format!("Bearer {ACCESS_TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"deployments": []})))
        .expect(1)
        .mount(&server)
        .await;

    let (token, client) = app(&server).exchange_code("a b&c").await.unwrap();
    assert_eq!(token.team_id, None);
    assert_eq!(client.team_id(), None);
    let _: serde_json::Value = client.send(list_deployments()).await.unwrap();
    assert_eq!(last_query(&server).await, []);
}

#[tokio::test]
async fn missing_team_id_is_none() {
    let server = MockServer::start().await;
    let mut body = token_body(json!(null));
    body.as_object_mut().unwrap().remove("team_id");
    mount_exchange(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    let (token, client) = app(&server).exchange_code("a b&c").await.unwrap();
    assert_eq!(token.team_id, None);
    assert_eq!(client.team_id(), None);
}

#[tokio::test]
async fn error_response_is_an_api_error_with_code() {
    let server = MockServer::start().await;
    let body = r#"{"error":{"code":"invalid_grant","message":"The code is invalid or expired"}}"#;
    mount_exchange(
        &server,
        ResponseTemplate::new(400)
            .insert_header("content-type", "application/json")
            .insert_header("x-vercel-id", "fra1::oauth1")
            .set_body_string(body),
    )
    .await;

    let err = app(&server).exchange_code("a b&c").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let Error::Api(api) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.operation, "exchangeOAuthCode");
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.code.as_deref(), Some("invalid_grant"));
    assert_eq!(api.message.as_deref(), Some("The code is invalid or expired"));
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.request_id(), Some("fra1::oauth1"));
    assert_eq!(err.to_string(), "exchangeOAuthCode: HTTP 400: invalid_grant: The code is invalid or expired");
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
}

#[tokio::test]
async fn undecodable_token_response_is_a_decode_error_without_the_body() {
    let server = MockServer::start().await;
    let body = json!({"access_token": ACCESS_TOKEN, "token_type": 5, "installation_id": "i", "user_id": "u"});
    mount_exchange(&server, ResponseTemplate::new(200).set_body_json(body)).await;

    let err = app(&server).exchange_code("a b&c").await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.operation, "exchangeOAuthCode");
    assert_eq!(decode.path, "token_type");
    assert!(decode.body.is_empty());
    let shown = format!("{err:?} {err}");
    assert!(!shown.contains(ACCESS_TOKEN), "{shown}");
}

#[tokio::test]
async fn disabled_integration_configuration_is_a_distinct_error() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": "integration_configuration_disabled", "message": "Integration is disabled"}});
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .respond_with(ResponseTemplate::new(403).set_body_json(&body))
        .mount(&server)
        .await;
    mount_exchange(&server, ResponseTemplate::new(403).set_body_json(&body)).await;

    // From any operation sent by the client...
    let client = Client::builder().token("tok").base_url(server.uri()).build().unwrap();
    let err = client.send::<serde_json::Value>(list_deployments()).await.unwrap_err();
    let Error::IntegrationDisabled(api) = &err else { panic!("expected Error::IntegrationDisabled, got {err:?}") };
    assert_eq!(api.operation, "getDeployments");
    assert_eq!(api.code.as_deref(), Some("integration_configuration_disabled"));
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(
        err.to_string(),
        "integration configuration disabled: getDeployments: HTTP 403: integration_configuration_disabled: \
         Integration is disabled (the integration configuration that issued this token is disabled: every call \
         with its token fails until a team member re-enables it in the Vercel dashboard by taking over the \
         integration's ownership; retrying or adding scopes does not help)"
    );

    // ...and from the code exchange.
    let err = app(&server).exchange_code("a b&c").await.unwrap_err();
    assert!(matches!(err, Error::IntegrationDisabled(_)), "{err:?}");

    // Another 403 stays a plain Api error.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {"code": "forbidden"}})))
        .mount(&server)
        .await;
    let client = Client::builder().token("tok").base_url(server.uri()).build().unwrap();
    let err = client.send::<serde_json::Value>(list_deployments()).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
}

#[tokio::test]
async fn debug_never_shows_the_secret_or_the_token() {
    let server = MockServer::start().await;
    mount_exchange(&server, ResponseTemplate::new(200).set_body_json(token_body(json!("team_abc")))).await;

    let app = app(&server);
    let shown = format!("{app:?} {app:#?}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    assert!(shown.contains("oac_client_1"), "{shown}");

    let result = app.exchange_code("a b&c").await;
    let shown = format!("{result:?} {result:#?}");
    assert!(!shown.contains(ACCESS_TOKEN), "{shown}");
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    assert!(shown.contains("icfg_123") && shown.contains("team_abc"), "{shown}");

    let token: TokenResponse = serde_json::from_value(token_body(json!(null))).unwrap();
    let shown = format!("{token:?} {token:#?}");
    assert!(!shown.contains(ACCESS_TOKEN), "{shown}");
}

/// Records the operation of every attempt its client makes.
#[derive(Default)]
struct Seen(std::sync::Mutex<Vec<&'static str>>);

impl vercel_runtime::Interceptor for Seen {
    fn after_response(&self, ctx: &vercel_runtime::AttemptContext, _: StatusCode, _: &vercel_runtime::HeaderMap) {
        self.0.lock().unwrap().push(ctx.operation.id);
    }
}

#[tokio::test]
async fn exchange_with_a_client_uses_its_transport_once_and_derives_the_installation_client() {
    use std::sync::Arc;
    use vercel_runtime::mock::{Mock as ApiMock, MockResponse};

    let mock = ApiMock::new();
    // A 429 is not retried (a code is usable once), although the client retries a 429 of any request.
    mock.on(&OAuthApp::EXCHANGE_CODE)
        .respond_sequence([MockResponse::status(429), MockResponse::json(&token_body(json!(null)))]);
    mock.on(&LIST_DEPLOYMENTS).respond_json(&json!({"deployments": []}));
    let seen = Arc::new(Seen::default());
    let provider = |_: vercel_runtime::TokenRequest| async { Ok::<_, vercel_runtime::BoxError>("provided".to_owned()) };
    let builder =
        Client::builder().token_provider(provider).team_id("team_of_the_integration").interceptor(seen.clone());
    let client = mock.client_from(builder).unwrap();
    let app = OAuthApp::new("oac_client_1", CLIENT_SECRET, REDIRECT_URI);

    let err = app.exchange_code_with(&client, "a b&c").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS), "{err:?}");
    assert_eq!(mock.calls_to(&OAuthApp::EXCHANGE_CODE).len(), 1, "the exchange is not retried");

    let (token, installation) = app.exchange_code_with(&client, "a b&c").await.unwrap();
    assert_eq!(token.team_id, None);
    // A personal installation: the base client's team is not carried over.
    assert_eq!(installation.team_id(), None);
    let _: serde_json::Value = installation.send(list_deployments()).await.unwrap();

    let calls = mock.calls();
    let exchange = &calls[1];
    assert_eq!((exchange.method().as_str(), exchange.path()), ("POST", "/v2/oauth/access_token"));
    assert_eq!(exchange.header("authorization"), None, "neither the provider's token nor any other");
    assert_eq!(exchange.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(exchange.body(), EXPECTED_FORM.as_bytes());
    assert_eq!(exchange.query(), [], "secrets travel in the body, and no team scope");
    let list = &calls[2];
    assert_eq!(list.header("authorization"), Some(format!("Bearer {ACCESS_TOKEN}").as_str()));
    assert_eq!(list.query_value("teamId"), None);
    // The interceptors of the base client saw the exchange and run on the derived client.
    assert_eq!(*seen.0.lock().unwrap(), ["exchangeOAuthCode", "exchangeOAuthCode", "getDeployments"]);
}
