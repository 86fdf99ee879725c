//! The builder rule: every struct the client sends, and that is emitted as
//! a struct (not as an alias of an identical one), gets a builder. Its
//! setters are named as the fields; an optional nullable field also gets
//! `{field}_null` (explicit `null`), unique among the setters. Required fields
//! are checked when the request is sent, so a struct gaining an optional field
//! adds a setter and breaks no builder call.

use super::{Api, Builder, Ty, TypeDef, TypeId, TypeKind, Union, Variant};
use crate::naming::{ident::RustIdent, Namespace};

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
                    .then(|| RustIdent::new(&setters.claim(&format!("{}_null", f.rust_name.name()))))
            })
            .collect();
        t.builder = Some(Builder { null_setters });
    }
}

impl Api {
    /// The struct or union (by its defining type) that `t` names, when the
    /// client sends it as a built value: setters of `t` take `impl IntoBody`
    /// of it (the value, its builder, or a union's alternative). A struct
    /// with a builder, or a union the client sends.
    pub fn buildable(&self, t: &Ty) -> Option<TypeId> {
        let Ty::Named(id) = self.resolve_alias(t) else { return None };
        let id = super::canonical::repeated(&self.types, id);
        let def = &self.types[id];
        let kind_ok = match &def.kind {
            TypeKind::Struct(_) => def.builder.is_some(),
            TypeKind::Union(_) => def.derives.conversions,
            _ => false,
        };
        kind_ok.then_some(id)
    }

    /// The alternatives of union `u` that its conversions (`From`, `IntoBody`)
    /// are written for: the first of each payload type, compared as the Rust
    /// type the generated code names ([`Api::use_type`]), so two alternatives
    /// of one type get one impl.
    pub fn distinct_alternatives<'a>(&self, u: &'a Union) -> Vec<&'a Variant> {
        let mut seen: Vec<Ty> = Vec::new();
        u.variants
            .iter()
            .filter(|v| {
                let t = self.use_type(&v.ty);
                let new = !seen.contains(&t);
                seen.push(t);
                new
            })
            .collect()
    }
}
