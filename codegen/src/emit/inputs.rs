//! The one rule for what a setter of a body field takes and how it is
//! stored, shared by the request builders (fields of an object body) and the
//! builders of the structs the client sends (`Type::builder()`):
//!
//! - a number takes `impl IntoNumber` and stores the checked `Result` (see
//!   [`super::numbers`]);
//! - a struct or union the client sends takes `impl IntoBody<T>` (the value,
//!   its builder, or a union's alternative) and stores `Result<T, BuildError>`,
//!   resolved when the request is sent; an array of them takes an iterator of
//!   such values;
//! - anything else takes `impl Into<T>` (an array: an iterator of them) and
//!   stores `T`.

use super::docs::{doc, paragraphs, spec_text};
use super::numbers;
use crate::ir::paths::{ty, ty_from_child};
use crate::ir::{Api, Field, Placement, RustIdent, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// How a stored input is resolved when the value is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Stored as the field's own type.
    Plain,
    /// A checked number (`CheckedNumbers::check`).
    Number,
    /// A built value (`CheckedBuild::resolve`).
    Build,
}

/// What a setter of one field takes and stores.
pub struct Input {
    /// The type stored in place of the field's type (inside its `Option`/`Nullable`).
    pub store: TokenStream,
    /// The setter's argument type.
    pub arg: TokenStream,
    /// The expression turning the argument `value` into the stored value.
    pub conv: TokenStream,
    /// How the stored value is resolved.
    pub check: Check,
}

/// The input rule for field `f`, with type paths as written from `from`, or
/// from its `builder` module when `child`.
pub fn field(api: &Api, f: &Field, from: &Placement, child: bool) -> Input {
    let path = |t: &Ty| if child { ty_from_child(api, t, from) } else { ty(api, t, from) };
    let boxed = |t: TokenStream| if f.boxed { quote!(Box<#t>) } else { t };
    if let Some(wire) = numbers::wire_type(&f.ty) {
        let (arg, conv) = numbers::input(&f.ty, &f.json_name, &f.range, &quote!(value));
        return Input { store: numbers::stored(&wire), arg, conv, check: Check::Number };
    }
    if api.buildable(&f.ty).is_some() {
        let t = path(&f.ty);
        let stored = boxed(quote!(#t));
        let conv = if f.boxed {
            quote!(vercel_runtime_core::IntoBody::into_body(value).map(Box::new))
        } else {
            quote!(vercel_runtime_core::IntoBody::into_body(value))
        };
        return Input {
            store: quote!(Result<#stored, vercel_runtime_core::BuildError>),
            arg: quote!(impl vercel_runtime_core::IntoBody<#t>),
            conv,
            check: Check::Build,
        };
    }
    if let Ty::Vec(item) = &f.ty {
        if api.buildable(item).is_some() {
            let t = path(item);
            let stored = boxed(quote!(Vec<#t>));
            let collect =
                quote!(value.into_iter().map(vercel_runtime_core::IntoBody::into_body).collect::<Result<Vec<_>, _>>());
            let conv = if f.boxed { quote!(#collect.map(Box::new)) } else { collect };
            return Input {
                store: quote!(Result<#stored, vercel_runtime_core::BuildError>),
                arg: quote!(impl IntoIterator<Item = impl vercel_runtime_core::IntoBody<#t>>),
                conv,
                check: Check::Build,
            };
        }
        let t = path(item);
        let conv = quote!(value.into_iter().map(Into::into).collect());
        let conv = if f.boxed { quote!(Box::new(#conv)) } else { conv };
        return Input {
            store: boxed(quote!(Vec<#t>)),
            arg: quote!(impl IntoIterator<Item = impl Into<#t>>),
            conv,
            check: Check::Plain,
        };
    }
    let t = path(&f.ty);
    let conv = if f.boxed { quote!(Box::new(value.into())) } else { quote!(value.into()) };
    Input { store: boxed(quote!(#t)), arg: quote!(impl Into<#t>), conv, check: Check::Plain }
}

/// The `IntoBody` input of a whole JSON body of type `t` (its `body(..)`
/// setter), when `t` is buildable or an array of buildables; `None` otherwise.
pub fn whole_body(api: &Api, t: &Ty, from: &Placement) -> Option<Input> {
    if api.buildable(t).is_some() {
        let bt = ty(api, t, from);
        return Some(Input {
            store: quote!(Result<#bt, vercel_runtime_core::BuildError>),
            arg: quote!(impl vercel_runtime_core::IntoBody<#bt>),
            conv: quote!(vercel_runtime_core::IntoBody::into_body(value)),
            check: Check::Build,
        });
    }
    let Ty::Vec(item) = t else { return None };
    api.buildable(item)?;
    let it = ty(api, item, from);
    Some(Input {
        store: quote!(Result<Vec<#it>, vercel_runtime_core::BuildError>),
        arg: quote!(impl IntoIterator<Item = impl vercel_runtime_core::IntoBody<#it>>),
        conv: quote!(value.into_iter().map(vercel_runtime_core::IntoBody::into_body).collect::<Result<Vec<_>, _>>()),
        check: Check::Build,
    })
}

/// The setter of field `f` (named `setter`, storing into `self.<store>`) and,
/// when it has one, its `null` setter; `what` ends the doc (`Body field
/// `name` (required).`).
pub fn setters(
    f: &Field,
    input: &Input,
    setter: &RustIdent,
    null_setter: Option<&RustIdent>,
    store: &RustIdent,
    what: &str,
) -> TokenStream {
    let (arg, conv) = (&input.arg, &input.conv);
    let stored = match null_setter {
        Some(_) => quote!(Some(vercel_runtime_core::Nullable::Value(#conv))),
        None => quote!(Some(#conv)),
    };
    let number_doc = (input.check == Check::Number).then(|| numbers::doc(&f.ty, &f.range));
    let spec_doc = f.doc.as_deref().map(spec_text);
    let fdoc = doc(&paragraphs([spec_doc.as_deref(), number_doc.as_deref(), Some(what)]));
    let null = null_setter.map(|null_ident| {
        let ndoc = format!(" Sends `\"{}\": null` explicitly.", f.json_name);
        quote! {
            #[doc = #ndoc]
            pub fn #null_ident(mut self) -> Self { self.#store = Some(vercel_runtime_core::Nullable::Null); self }
        }
    });
    quote! {
        #fdoc
        pub fn #setter(mut self, value: #arg) -> Self { self.#store = #stored; self }
        #null
    }
}
