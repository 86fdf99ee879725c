//! Client error correction: 2xx bodies that lack required fields decode,
//! with each filled field recorded (`Response::corrections`) and logged;
//! `strict_decoding(true)` restores `Error::Decode`. The types here have the
//! shapes the generator emits for response types (plain serde structs with
//! required fields, open enums, `Vec`s, maps, untagged unions with
//! `Unknown`).

use std::collections::BTreeMap;

use serde::Deserialize;
use vercel_runtime::{Client, Error, Method, Operation, Request, Response, RetryConfig};
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
    Unknown(serde_json::Value),
}

#[derive(Debug, Deserialize, PartialEq)]
struct GitSource {
    repo: String,
    branch: String,
}

/// The full body: nothing to correct.
fn full() -> serde_json::Value {
    serde_json::json!({
        "id": "thing_1", "size": 7, "state": "READY",
        "creator": {"uid": "u1", "createdAt": 1.5},
        "aliases": ["a.example"],
        "builds": [{"id": "b1", "blocking": true}, {"id": "b2", "blocking": false}],
        "regions": {"fra1": {"uid": "u2", "createdAt": 2.0}},
        "source": {"repo": "acme/web", "branch": "main"},
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

async fn fetch(body: serde_json::Value, strict: bool) -> Result<Response<Thing>, Error> {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(body)).mount(&server).await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(RetryConfig::disabled())
        .strict_decoding(strict)
        .build()
        .unwrap();
    client.send_with_response::<Thing>(Request::new(&GET_THING, "/v1/thing".into())).await
}

fn paths(response: &Response<Thing>) -> Vec<&str> {
    response.corrections().iter().map(|c| c.path.as_str()).collect()
}

#[tokio::test]
async fn a_full_body_has_no_corrections() {
    let response = fetch(full(), false).await.unwrap();
    assert!(response.corrections().is_empty());
    assert_eq!(response.body.source, Some(Source::Git(GitSource { repo: "acme/web".into(), branch: "main".into() })));
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
async fn a_field_missing_in_a_union_alternative_keeps_the_raw_value() {
    // Not corrected: the untagged union's `Unknown` takes the value as it came.
    let response = fetch(without(&["/source/branch"]), false).await.unwrap();
    assert_eq!(response.body.source, Some(Source::Unknown(serde_json::json!({"repo": "acme/web"}))));
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
