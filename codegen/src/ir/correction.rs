//! Which response unions client error correction can put a value into, and
//! what it needs to know of each of their alternatives (emitted as the
//! union's `vercel_runtime_core::correction::Alternatives` table, with its
//! `Unknown` variant decoded by `correction::unknown_shape`), so that a value
//! shaped like an alternative but lacking required fields is corrected into
//! that alternative instead of being kept as raw JSON (the rule that tells it
//! from a new shape is the runtime's, in that module).
//!
//! The rule: an untagged union that appears in responses gets the table
//! when at least one alternative is a struct and every alternative that could
//! take a JSON object is a struct (a map, an untyped value or a nested union
//! would take the object itself, so its `Unknown` never sees one). Per
//! struct alternative: its JSON property names, whether it keeps additional
//! properties, the properties the spec marks required, and its constants
//! (properties whose type is a one-value enum, with that value).

use super::canonical::{repeated, resolve_aliases};
use super::{Struct, Ty, TypeDef, TypeKind, Union};

/// What correction knows of one struct alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionAlternative {
    /// The alternative's payload type (the variant's).
    pub payload: Ty,
    /// The JSON property names of the struct.
    pub properties: Vec<String>,
    /// The struct keeps properties it does not list (additional properties).
    pub open: bool,
    /// The properties the spec marks required.
    pub required: Vec<String>,
    /// Properties whose type is a one-value enum, with that value.
    pub constants: Vec<(String, String)>,
}

/// Fills [`Union::correction`] of every union that gets a table.
pub(super) fn apply(types: &mut [TypeDef]) {
    let tables: Vec<Option<Vec<CorrectionAlternative>>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union(u) if t.usage.response && u.tag.is_none() => table(types, u),
            _ => None,
        })
        .collect();
    for (t, table) in types.iter_mut().zip(tables) {
        if let TypeKind::Union(u) = &mut t.kind {
            u.correction = table;
        }
    }
}

/// The table of an untagged response union, when it gets one.
fn table(types: &[TypeDef], u: &Union) -> Option<Vec<CorrectionAlternative>> {
    let mut found = Vec::new();
    for v in &u.variants {
        match resolve_aliases(types, &v.ty) {
            Ty::Named(id) => match &types[repeated(types, id)].kind {
                TypeKind::Struct(s) => found.push(alternative(types, &v.ty, s)),
                TypeKind::Enum(_) => {}
                TypeKind::Union(_) | TypeKind::Alias(_) => return None,
            },
            Ty::Map(_) | Ty::Value | Ty::Option(_) => return None,
            Ty::String | Ty::Bool | Ty::Integer | Ty::Number | Ty::Vec(_) => {}
        }
    }
    (!found.is_empty()).then_some(found)
}

fn alternative(types: &[TypeDef], payload: &Ty, s: &Struct) -> CorrectionAlternative {
    CorrectionAlternative {
        payload: payload.clone(),
        properties: s.fields.iter().map(|f| f.json_name.clone()).collect(),
        open: s.additional.is_some(),
        required: s.fields.iter().filter(|f| f.required).map(|f| f.json_name.clone()).collect(),
        constants: s.fields.iter().filter_map(|f| Some((f.json_name.clone(), constant(types, &f.ty)?))).collect(),
    }
}

/// The one value of a field whose type is a one-value enum.
fn constant(types: &[TypeDef], field_ty: &Ty) -> Option<String> {
    let Ty::Named(id) = resolve_aliases(types, field_ty) else { return None };
    match &types[repeated(types, id)].kind {
        TypeKind::Enum(values) if values.len() == 1 => Some(values[0].value.clone()),
        _ => None,
    }
}
