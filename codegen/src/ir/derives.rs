//! Derives: what each type's Rust item derives, how open it is, and how
//! each struct field holds its value, from where the type travels (the usage
//! pass). typify's `TypeEntry { details, derives }` is the model: emit prints
//! these, it does not decide them.
//!
//! - Requests serialize, responses deserialize (shared types no operation
//!   uses do both, see the usage pass).
//! - A struct only received is `#[non_exhaustive]` (new response fields are
//!   not breaking); a struct the client sends is not (a literal must be
//!   writable; its builder keeps new optional fields non-breaking), and has
//!   `Default` when every field is optional.
//! - Enums and unions are always `#[non_exhaustive]`; a union the client
//!   receives has an `Unknown` variant, one it sends converts from each
//!   alternative's payload.
//! - A required non-nullable field holds its type; an optional nullable
//!   field of a type the client sends is `Option<Nullable<T>>` (so an
//!   explicit `null` can be sent); every other field is `Option<T>`. A type
//!   that serializes leaves absent optional fields out.

use super::{Derives, Holding, TypeDef, TypeKind};

/// Fills [`TypeDef::derives`] and every struct field's [`Holding`].
pub(super) fn apply(types: &mut [TypeDef]) {
    for t in types.iter_mut() {
        let (request, response) = (t.usage.request, t.usage.response);
        t.derives = Derives {
            serialize: request,
            deserialize: response,
            default: false,
            non_exhaustive: true,
            unknown_variant: false,
            conversions: false,
        };
        match &mut t.kind {
            TypeKind::Struct(s) => {
                t.derives.default = request && s.fields.iter().all(|f| !f.required || f.nullable);
                t.derives.non_exhaustive = !request;
                for f in &mut s.fields {
                    f.holding = match (f.required, f.nullable) {
                        (true, false) => Holding::Value,
                        (false, true) if request => Holding::OptionNullable,
                        _ => Holding::Option,
                    };
                    f.skip_if_none = request && !f.required;
                }
            }
            TypeKind::Union(_) => {
                t.derives.unknown_variant = response;
                t.derives.conversions = request;
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

impl super::Field {
    /// The JSON name serde must be told (`#[serde(rename = ..)]`): serde
    /// names a field after its identifier without `r#` (`r#type` → `type`,
    /// but `self_` → `self_`), so a field whose JSON name differs needs it.
    pub fn serde_rename(&self) -> Option<&str> {
        (self.rust_name.unraw() != self.json_name).then_some(self.json_name.as_str())
    }
}
