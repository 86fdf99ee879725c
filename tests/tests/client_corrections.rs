//! Client error correction: 2xx bodies (and stream values) that lack
//! required fields decode, with each filled field recorded
//! (`Response::corrections`, `JsonLines::corrections`) and logged;
//! `strict_decoding(true)` restores `Error::Decode`. The types here have the
//! shapes the generator emits for response types (plain serde structs with
//! required fields, open enums, `Vec`s, maps, untagged unions with
//! `Unknown` and their correction table); the last tests use generated types.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde::Deserialize;
use vercel_runtime::{Client, Error, Method, Operation, Request, Response, RetryConfig, StreamExt};
use vercel_runtime_core::correction::{correct_as, Alternative, Alternatives};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "getThing",
    method: Method::GET,
    path: "/v1/thing",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};

vercel_runtime::open_enum! {
    /// A state, as the generator emits string enums.
    pub enum State { Ready = "READY", Error = "ERROR" }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    id: String,
    size: i64,
    state: State,
    creator: Creator,
    aliases: Vec<String>,
    builds: Vec<Build>,
    #[serde(default)]
    regions: BTreeMap<String, Creator>,
    #[serde(default)]
    source: Option<Source>,
    #[serde(default)]
    origins: Vec<Source>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Creator {
    uid: String,
    #[serde(rename = "createdAt")]
    created_at: f64,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Build {
    id: String,
    blocking: bool,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Source {
    Git(GitSource),
    Upload(UploadSource),
    #[serde(deserialize_with = "vercel_runtime_core::correction::unknown_shape::<Source, _>")]
    Unknown(serde_json::Value),
}

impl Alternatives for Source {
    const ALTERNATIVES: &'static [Alternative] = &[
        Alternative::new(
            &["type", "repo", "branch"],
            false,
            &["type", "repo", "branch"],
            &[("type", "git")],
            correct_as::<GitSource>,
        ),
        Alternative::new(
            &["type", "files"],
            false,
            &["type", "files"],
            &[("type", "upload")],
            correct_as::<UploadSource>,
        ),
    ];
}

vercel_runtime::open_enum! {
    /// A one-value enum: the constant of an alternative.
    pub enum GitType { Git = "git" }
}

vercel_runtime::open_enum! {
    /// A one-value enum: the constant of an alternative.
    pub enum UploadType { Upload = "upload" }
}

#[derive(Debug, Deserialize, PartialEq)]
struct GitSource {
    r#type: GitType,
    repo: String,
    branch: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct UploadSource {
    r#type: UploadType,
    files: i64,
}

fn git(repo: &str, branch: &str) -> Source {
    Source::Git(GitSource { r#type: GitType::Git, repo: repo.into(), branch: branch.into() })
}

/// The full body: nothing to correct.
fn full() -> serde_json::Value {
    serde_json::json!({
        "id": "thing_1", "size": 7, "state": "READY",
        "creator": {"uid": "u1", "createdAt": 1.5},
        "aliases": ["a.example"],
        "builds": [{"id": "b1", "blocking": true}, {"id": "b2", "blocking": false}],
        "regions": {"fra1": {"uid": "u2", "createdAt": 2.0}},
        "source": {"type": "git", "repo": "acme/web", "branch": "main"},
        "origins": [{"type": "upload", "files": 3}, {"type": "git", "repo": "acme/api", "branch": "dev"}],
    })
}

/// `full()` without the fields at these JSON pointers.
fn without(pointers: &[&str]) -> serde_json::Value {
    let mut body = full();
    for pointer in pointers {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        body.pointer_mut(parent).and_then(|p| p.as_object_mut()).unwrap().remove(key).expect("field exists");
    }
    body
}

/// A client of a mock server that answers every request with `body`.
async fn serve(body: Vec<u8>, content_type: &str, strict: bool) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type)).mount(&server).await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(RetryConfig::disabled())
        .strict_decoding(strict)
        .build()
        .unwrap();
    (server, client)
}

async fn fetch(body: serde_json::Value, strict: bool) -> Result<Response<Thing>, Error> {
    let (_server, client) = serve(serde_json::to_vec(&body).unwrap(), "application/json", strict).await;
    client.send_with_response::<Thing>(Request::new(&GET_THING, "/v1/thing".into())).await
}

fn paths(response: &Response<Thing>) -> Vec<&str> {
    response.corrections().iter().map(|c| c.path.as_str()).collect()
}

#[tokio::test]
async fn a_full_body_has_no_corrections() {
    let response = fetch(full(), false).await.unwrap();
    assert!(response.corrections().is_empty());
    assert_eq!(response.body.source, Some(git("acme/web", "main")));
    assert_eq!(response.body.origins[1], git("acme/api", "dev"));
}

#[tokio::test]
async fn a_missing_scalar_is_zero() {
    let response = fetch(without(&["/size", "/id"]), false).await.unwrap();
    assert_eq!((response.body.size, response.body.id.as_str()), (0, ""));
    let mut found = paths(&response);
    found.sort();
    assert_eq!(found, ["id", "size"]);
    assert_eq!(response.corrections()[0].filled, serde_json::json!(""));
}

#[tokio::test]
async fn a_missing_nested_struct_field_and_a_missing_struct() {
    let response = fetch(without(&["/creator/createdAt"]), false).await.unwrap();
    assert_eq!(response.body.creator, Creator { uid: "u1".into(), created_at: 0.0 });
    assert_eq!(paths(&response), ["creator.createdAt"]);

    let response = fetch(without(&["/creator"]), false).await.unwrap();
    assert_eq!(response.body.creator, Creator { uid: String::new(), created_at: 0.0 });
    assert_eq!(paths(&response), ["creator", "creator.uid", "creator.createdAt"]);
}

#[tokio::test]
async fn a_missing_list_is_empty() {
    let response = fetch(without(&["/aliases"]), false).await.unwrap();
    assert!(response.body.aliases.is_empty());
    assert_eq!(paths(&response), ["aliases"]);
}

#[tokio::test]
async fn a_missing_enum_is_unknown() {
    let response = fetch(without(&["/state"]), false).await.unwrap();
    assert!(matches!(&response.body.state, State::Unknown(v) if v.as_str().is_empty()), "{:?}", response.body.state);
    assert_eq!(paths(&response), ["state"]);
}

#[tokio::test]
async fn a_field_missing_in_array_items_is_filled_in_each() {
    let response = fetch(without(&["/builds/0/blocking", "/builds/1/blocking"]), false).await.unwrap();
    assert_eq!(response.body.builds[0], Build { id: "b1".into(), blocking: false });
    assert_eq!(paths(&response), ["builds[0].blocking", "builds[1].blocking"]);
}

#[tokio::test]
async fn a_field_missing_in_a_map_value() {
    let response = fetch(without(&["/regions/fra1/uid"]), false).await.unwrap();
    assert_eq!(response.body.regions["fra1"], Creator { uid: String::new(), created_at: 2.0 });
    assert_eq!(paths(&response), ["regions.fra1.uid"]);
}

#[tokio::test]
async fn a_field_missing_in_a_union_alternative_is_corrected_into_it() {
    let response = fetch(without(&["/source/branch"]), false).await.unwrap();
    assert_eq!(response.body.source, Some(git("acme/web", "")));
    assert_eq!(paths(&response), ["source.branch"]);
    assert_eq!(response.corrections()[0].filled, serde_json::json!(""));
}

#[tokio::test]
async fn a_field_missing_in_a_union_alternative_in_array_items_is_corrected_in_each() {
    let mut body = full();
    body["origins"] = serde_json::json!([
        {"type": "git", "repo": "a"},
        {"type": "upload", "files": 1},
        {"type": "upload"},
        {"type": "git", "branch": "b"},
    ]);
    let response = fetch(body, false).await.unwrap();
    let origins = &response.body.origins;
    assert_eq!(origins[0], git("a", ""));
    assert_eq!(origins[2], Source::Upload(UploadSource { r#type: UploadType::Upload, files: 0 }));
    assert_eq!(origins[3], git("", "b"));
    let mut found = paths(&response);
    found.sort();
    assert_eq!(found, ["origins[0].branch", "origins[2].files", "origins[3].repo"]);
}

#[tokio::test]
async fn a_new_shape_stays_unknown() {
    // An unknown constant, a key no alternative has, a wrong type: not an alternative lacking fields.
    // (A complete value with an unknown constant is the alternative for plain serde already:
    // the constant is an open enum.)
    for source in [
        serde_json::json!({"type": "bitbucket", "repo": "acme/web"}),
        serde_json::json!({"type": "git", "repo": "acme/web", "mirror": "eu"}),
        serde_json::json!({"type": "upload", "files": "many"}),
    ] {
        let mut body = full();
        body["source"] = source.clone();
        let response = fetch(body, false).await.unwrap();
        assert_eq!(response.body.source, Some(Source::Unknown(source)));
        assert!(response.corrections().is_empty(), "{:?}", response.corrections());
    }
}

#[tokio::test]
async fn strict_decoding_keeps_a_union_value_lacking_fields_unknown() {
    let response = fetch(without(&["/source/branch"]), true).await.unwrap();
    assert_eq!(response.body.source, Some(Source::Unknown(serde_json::json!({"type": "git", "repo": "acme/web"}))));
    assert!(response.corrections().is_empty());
}

#[tokio::test]
async fn a_wrong_type_is_still_an_error() {
    let mut body = full();
    body["creator"] = serde_json::json!("u1");
    let err = fetch(body.clone(), false).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.path, "creator");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&decode.body).unwrap(), body);
}

#[tokio::test]
async fn strict_decoding_restores_the_decode_error() {
    let body = without(&["/builds/1/blocking"]);
    let err = fetch(body.clone(), true).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.path, "builds[1]");
    assert!(decode.message.contains("missing field `blocking`"), "{}", decode.message);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&decode.body).unwrap(), body);
}

/// The values of a stream: the first lacks a nested field, the second a
/// field inside a union alternative, the third nothing.
fn stream_body() -> Vec<u8> {
    let mut first = without(&["/creator/createdAt"]);
    first["id"] = "t0".into();
    let mut second = without(&["/source/branch"]);
    second["id"] = "t1".into();
    let mut third = full();
    third["id"] = "t2".into();
    // Pretty-printed, then NDJSON, as servers send them.
    let mut body = serde_json::to_vec_pretty(&first).unwrap();
    body.push(b'\n');
    for value in [second, third] {
        body.extend(serde_json::to_vec(&value).unwrap());
        body.push(b'\n');
    }
    body
}

#[tokio::test]
async fn stream_values_are_corrected_with_their_index_in_the_path() {
    let (_server, client) = serve(stream_body(), "application/stream+json", false).await;
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    let mut seen = Vec::new();
    while let Some(item) = stream.next().await {
        let thing = item.unwrap();
        let paths: Vec<String> = stream.corrections().iter().map(|c| c.path.clone()).collect();
        seen.push((thing.id.clone(), paths));
        if thing.id == "t1" {
            assert_eq!(thing.source, Some(git("acme/web", "")));
        }
    }
    assert_eq!(
        seen,
        [
            ("t0".to_owned(), vec!["[0].creator.createdAt".to_owned()]),
            ("t1".to_owned(), vec!["[1].source.branch".to_owned()]),
            ("t2".to_owned(), vec![]),
        ]
    );

    // The same body read whole: every value's corrections on the response.
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let response = client.send_json_lines_with_response::<Thing>(request).await.unwrap();
    assert_eq!(response.body.len(), 3);
    let paths: Vec<&str> = response.corrections().iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["[0].creator.createdAt", "[1].source.branch"]);
}

#[tokio::test]
async fn strict_decoding_of_a_stream_value_is_a_decode_error_with_its_index() {
    let (_server, client) = serve(stream_body(), "application/stream+json", true).await;
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    let err = stream.next().await.unwrap().unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.path, "[0].creator");
    assert!(decode.message.contains("missing field `createdAt`"), "{}", decode.message);
    assert!(stream.next().await.is_none(), "the error ends the stream");

    let request = Request::new(&GET_THING, "/v1/thing".into());
    let err = client.send_json_lines::<Thing>(request).await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.path == "[0].creator"), "{err:?}");
}

/// A `tracing` subscriber that keeps the fields of each warning as text.
struct Warnings(Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?}; ", field.name(), value));
    }
}

impl tracing::Subscriber for Warnings {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if *event.metadata().level() == tracing::Level::WARN {
            let mut fields = Fields(String::new());
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn a_tracing_warning_names_the_operation_and_the_paths() {
    let warnings = Arc::new(Mutex::new(Vec::new()));
    // The test runs on one thread, so the default subscriber sees the client's events.
    let _guard = tracing::subscriber::set_default(Warnings(warnings.clone()));

    fetch(full(), false).await.unwrap();
    assert!(warnings.lock().unwrap().is_empty(), "a full body logs nothing");

    fetch(without(&["/size", "/builds/1/blocking", "/source/branch"]), false).await.unwrap();
    let logged = warnings.lock().unwrap().clone();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(logged[0].contains("operation=\"getThing\""), "{}", logged[0]);
    assert!(logged[0].contains(r#"paths=["builds[1].blocking", "source.branch", "size"]"#), "{}", logged[0]);
    assert!(logged[0].contains("3 required field(s)"), "{}", logged[0]);

    // Each corrected stream value is logged with its index.
    warnings.lock().unwrap().clear();
    let (_server, client) = serve(stream_body(), "application/stream+json", false).await;
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    while stream.next().await.is_some() {}
    let logged = warnings.lock().unwrap().clone();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged[0].contains(r#"paths=["[0].creator.createdAt"]"#), "{}", logged[0]);
    assert!(logged[1].contains(r#"paths=["[1].source.branch"]"#), "{}", logged[1]);

    // Strict decoding corrects nothing, so logs nothing.
    warnings.lock().unwrap().clear();
    fetch(without(&["/source/branch"]), true).await.unwrap();
    assert!(warnings.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_generated_union_alternative_lacking_a_field_is_corrected() {
    use vercel_client::prelude::*;
    use vercel_client::projects::get_projects;

    // `pagination` is a union of `Pagination {count, next, prev}` and `{count, next}`;
    // this one lacks `count`. `prev` is only in the first alternative.
    let body = serde_json::json!({"projects": [], "pagination": {"next": 1700000000000i64, "prev": null}});
    let (_server, client) = serve(serde_json::to_vec(&body).unwrap(), "application/json", false).await;
    let response = client.projects().get_projects().send_with_response().await.unwrap();
    let get_projects::Pagination::Pagination(pagination) = &response.body.pagination else {
        panic!("not corrected into the alternative: {:?}", response.body.pagination)
    };
    assert_eq!((pagination.count, pagination.next), (0.0, Some(1_700_000_000_000.0)));
    let paths: Vec<&str> = response.corrections().iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["pagination.count"]);

    // A shape with a key neither alternative has stays `Unknown`, raw.
    let body = serde_json::json!({"projects": [], "pagination": {"next": null, "cursor": "c1"}});
    let (_server, client) = serve(serde_json::to_vec(&body).unwrap(), "application/json", false).await;
    let response = client.projects().get_projects().send_with_response().await.unwrap();
    assert!(
        matches!(&response.body.pagination, get_projects::Pagination::Unknown(raw) if *raw == body["pagination"]),
        "{:?}",
        response.body.pagination
    );
    assert!(response.corrections().is_empty());
}
