//! JSON Schema keywords that OpenAPI 3.0 does not define (`const`) or that
//! Rust types cannot express (`not`), rewritten in the raw spec before it is
//! typed (the `openapiv3` crate drops keywords it does not know):
//!
//! - `const: v` becomes `enum: [v]` (a single-value enum, which the IR
//!   already maps to a one-variant enum or a fixed value), unless the schema
//!   has an `enum` of its own.
//! - `not: S` is removed and said in the schema's `description` (so in the
//!   doc of the field, parameter or type it describes): `Must not be: `
//!   followed by the excluded values, or the schema as JSON when it is not
//!   a plain `enum`. The client does not enforce it. A `not` on array items
//!   or map values is said on the array or map (`Each item must not be:
//!   23456`), whose description is the one a field shows.
//!
//! - A `default` that is an array on a schema whose `type` is a scalar
//!   (`type: string, default: [GET, HEAD]`) contradicts the type; the server
//!   may send either, so the schema becomes `anyOf: [S, {type: array,
//!   items: S}]` (S the schema without `default` and `description`), which
//!   decodes a single value or a list of them.
//!
//! Only schema positions are visited (component schemas, parameter, body
//! and response schemas, and the subschemas of those), so a property named
//! `const` or `not` stays a property.

use serde_json::Value;

/// Rewrites `const` and `not` in every schema of the raw spec `raw`.
pub(super) fn rewrite(raw: &mut Value) {
    if let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) {
        for (section, value) in components.iter_mut() {
            let Some(items) = value.as_object_mut() else { continue };
            for item in items.values_mut() {
                match section.as_str() {
                    "schemas" => schema(item),
                    "parameters" => parameter(item),
                    "requestBodies" | "responses" => with_content(item),
                    _ => {}
                }
            }
        }
    }
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (key, op) in item.iter_mut() {
            if key == "parameters" {
                for_each(op, parameter);
                continue;
            }
            let Some(op) = op.as_object_mut() else { continue };
            if let Some(params) = op.get_mut("parameters") {
                for_each(params, parameter);
            }
            if let Some(body) = op.get_mut("requestBody") {
                with_content(body);
            }
            if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                responses.values_mut().for_each(with_content);
            }
        }
    }
}

/// Calls `f` on every member of an array (or map) value.
fn for_each(value: &mut Value, f: fn(&mut Value)) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(f),
        Value::Object(map) => map.values_mut().for_each(f),
        _ => {}
    }
}

fn parameter(param: &mut Value) {
    if let Some(s) = param.get_mut("schema") {
        schema(s);
    }
    with_content(param);
}

/// A request body, response or parameter: the schema of each media type.
fn with_content(holder: &mut Value) {
    let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) else { return };
    for media in content.values_mut() {
        if let Some(s) = media.get_mut("schema") {
            schema(s);
        }
    }
}

/// The scalar `type`s a `default` array contradicts.
const SCALAR_TYPES: &[&str] = &["string", "integer", "number", "boolean"];

/// Rewrites one schema and its subschemas.
fn schema(node: &mut Value) {
    let Some(obj) = node.as_object_mut() else { return };
    let scalar = obj.get("type").and_then(Value::as_str).is_some_and(|t| SCALAR_TYPES.contains(&t));
    if scalar && obj.get("default").is_some_and(Value::is_array) {
        obj.remove("default");
        let mut one = obj.clone();
        one.remove("description");
        let mut outer = serde_json::Map::new();
        if let Some(description) = obj.remove("description") {
            outer.insert("description".into(), description);
        }
        let list = serde_json::json!({"type": "array", "items": Value::Object(one.clone())});
        outer.insert("anyOf".into(), Value::Array(vec![Value::Object(one), list]));
        *obj = outer;
    }
    if let Some(value) = obj.remove("const") {
        obj.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    let mut notes = Vec::new();
    if let Some(excluded) = obj.remove("not") {
        notes.push(format!("Must not be: {}", describe(&excluded)));
    }
    for (key, prefix) in [("items", "Each item"), ("additionalProperties", "Each value")] {
        if let Some(inner) = obj.get_mut(key).and_then(Value::as_object_mut) {
            if let Some(excluded) = inner.remove("not") {
                notes.push(format!("{prefix} must not be: {}", describe(&excluded)));
            }
        }
    }
    if !notes.is_empty() {
        let note = format!("{} (not checked by the client).", notes.join("; "));
        let description = match obj.get("description").and_then(Value::as_str) {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
            _ => note,
        };
        obj.insert("description".into(), Value::String(description));
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = obj.get_mut(key) {
            schema(inner);
        }
    }
    if let Some(properties) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(schema);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = obj.get_mut(key) {
            for_each(list, schema);
        }
    }
}

/// What a `not` schema excludes, in words: its `enum` values, or the schema as JSON.
fn describe(excluded: &Value) -> String {
    let only_enum = excluded.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("enum")).and_then(Value::as_array);
    match only_enum {
        Some(values) => values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "),
        None => format!("`{excluded}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rewritten(schema: Value) -> Value {
        let mut raw = json!({"components": {"schemas": {"S": schema}}});
        rewrite(&mut raw);
        raw["components"]["schemas"]["S"].take()
    }

    #[test]
    fn const_becomes_a_single_value_enum_everywhere_in_a_schema() {
        let s = rewritten(json!({"anyOf": [{"type": "integer"}, {"type": "string", "const": "auto"}]}));
        assert_eq!(s, json!({"anyOf": [{"type": "integer"}, {"type": "string", "enum": ["auto"]}]}));
        let s = rewritten(json!({"properties": {"const": {"const": 2}, "e": {"const": 1, "enum": [1, 3]}}}));
        assert_eq!(s, json!({"properties": {"const": {"enum": [2]}, "e": {"enum": [1, 3]}}}));
    }

    #[test]
    fn not_is_said_in_the_description_of_the_schema_or_its_array() {
        let s = rewritten(json!({"type": "array", "items": {"type": "integer", "not": {"enum": [23456]}}}));
        assert_eq!(
            s,
            json!({"type": "array", "items": {"type": "integer"},
                   "description": "Each item must not be: `23456` (not checked by the client)."})
        );
        let s = rewritten(json!({"type": "string", "description": "A name.", "not": {"pattern": "^x"}}));
        assert_eq!(s["description"], "A name.\n\nMust not be: `{\"pattern\":\"^x\"}` (not checked by the client).");
        assert!(s.get("not").is_none());
    }

    #[test]
    fn a_scalar_with_an_array_default_is_one_value_or_a_list() {
        let s = rewritten(json!({"type": "string", "description": "Methods.", "default": ["GET"]}));
        assert_eq!(
            s,
            json!({"description": "Methods.",
                   "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
        );
        let kept = json!({"type": "array", "items": {"type": "string"}, "default": ["GET"]});
        assert_eq!(rewritten(kept.clone()), kept);
        let kept = json!({"type": "string", "default": "GET"});
        assert_eq!(rewritten(kept.clone()), kept);
    }

    #[test]
    fn a_property_named_like_a_keyword_is_left_alone() {
        let s = rewritten(json!({"type": "object", "properties": {"not": {"type": "string"}}}));
        assert_eq!(s, json!({"type": "object", "properties": {"not": {"type": "string"}}}));
    }

    #[test]
    fn parameters_bodies_and_responses_are_visited() {
        let mut raw = json!({"paths": {"/x": {
            "parameters": [{"name": "a", "in": "query", "schema": {"const": "p"}}],
            "get": {
                "parameters": [{"name": "b", "in": "query", "schema": {"const": "q"}}],
                "requestBody": {"content": {"application/json": {"schema": {"const": "r"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"const": "s"}}}}}
            }
        }}});
        rewrite(&mut raw);
        let text = raw.to_string();
        assert!(!text.contains("const"), "{text}");
        for v in ["p", "q", "r", "s"] {
            assert!(text.contains(&format!("{{\"enum\":[\"{v}\"]}}")), "{v}: {text}");
        }
    }
}
