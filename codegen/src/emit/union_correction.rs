//! Prints a response union's correction table (decided in `ir::correction`):
//! the `vercel_runtime_core::correction::Alternatives` impl, and the
//! attribute that decodes its `Unknown` variant with
//! `vercel_runtime_core::correction::unknown_shape`.

use crate::ir::paths::ty;
use crate::ir::{Api, TypeDef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The attribute of the union's `Unknown` variant (empty when it gets no table).
pub fn unknown_attr(t: &TypeDef, u: &Union) -> TokenStream {
    if u.correction.is_none() {
        return quote!();
    }
    let with = format!("vercel_runtime_core::correction::unknown_shape::<{}, _>", t.name);
    quote!(#[serde(deserialize_with = #with)])
}

/// The `Alternatives` impl of the union (empty when it gets no table).
pub fn table(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let Some(alternatives) = &u.correction else { return quote!() };
    let name = t.name.ident();
    let entries = alternatives.iter().map(|a| {
        let properties = &a.properties;
        let open = a.open;
        let required = &a.required;
        let constants = a.constants.iter().map(|(json, value)| quote!((#json, #value)));
        let payload = ty(api, &a.payload, &t.placement);
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
