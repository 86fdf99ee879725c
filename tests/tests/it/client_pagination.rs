//! `into_stream()` on paginated list operations, against a local mock server:
//! pages are fetched lazily with the cursor of the previous page, the caller's
//! other query parameters (e.g. `limit`) go with every page, and an error ends
//! the stream. Also checks which operations of the pinned spec the generator's
//! pagination rule selects.

use std::path::Path;

use serde_json::{json, Value};
use vercel_client::prelude::*;
use vercel_client::{Client, Error, StreamExt};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{deployment, team_client_for};

/// A client scoped to the team `team_1`.
fn client_for(server: &MockServer) -> Client {
    team_client_for(server, "team_1")
}

fn deployments_page(uids: &[&str], next: Option<u64>) -> Value {
    json!({
        "pagination": { "count": uids.len(), "next": next, "prev": null },
        "deployments": uids.iter().map(|u| deployment(u)).collect::<Vec<_>>(),
    })
}

/// Mounts page 1 (no `until`), page 2 (`until=300`) and page 3 (`until=200`, last).
async fn mount_three_pages(server: &MockServer, page2: ResponseTemplate) {
    let list = || Mock::given(method("GET")).and(path("/v6/deployments"));
    list()
        .and(query_param_is_missing("until"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployments_page(&["d1", "d2"], Some(300))))
        .mount(server)
        .await;
    list().and(query_param("until", "300")).respond_with(page2).mount(server).await;
    list()
        .and(query_param("until", "200"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployments_page(&["d5"], None)))
        .mount(server)
        .await;
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[tokio::test]
async fn walks_three_pages_with_the_cursor_and_the_limit() {
    let server = MockServer::start().await;
    let page2 = ResponseTemplate::new(200).set_body_json(deployments_page(&["d3", "d4"], Some(200)));
    mount_three_pages(&server, page2).await;

    let items: Vec<_> = client_for(&server).deployments().get_deployments().limit(2).into_stream().collect().await;
    let uids: Vec<String> = items.into_iter().map(|d| d.expect("ok").uid).collect();
    assert_eq!(uids, ["d1", "d2", "d3", "d4", "d5"]);

    let requests = server.received_requests().await.unwrap();
    let queries: Vec<_> = requests.iter().map(query).collect();
    assert_eq!(
        queries,
        [
            pairs(&[("limit", "2"), ("teamId", "team_1")]),
            pairs(&[("limit", "2"), ("until", "300"), ("teamId", "team_1")]),
            pairs(&[("limit", "2"), ("until", "200"), ("teamId", "team_1")]),
        ]
    );
}

#[tokio::test]
async fn pages_are_fetched_only_when_needed() {
    let server = MockServer::start().await;
    let page2 = ResponseTemplate::new(200).set_body_json(deployments_page(&["d3", "d4"], Some(200)));
    mount_three_pages(&server, page2).await;

    let first_three: Vec<_> = client_for(&server).deployments().get_deployments().into_stream().take(3).collect().await;
    assert_eq!(first_three.len(), 3);
    assert_eq!(first_three[2].as_ref().expect("ok").uid, "d3");
    // Page 3 was never requested.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_error_mid_stream_is_yielded_once_and_ends_the_stream() {
    let server = MockServer::start().await;
    let page2 = ResponseTemplate::new(500).set_body_json(json!({"error": {"code": "internal", "message": "boom"}}));
    mount_three_pages(&server, page2).await;

    let mut stream = client_for(&server).deployments().get_deployments().limit(2).into_stream();
    assert_eq!(stream.next().await.unwrap().expect("ok").uid, "d1");
    assert_eq!(stream.next().await.unwrap().expect("ok").uid, "d2");
    let err = stream.next().await.unwrap().unwrap_err();
    match &err {
        Error::Api(api) => {
            assert_eq!(api.status.as_u16(), 500);
            assert_eq!(api.code.as_deref(), Some("internal"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert!(stream.next().await.is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_cursor_that_does_not_advance_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/v6/deployments"))
        .and(query_param_is_missing("until"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployments_page(&["d1"], Some(100))))
        .mount(&server)
        .await;
    Mock::given(path("/v6/deployments"))
        .and(query_param("until", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(deployments_page(&["d2"], Some(100))))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = client_for(&server).deployments().get_deployments().into_stream().collect().await;
    assert_eq!(items.into_iter().map(|d| d.unwrap().uid).collect::<Vec<_>>(), ["d1", "d2"]);
}

#[tokio::test]
async fn string_cursors_go_back_as_the_next_parameter() {
    let server = MockServer::start().await;
    let member =
        |uid: &str| json!({"email": format!("{uid}@example.com"), "uid": uid, "username": uid, "teamRole": "MEMBER"});
    let base = || Mock::given(method("GET")).and(path("/v1/access-groups/ag_1/members"));
    base()
        .and(query_param_is_missing("next"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": [member("u1")], "pagination": {"count": 1, "next": "JBSWY3DP"}
        })))
        .mount(&server)
        .await;
    base()
        .and(query_param("next", "JBSWY3DP"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "members": [member("u2")], "pagination": {"count": 1, "next": null}
        })))
        .mount(&server)
        .await;
    let items: Vec<_> =
        client_for(&server).access_groups().list_access_group_members("ag_1").limit(1).into_stream().collect().await;
    assert_eq!(items.into_iter().map(|m| m.unwrap().uid).collect::<Vec<_>>(), ["u1", "u2"]);
}

/// `getProjects`: its `pagination` is a union of two cursor kinds (a
/// timestamp `Pagination`, a continuation token `{count, next: string}`), and
/// its cursor parameter is `from`. Both kinds go back as `from`, and `limit`
/// takes a number.
#[tokio::test]
async fn get_projects_pages_with_either_cursor_kind_as_from() {
    let server = MockServer::start().await;
    // Projects lack most required fields: client error correction fills them.
    let project = |id: &str| json!({"id": id, "name": id, "accountId": "acc_1"});
    let base = || Mock::given(method("GET")).and(path("/v10/projects"));
    base()
        .and(query_param_is_missing("from"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [project("p1"), project("p2")],
            "pagination": {"count": 2, "next": 1716300000000u64, "prev": null}
        })))
        .mount(&server)
        .await;
    base()
        .and(query_param("from", "1716300000000"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [project("p3")], "pagination": {"count": 1, "next": "token-2"}
        })))
        .mount(&server)
        .await;
    base()
        .and(query_param("from", "token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "projects": [project("p4")], "pagination": {"count": 1, "next": null, "prev": null}
        })))
        .mount(&server)
        .await;

    let items: Vec<_> = client_for(&server).projects().get_projects().limit(2).into_stream().collect().await;
    let ids: Vec<String> = items.into_iter().map(|p| p.expect("ok").id).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4"]);
    let requests = server.received_requests().await.unwrap();
    let froms: Vec<Option<String>> =
        requests.iter().map(|r| query(r).into_iter().find(|(k, _)| k == "from").map(|(_, v)| v)).collect();
    assert_eq!(froms, [None, Some("1716300000000".to_string()), Some("token-2".to_string())]);
    assert!(requests.iter().all(|r| query(r).contains(&("limit".to_string(), "2".to_string()))));
}

/// `listAuthTokens` gets `until` and `limit` from an overlay (the spec declares
/// no parameters) and so walks its pages like every other list.
#[tokio::test]
async fn list_auth_tokens_walks_pages_with_until() {
    let server = MockServer::start().await;
    let token = |id: &str| json!({"id": id, "name": id, "type": "oauth2-token", "origin": "github", "activeAt": 1, "createdAt": 1});
    let base = || Mock::given(method("GET")).and(path("/v5/user/tokens"));
    base()
        .and(query_param_is_missing("until"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tokens": [token("t1")], "pagination": {"count": 1, "next": 500, "prev": null}
        })))
        .mount(&server)
        .await;
    base()
        .and(query_param("until", "500"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "tokens": [token("t2")], "pagination": {"count": 1, "next": null, "prev": 500}
        })))
        .mount(&server)
        .await;
    let items: Vec<_> = client_for(&server).authentication().list_auth_tokens().limit(1).into_stream().collect().await;
    assert_eq!(items.into_iter().map(|t| t.expect("ok").id).collect::<Vec<_>>(), ["t1", "t2"]);
}

/// `(crate, operation module)` of every generated `into_stream()` that walks pages.
fn paginated_operations() -> Vec<(String, String)> {
    let root = xtask::workspace_root().join("generated-client");
    let mut found = Vec::new();
    for krate in std::fs::read_dir(&root).unwrap() {
        let krate = krate.unwrap().path();
        let Ok(files) = std::fs::read_dir(krate.join("src")) else { continue };
        for file in files {
            let file = file.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap();
            if text.contains("vercel_runtime::Pages::new(") {
                let name = |p: &Path| p.file_stem().unwrap().to_string_lossy().into_owned();
                found.push((name(&krate), name(&file)));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_pagination_rule_selects_these_operations_of_the_pinned_spec() {
    let expected = [
        ("vercel-access-groups", "list_access_group_members"),
        ("vercel-access-groups", "list_access_group_projects"),
        ("vercel-access-groups", "list_access_groups"),
        ("vercel-aliases", "list_aliases"),
        ("vercel-authentication", "list_auth_tokens"),
        ("vercel-deployments", "get_deployments"),
        ("vercel-dns", "get_records"),
        ("vercel-domains", "get_domains"),
        ("vercel-edge-config", "get_edge_config_backups"),
        ("vercel-environment", "list_shared_env_variable"),
        ("vercel-project-members", "get_project_members"),
        ("vercel-projects", "filter_project_envs"),
        ("vercel-projects", "get_project_domains"),
        ("vercel-projects", "get_projects"),
        ("vercel-projects", "list_promote_aliases"),
        ("vercel-teams", "get_team_members"),
        ("vercel-teams", "get_teams"),
    ];
    let expected: Vec<_> = expected.iter().map(|(c, o)| (c.to_string(), o.to_string())).collect();
    assert_eq!(paginated_operations(), expected);
}
