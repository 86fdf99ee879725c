//! End-to-end tests of the generated client against a local mock server.
//!
//! Every test starts its own [`MockServer`] on 127.0.0.1, sends real HTTP
//! requests through the generated facade (`vercel_client`), and checks both
//! sides: what went over the wire (method, path, query, headers, body) and
//! what the client decoded from the canned response.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use vercel_client::deployments::{get_deployments, upload_file};
use vercel_client::prelude::*;
use vercel_client::{projects, Client, Error};
use wiremock::matchers::{any, bearer_token, body_bytes, body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{builder, client_for, team_client_for, TOKEN};

/// The one request the server received (fails if there were none or several).
async fn single_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("request recording is enabled");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    requests.remove(0)
}

/// All query pairs of `request`, decoded, in order.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// The value of header `name`, if present and valid UTF-8.
fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks the bearer token, which every request must carry.
fn assert_authorized(request: &Request) {
    assert_eq!(header_value(request, "authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

/// A realistic `getDeployments` page: two deployments with all required fields.
fn deployments_page() -> Value {
    json!({
        "pagination": { "count": 2, "next": 1716300000000u64, "prev": null },
        "deployments": [
            {
                "uid": "dpl_2qmDLb5GBXfEVpKnsaSQt3DzS5Bf",
                "name": "docs",
                "projectId": "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB",
                "url": "docs-3fnbe7kyw-acme.vercel.app",
                "created": 1716300500000u64,
                "source": "git",
                "state": "READY",
                "readyState": "READY",
                "type": "LAMBDAS",
                "creator": { "uid": "usr_96ab3b7f", "username": "jane", "email": "jane@example.com" },
                "meta": { "githubCommitRef": "main", "githubCommitSha": "a1b2c3d" },
                "target": "production",
                "aliasAssigned": 1716300600000u64,
                "createdAt": 1716300500000u64,
                "buildingAt": 1716300501000u64,
                "ready": 1716300590000u64,
                "inspectorUrl": "https://vercel.com/acme/docs/2qmDLb5GBXfEVpKnsaSQt3DzS5Bf"
            },
            {
                "uid": "dpl_8FjMXbfxQXCq3ScBm1MQfNv6CYEm",
                "name": "docs",
                "projectId": "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB",
                "url": "docs-h81mtdp3o-acme.vercel.app",
                "created": 1716200000000u64,
                "source": "cli",
                "readyState": "BUILDING",
                "type": "LAMBDAS",
                "creator": { "uid": "usr_96ab3b7f" },
                "target": "production",
                "aliasAssigned": false,
                "inspectorUrl": null
            }
        ]
    })
}

/// A realistic Edge Config as returned by `createEdgeConfig` / `getEdgeConfig`.
fn edge_config_body(id: &str, slug: &str) -> Value {
    json!({
        "createdAt": 1716300000000u64,
        "updatedAt": 1716300000000u64,
        "id": id,
        "slug": slug,
        "ownerId": "team_123",
        "digest": "9a0c9e7f3d1b",
        "sizeInBytes": 52,
        "itemCount": 2
    })
}

/// A project with the fields the spec marks required.
fn project_body(id: &str, name: &str) -> Value {
    json!({
        "accountId": "team_123",
        "directoryListing": false,
        "id": id,
        "name": name,
        "nodeVersion": "20.x",
        "framework": "nextjs",
        "resourceConfig": { "functionDefaultRegions": ["iad1"] },
        "defaultResourceConfig": { "functionDefaultRegions": ["iad1"] }
    })
}

// 1. GET with query parameters and a decoded JSON list.

#[tokio::test]
async fn get_deployments_sends_query_and_decodes_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployments_page()))
        .expect(1)
        .mount(&server)
        .await;

    let page =
        client_for(&server).deployments().get_deployments().limit(20).target("production").send().await.expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/v6/deployments");
    // `limit` is a JSON number (f64) in the spec; it must be rendered as `20`, not `20.0`.
    assert_eq!(query_pairs(&request), [("limit".into(), "20".into()), ("target".into(), "production".into())]);
    assert_authorized(&request);
    assert_eq!(header_value(&request, "accept"), Some("application/json"));
    assert_eq!(header_value(&request, "content-type"), None);
    assert!(request.body.is_empty());

    assert_eq!(page.pagination.count, 2.0);
    assert_eq!(page.pagination.next, Some(1716300000000.0));
    assert_eq!(page.pagination.prev, None);
    assert_eq!(page.deployments.len(), 2);

    let first = &page.deployments[0];
    assert_eq!(first.uid, "dpl_2qmDLb5GBXfEVpKnsaSQt3DzS5Bf");
    assert_eq!(first.url, "docs-3fnbe7kyw-acme.vercel.app");
    assert_eq!(first.project_id, "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB");
    assert_eq!(first.created, 1716300500000.0);
    assert_eq!(first.source, Some(get_deployments::Source::Git));
    assert_eq!(first.ready_state, Some(get_deployments::ReadyState::Ready));
    assert_eq!(first.r#type, get_deployments::DeploymentType::Lambdas);
    assert_eq!(first.target, Some(get_deployments::Target::Production));
    assert_eq!(first.creator.uid, "usr_96ab3b7f");
    assert_eq!(first.creator.username.as_deref(), Some("jane"));
    assert_eq!(first.alias_assigned, Some(get_deployments::AliasAssigned::Number(1716300600000.0)));
    let meta = first.meta.as_ref().expect("meta present");
    assert_eq!(meta.get("githubCommitRef").map(String::as_str), Some("main"));
    assert_eq!(first.inspector_url.as_deref(), Some("https://vercel.com/acme/docs/2qmDLb5GBXfEVpKnsaSQt3DzS5Bf"));

    let second = &page.deployments[1];
    assert_eq!(second.uid, "dpl_8FjMXbfxQXCq3ScBm1MQfNv6CYEm");
    assert_eq!(second.url, "docs-h81mtdp3o-acme.vercel.app");
    assert_eq!(second.source, Some(get_deployments::Source::Cli));
    assert_eq!(second.ready_state, Some(get_deployments::ReadyState::Building));
    assert_eq!(second.state, None);
    assert_eq!(second.alias_assigned, Some(get_deployments::AliasAssigned::Bool(false)));
    assert_eq!(second.inspector_url, None);
    assert_eq!(second.meta, None);
}

// 2. Path parameters and team scoping.

#[tokio::test]
async fn path_param_is_percent_encoded_and_client_team_id_is_added() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/edge-config/my%20config%2Fv2%3Fx%23y"))
        .respond_with(ResponseTemplate::new(200).set_body_json(edge_config_body("ecfg_1", "my_config")))
        .expect(1)
        .mount(&server)
        .await;

    let config = team_client_for(&server, "team_123")
        .edge_config()
        .get_edge_config("my config/v2?x#y")
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    // Space, slash, `?` and `#` stay inside the one path segment.
    assert_eq!(request.url.path(), "/v1/edge-config/my%20config%2Fv2%3Fx%23y");
    assert_eq!(query_pairs(&request), [("teamId".into(), "team_123".into())]);
    assert_authorized(&request);

    assert_eq!(config.id, "ecfg_1");
    assert_eq!(config.slug, "my_config");
    assert_eq!(config.item_count, 2.0);
    assert_eq!(config.purpose, None);
}

#[tokio::test]
async fn get_deployment_percent_encodes_id_or_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v13/deployments/docs%20preview%2Fbranch.vercel.app"))
        // Only the request side matters here; the response is an untagged `oneOf` that accepts any JSON.
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "id": "dpl_1" })))
        .expect(1)
        .mount(&server)
        .await;

    client_for(&server)
        .deployments()
        .get_deployment("docs preview/branch.vercel.app")
        .with_git_repo_info("true")
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/v13/deployments/docs%20preview%2Fbranch.vercel.app");
    // No team configured on the client: no `teamId` is invented.
    assert_eq!(query_pairs(&request), [("withGitRepoInfo".into(), "true".into())]);
    assert_authorized(&request);
}

#[tokio::test]
async fn explicit_team_id_on_request_wins_over_client_team_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v9/projects/my%20project"))
        .respond_with(ResponseTemplate::new(200).set_body_json(project_body("prj_abc", "my project")))
        .expect(1)
        .mount(&server)
        .await;

    // `getProject`'s `idOrName` is `oneOf: [string, boolean]` in the spec, so the
    // generated parameter type is the enum `IdOrName`, not a string.
    let project = team_client_for(&server, "team_123")
        .projects()
        .get_project(projects::get_project::IdOrName::String("my project".into()))
        .team_id("other")
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/v9/projects/my%20project");
    // Exactly one `teamId`, the explicit one.
    assert_eq!(query_pairs(&request), [("teamId".into(), "other".into())]);
    assert_authorized(&request);

    assert_eq!(project.id, "prj_abc");
    assert_eq!(project.name, "my project");
    assert_eq!(project.account_id, "team_123");
    assert_eq!(project.node_version, projects::get_project::NodeVersion::N20X);
    assert_eq!(project.framework, Some(projects::get_project::Framework::Nextjs));
    assert_eq!(project.resource_config.function_default_regions, ["iad1"]);
}

// 3. JSON request bodies built from body-field setters.

#[tokio::test]
async fn create_edge_config_sends_exact_json_body() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "slug": "my_config",
        "items": { "flags": { "beta": true }, "greeting": "hello" }
    });
    Mock::given(method("POST"))
        .and(path("/v1/edge-config"))
        .and(bearer_token(TOKEN))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(201).set_body_json(edge_config_body("ecfg_new", "my_config")))
        .expect(1)
        .mount(&server)
        .await;

    let items = BTreeMap::from([("greeting".to_owned(), json!("hello")), ("flags".to_owned(), json!({"beta": true}))]);
    let created =
        client_for(&server).edge_config().create_edge_config().body_slug("my_config").items(items).send().await;
    let created = created.expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert!(query_pairs(&request).is_empty(), "the body `slug` must not leak into the query `slug`");
    assert_eq!(header_value(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body_json::<Value>().expect("JSON body"), expected_body);

    assert_eq!(created.id, "ecfg_new");
    assert_eq!(created.owner_id, "team_123");
    assert_eq!(created.digest, "9a0c9e7f3d1b");
}

#[tokio::test]
async fn create_project_sends_only_set_fields_and_explicit_nulls() {
    let server = MockServer::start().await;
    // Unset optional fields are absent; `build_command_null()` sends an explicit `null`.
    let expected_body = json!({
        "buildCommand": null,
        "framework": "nextjs",
        "name": "my-app",
        "publicSource": false
    });
    Mock::given(method("POST"))
        .and(path("/v11/projects"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(project_body("prj_new", "my-app")))
        .expect(1)
        .mount(&server)
        .await;

    let project = team_client_for(&server, "team_123")
        .projects()
        .create_project()
        .name("my-app")
        .framework("nextjs")
        .build_command_null()
        .public_source(false)
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(query_pairs(&request), [("teamId".into(), "team_123".into())]);
    assert_authorized(&request);
    let sent: Value = request.body_json().expect("JSON body");
    assert_eq!(sent, expected_body);
    assert!(sent.get("installCommand").is_none() && sent.get("rootDirectory").is_none());

    assert_eq!(project.id, "prj_new");
    assert_eq!(project.name, "my-app");
    assert!(!project.directory_listing);
}

#[tokio::test]
async fn missing_required_body_field_fails_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    let client = client_for(&server);

    let err = client
        .edge_config()
        .create_edge_config()
        .items(BTreeMap::from([("k".to_owned(), json!(1))]))
        .send()
        .await
        .expect_err("slug is required");
    assert!(
        matches!(err, Error::MissingField { operation: "createEdgeConfig", field: "slug" }),
        "unexpected error: {err:?}"
    );
    assert_eq!(err.to_string(), "createEdgeConfig: required field `slug` is not set");
    assert_eq!(err.status(), None);

    let err = client.projects().create_project().framework("nextjs").send().await.expect_err("name is required");
    assert!(
        matches!(err, Error::MissingField { operation: "createProject", field: "name" }),
        "unexpected error: {err:?}"
    );

    let received = server.received_requests().await.expect("request recording is enabled");
    assert!(received.is_empty(), "no request may be sent: {received:#?}");
}

// 4. Operations without a response body return `()`.

#[tokio::test]
async fn delete_edge_config_with_204_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/edge-config/ecfg_1"))
        .and(bearer_token(TOKEN))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    // `send()` returns `Result<(), Error>`: nothing to decode.
    let () = client_for(&server).edge_config().delete_edge_config("ecfg_1").send().await.expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert!(query_pairs(&request).is_empty());
    assert_eq!(header_value(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn patch_with_several_path_params_and_202_returns_unit() {
    let server = MockServer::start().await;
    let expected_body = json!({ "status": "succeeded", "statusText": "Seeded 3 tables" });
    Mock::given(method("PATCH"))
        .and(path("/v1/deployments/dpl_1/integrations/icfg_2/resources/store%203/actions/seed%2Fdb"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;

    // The client has a team, but this operation declares no `teamId` parameter.
    team_client_for(&server, "team_123")
        .deployments()
        .update_integration_deployment_action("dpl_1", "icfg_2", "store 3", "seed/db")
        .status("succeeded")
        .status_text("Seeded 3 tables")
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert!(query_pairs(&request).is_empty(), "no teamId for an operation that does not declare it");
    assert_authorized(&request);
}

// 5. Forward compatibility: unknown enum values and unknown fields.

#[tokio::test]
async fn unknown_enum_value_and_unknown_fields_are_tolerated() {
    let server = MockServer::start().await;
    let mut body = deployments_page();
    body["deployments"][0]["readyState"] = json!("SOMETHING_NEW");
    body["deployments"][0]["source"] = json!("brand-new-source");
    body["deployments"][0]["someFutureField"] = json!({ "nested": [1, 2, 3] });
    body["pagination"]["cursor"] = json!("opaque");
    body["somethingElse"] = json!(true);
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let page = client_for(&server).deployments().get_deployments().send().await.expect("ok");

    let first = &page.deployments[0];
    let ready_state = first.ready_state.as_ref().expect("readyState present");
    // The unknown value is kept opaque: it can be read, not built (so it never stands for a known value).
    match ready_state {
        get_deployments::ReadyState::Unknown(value) => {
            assert_eq!(value.as_str(), "SOMETHING_NEW")
        }
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(ready_state.as_str(), "SOMETHING_NEW");
    assert_eq!(*ready_state, get_deployments::ReadyState::from("SOMETHING_NEW"));
    let source = first.source.as_ref().expect("source present");
    assert!(matches!(source, get_deployments::Source::Unknown(_)), "{source:?}");
    assert_eq!(source.as_str(), "brand-new-source");
    // Known values next to the unknown ones still decode normally.
    assert_eq!(first.state, Some(get_deployments::DeploymentState::Ready));
    assert_eq!(first.uid, "dpl_2qmDLb5GBXfEVpKnsaSQt3DzS5Bf");
    assert_eq!(page.pagination.next, Some(1716300000000.0));
    assert_eq!(page.deployments.len(), 2);
}

// 6. Non-2xx responses.

#[tokio::test]
async fn forbidden_becomes_api_error_with_code_message_body_and_request_id() {
    let server = MockServer::start().await;
    let error_body = r#"{"error":{"code":"forbidden","message":"Not authorized"}}"#;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-vercel-id", "fra1::iad1::abcde-1716300000000-0123456789ab")
                .set_body_raw(error_body, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server).deployments().get_deployments().send().await.expect_err("403");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    // A 403 says teamId may be missing (none was sent) and names the
    // integration scopes that would grant the operation.
    assert_eq!(
        err.to_string(),
        "getDeployments: HTTP 403: forbidden: Not authorized \
         (teamId may be missing: the request was sent without team scoping; if the resource belongs to a team, \
         set ClientBuilder::team_id or the request's team_id) \
         (an integration token needs one of these scopes: Deployments (Read), Deployments (Read/Write))"
    );
    let Error::Api(api) = err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.operation, "getDeployments");
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(api.code.as_deref(), Some("forbidden"));
    assert_eq!(api.message.as_deref(), Some("Not authorized"));
    assert_eq!(&api.body[..], error_body.as_bytes());
    assert_eq!(api.request_id(), Some("fra1::iad1::abcde-1716300000000-0123456789ab"));
}

#[tokio::test]
async fn documented_error_bodies_decode_by_status() {
    use vercel_client::domains_registrar::get_tld_price::{Error400, ErrorBody};
    use vercel_client::domains_registrar::types::TldNotSupportedCode;
    let server = MockServer::start().await;
    let not_supported = r#"{"status":400,"code":"tld_not_supported","message":"The TLD is not supported."}"#;
    Mock::given(method("GET"))
        .and(path("/v1/registrar/tlds/zz/price"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(not_supported, "application/json"))
        .mount(&server)
        .await;
    // 404 is not documented for getTldPrice; 401 is, but this body is not its schema.
    Mock::given(method("GET"))
        .and(path("/v1/registrar/tlds/gone/price"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(not_supported, "application/json"))
        .mount(&server)
        .await;
    let wrong = r#"{"error":{"code":"unauthorized","message":"Bad token"}}"#;
    Mock::given(method("GET"))
        .and(path("/v1/registrar/tlds/auth/price"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(wrong, "application/json"))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let err = client.domains_registrar().get_tld_price("zz").send().await.expect_err("400");
    // The flat registrar shape still fills code and message.
    assert_eq!(err.api_error().and_then(|e| e.code.as_deref()), Some("tld_not_supported"));
    match err.typed_body::<ErrorBody>() {
        Some(ErrorBody::Status400(Error400::TldNotSupported(body))) => {
            assert_eq!(body.code, TldNotSupportedCode::TldNotSupported);
            assert_eq!(body.message, "The TLD is not supported.");
        }
        other => panic!("expected the typed 400 body, got {other:?}"),
    }

    let err = client.domains_registrar().get_tld_price("gone").send().await.expect_err("404");
    assert_eq!(err.typed_body::<ErrorBody>(), None);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));

    let err = client.domains_registrar().get_tld_price("auth").send().await.expect_err("401");
    assert_eq!(err.typed_body::<ErrorBody>(), None);
    let api = err.api_error().expect("an API error");
    assert_eq!(&api.body[..], wrong.as_bytes(), "the raw body is kept when it does not match");
    assert_eq!(api.code.as_deref(), Some("unauthorized"));
}

// 7. A 2xx body that does not match the schema.

#[tokio::test]
async fn wrong_field_type_becomes_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut body = deployments_page();
    body["deployments"][1]["created"] = json!("yesterday");
    let raw = serde_json::to_vec(&body).expect("serializable");
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw.clone(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server).deployments().get_deployments().send().await.expect_err("bad type");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    let Error::Decode(decode) = err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.operation, "getDeployments");
    assert_eq!(decode.path, "deployments[1].created");
    assert!(decode.message.contains("invalid type: string \"yesterday\""), "message: {}", decode.message);
    assert_eq!(&decode.body[..], &raw[..]);
}

// 8. Binary (`application/octet-stream`) uploads.

#[tokio::test]
async fn upload_file_sends_raw_bytes_as_octet_stream() {
    let server = MockServer::start().await;
    // Not valid UTF-8, to make sure the bytes go out untouched.
    let file: Vec<u8> = vec![0x00, 0x9f, 0x92, 0x96, 0xff, b'\n', b'h', b'i'];
    let digest = "2ef7bde608ce5404e97d5f042f95f89f1c232871";
    Mock::given(method("POST"))
        .and(path("/v2/files"))
        .and(bearer_token(TOKEN))
        .and(header("content-type", "application/octet-stream"))
        .and(header("x-vercel-digest", digest))
        .and(body_bytes(file.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "urls": ["example-upload.aws.com"] })))
        .expect(1)
        .mount(&server)
        .await;

    let response = team_client_for(&server, "team_123")
        .deployments()
        .upload_file()
        .x_vercel_digest(digest)
        .body(file.clone())
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(query_pairs(&request), [("teamId".into(), "team_123".into())]);
    assert_eq!(header_value(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!(header_value(&request, "content-length"), Some("8"));
    assert_eq!(request.body, file);

    match response {
        upload_file::Response::Urls(urls) => assert_eq!(urls.urls, ["example-upload.aws.com"]),
        other => panic!("expected the `urls` alternative, got {other:?}"),
    }
}

#[tokio::test]
async fn upload_artifact_puts_bytes_with_headers() {
    let server = MockServer::start().await;
    let artifact: &'static [u8] = b"\x1f\x8b\x08\x00compressed-artifact";
    Mock::given(method("PUT"))
        .and(path("/v8/artifacts/12HKQaOmR5t5Uy6vdcQsNIiZgHGB"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(artifact))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({ "urls": ["https://api.vercel.com/v2/now/artifact/12HK"] })),
        )
        .expect(1)
        .mount(&server)
        .await;

    // The spec's required `Content-Length` header parameter is not exposed: the
    // HTTP client sets it from the body, so it can never contradict the upload.
    let response = client_for(&server)
        .artifacts()
        .upload_artifact("12HKQaOmR5t5Uy6vdcQsNIiZgHGB")
        .x_artifact_duration(400)
        .x_artifact_client_ci("VERCEL")
        .x_artifact_client_interactive(0)
        .body(artifact)
        .send()
        .await
        .expect("ok");

    let request = single_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_authorized(&request);
    assert_eq!(header_value(&request, "content-length"), Some(artifact.len().to_string().as_str()));
    assert_eq!(header_value(&request, "x-artifact-duration"), Some("400"));
    assert_eq!(header_value(&request, "x-artifact-client-ci"), Some("VERCEL"));
    assert_eq!(header_value(&request, "x-artifact-client-interactive"), Some("0"));
    assert_eq!(request.body, artifact);

    assert_eq!(response.urls, ["https://api.vercel.com/v2/now/artifact/12HK"]);
}

#[tokio::test]
async fn missing_binary_body_fails_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;

    let err = client_for(&server).artifacts().upload_artifact("abc").send().await.expect_err("body is required");
    assert!(
        matches!(err, Error::MissingField { operation: "uploadArtifact", field: "body" }),
        "unexpected error: {err:?}"
    );
}

// 9. Whole responses (status, headers, body) and default headers.

#[tokio::test]
async fn send_with_response_keeps_status_headers_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-limit", "100")
                .insert_header("x-ratelimit-remaining", "99")
                .insert_header("x-ratelimit-reset", "1716300060")
                .insert_header("x-vercel-id", "fra1::abcd")
                .set_body_json(deployments_page()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client_for(&server).deployments().get_deployments().limit(2).send_with_response().await.expect("ok");

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.headers.get("x-vercel-id").unwrap(), "fra1::abcd");
    assert_eq!(response.request_id(), Some("fra1::abcd"));
    let rate = response.rate_limit().expect("rate-limit headers");
    assert_eq!((rate.limit, rate.remaining, rate.reset), (Some(100), Some(99), Some(1_716_300_060)));
    assert_eq!(response.body.deployments.len(), 2);
    assert_eq!(response.body.deployments[0].uid, "dpl_2qmDLb5GBXfEVpKnsaSQt3DzS5Bf");
}

#[tokio::test]
async fn send_with_response_on_empty_and_missing_field() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("x-vercel-id", "iad1::z"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let response = client.edge_config().delete_edge_config("ecfg_1").send_with_response().await.expect("ok");
    assert_eq!(response.status.as_u16(), 204);
    assert_eq!(response.request_id(), Some("iad1::z"));
    assert_eq!(response.rate_limit(), None);

    // Like `send`, a missing required body field fails before any I/O.
    let err = client.edge_config().create_edge_config().send_with_response().await.unwrap_err();
    assert!(matches!(err, Error::MissingField { field: "slug", .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn default_headers_go_with_every_request_and_bad_ones_are_rejected() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).expect(2).mount(&server).await;
    let client = builder(server.uri())
        .default_header("Prefer", "code=404")
        .default_header("x-trace", "a")
        .build()
        .expect("client builds");
    client.edge_config().delete_edge_config("ecfg_1").send().await.expect("ok");
    client.edge_config().delete_edge_config("ecfg_2").send_with_response().await.expect("ok");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(header_value(request, "prefer"), Some("code=404"));
        assert_eq!(header_value(request, "x-trace"), Some("a"));
        assert_authorized(request);
    }

    for (name, value) in [("bad name", "v"), ("x-ok", "line\nbreak")] {
        let err = Client::builder().token(TOKEN).default_header(name, value).build().unwrap_err();
        assert!(matches!(&err, Error::Config(m) if m.contains("default header")), "{name}: {err:?}");
    }
}

// 10. Team scoping rules on the generated operations.

#[tokio::test]
async fn team_id_in_the_path_is_never_also_sent_as_query() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/teams/team_in_path/members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": [], "pagination": {"hasNext": false, "count": 0, "next": null, "prev": null}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(server.uri()).team_id("team_cfg").team_slug("acme").build().expect("client builds");
    let page = client.teams().get_team_members("team_in_path").limit(5).send().await.expect("ok");
    assert!(page.members.is_empty());
    let request = single_request(&server).await;
    assert_eq!(query_pairs(&request), [("limit".into(), "5".into())]);
}

#[tokio::test]
async fn team_slug_and_id_go_only_where_declared() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = builder(server.uri()).team_id("team_cfg").team_slug("acme").build().expect("client builds");
    // deleteEdgeConfig declares both; getAuthUser neither.
    client.edge_config().delete_edge_config("ecfg_1").send().await.expect("ok");
    // Only the request matters here: the empty 204 is not a user, hence the decode error.
    let user = client.user().get_auth_user().send().await;
    assert!(matches!(user, Err(Error::Decode(_))), "{user:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(query_pairs(&requests[0]), [("teamId".into(), "team_cfg".into()), ("slug".into(), "acme".into())]);
    assert_eq!(query_pairs(&requests[1]), []);
}
