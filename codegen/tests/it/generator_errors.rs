//! The generator refuses bad input with an error that names the offending
//! node by JSON pointer, and never panics on malformed documents.

use crate::support::{fixture_options, fixture_text, invalid_fixture_dir, invalid_fixture_files};
use std::panic::{catch_unwind, AssertUnwindSafe};
use vercel_codegen::{generate, Error, Output, OverlaySource};

/// Each file in `tests/fixtures/invalid/` with the pointer its error must
/// name (from the table in `tests/fixtures/README.md`) and a text the
/// message must contain.
const INVALID: &[(&str, &str, &str)] = &[
    ("bad_shape.yaml", "/paths/~1v1~1x/get/responses", "responses"),
    (
        "dangling_ref.yaml",
        "/paths/~1v1~1x/get/responses/200/content/application~1json/schema",
        "#/components/schemas/Missing",
    ),
    ("duplicate_operation_id.yaml", "/paths/~1v2~1x/get", "getX"),
    (
        "external_ref.yaml",
        "/paths/~1v1~1x/post/requestBody/content/application~1json/schema/properties/foo",
        "other.yaml#/Foo",
    ),
    ("not_json.json", "", "line 12"),
    ("not_yaml.yaml", "", "line 14"),
    ("self_all_of.yaml", "/components/schemas/Cycle/allOf/0", "refers back"),
    ("self_array.yaml", "/components/schemas/Cycle", "no finite shape"),
];

/// Generates with strict overlays (a missing overlay target is an error).
fn generate_text(text: &str, overlays: &[OverlaySource]) -> Result<Output, Error> {
    generate(text, overlays, &fixture_options(false))
}

fn overlay(text: &str) -> OverlaySource {
    OverlaySource { name: "test-overlay.yaml".into(), text: text.into() }
}

#[test]
fn every_invalid_fixture_is_listed() {
    let listed: Vec<&str> = INVALID.iter().map(|(file, _, _)| *file).collect();
    assert_eq!(invalid_fixture_files(), listed, "files in tests/fixtures/invalid/ vs. the INVALID table");
}

#[test]
fn invalid_fixtures_fail_at_their_pointer() {
    let mut failures = Vec::new();
    for (file, pointer, needle) in INVALID {
        let path = invalid_fixture_dir().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        match generate_text(&text, &[]) {
            Ok(output) => failures.push(format!("{file}: generated {} files instead of failing", output.files.len())),
            Err(err) => {
                if err.pointer != *pointer {
                    failures.push(format!("{file}: pointer {:?}, expected {pointer:?} ({err})", err.pointer));
                }
                if err.message.trim().is_empty() {
                    failures.push(format!("{file}: empty message"));
                } else if !err.message.contains(needle) {
                    failures.push(format!("{file}: message {:?} does not mention {needle:?}", err.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "invalid fixtures:\n{}", failures.join("\n"));
}

/// A minimal valid document with one `GET /v1/x` operation; `params` is the
/// YAML flow sequence of its parameters and `item_params` that of the path item.
fn one_operation(item_params: &str, params: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: cookie test, version: 0.0.1}}
paths:
  /v1/x:
    parameters: {item_params}
    get:
      operationId: getX
      tags: [x]
      parameters: {params}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{id: {{type: string}}}}}}
"
    )
}

#[test]
fn the_minimal_document_is_valid() {
    let output = generate_text(&one_operation("[]", "[{name: limit, in: query, schema: {type: integer}}]"), &[])
        .expect("the document the cookie tests start from is valid");
    assert!(output.files.contains_key("vercel-x/src/get_x.rs"), "{:?}", output.files.keys());
}

#[test]
fn cookie_parameter_is_an_unsupported_construct() {
    let params =
        "[{name: limit, in: query, schema: {type: integer}}, {name: session, in: cookie, schema: {type: string}}]";
    let err = generate_text(&one_operation("[]", params), &[]).expect_err("cookie parameters are not supported");
    assert_eq!(err.pointer, "/paths/~1v1~1x/get/parameters/1", "{err}");
    assert!(err.message.contains("unsupported construct"), "{err}");
    assert!(err.message.contains("cookie"), "{err}");
}

#[test]
fn cookie_parameter_on_the_path_item_names_the_path_item_parameter() {
    let item_params = "[{name: session, in: cookie, schema: {type: string}}]";
    let err = generate_text(&one_operation(item_params, "[]"), &[]).expect_err("cookie parameters are not supported");
    assert_eq!(err.pointer, "/paths/~1v1~1x/parameters/0", "{err}");
    assert!(err.message.contains("unsupported construct"), "{err}");
}

#[test]
fn overlay_update_of_a_missing_node_names_the_target() {
    let target = "/paths/~1v1~1nope/get";
    let text = format!("actions:\n  - target: {target}\n    description: fixes nothing\n    update: {{summary: x}}\n");
    let err = generate_text(&fixture_text("bodies"), &[overlay(&text)]).expect_err("the target does not exist");
    assert_eq!(err.pointer, target, "{err}");
    assert!(err.message.contains("test-overlay.yaml"), "the message names the overlay: {err}");
    assert!(err.message.contains("not found"), "{err}");
}

#[test]
fn overlay_remove_of_a_missing_node_names_the_target() {
    let target = "/components/schemas/BadRequest/properties/nope";
    let text = format!("actions:\n  - target: {target}\n    description: removes nothing\n    remove: true\n");
    let err = generate_text(&fixture_text("bodies"), &[overlay(&text)]).expect_err("the target does not exist");
    assert_eq!(err.pointer, target, "{err}");
    assert!(!err.message.trim().is_empty());
}

#[test]
fn lenient_overlays_skip_a_missing_node_with_a_note() {
    let target = "/paths/~1v1~1nope/get";
    let text = format!("actions:\n  - target: {target}\n    description: fixes nothing\n    update: {{summary: x}}\n");
    let options = fixture_options(false).strict_overlays(false);
    let output = generate(&fixture_text("bodies"), &[overlay(&text)], &options).expect("skipped, not an error");
    assert_eq!(output.notes.len(), 1, "{:?}", output.notes);
    assert!(output.notes[0].contains(target), "the note names the target: {:?}", output.notes);
    let plain = generate(&fixture_text("bodies"), &[], &options).expect("the fixture is valid");
    assert_eq!(output.files, plain.files, "a skipped action changes nothing");
}

#[test]
fn overlay_applying_to_an_existing_node_succeeds() {
    // The counterpart of the two tests above: the same overlay shape with a
    // target that exists is applied (here: removes the `self` body field).
    let target =
        "/paths/~1v10~1projects~1{idOrName}~1env/post/requestBody/content/application~1json/schema/properties/self";
    let text = format!("actions:\n  - target: {target}\n    description: drops a field\n    remove: true\n");
    let output = generate_text(&fixture_text("bodies"), &[overlay(&text)]).expect("the target exists");
    let module = &output.files["vercel-projects/src/create_project_env.rs"];
    assert!(!module.contains("self_"), "the removed field is gone:\n{module}");
}

/// Mangles of the `bodies` fixture, written as overlay actions (applied to
/// the parsed document before it is read, like any overlay): each replaces
/// or removes one node so that the document no longer has the expected shape.
const MANGLES: &[(&str, &str)] = &[
    ("no responses", "target: /paths/~1v1~1webhooks~1{id}/delete/responses\n    remove: true"),
    ("empty responses", "target: /paths/~1v10~1projects~1{idOrName}~1env/post/responses/201\n    remove: true"),
    ("schema is a number", "target: /components/schemas/BadRequest\n    update: 42"),
    ("property schema is a string", "target: /components/schemas/NotFound/properties/message\n    update: not a schema"),
    ("paths is a list", "target: /paths\n    update: [1, 2]"),
    ("paths is a string", "target: /paths\n    update: nothing here"),
    ("info removed", "target: /info\n    remove: true"),
    ("openapi version removed", "target: /openapi\n    remove: true"),
    ("operation is a list", "target: /paths/~1v3~1domains~1{domain}/patch\n    update: [patch]"),
    ("parameters is a map", "target: /paths/~1v1~1webhooks~1{id}/delete\n    update: {parameters: {name: id}}"),
    ("parameter without `in`", "target: /paths/~1v1~1webhooks~1{id}/delete/parameters/0/in\n    remove: true"),
    ("response schema is a list", "target: /paths/~1v3~1domains~1{domain}/patch/responses/200/content/application~1json/schema\n    update: []"),
    ("media type without schema", "target: /paths/~1v3~1domains~1{domain}/patch/responses/200/content/application~1json/schema\n    remove: true"),
    ("body oneOf removed", "target: /paths/~1v3~1domains~1{domain}/patch/requestBody/content/application~1json/schema/oneOf\n    remove: true"),
    ("required is a string", "target: /components/schemas/BadRequest/required\n    update: status"),
    ("array items are a boolean", "target: /paths/~1v10~1projects~1{idOrName}~1env/post/requestBody/content/application~1json/schema/properties/target/items\n    update: true"),
    ("$ref to a schema's property", "target: /paths/~1v1~1registrar~1orders~1{orderId}/get/responses/200/content/application~1json/schema\n    update: {$ref: '#/components/schemas/BadRequest/properties/code'}"),
    ("self-referencing component", "target: /components/schemas/NotFound\n    update: {allOf: [{$ref: '#/components/schemas/NotFound'}, {$ref: '#/components/schemas/NotFound'}]}"),
    ("status code key is not a number", "target: /paths/~1v1~1webhooks~1{id}/delete/responses\n    update: {'2x4': {description: odd}}"),
];

#[test]
fn mangled_documents_never_panic() {
    let spec = fixture_text("bodies");
    let mut panics = Vec::new();
    for (what, action) in MANGLES {
        let text = format!("actions:\n  - description: mangle ({what})\n    {action}\n");
        let result = catch_unwind(AssertUnwindSafe(|| generate_text(&spec, &[overlay(&text)])));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => {
                assert!(!err.message.trim().is_empty(), "{what}: error without a message at {:?}", err.pointer);
                // Overlay problems (a target that does not exist) would not test the mangle.
                assert!(!err.message.contains("test-overlay.yaml"), "{what}: the mangle did not apply: {err}");
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panics.push(format!("{what}: panicked: {message}"));
            }
        }
    }
    assert!(panics.is_empty(), "generate panicked:\n{}", panics.join("\n"));
}

#[test]
fn mangled_document_text_never_panics() {
    // Mangles of the text itself rather than of the parsed document.
    let spec = fixture_text("parameters");
    let half = &spec[..spec.len() / 2];
    let variants = [
        String::new(),
        "   ".to_string(),
        "{}".to_string(),
        "[]".to_string(),
        "null".to_string(),
        "42".to_string(),
        half.to_string(),
        spec.replace("responses:", "responses: 7\n  ignored:"),
        spec.replace("type: ", "type: 3 #"),
        spec.replace("in: path", "in: body"),
        spec.replace("{teamId}", "{teamId"),
        spec.replace("/v3/teams/{teamId}/members", "/v3/teams/{}/members/{}"),
    ];
    let mut panics = Vec::new();
    for (i, text) in variants.iter().enumerate() {
        if catch_unwind(AssertUnwindSafe(|| generate_text(text, &[]))).is_err() {
            panics.push(format!("variant {i} ({:?}...)", text.chars().take(40).collect::<String>()));
        }
    }
    assert!(panics.is_empty(), "generate panicked on:\n{}", panics.join("\n"));
}
