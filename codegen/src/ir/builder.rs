//! The builder rule: every struct the client sends, and that is emitted as
//! a struct (not as an alias of an identical one), gets a builder. Its
//! setters are named as the fields; an optional nullable field also gets
//! `{field}_null` (explicit `null`), unique among the setters. Required fields
//! are checked when the request is sent, so a struct gaining an optional field
//! adds a setter and breaks no builder call.

use super::{Builder, TypeDef, TypeKind};
use crate::naming::{self, Namespace};

/// Fills [`TypeDef::builder`] for every struct the client sends.
pub(super) fn apply(types: &mut [TypeDef]) {
    for t in types.iter_mut() {
        let TypeKind::Struct(s) = &t.kind else { continue };
        if !t.usage.request || t.same_as.is_some() {
            continue;
        }
        let mut setters = Namespace::with_reserved_set(s.fields.iter().map(|f| f.rust_name.name()).collect());
        let null_setters = s
            .fields
            .iter()
            .map(|f| {
                (!f.required && f.nullable)
                    .then(|| naming::escape_keyword(&setters.claim(&format!("{}_null", f.rust_name.name()))))
            })
            .collect();
        t.builder = Some(Builder { null_setters });
    }
}
