//! Named types → Rust items.
//!
//! Rules: response types tolerate unknown fields (no `deny_unknown_fields`)
//! and unknown enum values and union shapes (`Unknown` variants); types that
//! only appear in responses are `#[non_exhaustive]`; request types serialize,
//! response types deserialize (unused shared types do both); an optional
//! nullable field of a request type is `Option<Nullable<T>>` so that an
//! explicit `null` can be sent.

use super::docs::{doc, doc_opt, spec_text};
use crate::ir::paths::{field_type, maybe_boxed, ty};
use crate::ir::{Api, EnumValue, Field, RustIdent, Struct, Ty, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The item (and impls) for one named type.
pub fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    let docs = doc_opt(t.doc.as_deref());
    let name = t.name.ident();
    if let Some(canonical) = t.same_as {
        let target = ty(api, &Ty::Named(canonical), &t.placement);
        return quote! { #docs pub type #name = #target; };
    }
    match &t.kind {
        TypeKind::Struct(s) => struct_def(api, t, s, docs),
        TypeKind::Enum(values) => open_enum_def(&t.name, values, docs),
        TypeKind::Union(u) => union_def(api, t, u, docs),
        TypeKind::Alias(target) => {
            let target = ty(api, target, &t.placement);
            quote! { #docs pub type #name = #target; }
        }
    }
}

/// An open enum as plain items: the enum (one unit variant per known value,
/// then `Unknown` with an opaque payload), its `KNOWN` table, and the
/// one-line `open_enum_impls!` that implements the conversions and serde
/// (see `vercel_runtime_core::OpenEnum`). Ordering is by wire value, so it
/// does not follow the spec's order of the values.
pub fn open_enum_def(name: &RustIdent, values: &[EnumValue], docs: TokenStream) -> TokenStream {
    let variants = values.iter().map(|v| {
        let vname = v.rust_name.ident();
        let vdoc = doc(&format!("`{}`", v.value));
        quote! { #vdoc #vname }
    });
    let known = values.iter().map(|v| {
        let vname = v.rust_name.ident();
        let value = &v.value;
        quote!((Self::#vname, #value))
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this client version does not know; keeps the raw string so it round-trips.
            Unknown(vercel_runtime_core::UnknownValue<#name>),
        }

        impl #name {
            /// The known variants and their wire values, in the spec's order.
            pub const KNOWN: &'static [(Self, &'static str)] = &[#(#known),*];
        }

        vercel_runtime_core::open_enum_impls!(#name);
    }
}

fn derives(t: &TypeDef, extra: TokenStream) -> TokenStream {
    let ser = t.derives.serialize.then(|| quote!(serde::Serialize,));
    let de = t.derives.deserialize.then(|| quote!(serde::Deserialize,));
    quote! { #[derive(Debug, Clone, PartialEq, #extra #ser #de)] }
}

fn struct_def(api: &Api, t: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = t.name.ident();
    let default = t.derives.default.then(|| quote!(Default,));
    let derive = derives(t, quote!(#default));
    let non_exhaustive = t.derives.non_exhaustive.then(|| quote!(#[non_exhaustive]));
    let fields = s.fields.iter().map(|f| {
        let fname = f.rust_name.ident();
        let (fty, skip) = field_type(api, t, f);
        let rename = f.serde_rename().map(|json| quote!(rename = #json,));
        let attrs = if rename.is_some() || !skip.is_empty() { quote!(#[serde(#rename #skip)]) } else { quote!() };
        let fdoc = field_doc(f);
        quote! { #fdoc #attrs pub #fname: #fty }
    });
    let additional = s.additional.as_ref().map(|a| {
        let aty = ty(api, &a.ty, &t.placement);
        let aname = a.rust_name.ident();
        quote! {
            /// Properties not listed in the schema.
            #[serde(flatten)]
            pub #aname: std::collections::BTreeMap<String, #aty>,
        }
    });
    let builder = super::builders::builder_fn(t);
    quote! {
        #docs
        #derive
        #non_exhaustive
        pub struct #name {
            #(#fields,)*
            #additional
        }
        #builder
    }
}

fn field_doc(f: &Field) -> TokenStream {
    let mut text = f.doc.as_deref().map(spec_text).unwrap_or_default();
    if f.deprecated {
        text = format!("**Deprecated.** {text}");
    }
    if text.trim().is_empty() {
        text = format!("`{}`", f.json_name);
    }
    doc(&text)
}

fn union_def(api: &Api, t: &TypeDef, u: &Union, docs: TokenStream) -> TokenStream {
    let name = t.name.ident();
    let derive = derives(t, quote!());
    let non_exhaustive = t.derives.non_exhaustive.then(|| quote!(#[non_exhaustive]));
    let mode = match &u.tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    let variants = u.variants.iter().map(|v| {
        let vname = v.rust_name.ident();
        let vty = maybe_boxed(api, &v.ty, v.boxed, &t.placement);
        let rename = v.tag_value.as_ref().map(|value| quote!(#[serde(rename = #value)]));
        let vdoc = match &v.tag_value {
            Some(value) => format!(" `{}` = `{value}`.", u.tag.as_deref().unwrap_or_default()),
            None => format!(" The `{}` alternative.", v.rust_name),
        };
        quote! { #[doc = #vdoc] #rename #vname(#vty) }
    });
    let unknown_attr = super::union_correction::unknown_attr(t, u);
    let unknown = t.derives.unknown_variant.then(|| match &u.tag {
        Some(_) => quote! {
            /// A tag value this client version does not know.
            #[serde(other)]
            Unknown,
        },
        None => quote! {
            /// A shape this client version does not know; keeps the raw JSON.
            #unknown_attr
            Unknown(serde_json::Value),
        },
    });
    let froms = t.derives.conversions.then(|| from_impls(api, t, u));
    let into_body = super::builders::union_into_body(api, t, u);
    let correction = super::union_correction::table(api, t, u);
    quote! {
        #docs
        #derive
        #mode
        #non_exhaustive
        pub enum #name {
            #(#variants,)*
            #unknown
        }
        #froms
        #into_body
        #correction
    }
}

/// `From` each variant's payload (and `&str` for a string variant), so request
/// values convert with `.into()`: `get_project("my-project")`.
fn from_impls(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    let name = t.name.ident();
    let impls = api.distinct_alternatives(u).into_iter().map(|v| {
        let vname = v.rust_name.ident();
        let payload = ty(api, &v.ty, &t.placement);
        let wrap = if v.boxed { quote!(Box::new(value)) } else { quote!(value) };
        let from_str = (api.resolve_alias(&v.ty) == Ty::String).then(|| {
            quote! {
                impl From<&str> for #name {
                    fn from(value: &str) -> Self { #name::#vname(value.to_string()) }
                }
            }
        });
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self { #name::#vname(#wrap) }
            }
            #from_str
        }
    });
    quote!(#(#impls)*)
}
