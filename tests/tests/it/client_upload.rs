//! `POST /v2/files` (`uploadFile`): the `file(bytes)` setter sends the bytes
//! with their SHA-1 in `x-vercel-digest` and their length, and the empty 200
//! Vercel answers for a file it already has decodes instead of failing.

use serde_json::json;
use vercel_client::deployments::upload_file;
use vercel_client::prelude::*;
use vercel_client::{Client, Error};
use wiremock::matchers::{body_bytes, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::team_client_for;

/// A client scoped to the team `team_1`.
fn client_for(server: &MockServer) -> Client {
    team_client_for(server, "team_1")
}

#[tokio::test]
async fn file_sets_body_digest_and_length() {
    let server = MockServer::start().await;
    let file = b"<html>hello</html>\n".to_vec();
    // `sha1sum` of the same bytes.
    let digest = "838d55808e19399ba164b11639e551018a0bcb85";
    assert_eq!(vercel_runtime::sha1_hex(&file), digest);
    Mock::given(method("POST"))
        .and(path("/v2/files"))
        .and(header("x-vercel-digest", digest))
        .and(header("content-length", file.len().to_string().as_str()))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(file.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"urls": ["https://upload.example/1"]})))
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server).deployments().upload_file().file(file).send().await.expect("ok");
    match response {
        upload_file::Response::Urls(urls) => assert_eq!(urls.urls, ["https://upload.example/1"]),
        other => panic!("expected the urls shape, got {other:?}"),
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("teamId=team_1"));
}

#[tokio::test]
async fn empty_200_for_a_file_already_uploaded_decodes_as_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    let response = client_for(&server).deployments().upload_file().file(&b"same bytes"[..]).send().await.expect("ok");
    match response {
        upload_file::Response::Map(map) => assert!(map.is_empty(), "{map:?}"),
        other => panic!("expected the empty-object shape, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_body_where_fields_are_required_is_still_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(1).mount(&server).await;
    let err = client_for(&server).edge_config().get_edge_config("ecfg_1").send().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert!(decode.message.starts_with("missing field"), "{}", decode.message);
    assert!(decode.body.is_empty());
}
