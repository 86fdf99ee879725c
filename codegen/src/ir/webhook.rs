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
//! ```

use super::{BodyKind, EnumValue, Ty, TypeDef, TypeKind};
use crate::{pointer, Error};

/// The extension's name.
pub const EXTENSION: &str = "x-rust-webhook-events";

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
    let found = body.fields.iter().find(|f| f.json_name == field).ok_or_else(|| fail("not found in the body"))?;
    let Ty::Vec(item) = super::canonical::resolve_aliases(types, &found.ty) else {
        return Err(fail("is not an array"));
    };
    match super::canonical::resolve_aliases(types, &item) {
        Ty::Named(id) => match &types[id].kind {
            TypeKind::Enum(values) => Ok(Some(values.clone())),
            _ => Err(fail("is not an array of a string enum")),
        },
        _ => Err(fail("is not an array of a string enum")),
    }
}
