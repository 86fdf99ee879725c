//! The webhook event rule: the operation whose spec carries the
//! `x-rust-webhook-events` extension names the request-body field whose
//! array items are the webhook event types (for Vercel, the `events` field
//! of `createWebhook`). The facade then gets a `webhook` module with those
//! types as an open enum and a signature verifier, so the list follows the
//! spec on every regen.
//!
//! ```yaml
//! x-rust-webhook-events:
//!   field: events   # a body property: an array of a string enum
//!   legacy-separator: "-"   # optional: values spelled with it (and no `.`) are legacy names
//! ```
//!
//! Legacy names: Vercel lists each event type twice, once as it is named now
//! (`deployment.ready`) and once in the older dash style (`deployment-ready`).
//! Both would be `DeploymentReady`; with `legacy-separator`, a value that
//! contains the separator and no `.` is named `Legacy` + its words
//! (`LegacyDeploymentReady`) in every enum that lists it, never with a
//! positional number.

use super::{BodyKind, EnumValue, Operation, RustIdent, Ty, TypeDef, TypeKind};
use crate::naming::{self, Namespace};
use crate::{pointer, Error};
use std::collections::BTreeMap;

/// The extension's name.
pub const EXTENSION: &str = "x-rust-webhook-events";

/// The open enum of the event types in the facade's `webhook` module
/// (`vercel_client::webhook::EventType`).
pub fn event_type_name() -> RustIdent {
    RustIdent::new("EventType")
}

/// The event types named by the extension of the operation at `ptr`, read
/// from its lowered body; `None` without the extension. An extension that
/// does not lead to an array of a string enum is an error naming its pointer.
pub fn event_types(
    op: &openapiv3::Operation,
    ptr: &str,
    body: Option<&BodyKind>,
    types: &[TypeDef],
) -> Result<Option<Vec<EnumValue>>, Error> {
    let Some(value) = op.extensions.get(EXTENSION) else {
        return Ok(None);
    };
    let at = pointer::join(&pointer::join(ptr, EXTENSION), "field");
    let field = value.get("field").and_then(|f| f.as_str()).ok_or_else(|| Error::new(&at, "must name a body field"))?;
    let fail = |what: &str| Error::new(&at, format!("body field `{field}` {what}"));
    let Some(BodyKind::Fields { ty, .. }) = body else {
        return Err(fail("not found: the operation has no JSON object body"));
    };
    let TypeKind::Struct(body) = &types[*ty].kind else {
        return Err(fail("not found: the body is not an object"));
    };
    let legacy = match value.get("legacy-separator") {
        None => None,
        Some(sep) => match sep.as_str() {
            Some(sep) if !sep.is_empty() && sep != "." => Some(sep),
            _ => {
                let at = pointer::join(&pointer::join(ptr, EXTENSION), "legacy-separator");
                return Err(Error::new(at, "must be a non-empty string other than `.`"));
            }
        },
    };
    let found = body.fields.iter().find(|f| f.json_name == field).ok_or_else(|| fail("not found in the body"))?;
    let Ty::Vec(item) = super::canonical::resolve_aliases(types, &found.ty) else {
        return Err(fail("is not an array"));
    };
    match super::canonical::resolve_aliases(types, &item) {
        Ty::Named(id) => match &types[id].kind {
            TypeKind::Enum(values) => Ok(Some(legacy_names(values, legacy))),
            _ => Err(fail("is not an array of a string enum")),
        },
        _ => Err(fail("is not an array of a string enum")),
    }
}

/// `values` with each legacy value (it contains `separator` and no `.`)
/// named `Legacy` + its words, unique among the enum's names.
fn legacy_names(values: &[EnumValue], separator: Option<&str>) -> Vec<EnumValue> {
    let Some(separator) = separator else { return values.to_vec() };
    let is_legacy = |v: &str| v.contains(separator) && !v.contains('.');
    let mut names = Namespace::with_reserved(&["Unknown"]);
    for v in values.iter().filter(|v| !is_legacy(&v.value)) {
        names.claim(&v.rust_name);
    }
    values
        .iter()
        .map(|v| match is_legacy(&v.value) {
            true => EnumValue {
                rust_name: RustIdent::new(&names.claim(&format!("Legacy{}", naming::pascal(&v.value)))),
                ..v.clone()
            },
            false => v.clone(),
        })
        .collect()
}

/// Gives every enum that lists a webhook event type the variant name the
/// event list has for it (its legacy name), where that name is free in the enum.
pub fn apply(types: &mut [TypeDef], operations: &[Operation]) {
    let names: BTreeMap<&str, &str> = operations
        .iter()
        .filter_map(|op| op.webhook_events.as_deref())
        .flatten()
        .map(|v| (v.value.as_str(), v.rust_name.as_str()))
        .collect();
    if names.is_empty() {
        return;
    }
    for t in types.iter_mut() {
        let TypeKind::Enum(values) = &mut t.kind else { continue };
        for i in 0..values.len() {
            let Some(name) = names.get(values[i].value.as_str()) else { continue };
            if values[i].rust_name != *name && values.iter().all(|v| v.rust_name != *name) {
                values[i].rust_name = RustIdent::new(name);
            }
        }
    }
}
