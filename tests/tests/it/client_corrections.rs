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

/// The operation of the tracing test: its warnings are told apart from those
/// of the other tests of this binary, which run at the same time.
static GET_TRACED: Operation = Operation {
    id: "getTracedThing",
    method: Method::GET,
    path: "/v1/thing",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};

/// The warnings of `getTracedThing`, logged to a process-wide subscriber:
/// a thread-scoped one (`set_default`) races with the callsites other tests
/// register on their threads at the same time, and then misses events.
fn traced_warnings() -> Vec<String> {
    static WARNINGS: std::sync::OnceLock<Arc<Mutex<Vec<String>>>> = std::sync::OnceLock::new();
    let warnings = WARNINGS.get_or_init(|| {
        let warnings = Arc::new(Mutex::new(Vec::new()));
        tracing::subscriber::set_global_default(Warnings(warnings.clone())).expect("the only subscriber");
        warnings
    });
    let logged = warnings.lock().unwrap();
    logged.iter().filter(|w| w.contains("operation=\"getTracedThing\"")).cloned().collect()
}

async fn fetch_traced(body: serde_json::Value, strict: bool) {
    let (_server, client) = serve(serde_json::to_vec(&body).unwrap(), "application/json", strict).await;
    client.send_with_response::<Thing>(Request::new(&GET_TRACED, "/v1/thing".into())).await.unwrap();
}

#[tokio::test]
async fn a_tracing_warning_names_the_operation_and_the_paths() {
    assert!(traced_warnings().is_empty());
    fetch_traced(full(), false).await;
    assert!(traced_warnings().is_empty(), "a full body logs nothing");

    fetch_traced(without(&["/size", "/builds/1/blocking", "/source/branch"]), false).await;
    let logged = traced_warnings();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(logged[0].contains(r#"paths=["builds[1].blocking", "source.branch", "size"]"#), "{}", logged[0]);
    assert!(logged[0].contains("3 required field(s)"), "{}", logged[0]);

    // A `null` where none is allowed is logged like an absent field.
    fetch_traced(with_null(&["/id"]), false).await;
    let logged = traced_warnings();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged[1].contains(r#"paths=["id"]"#), "{}", logged[1]);

    // Each corrected stream value is logged with its index.
    let (_server, client) = serve(stream_body(), "application/stream+json", false).await;
    let request = Request::new(&GET_TRACED, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    while stream.next().await.is_some() {}
    let logged = traced_warnings();
    assert_eq!(logged.len(), 4, "{logged:?}");
    assert!(logged[2].contains(r#"paths=["[0].creator.createdAt"]"#), "{}", logged[2]);
    assert!(logged[3].contains(r#"paths=["[1].source.branch"]"#), "{}", logged[3]);

    // Strict decoding corrects nothing, so logs nothing.
    fetch_traced(without(&["/source/branch"]), true).await;
    assert_eq!(traced_warnings().len(), 4);
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

// ---- `null` where the spec allows none, and absent unions (issue 22) ----

/// `full()` with `null` at these JSON pointers.
fn with_null(pointers: &[&str]) -> serde_json::Value {
    let mut body = full();
    for pointer in pointers {
        *body.pointer_mut(pointer).expect("field exists") = serde_json::Value::Null;
    }
    body
}

fn null_paths(corrections: &[vercel_runtime::Correction]) -> Vec<(&str, bool)> {
    let mut found: Vec<_> = corrections.iter().map(|c| (c.path.as_str(), c.was_null)).collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_null_in_a_required_field_is_filled_like_an_absent_one() {
    let response = fetch(with_null(&["/id", "/creator/createdAt", "/builds/1/blocking"]), false).await.unwrap();
    assert_eq!(response.body.id, "");
    assert_eq!(response.body.creator, Creator { uid: "u1".into(), created_at: 0.0 });
    assert_eq!(response.body.builds[1], Build { id: "b2".into(), blocking: false });
    assert_eq!(
        null_paths(response.corrections()),
        [("builds[1].blocking", true), ("creator.createdAt", true), ("id", true)]
    );
    // An absent field stays reported as absent.
    let response = fetch(without(&["/id"]), false).await.unwrap();
    assert_eq!(null_paths(response.corrections()), [("id", false)]);
}

#[tokio::test]
async fn a_null_in_a_union_alternative_is_corrected_into_it() {
    let response = fetch(with_null(&["/source/branch", "/origins/0/files"]), false).await.unwrap();
    assert_eq!(response.body.source, Some(git("acme/web", "")));
    assert_eq!(response.body.origins[0], Source::Upload(UploadSource { r#type: UploadType::Upload, files: 0 }));
    assert_eq!(null_paths(response.corrections()), [("origins[0].files", true), ("source.branch", true)]);
}

#[tokio::test]
async fn a_null_in_a_stream_value_is_corrected_with_its_index() {
    let mut second = with_null(&["/size"]);
    second["id"] = "t1".into();
    let body = [serde_json::to_vec(&full()).unwrap(), serde_json::to_vec(&second).unwrap()].join(&b'\n');
    let (_server, client) = serve(body.clone(), "application/stream+json", false).await;
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    assert!(stream.next().await.unwrap().is_ok());
    let thing = stream.next().await.unwrap().unwrap();
    assert_eq!((thing.id.as_str(), thing.size), ("t1", 0));
    assert_eq!(null_paths(stream.corrections()), [("[1].size", true)]);
    assert!(stream.next().await.is_none());

    // Strict decoding: the `null` is a decode error at its path, and ends the stream.
    let (_server, client) = serve(body, "application/stream+json", true).await;
    let request = Request::new(&GET_THING, "/v1/thing".into());
    let mut stream = client.send_json_lines_stream::<Thing>(request).await.unwrap().body;
    assert!(stream.next().await.unwrap().is_ok());
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.path == "[1].size"), "{err:?}");
}

#[tokio::test]
async fn strict_decoding_keeps_a_null_a_decode_error() {
    let err = fetch(with_null(&["/creator/createdAt"]), true).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("expected Error::Decode, got {err:?}") };
    assert_eq!(decode.path, "creator.createdAt");
    assert!(decode.message.starts_with("invalid type: null"), "{}", decode.message);
}

#[tokio::test]
async fn a_body_of_nulls_is_never_a_silent_plausible_value() {
    // Every field `null`: it decodes (lenient), but every field is reported, none passes as real.
    let body = serde_json::json!({"id": null, "size": null, "state": null, "creator": null, "aliases": null,
        "builds": null, "regions": null, "source": null, "origins": null});
    let response = fetch(body, false).await.unwrap();
    let found = null_paths(response.corrections());
    for field in ["aliases", "builds", "creator", "id", "origins", "regions", "size", "state"] {
        assert!(found.contains(&(field, true)), "{field} not reported: {found:?}");
    }
    // `source` is an optional union: `null` is its own value (`None`), not a correction.
    assert_eq!(response.body.source, None);
    assert!(!found.iter().any(|(path, _)| *path == "source"), "{found:?}");
}

#[test]
fn an_absent_required_union_field_is_its_unknown_variant() {
    use vercel_client::drains::get_drain::Limited;
    use vercel_client::drains::types::LimitedSource;

    // A drain whose `source` (`{kind: "self-served"} | {kind: "integration", ...}`) is absent.
    let drain = br#"{"id": "drn_1", "ownerId": "team_1", "name": "logs", "createdAt": 1, "updatedAt": 2}"#;
    let (decoded, corrections) = vercel_runtime::decode_json_corrected::<Limited>(drain, false).unwrap();
    assert_eq!(decoded.source, LimitedSource::Unknown);
    assert_eq!(null_paths(&corrections)[..2], [("source", false), ("source.kind", false)], "{corrections:?}");
    // Strict decoding still fails.
    let (path, message) = vercel_runtime::decode_json_corrected::<Limited>(drain, true).err().unwrap();
    assert_eq!((path.as_str(), message.starts_with("missing field `source`")), (".", true), "{message}");
}

#[tokio::test]
async fn a_deployment_whose_url_is_null_is_listed() {
    use vercel_client::deployments::get_deployments;
    use vercel_client::prelude::*;

    // getDeployments documents `url` as null for an incomplete deployment, but types it a required string.
    let deployment = |uid: &str, url: serde_json::Value| {
        serde_json::json!({"uid": uid, "name": "web", "url": url, "created": 1, "projectId": "prj_1",
            "type": "LAMBDAS", "creator": {"uid": "u_1"}})
    };
    let page = serde_json::json!({"deployments": [deployment("dpl_1", "web-1.vercel.app".into()),
        deployment("dpl_2", serde_json::Value::Null)], "pagination": {"count": 2, "next": null, "prev": null}});
    let mock = vercel_client::mock::Mock::new();
    mock.on(&get_deployments::OPERATION).respond_json(&page);
    let response = mock.client().deployments().get_deployments().send_with_response().await.unwrap();
    let urls: Vec<&str> = response.body.deployments.iter().map(|d| d.url.as_str()).collect();
    assert_eq!(urls, ["web-1.vercel.app", ""]);
    assert_eq!(null_paths(response.corrections()), [("deployments[1].url", true)]);
    assert_eq!(response.corrections()[0].to_string(), r#"deployments[1].url = "" (was null)"#);
    let listed: Vec<_> = mock.client().deployments().get_deployments().into_stream().collect().await;
    assert!(listed.iter().all(Result::is_ok) && listed.len() == 2, "{listed:?}");
}
