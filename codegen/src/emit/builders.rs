//! The builders of the structs the client sends: `Type::builder()` returns
//! `builder::Type` (the `builder` module beside the type), whose setters
//! follow [`super::inputs`]; it is `IntoBody<Type>`, so a request's `body(..)`
//! and every setter of a struct or union field take it. Required fields are
//! checked when the value is built (when the request is sent), and a missing
//! one is `BuildError::MissingField` naming it.

use super::inputs::{self, Check};
use crate::ir::paths::field_type_with;
use crate::ir::paths::{builder_path, ty};
use crate::ir::{Api, Builder, Placement, Struct, Ty, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The `builder` module of scope `scope`: one builder per struct defined
/// there that has one (nothing when none has).
pub fn module(api: &Api, scope: &Placement) -> TokenStream {
    let items: Vec<TokenStream> = api
        .defined_in(scope)
        .filter_map(|t| match (&t.kind, &t.builder) {
            (TypeKind::Struct(s), Some(b)) => Some(builder_def(api, t, s, b)),
            _ => None,
        })
        .collect();
    if items.is_empty() {
        return quote!();
    }
    quote! {
        /// Builders of the structs of this module that the client sends: start one with `Type::builder()`.
        pub mod builder {
            #(#items)*
        }
    }
}

/// `Type::builder()` for a struct with a builder (nothing otherwise).
pub fn builder_fn(t: &TypeDef) -> TokenStream {
    if t.builder.is_none() {
        return quote!();
    }
    let name = t.name.ident();
    let text = format!(
        " A builder of `{0}`: one setter per field, optional fields left out by not calling theirs; required \
         fields are checked when the request is sent. Give it to any setter that takes `{0}` (or the request's \
         `body`). A field the spec adds later is a new setter, so builder calls keep compiling.",
        t.name
    );
    quote! {
        impl #name {
            #[doc = #text]
            pub fn builder() -> builder::#name {
                Default::default()
            }
        }
    }
}

/// `IntoBody<Union>` for each value a union converts from (its alternatives'
/// payloads, `&str` for a string alternative) and for the builder of each
/// struct alternative.
pub fn union_into_body(api: &Api, t: &TypeDef, u: &Union) -> TokenStream {
    if !t.derives.conversions {
        return quote!();
    }
    let name = t.name.ident();
    let mut built: Vec<usize> = Vec::new();
    let mut impls = Vec::new();
    for v in api.distinct_alternatives(u) {
        let resolved = api.resolve_alias(&v.ty);
        let payload = ty(api, &v.ty, &t.placement);
        impls.push(quote! {
            impl vercel_runtime_core::IntoBody<#name> for #payload {
                fn into_body(self) -> Result<#name, vercel_runtime_core::BuildError> { Ok(self.into()) }
            }
        });
        if resolved == Ty::String {
            impls.push(quote! {
                impl vercel_runtime_core::IntoBody<#name> for &str {
                    fn into_body(self) -> Result<#name, vercel_runtime_core::BuildError> { Ok(self.into()) }
                }
            });
        }
        let Some(id) = api.buildable(&v.ty) else { continue };
        if built.contains(&id) || !matches!(api.types[id].kind, TypeKind::Struct(_)) {
            continue;
        }
        built.push(id);
        let builder = builder_path(api, id, &t.placement);
        impls.push(quote! {
            impl vercel_runtime_core::IntoBody<#name> for #builder {
                fn into_body(self) -> Result<#name, vercel_runtime_core::BuildError> {
                    <Self as vercel_runtime_core::IntoBody<#payload>>::into_body(self).map(#name::from)
                }
            }
        });
    }
    quote!(#(#impls)*)
}

/// One builder struct, its setters and its `IntoBody` impl.
fn builder_def(api: &Api, t: &TypeDef, s: &Struct, b: &Builder) -> TokenStream {
    let name = t.name.ident();
    let scope = &t.placement;
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut values = Vec::new();
    let (mut numbers_used, mut builds_used) = (false, false);
    for (f, null_setter) in s.fields.iter().zip(&b.null_setters) {
        let fname = f.rust_name.ident();
        let input = inputs::field(api, f, scope, true);
        let direct = f.required && !f.nullable;
        let (store, _) = field_type_with(f, input.store.clone());
        fields.push(if direct { quote!(#fname: Option<#store>) } else { quote!(#fname: #store) });
        let what = format!("Field `{}`{}.", f.json_name, if direct { " (required)" } else { "" });
        setters.push(inputs::setters(f, &input, &f.rust_name, null_setter.as_ref(), &f.rust_name, &what));
        let value = match input.check {
            Check::Plain => quote!(self.#fname),
            Check::Number => {
                numbers_used = true;
                quote!(self.#fname.check().map_err(vercel_runtime_core::BuildError::Number)?)
            }
            Check::Build => {
                builds_used = true;
                quote!(self.#fname.resolve()?)
            }
        };
        let json = &f.json_name;
        let value =
            if direct { quote!(#value.ok_or(vercel_runtime_core::BuildError::MissingField(#json))?) } else { value };
        values.push(quote!(#fname: #value));
    }
    let extra = s.additional.as_ref().map(|a| {
        let aname = a.rust_name.ident();
        quote!(#aname: Default::default(),)
    });
    let numbers_prelude = numbers_used.then(|| {
        quote!(
            use vercel_runtime_core::CheckedNumbers as _;
        )
    });
    let builds_prelude = builds_used.then(|| {
        quote!(
            use vercel_runtime_core::CheckedBuild as _;
        )
    });
    let text = format!(
        " The builder of [`{0}`](super::{0}), from `{0}::builder()`. Required fields are checked when it is built \
         (when the request it is given to is sent).",
        t.name
    );
    quote! {
        #[doc = #text]
        #[derive(Debug, Clone, Default)]
        #[must_use = "a builder does nothing until it is given to a request"]
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #(#setters)*
        }

        impl vercel_runtime_core::IntoBody<super::#name> for #name {
            fn into_body(self) -> Result<super::#name, vercel_runtime_core::BuildError> {
                #numbers_prelude
                #builds_prelude
                Ok(super::#name { #(#values,)* #extra })
            }
        }
    }
}
