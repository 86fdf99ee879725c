//! The public API surface of the generated client as sorted text lines: one per
//! operation (crate, method, HTTP method, path, parameters, body and response
//! with their Rust types), one per emitted type (fields, variants) and one per
//! scope crate. Snapshotted for the pinned spec, so any spec change that alters
//! the generated API shows up as a readable diff in review.
//!
//! Rust types are printed by the IR's path rules (`ir::paths::ty`,
//! `ir::paths::field_type`), the ones emit prints with, so this text cannot
//! disagree with the code.

use crate::ir::paths::{field_type, ty_with, Naming};
use crate::ir::{Api, BodyKind, Operation, Param, ParamLocation, Placement, Response, TypeDef, TypeKind};
use crate::{Error, Options, OverlaySource};
use proc_macro2::TokenStream;

/// The API surface of the client that [`crate::generate`] would emit for this
/// input, one item per line, sorted.
pub fn surface(spec_text: &str, overlays: &[OverlaySource], options: &Options) -> Result<String, Error> {
    let (api, _notes) = crate::build_api(spec_text, overlays, options)?;
    let mut lines = surface_lines(&api);
    lines.sort();
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// Rust path of `t` as the generated code writes it from `from`.
fn ty(api: &Api, t: &crate::ir::Ty, from: &Placement) -> TokenStream {
    ty_with(api, t, from, Naming::Used)
}

/// Unsorted surface lines of `api`.
fn surface_lines(api: &Api) -> Vec<String> {
    let mut lines: Vec<String> = api.operations.iter().map(|op| operation_line(api, op)).collect();
    lines.extend(api.types.iter().filter(|t| t.is_emitted()).map(|t| type_line(api, t)));
    for scope in &api.scopes {
        let names = |ops: &[usize]| ops.iter().map(|&i| api.operations[i].name.as_str()).collect::<Vec<_>>().join(", ");
        let read = scope.read.as_deref().map(|r| format!(" Read [{}]", names(r))).unwrap_or_default();
        lines.push(format!("scope {}:{read} ReadWrite [{}]", scope.crate_ident(), names(&scope.read_write)));
    }
    lines
}

/// Token text of a Rust type without the spaces the token printer puts between tokens.
pub(crate) fn type_text(tokens: TokenStream) -> String {
    tokens.to_string().replace(' ', "").replace(',', ", ")
}

/// `name: Type` of a parameter as the request builder holds it.
pub(crate) fn param_text(api: &Api, op: &Operation, p: &Param) -> String {
    let t = type_text(ty(api, &p.ty, &op.placement()));
    let t = if p.required { t } else { format!("Option<{t}>") };
    let at = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    format!("{}: {t} ({at} {})", p.rust_name, p.wire_name)
}

/// The Rust type `send()` returns, as text, with named types printed as `naming` says.
pub(crate) fn response_text(api: &Api, op: &Operation, naming: Naming) -> String {
    let ty = |api: &Api, t: &crate::ir::Ty, from: &Placement| ty_with(api, t, from, naming);
    match &op.response {
        Response::Empty => "()".into(),
        Response::Json(t) => type_text(ty(api, t, &op.placement())),
        Response::JsonLines(t) => format!("lines of {}", type_text(ty(api, t, &op.placement()))),
        Response::Bytes => "Bytes".into(),
        Response::JsonOrLines { json, lines } => format!(
            "{} or lines of {}",
            type_text(ty(api, json, &op.placement())),
            type_text(ty(api, lines, &op.placement()))
        ),
    }
}

/// The request body as text: content type, whether required, and how it is
/// given, with named types printed as `naming` says.
pub(crate) fn body_text(api: &Api, op: &Operation, naming: Naming) -> Option<String> {
    let ty = |api: &Api, t: &crate::ir::Ty, from: &Placement| ty_with(api, t, from, naming);
    let body = op.body.as_ref()?;
    let req = if body.required { "required" } else { "optional" };
    let how = match &body.kind {
        BodyKind::Fields { ty: id, .. } => {
            format!("fields of {}", type_text(ty(api, &crate::ir::Ty::Named(*id), &op.placement())))
        }
        BodyKind::Json(t) => type_text(ty(api, t, &op.placement())),
        BodyKind::Bytes => "Bytes".into(),
    };
    Some(format!("{req} {} {how}", body.content_type))
}

fn operation_line(api: &Api, op: &Operation) -> String {
    let krate = api.groups[op.group].crate_ident();
    let params: Vec<String> = op.params.iter().map(|p| param_text(api, op, p)).collect();
    let body = body_text(api, op, Naming::Used).map(|b| format!(" body {b}")).unwrap_or_default();
    let deprecated = if op.deprecated { " deprecated" } else { "" };
    let anonymous = if op.anonymous { " anonymous" } else { "" };
    let errors: Vec<String> = op
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.status.label(), type_text(ty(api, &e.ty, &op.placement()))))
        .collect();
    let errors = if errors.is_empty() { String::new() } else { format!(" errors {{{}}}", errors.join(", ")) };
    format!(
        "op {krate}::{}: {} {} ({}){body} -> {}{errors}{deprecated}{anonymous}",
        op.name,
        op.method.as_str(),
        op.path,
        params.join(", "),
        response_text(api, op, Naming::Used)
    )
}

/// Rust path of a type's definition (`vercel_deployments::get_deployments::Response`).
pub(crate) fn type_path(api: &Api, t: &TypeDef) -> String {
    match &t.placement {
        Placement::Shared => format!("vercel_types::{}", t.name),
        Placement::Group { group } => format!("{}::types::{}", api.groups[*group].crate_ident(), t.name),
        Placement::Operation { group, module } => format!("{}::{module}::{}", api.groups[*group].crate_ident(), t.name),
        Placement::External => t.name.to_string(),
    }
}

fn type_line(api: &Api, t: &TypeDef) -> String {
    let path = type_path(api, t);
    if let Some(canonical) = t.same_as {
        return format!("type {path} = {}", type_text(ty(api, &crate::ir::Ty::Named(canonical), &t.placement)));
    }
    let shape = match &t.kind {
        TypeKind::Struct(s) => {
            let mut fields: Vec<String> =
                s.fields.iter().map(|f| format!("{}: {}", f.rust_name, type_text(field_type(api, t, f).0))).collect();
            if let Some(extra) = &s.additional {
                fields.push(format!(
                    "{}: BTreeMap<String, {}>",
                    extra.rust_name,
                    type_text(ty(api, &extra.ty, &t.placement))
                ));
            }
            let ne = if t.derives.non_exhaustive { "non_exhaustive " } else { "" };
            format!("{ne}struct {{ {} }}", fields.join(", "))
        }
        TypeKind::Enum(values) => {
            let variants: Vec<String> = values.iter().map(|v| format!("{} = {:?}", v.rust_name, v.value)).collect();
            format!("enum {{ {}, Unknown(UnknownValue) }}", variants.join(", "))
        }
        TypeKind::Union(u) => {
            let mut variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| {
                    let tag = v.tag_value.as_ref().map(|tv| format!(" = {tv:?}")).unwrap_or_default();
                    format!("{}({}){tag}", v.rust_name, type_text(ty(api, &v.ty, &t.placement)))
                })
                .collect();
            if t.derives.unknown_variant {
                variants.push("Unknown".into());
            }
            let mode = u.tag.as_ref().map(|tag| format!("tag {tag:?}")).unwrap_or_else(|| "untagged".into());
            format!("union ({mode}) {{ {} }}", variants.join(", "))
        }
        TypeKind::Alias(target) => format!("= {}", type_text(ty(api, target, &t.placement))),
    };
    format!("type {path}: {shape}")
}
