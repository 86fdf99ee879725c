//! Token resolution from `VERCEL_TOKEN`. Kept alone in its own test binary
//! (its own process) because the environment is process-global.

mod common;
use common::GET_USER;

use vercel_runtime::{Client, Error, Request};
use wiremock::matchers::header;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn token_comes_from_env_when_builder_has_none() {
    std::env::remove_var("VERCEL_TOKEN");
    let err = Client::builder().build().unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.starts_with("no token")), "{err:?}");

    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer from_env"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer from_builder"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    std::env::set_var("VERCEL_TOKEN", "from_env");
    let from_env = Client::builder().base_url(server.uri()).build().unwrap();
    let explicit = Client::builder().base_url(server.uri()).token("from_builder").build().unwrap();
    std::env::remove_var("VERCEL_TOKEN");

    from_env.send_empty(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    explicit.send_empty(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
}
