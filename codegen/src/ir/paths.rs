//! The one place that maps IR types to Rust type syntax and identifiers:
//! where a type is, as written from code in another scope (its placement
//! made into a path), and how a field holds its type. Emit prints with
//! these; the API surface and the spec diff read the same text.

use super::{Api, Field, Holding, Placement, Ty, TypeDef, TypeId};
use crate::naming::ident::RustIdent;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The identifier token of a fixed name (`ErrorBody`, a runtime item): the
/// names the IR stores are [`RustIdent`]s already, printed as they are.
pub fn ident(name: &str) -> Ident {
    RustIdent::new(name).ident()
}

/// Rust path of `ty` as written from code in scope `from`.
/// A named type is printed as the type it stands for ([`Api::use_type`]).
pub fn ty(api: &Api, ty: &Ty, from: &Placement) -> TokenStream {
    ty_at(api, &api.use_type(ty), from, false)
}

/// Which name a named type is printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The type it stands for ([`Api::use_type`]): what the generated code writes.
    Used,
    /// The name its position gives it (an alias or repeat included): a path
    /// the generated crate defines for it, so the spec diff compares these
    /// (code that names an alias keeps compiling while the alias stays).
    Declared,
}

/// [`ty`], with named types printed as `naming` says.
pub fn ty_with(api: &Api, t: &Ty, from: &Placement, naming: Naming) -> TokenStream {
    match naming {
        Naming::Used => ty(api, t, from),
        Naming::Declared => ty_at(api, t, from, false),
    }
}

/// Rust path of `ty` as written from the `builder` module inside scope `from`:
/// the types defined in `from` itself are `super::Name` there.
pub fn ty_from_child(api: &Api, ty: &Ty, from: &Placement) -> TokenStream {
    ty_at(api, &api.use_type(ty), from, true)
}

/// Rust path of the builder of named type `id` (`builder::Name` beside the type), from `from`.
pub fn builder_path(api: &Api, id: TypeId, from: &Placement) -> TokenStream {
    let def = &api.types[id];
    let name = def.name.ident();
    let module = if def.placement == *from { quote!() } else { module_path(api, &def.placement, from) };
    quote!(#module builder::#name)
}

fn ty_at(api: &Api, ty: &Ty, from: &Placement, child: bool) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Value => quote!(serde_json::Value),
        Ty::Vec(inner) => {
            let inner = ty_at(api, inner, from, child);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_at(api, inner, from, child);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty_at(api, inner, from, child);
            quote!(Option<#inner>)
        }
        Ty::Named(id) => {
            let def = &api.types[*id];
            let name = def.name.ident();
            match (def.placement == *from, child) {
                (true, false) => quote!(#name),
                (true, true) => quote!(super::#name),
                (false, _) => {
                    let module = module_path(api, &def.placement, from);
                    quote!(#module #name)
                }
            }
        }
    }
}

/// The path prefix (ending in `::`) of the module that holds the types of
/// `placement`, as written from code in another scope `from`.
fn module_path(api: &Api, placement: &Placement, from: &Placement) -> TokenStream {
    match (placement, from) {
        (Placement::Shared, _) => quote!(vercel_types::),
        (Placement::Group { group }, Placement::Operation { group: from_group, .. }) if group == from_group => {
            quote!(crate::types::)
        }
        (Placement::External, _) => unreachable!("no type is defined outside the generated crates"),
        (Placement::Group { group }, _) => {
            let krate = api.groups[*group].crate_ident().ident();
            quote!(#krate::types::)
        }
        (Placement::Operation { group, module }, Placement::Operation { group: from_group, .. })
            if group == from_group =>
        {
            quote!(crate::#module::)
        }
        (Placement::Operation { group, module }, _) => {
            let krate = api.groups[*group].crate_ident();
            quote!(#krate::#module::)
        }
    }
}

/// `ty`, boxed when `boxed`.
pub fn maybe_boxed(api: &Api, t: &Ty, boxed: bool, from: &Placement) -> TokenStream {
    maybe_boxed_with(api, t, boxed, from, Naming::Used)
}

/// [`maybe_boxed`], with named types printed as `naming` says.
pub fn maybe_boxed_with(api: &Api, t: &Ty, boxed: bool, from: &Placement, naming: Naming) -> TokenStream {
    let inner = ty_with(api, t, from, naming);
    if boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

/// Field type and serde attributes for one struct field.
pub fn field_type(api: &Api, t: &TypeDef, f: &Field) -> (TokenStream, TokenStream) {
    field_type_named(api, t, f, Naming::Used)
}

/// [`field_type`], with named types printed as `naming` says.
pub fn field_type_named(api: &Api, t: &TypeDef, f: &Field, naming: Naming) -> (TokenStream, TokenStream) {
    field_type_with(f, maybe_boxed_with(api, &f.ty, f.boxed, &t.placement, naming))
}

/// [`field_type`] with `base` in place of the field's own type (builders
/// store checked numbers this way): the field's [`Holding`] around it.
pub fn field_type_with(f: &Field, base: TokenStream) -> (TokenStream, TokenStream) {
    let skip = if f.skip_if_none { quote!(skip_serializing_if = "Option::is_none") } else { quote!() };
    match f.holding {
        Holding::Value => (base, quote!()),
        Holding::Option => (quote!(Option<#base>), skip),
        Holding::OptionNullable => (quote!(Option<vercel_runtime_core::Nullable<#base>>), skip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// A field typed by an alias of an alias names the final type in one hop,
    /// while the diff's declared name stays the alias its position has.
    #[test]
    fn a_use_names_the_type_an_alias_chain_ends_at() {
        let spec = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things:
    get:
      operationId: getThing
      tags: [things]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [kind]
                properties:
                  kind: { $ref: "#/components/schemas/Kind" }
components:
  schemas:
    Kind: { $ref: "#/components/schemas/KindName" }
    KindName: { $ref: "#/components/schemas/KindValue" }
    KindValue: { type: string, enum: [a, b] }
"##;
        let (api, _) = crate::build_api(spec, &[], &crate::Options::new("../../runtime")).unwrap();
        let op = &api.operations[0];
        let crate::ir::Response::Json(Ty::Named(response)) = &op.response else { panic!("{:?}", op.response) };
        let TypeKind::Struct(s) = &api.types[*response].kind else { panic!("a struct") };
        let field = &s.fields[0];
        let text = |naming| ty_with(&api, &field.ty, &op.placement(), naming).to_string().replace(' ', "");
        assert_eq!(text(Naming::Used), "crate::types::KindValue");
        assert_eq!(text(Naming::Declared), "crate::types::Kind");
    }
}
