//! Overlays: documented corrections applied to the spec before code generation.
//!
//! Format (a simplification of OpenAPI Overlay 1.0 with JSON pointers as targets):
//!
//! ```yaml
//! actions:
//!   - target: /paths/~1v3~1teams~1{teamId}~1members/get/parameters
//!     description: what is wrong upstream and why this corrects it   # required
//!     update: { name: teamId, in: path, required: true, schema: { type: string } }
//!   - target: /components/schemas/Foo/example
//!     description: the example contradicts the schema
//!     remove: true
//! ```
//!
//! `update` deep-merges an object into an object target, appends to an array
//! target (each element when the value is an array), and replaces any other
//! target. `remove: true` deletes the target. Every action must say why
//! (`description`), and a target that does not exist is an error, so an
//! overlay that no longer applies to a newer spec is noticed.

use crate::{pointer, Error, OverlaySource};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayDoc {
    #[serde(default)]
    overlay: Option<Value>,
    #[serde(default)]
    info: Option<Value>,
    actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    target: String,
    description: String,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// Applies every overlay, in order, to the raw spec document. An action whose
/// target does not exist is an error when `strict`, and otherwise skipped with a
/// note (returned): overlays are written for the pinned spec, and another spec
/// (`regen --spec`) may not have the node they correct.
pub fn apply_all(spec: &mut Value, overlays: &[OverlaySource], strict: bool) -> Result<Vec<String>, Error> {
    let mut notes = Vec::new();
    for overlay in overlays {
        apply(spec, overlay, strict, &mut notes)?;
    }
    Ok(notes)
}

fn apply(spec: &mut Value, overlay: &OverlaySource, strict: bool, notes: &mut Vec<String>) -> Result<(), Error> {
    let doc: OverlayDoc =
        serde_norway::from_str(&overlay.text).map_err(|e| Error::new("", format!("overlay {}: {e}", overlay.name)))?;
    let _ = (&doc.overlay, &doc.info);
    for (i, action) in doc.actions.iter().enumerate() {
        let fail =
            |msg: String| Error::new(action.target.clone(), format!("overlay {} action {i}: {msg}", overlay.name));
        if action.description.trim().is_empty() {
            return Err(fail("`description` must say what is wrong upstream".into()));
        }
        if !strict && spec.pointer(&action.target).is_none() {
            notes.push(format!(
                "overlay {} action {i}: target {} not in this spec; skipped",
                overlay.name, action.target
            ));
            continue;
        }
        match (&action.update, action.remove) {
            (Some(value), false) => {
                let target = spec.pointer_mut(&action.target).ok_or_else(|| fail("target not found".into()))?;
                update(target, value.clone());
            }
            (None, true) => remove(spec, &action.target).map_err(fail)?,
            _ => return Err(fail("an action needs exactly one of `update` or `remove: true`".into())),
        }
    }
    Ok(())
}

fn update(target: &mut Value, value: Value) {
    match (target, value) {
        (Value::Object(t), Value::Object(v)) => {
            for (k, v) in v {
                match t.get_mut(&k) {
                    Some(existing) if existing.is_object() && v.is_object() => update(existing, v),
                    _ => {
                        t.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(v)) => t.extend(v),
        (Value::Array(t), v) => t.push(v),
        (t, v) => *t = v,
    }
}

fn remove(spec: &mut Value, target: &str) -> Result<(), String> {
    let mut tokens = pointer::tokens(target)?;
    let last = tokens.pop().ok_or("cannot remove the document root")?;
    let parent_ptr: String = tokens.iter().map(|t| format!("/{}", pointer::escape(t))).collect();
    let parent = spec.pointer_mut(&parent_ptr).ok_or("target not found")?;
    let removed = match parent {
        Value::Object(map) => map.shift_remove(&last).is_some(),
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    if removed {
        Ok(())
    } else {
        Err("target not found".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(spec: &mut Value, text: &str) -> Result<(), Error> {
        apply_all(spec, &[OverlaySource { name: "t.yaml".into(), text: text.into() }], true).map(|_| ())
    }

    #[test]
    fn update_merges_appends_and_remove_deletes() {
        let mut spec = json!({"a": {"b": 1, "c": {"d": 2}}, "list": [1], "gone": {"x": 1}});
        run(
            &mut spec,
            "actions:\n- target: /a\n  description: fix\n  update: {c: {e: 3}}\n\
             - target: /list\n  description: add\n  update: 2\n\
             - target: /gone/x\n  description: drop\n  remove: true\n",
        )
        .unwrap();
        assert_eq!(spec, json!({"a": {"b": 1, "c": {"d": 2, "e": 3}}, "list": [1, 2], "gone": {}}));
    }

    #[test]
    fn missing_target_and_missing_reason_are_errors() {
        let mut spec = json!({"a": 1});
        let err = run(&mut spec, "actions:\n- target: /nope\n  description: x\n  remove: true\n").unwrap_err();
        assert_eq!(err.pointer, "/nope");
        assert!(err.message.contains("target not found"), "{err}");
        let err = run(&mut spec, "actions:\n- target: /a\n  description: ''\n  update: 2\n").unwrap_err();
        assert!(err.message.contains("description"), "{err}");
    }

    #[test]
    fn lenient_mode_skips_missing_targets_with_a_note() {
        let mut spec = json!({"a": 1});
        let text = "actions:\n- target: /nope\n  description: x\n  remove: true\n- target: /a\n  description: y\n  update: 2\n";
        let overlays = [OverlaySource { name: "t.yaml".into(), text: text.into() }];
        let notes = apply_all(&mut spec, &overlays, false).unwrap();
        assert_eq!(notes, vec!["overlay t.yaml action 0: target /nope not in this spec; skipped".to_string()]);
        assert_eq!(spec, json!({"a": 2}));
    }
}
