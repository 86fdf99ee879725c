//! What client error correction needs to know about an untagged response
//! union, emitted with it: a table of its struct alternatives
//! (`vercel_runtime_core::correction::Alternatives`), and its `Unknown`
//! variant decoded by `vercel_runtime_core::correction::unknown_shape`, so
//! that a value shaped like an alternative but lacking required fields is
//! corrected into that alternative instead of being kept as raw JSON (the
//! rule that tells it from a new shape is the runtime's, in that module).
//!
//! The rule here: an untagged union that appears in responses gets the
//! table when at least one alternative is a struct and every alternative
//! that could take a JSON object is a struct (a map, an untyped value or a
//! nested union would take the object itself, so its `Unknown` never sees
//! one). Per struct alternative: its JSON property names, whether it keeps
//! additional properties, the properties the spec marks required, and its
//! constants (properties whose type is a one-value enum, with that value).

use super::paths::ty;
use crate::ir::{Api, Struct, Ty, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct alternatives of `u` (payload type, struct), when `t` gets a table.
fn struct_alternatives<'a>(api: &'a Api, t: &TypeDef, u: &'a Union) -> Option<Vec<(&'a Ty, &'a Struct)>> {
    if !t.usage.response || u.tag.is_some() {
        return None;
    }
    let mut found = Vec::new();
    for v in &u.variants {
        match api.resolve_alias(&v.ty) {
            Ty::Named(id) => match &api.repeated(id).kind {
                TypeKind::Struct(s) => found.push((&v.ty, s)),
                TypeKind::Enum(_) => {}
                TypeKind::Union(_) | TypeKind::Alias(_) => return None,
            },
            Ty::Map(_) | Ty::Value | Ty::Option(_) => return None,
            Ty::String | Ty::Bool | Ty::Integer | Ty::Number | Ty::Vec(_) => {}
        }
    }
    (!found.is_empty()).then_some(found)
}

/// The attribute of the union's `Unknown` variant (empty when it gets no table).
pub fn unknown_attr(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    if struct_alternatives(api, t, u).is_none() {
        return quote!();
    }
    let with = format!("vercel_runtime_core::correction::unknown_shape::<{}, _>", t.name);
    quote!(#[serde(deserialize_with = #with)])
}

/// The one value of a field whose type is a one-value enum.
fn constant(api: &Api, field_ty: &Ty) -> Option<String> {
    let Ty::Named(id) = api.resolve_alias(field_ty) else { return None };
    match &api.repeated(id).kind {
        TypeKind::Enum(values) if values.len() == 1 => Some(values[0].value.clone()),
        _ => None,
    }
}

/// The `Alternatives` impl of the union (empty when it gets no table).
pub fn table(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let Some(alternatives) = struct_alternatives(api, t, u) else { return quote!() };
    let name = super::paths::ident(&t.name);
    let entries = alternatives.iter().map(|(payload, s)| {
        let properties = s.fields.iter().map(|f| &f.json_name);
        let open = s.additional.is_some();
        let required = s.fields.iter().filter(|f| f.required).map(|f| &f.json_name);
        let constants = s.fields.iter().filter_map(|f| {
            let value = constant(api, &f.ty)?;
            let json = &f.json_name;
            Some(quote!((#json, #value)))
        });
        let payload = ty(api, payload, &t.placement);
        quote! {
            vercel_runtime_core::correction::Alternative::new(
                &[#(#properties),*],
                #open,
                &[#(#required),*],
                &[#(#constants),*],
                vercel_runtime_core::correction::correct_as::<#payload>,
            )
        }
    });
    quote! {
        impl vercel_runtime_core::correction::Alternatives for #name {
            const ALTERNATIVES: &'static [vercel_runtime_core::correction::Alternative] = &[#(#entries),*];
        }
    }
}
