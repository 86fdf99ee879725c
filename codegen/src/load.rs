//! Loading: spec text (JSON or YAML) → raw JSON value → overlays → normalisation
//! → typed `openapiv3` document. Every failure names a JSON pointer.

mod keywords;

use crate::{overlay, pointer, Error, OverlaySource};
use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A loaded spec: the typed document and the raw value it came from.
pub struct Loaded {
    /// The typed document.
    pub doc: OpenAPI,
    /// Overlay actions skipped because their target is not in this spec.
    pub notes: Vec<String>,
}

/// Parses `text`, applies `overlays`, normalises known harmless deviations and
/// deserialises the result.
pub fn load(text: &str, overlays: &[OverlaySource], strict_overlays: bool) -> Result<Loaded, Error> {
    let (raw, notes) = load_raw(text, overlays, strict_overlays)?;
    let doc = typed::<OpenAPI>(&raw, "").map_err(|e| locate(&raw).unwrap_or(e))?;
    Ok(Loaded { doc, notes })
}

/// Parses `text`, applies `overlays` and normalises: the corrected spec as raw
/// JSON (what a mock server is given), with the notes of skipped overlay actions.
pub fn load_raw(text: &str, overlays: &[OverlaySource], strict_overlays: bool) -> Result<(Value, Vec<String>), Error> {
    let mut raw = parse_text(text)?;
    let notes = overlay::apply_all(&mut raw, overlays, strict_overlays)?;
    normalise(&mut raw);
    Ok((raw, notes))
}

/// JSON when the first non-blank character is `{`, YAML otherwise.
fn parse_text(text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| Error::new("", format!("invalid JSON: {e}")))
    } else {
        serde_norway::from_str(text).map_err(|e| Error::new("", format!("invalid YAML: {e}")))
    }
}

/// General repairs for deviations that carry no meaning: a response object
/// without the (required) `description` gets an empty one; the JSON Schema
/// keywords `const` and `not`, and array defaults of scalars, are rewritten
/// (see [`keywords`]).
fn normalise(raw: &mut Value) {
    keywords::rewrite(raw);
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for op in item.values_mut().filter_map(Value::as_object_mut) {
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for response in responses.values_mut().filter_map(Value::as_object_mut) {
                if !response.contains_key("$ref") && !response.contains_key("description") {
                    response.insert("description".into(), Value::String(String::new()));
                }
            }
        }
    }
}

fn typed<T: DeserializeOwned>(value: &Value, at: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        let message = if inner == "." || inner.is_empty() {
            e.into_inner().to_string()
        } else {
            format!("{} (at {inner})", e.into_inner())
        };
        Error::new(at, message)
    })
}

/// Finds the innermost well-known node (path item, operation, parameter,
/// request body, response, component schema) that fails to deserialise, so the
/// error names it rather than the document root.
fn locate(raw: &Value) -> Option<Error> {
    let mut found = None;
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_ptr = pointer::join("/paths", path);
            if typed::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item, &item_ptr).is_ok() {
                continue;
            }
            found = Some(locate_path_item(item, &item_ptr));
            break;
        }
    }
    if found.is_none() {
        if let Some(schemas) = raw.pointer("/components/schemas").and_then(Value::as_object) {
            for (name, schema) in schemas {
                let ptr = pointer::join("/components/schemas", name);
                if let Err(e) = typed::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema, &ptr) {
                    found = Some(e);
                    break;
                }
            }
        }
    }
    found
}

fn locate_path_item(item: &Value, item_ptr: &str) -> Error {
    let whole = typed::<openapiv3::PathItem>(item, item_ptr).err();
    let Some(obj) = item.as_object() else {
        return whole.unwrap_or_else(|| Error::new(item_ptr, "invalid path item"));
    };
    for (key, op) in obj {
        let op_ptr = pointer::join(item_ptr, key);
        if key == "parameters" {
            if let Some(e) = first_failing::<openapiv3::ReferenceOr<openapiv3::Parameter>>(op, &op_ptr) {
                return e;
            }
            continue;
        }
        let Err(op_err) = typed::<openapiv3::Operation>(op, &op_ptr) else { continue };
        let Some(op_obj) = op.as_object() else { return op_err };
        if let Some(params) = op_obj.get("parameters") {
            let ptr = pointer::join(&op_ptr, "parameters");
            if let Some(e) = first_failing::<openapiv3::ReferenceOr<openapiv3::Parameter>>(params, &ptr) {
                return e;
            }
        }
        if let Some(body) = op_obj.get("requestBody") {
            let ptr = pointer::join(&op_ptr, "requestBody");
            if let Err(e) = typed::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(body, &ptr) {
                return e;
            }
        }
        if let Some(responses) = op_obj.get("responses") {
            let ptr = pointer::join(&op_ptr, "responses");
            if !responses.is_object() {
                return Error::new(ptr, "`responses` must be a map from status code to response");
            }
            if let Some(e) = first_failing::<openapiv3::ReferenceOr<openapiv3::Response>>(responses, &ptr) {
                return e;
            }
        }
        return op_err;
    }
    whole.unwrap_or_else(|| Error::new(item_ptr, "invalid path item"))
}

/// The first member of an array or map that fails to deserialise as `T`.
fn first_failing<T: DeserializeOwned>(container: &Value, at: &str) -> Option<Error> {
    match container {
        Value::Array(items) => {
            items.iter().enumerate().find_map(|(i, v)| typed::<T>(v, &pointer::join(at, i.to_string())).err())
        }
        Value::Object(map) => map.iter().find_map(|(k, v)| typed::<T>(v, &pointer::join(at, k)).err()),
        _ => Some(Error::new(at, "expected an array or a map")),
    }
}
