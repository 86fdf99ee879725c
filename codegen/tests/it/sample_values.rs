//! The sample-value generator (`vercel_codegen::sample`): its values conform to
//! their schemas, it prefers valid examples, and the corrected pinned spec has no
//! example that contradicts its schema.

use serde_json::{json, Value};
use vercel_codegen::sample::{bad_examples, Sampler};

#[test]
fn pinned_spec_examples_conform_after_overlays() {
    let text = crate::support::pinned_spec_text();
    let (doc, _) = vercel_codegen::corrected_spec(&text, &crate::support::overlays(), true).unwrap();
    let bad = bad_examples(&doc);
    let listing: Vec<String> = bad.iter().map(|b| format!("{}: {}", b.pointer, b.violation)).collect();
    assert!(bad.is_empty(), "{} examples contradict their schemas:\n{}", bad.len(), listing.join("\n"));
}

/// Samples `schema` (inside a document with `components`) and asserts it validates.
fn sample_of(doc: &Value, schema: &Value) -> Value {
    let sampler = Sampler::new(doc);
    let value = sampler.sample(schema, "/test").unwrap();
    if let Err(v) = sampler.validate(schema, &value) {
        panic!("sample {value} of {schema} does not validate: {v}");
    }
    value
}

#[test]
fn uses_the_example_only_when_it_validates() {
    let doc = json!({});
    assert_eq!(sample_of(&doc, &json!({"type": "string", "example": "my-project"})), json!("my-project"));
    // An example that contradicts its schema (as 44 in the pinned spec do) is not used.
    assert_eq!(sample_of(&doc, &json!({"type": "string", "example": 1588720733602_i64})), json!("example"));
    assert_eq!(sample_of(&doc, &json!({"type": "integer", "example": "3600"})), json!(1));
}

#[test]
fn strings_follow_format_pattern_and_length() {
    let doc = json!({});
    assert_eq!(sample_of(&doc, &json!({"type": "string", "format": "date-time"})), json!("2024-01-01T00:00:00.000Z"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "format": "email"})), json!("user@example.com"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "pattern": "^ecfg_"})), json!("ecfg_"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"})), json!("1"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "pattern": "^[A-Z]{2}$"})), json!("US"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "minLength": 10})), json!("exampleaaa"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "maxLength": 3})), json!("exa"));
    // Look-ahead is not supported by the regex crate: checked without it.
    let phone = json!({"type": "string", "pattern": r"^(?=(?:\D*\d){7,15}$)\+[1-9]\d{0,2}\.?\d+$"});
    assert_eq!(sample_of(&doc, &phone), json!("+1.5551234567"));
    let exact = sample_of(&doc, &json!({"type": "string", "pattern": "^[a-zA-Z0-9]{32}$"}));
    assert_eq!(exact.as_str().unwrap().len(), 32);
}

#[test]
fn numbers_respect_limits() {
    let doc = json!({});
    assert_eq!(sample_of(&doc, &json!({"type": "integer", "minimum": 60})), json!(60));
    assert_eq!(sample_of(&doc, &json!({"type": "integer", "maximum": -5})), json!(-5));
    assert_eq!(sample_of(&doc, &json!({"type": "number", "minimum": 2.5, "multipleOf": 0.5})), json!(2.5));
    assert_eq!(sample_of(&doc, &json!({"type": "integer", "minimum": 3, "multipleOf": 10})), json!(10));
}

#[test]
fn enums_unions_and_nullable() {
    let doc = json!({"components": {"schemas": {
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Obj": {"type": "object", "required": ["kind"], "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}}
    }}});
    assert_eq!(sample_of(&doc, &json!({"type": "string", "enum": [null, "x"], "nullable": true})), json!("x"));
    assert_eq!(sample_of(&doc, &json!({"type": "string", "nullable": true})), json!("example"));
    assert_eq!(sample_of(&doc, &json!({"$ref": "#/components/schemas/Obj"})), json!({"kind": "a"}));
    let last =
        Sampler::new(&doc).with_last_enum_values().sample(&json!({"$ref": "#/components/schemas/Obj"}), "").unwrap();
    assert_eq!(last, json!({"kind": "b"}));
    // oneOf: the first branch sample that matches exactly one alternative. Both
    // string branches accept "example", so the number branch is the first unambiguous one.
    let union = json!({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}, {"type": "number"}]});
    assert_eq!(sample_of(&doc, &union), json!(1.0));
    let first = json!({"oneOf": [{"type": "boolean"}, {"type": "string"}]});
    assert_eq!(sample_of(&doc, &first), json!(true));
}

#[test]
fn objects_have_required_and_shallow_optional_properties() {
    let doc = json!({"components": {"schemas": {
        "Tree": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"},
            "child": {"$ref": "#/components/schemas/Tree"}
        }}
    }}});
    let tree = sample_of(&doc, &json!({"$ref": "#/components/schemas/Tree"}));
    // The recursion stops where optional properties stop being sampled.
    let mut depth = 0;
    let mut node = &tree;
    while let Some(child) = node.get("child") {
        depth += 1;
        node = child;
    }
    assert_eq!(depth, vercel_codegen::sample::OPTIONAL_DEPTH);
    let map = sample_of(&doc, &json!({"type": "object", "additionalProperties": {"type": "integer"}}));
    assert_eq!(map, json!({"key": 1}));
    let all = sample_of(
        &doc,
        &json!({"allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "boolean"}}}
        ]}),
    );
    assert_eq!(all, json!({"a": "example", "b": true}));
}

#[test]
fn validator_reports_where_and_why() {
    let doc = json!({});
    let sampler = Sampler::new(&doc);
    let schema = json!({"type": "object", "required": ["id"], "additionalProperties": false, "properties": {
        "id": {"type": "string", "pattern": r"^[\\w-]+$"},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a"]}}
    }});
    let err = sampler.validate(&schema, &json!({"id": "my-id"})).unwrap_err();
    assert_eq!(err.at, "/id");
    assert!(err.message.contains("pattern"), "{err}");
    let err = sampler.validate(&schema, &json!({"id": r"\\w", "tags": ["b"]})).unwrap_err();
    assert_eq!(err.at, "/tags/0");
    let err = sampler.validate(&schema, &json!({"id": r"\\w", "other": 1})).unwrap_err();
    assert!(err.message.contains("not allowed"), "{err}");
    assert!(sampler.validate(&schema, &json!({"tags": []})).unwrap_err().message.contains("`id`"));
    assert!(sampler.validate(&json!({"type": "string", "nullable": true}), &Value::Null).is_ok());
    assert!(sampler.validate(&json!({"type": "string"}), &Value::Null).is_err());
    let union = json!({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 1}]});
    assert!(sampler.validate(&union, &json!("two")).unwrap_err().message.contains("2 `oneOf`"));
}

#[test]
fn a_dangling_ref_is_an_error_with_its_pointer() {
    let doc = json!({});
    let err = Sampler::new(&doc).sample(&json!({"$ref": "#/components/schemas/Missing"}), "/paths/x").unwrap_err();
    assert_eq!(err.pointer, "/paths/x");
    assert!(err.message.contains("Missing"), "{err}");
}

/// Every request parameter and body of the pinned spec gets a sample that
/// validates against its schema (what the conformance program sends).
#[test]
fn every_request_sample_of_the_pinned_spec_validates() {
    let text = crate::support::pinned_spec_text();
    let (doc, _) = vercel_codegen::corrected_spec(&text, &crate::support::overlays(), true).unwrap();
    let sampler = Sampler::new(&doc);
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(op) = op.as_object() else { continue };
            let params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            let mut schemas: Vec<Value> = params
                .iter()
                .filter_map(|p| sampler.resolve(p, "").ok())
                .filter_map(|(p, _)| p.get("schema").cloned())
                .collect();
            if let Some(body) = op.get("requestBody") {
                let (body, _) = sampler.resolve(body, "").unwrap();
                for media in body["content"].as_object().unwrap().values() {
                    schemas.extend(media.get("schema").cloned());
                }
            }
            for schema in schemas {
                let value = sampler.sample(&schema, "").unwrap();
                checked += 1;
                if let Err(v) = sampler.validate(&schema, &value) {
                    failures.push(format!("{method} {path}: {value}: {v}"));
                }
            }
        }
    }
    assert!(checked > 600, "only {checked} request schemas found");
    assert!(failures.is_empty(), "{} samples do not validate:\n{}", failures.len(), failures.join("\n"));
}
