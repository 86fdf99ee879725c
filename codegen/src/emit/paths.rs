//! The one place that maps IR types to Rust type syntax and identifiers.

use crate::ir::{Api, Placement, Ty};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token; `r#` prefixes become raw identifiers.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Rust path of `ty` as written from code in scope `from`.
pub fn ty(api: &Api, ty: &Ty, from: &Placement) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Value => quote!(serde_json::Value),
        Ty::Vec(inner) => {
            let inner = self::ty(api, inner, from);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = self::ty(api, inner, from);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = self::ty(api, inner, from);
            quote!(Option<#inner>)
        }
        Ty::Named(id) => {
            let def = &api.types[*id];
            let name = ident(&def.name);
            match (&def.placement, from) {
                (a, b) if a == b => quote!(#name),
                (Placement::Shared, _) => quote!(vercel_types::#name),
                (Placement::Group { group }, Placement::Operation { group: from_group, .. }) if group == from_group => {
                    quote!(crate::types::#name)
                }
                (Placement::External, _) => unreachable!("no type is defined outside the generated crates"),
                (Placement::Group { group }, _) => {
                    let krate = ident(&api.groups[*group].crate_ident());
                    quote!(#krate::types::#name)
                }
                (Placement::Operation { group, module }, Placement::Operation { group: from_group, .. })
                    if group == from_group =>
                {
                    let module = ident(module);
                    quote!(crate::#module::#name)
                }
                (Placement::Operation { group, module }, _) => {
                    let krate = ident(&api.groups[*group].crate_ident());
                    let module = ident(module);
                    quote!(#krate::#module::#name)
                }
            }
        }
    }
}

/// `ty`, boxed when `boxed`.
pub fn maybe_boxed(api: &Api, t: &Ty, boxed: bool, from: &Placement) -> TokenStream {
    let inner = ty(api, t, from);
    if boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}
