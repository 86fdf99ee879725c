//! End-to-end behaviour of `Client` against a local mock server.

use crate::common::{GET_USER, LIST_DEPLOYMENTS};

use serde::Deserialize;
use serde_json::json;
use vercel_runtime::{path_segment, Client, Error, Method, Operation, Request};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CREATE_PROJECT: Operation = Operation {
    id: "createProject",
    method: Method::POST,
    path: "/v11/projects",
    team_id_query: true,
    slug_query: false,
    scopes: &[],
};

const DELETE_PROJECT: Operation = Operation {
    id: "deleteProject",
    method: Method::DELETE,
    path: "/v9/projects/{idOrName}",
    team_id_query: true,
    slug_query: true,
    scopes: &[],
};

const GET_EVENTS: Operation = Operation {
    id: "getDeploymentEvents",
    method: Method::GET,
    path: "/v3/deployments/{idOrUrl}/events",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};

#[derive(Debug, Deserialize, PartialEq)]
struct Deployment {
    uid: String,
    ready: bool,
}

#[derive(Debug, Deserialize)]
struct Deployments {
    deployments: Vec<Deployment>,
}

fn client(server: &MockServer) -> Client {
    Client::builder().token("tok_123").base_url(server.uri()).build().unwrap()
}

/// Query pairs of the only request the server received.
async fn received_query(server: &MockServer) -> Vec<(String, String)> {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn get_sends_query_and_bearer_and_decodes_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v6/deployments"))
        .and(header("authorization", "Bearer tok_123"))
        .and(header("accept", "application/json"))
        .and(header("user-agent", concat!("vercel-runtime/", env!("CARGO_PKG_VERSION"))))
        .and(query_param("limit", "20"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "deployments": [{"uid": "dpl_1", "ready": true}, {"uid": "dpl_2", "ready": false}]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let mut req = Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into());
    req.query("limit", &20.0);
    req.query("since", &None::<u64>);
    req.query("state", &["READY", "ERROR"]);
    let got: Deployments = client(&server).send(req).await.unwrap();

    assert_eq!(
        got.deployments,
        [Deployment { uid: "dpl_1".into(), ready: true }, Deployment { uid: "dpl_2".into(), ready: false },]
    );
    assert_eq!(received_query(&server).await, pairs(&[("limit", "20"), ("state", "READY"), ("state", "ERROR")]));
}

#[tokio::test]
async fn team_scope_is_added_only_to_flagged_operations() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = Client::builder()
        .token("tok_123")
        .base_url(server.uri())
        .team_id("team_abc")
        .team_slug("acme")
        .build()
        .unwrap();

    let _: serde_json::Value = client.send(Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into())).await.unwrap();
    let _: serde_json::Value = client.send(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url.query(), Some("teamId=team_abc&slug=acme"), "flagged operation gets both scopes");
    assert_eq!(requests[1].url.query(), None, "unflagged operation gets none");
}

#[tokio::test]
async fn team_scope_is_not_duplicated_when_request_sets_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let client = Client::builder().token("tok_123").base_url(server.uri()).team_id("team_abc").build().unwrap();

    let mut req = Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into());
    req.query("teamId", "team_override");
    let _: serde_json::Value = client.send(req).await.unwrap();

    assert_eq!(received_query(&server).await, pairs(&[("teamId", "team_override")]));
}

#[tokio::test]
async fn post_sends_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v11/projects"))
        .and(query_param("teamId", "team_abc"))
        .and(header("content-type", "application/json"))
        .and(header("authorization", "Bearer tok_123"))
        .and(body_json(json!({"name": "my-app", "framework": "nextjs", "buildCommand": null})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "prj_1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().token("tok_123").base_url(server.uri()).team_id("team_abc").build().unwrap();

    let mut req = Request::new(&CREATE_PROJECT, "/v11/projects".into());
    req.json(&json!({"name": "my-app", "framework": "nextjs", "buildCommand": null}));
    let created: serde_json::Value = client.send(req).await.unwrap();
    assert_eq!(created, json!({"id": "prj_1"}));
}

#[tokio::test]
async fn send_empty_accepts_204_and_path_is_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v9/projects/a%2Fb%20c"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let rendered = format!("/v9/projects/{}", path_segment("a/b c"));
    client(&server).send_empty(Request::new(&DELETE_PROJECT, rendered)).await.unwrap();
}

#[tokio::test]
async fn send_bytes_returns_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0u8, 159, 146, 150]))
        .mount(&server)
        .await;

    let body = client(&server).send_bytes(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
    assert_eq!(&body[..], &[0u8, 159, 146, 150]);
}

#[tokio::test]
async fn forbidden_gives_api_error_with_everything() {
    let server = MockServer::start().await;
    let body = r#"{"error":{"code":"forbidden","message":"Not authorized","invalidToken":true}}"#;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("x-vercel-id", "fra1::req-42")
                .set_body_raw(body, "application/json"),
        )
        .mount(&server)
        .await;

    let err = client(&server).send::<serde_json::Value>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();

    assert_eq!(err.status(), Some(vercel_runtime::StatusCode::FORBIDDEN));
    assert_eq!(err.to_string(), "getAuthUser: HTTP 403: forbidden: Not authorized");
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.operation, "getAuthUser");
    assert_eq!(api.code.as_deref(), Some("forbidden"));
    assert_eq!(api.message.as_deref(), Some("Not authorized"));
    assert_eq!(api.request_id(), Some("fra1::req-42"));
    assert_eq!(api.headers["content-type"], "application/json");
    assert_eq!(&api.body[..], body.as_bytes());
}

#[tokio::test]
async fn forbidden_names_the_scopes_that_grant_the_operation() {
    const SCOPED: Operation = Operation {
        id: "getDeployments",
        method: Method::GET,
        path: "/v6/deployments",
        team_id_query: false,
        slug_query: false,
        scopes: &["Deployments (Read)", "Deployments (Read/Write)"],
    };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_raw(r#"{"error":{"code":"forbidden","message":"No"}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err =
        client(&server).send::<serde_json::Value>(Request::new(&SCOPED, "/v6/deployments".into())).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "getDeployments: HTTP 403: forbidden: No (an integration token needs one of these scopes: \
         Deployments (Read), Deployments (Read/Write))"
    );
    // Other statuses do not mention scopes.
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(r#"{"error":{"code":"not_found","message":"No"}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    const SCOPED_POST: Operation = Operation { method: Method::POST, ..SCOPED };
    let err = client(&server)
        .send::<serde_json::Value>(Request::new(&SCOPED_POST, "/v6/deployments".into()))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "getDeployments: HTTP 404: not_found: No");
}

#[tokio::test]
async fn non_json_error_body_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("Bad gateway"))
        .mount(&server)
        .await;

    let err = client(&server).send_empty(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert_eq!(err.to_string(), "getAuthUser: HTTP 502: Bad gateway");
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!((api.code, api.message), (None, None));
}

#[tokio::test]
async fn wrong_typed_field_gives_decode_error_with_path() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Items {
        items: Vec<Item>,
    }

    let server = MockServer::start().await;
    let body = r#"{"items":[{"id":"a"},{"id":5}]}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let err = client(&server).send::<Items>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert_eq!(err.status(), Some(vercel_runtime::StatusCode::OK));
    let shown = err.to_string();
    assert!(shown.starts_with("getAuthUser: ") && shown.contains("items[1].id"), "{shown}");
    let Error::Decode(decode) = err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.path, "items[1].id");
    assert!(decode.message.contains("expected a string"), "{}", decode.message);
    assert_eq!(&decode.body[..], body.as_bytes());
    assert_eq!(decode.headers["content-type"], "application/json");
}

#[tokio::test]
async fn send_json_lines_decodes_each_line() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Event {
        r#type: String,
        n: u32,
    }

    let server = MockServer::start().await;
    let body = "{\"type\":\"stdout\",\"n\":1}\n\n{\"type\":\"stdout\",\"n\":2}\r\n{\"type\":\"exit\",\"n\":3}\n";
    Mock::given(method("GET"))
        .and(path("/v3/deployments/dpl_1/events"))
        .and(header("accept", "application/stream+json"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/stream+json"))
        .expect(1)
        .mount(&server)
        .await;

    let events: Vec<Event> = client(&server)
        .send_json_lines(Request::new(&GET_EVENTS, "/v3/deployments/dpl_1/events".into()))
        .await
        .unwrap();
    let kinds: Vec<(&str, u32)> = events.iter().map(|e| (e.r#type.as_str(), e.n)).collect();
    assert_eq!(kinds, [("stdout", 1), ("stdout", 2), ("exit", 3)]);
}

#[tokio::test]
async fn send_json_lines_reports_bad_line() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Event {
        n: u32,
    }

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"n\":1}\n{\"n\":\"two\"}\n"))
        .mount(&server)
        .await;

    let err = client(&server).send_json_lines::<Event>(Request::new(&GET_EVENTS, "/x".into())).await.unwrap_err();
    let Error::Decode(decode) = err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.path, "[1].n");
}

#[tokio::test]
async fn encode_error_is_returned_before_any_io() {
    let server = MockServer::start().await;
    let mut req = Request::new(&LIST_DEPLOYMENTS, "/v6/deployments".into());
    req.query("filter", &json!({"a": 1}));
    let err = client(&server).send::<serde_json::Value>(req).await.unwrap_err();
    match err {
        Error::Encode { operation, message } => {
            assert_eq!(operation, "getDeployments");
            assert_eq!(message, "query parameter filter: objects are not supported");
        }
        other => panic!("expected Error::Encode, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn connection_failure_is_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .token("t")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(vercel_runtime::RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client.send_empty(Request::new(&GET_USER, "/v2/user".into())).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn empty_success_body_decodes_as_empty_object_then_null() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct AllOptional {
        urls: Option<Vec<String>>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Required {
        urls: Vec<String>,
    }
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = client(&server);
    let req = || Request::new(&GET_USER, "/v2/user".into());

    let v: AllOptional = client.send(req()).await.unwrap();
    assert_eq!(v, AllOptional { urls: None });
    let v: std::collections::BTreeMap<String, u32> = client.send(req()).await.unwrap();
    assert!(v.is_empty());
    // Types that reject an object fall back to `null`.
    let v: Option<Vec<u32>> = client.send(req()).await.unwrap();
    assert_eq!(v, None);
    client.send::<()>(req()).await.unwrap();
    // A type that needs fields still fails, naming the field and keeping the empty body.
    match client.send::<Required>(req()).await.unwrap_err() {
        Error::Decode(e) => {
            assert!(e.message.contains("missing field `urls`"), "{}", e.message);
            assert!(e.body.is_empty());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn send_with_response_variants_keep_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(path("/json"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-ratelimit-remaining", "3")
                .set_body_json(json!({"uid": "a", "ready": true})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/bytes"))
        .respond_with(
            ResponseTemplate::new(200).insert_header("x-vercel-id", "r1").set_body_bytes(b"\x00\x01".to_vec()),
        )
        .mount(&server)
        .await;
    Mock::given(path("/lines"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{\"uid\":\"a\",\"ready\":true}\n\n{\"uid\":\"b\",\"ready\":false}\n"),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let r = client.send_with_response::<Deployment>(Request::new(&GET_USER, "/json".into())).await.unwrap();
    assert_eq!(r.status.as_u16(), 201);
    assert_eq!(r.rate_limit().and_then(|l| l.remaining), Some(3));
    assert_eq!(r.body, Deployment { uid: "a".into(), ready: true });

    let r = client.send_bytes_with_response(Request::new(&GET_USER, "/bytes".into())).await.unwrap();
    assert_eq!((r.request_id(), &r.body[..]), (Some("r1"), &b"\x00\x01"[..]));

    let r = client.send_empty_with_response(Request::new(&GET_USER, "/bytes".into())).await.unwrap();
    assert_eq!(r.status.as_u16(), 200);

    let r =
        client.send_json_lines_with_response::<Deployment>(Request::new(&GET_EVENTS, "/lines".into())).await.unwrap();
    assert_eq!(r.body.iter().map(|d| d.uid.as_str()).collect::<Vec<_>>(), ["a", "b"]);
}

#[tokio::test]
async fn default_header_is_sent_and_request_headers_win() {
    let server = MockServer::start().await;
    Mock::given(header("prefer", "code=404"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("tok_123")
        .base_url(server.uri())
        .default_header("Prefer", "code=404")
        .default_header("Accept", "text/plain")
        .build()
        .unwrap();
    client.send::<()>(Request::new(&GET_USER, "/v2/user".into())).await.unwrap();
}

#[tokio::test]
async fn request_headers_keep_their_accept_but_not_authorization_or_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    let mut req = Request::new(&CREATE_PROJECT, "/v11/projects".into());
    req.header("Accept", "text/csv");
    req.header("Authorization", "Bearer someone-else");
    req.header("Content-Type", "text/plain");
    req.header("x-custom", &["a", "b"]);
    req.json(&json!({"name": "p"}));
    let _: serde_json::Value = client(&server).send(req).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let all = |name: &str| -> Vec<String> {
        requests[0].headers.get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    };
    assert_eq!(all("accept"), ["text/csv"], "the request's Accept wins over the default");
    assert_eq!(all("authorization"), ["Bearer tok_123"], "the client's token replaces the request's");
    assert_eq!(all("content-type"), ["application/json"], "the body's type replaces the request's");
    assert_eq!(all("x-custom"), ["a,b"]);
}
