//! The conformance program: a Rust crate that calls every operation of the
//! generated client once, with typed request values built from the spec
//! ([`crate::sample`]), against a mock server of the spec, and reports whether
//! each call succeeded and its response decoded.
//!
//! What is emitted here is only what depends on the client: one function per
//! operation that builds its request with the client's builders and sends
//! it, and the table of operations (label, documented errors, error body
//! type). Sending, judging and printing are the compiled driver
//! `vercel_check_driver::conformance` (`xtask/check-driver`), which `main`
//! calls with the table.
//!
//! Request values are Rust expressions emitted by walking each IR type
//! together with a JSON sample value: structs become struct literals, enums
//! `Name::from("value")`, unions the variant whose type fits the value, and so
//! on. A sample that does not fit its Rust type becomes a failure of that
//! operation in the program (reported when it runs), not a generation error.

use crate::ir::paths::{ident, ty};
use crate::ir::{Api, BodyKind, Operation, Placement, Ty, TypeDef, TypeKind};
use crate::sample::Sampler;
use crate::{pointer, ConformanceOptions, Error};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// What one operation's check is built from.
struct Call {
    /// The request builder expression, or why no request could be built.
    request: Result<TokenStream, String>,
    /// Documented 4xx status codes (for the error checks), each with whether it documents a body.
    error_codes: Vec<(u16, bool)>,
}

/// The program's `src/main.rs`: one call function per operation, the table
/// of operations, and a `main` that hands the table to the driver
/// (`vercel_check_driver::conformance::main`, which reads the base URL from
/// the first argument).
pub fn main_rs(api: &Api, raw: &Value, error_checks: bool) -> Result<TokenStream, Error> {
    let sampler = Sampler::new(raw);
    let mut fns = Vec::new();
    let mut entries = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let call = call(api, raw, &sampler, op)?;
        let fname = ident(&format!("call_{i}"));
        let label = format!("{} ({} {})", op.runtime_id, op.method.as_str(), op.path);
        fns.push(match &call.request {
            Ok(request) => quote! {
                fn #fname(client: &vercel_runtime::Client) -> Result<driver::Pending<'_>, String> {
                    Ok(driver::pending((#request).send_with_response()))
                }
            },
            Err(why) => {
                let why = format!("cannot build the request: {why}");
                quote! {
                    fn #fname(_client: &vercel_runtime::Client) -> Result<driver::Pending<'_>, String> {
                        Err(String::from(#why))
                    }
                }
            }
        });
        let codes = if error_checks { call.error_codes } else { Vec::new() };
        let errors = codes.into_iter().map(|(status, has_body)| {
            let typed = op.errors.iter().any(|e| e.status.matches(status));
            quote!(driver::DocumentedError { status: #status, has_body: #has_body, typed: #typed })
        });
        let typed_error = if op.errors.is_empty() {
            quote!(None)
        } else {
            let module = op.name.ident();
            let krate = api.groups[op.group].crate_ident().ident();
            let error_body = ident(crate::ir::ERROR_BODY);
            quote!(Some(driver::decodes_as::<#krate::#module::#error_body>))
        };
        entries.push(quote! {
            driver::Operation { label: #label, call: #fname, errors: &[#(#errors),*], typed_error: #typed_error }
        });
    }
    Ok(quote! {
        //! Calls every operation of the generated client against a mock server
        //! (Prism) of the corrected spec; see `cargo xtask conformance`. The
        //! checks are `vercel_check_driver::conformance`.
        #![allow(clippy::all)]

        use vercel_check_driver::conformance as driver;

        #(#fns)*

        /// Every operation of the client, in spec order.
        const OPERATIONS: &[driver::Operation] = &[#(#entries),*];

        fn main() -> std::process::ExitCode {
            driver::main(OPERATIONS)
        }
    })
}

/// Builds the request expression for one operation.
fn call(api: &Api, raw: &Value, sampler: &Sampler<'_>, op: &Operation) -> Result<Call, Error> {
    let group = &api.groups[op.group];
    let krate = group.crate_ident().ident();
    let client = group.client.ident();
    let name = op.name.ident();
    let error_codes: Vec<(u16, bool)> =
        op.error_codes.iter().copied().filter(|(code, _)| (400..500).contains(code)).collect();

    let request = (|| -> Result<TokenStream, String> {
        let mut args = Vec::new();
        let mut setters = Vec::new();
        for p in &op.params {
            let value = param_value(raw, sampler, p).map_err(|e| e.to_string())?;
            let expr = value_expr(api, &p.ty, &value).map_err(|e| format!("parameter `{}`: {e}", p.wire_name))?;
            if p.required {
                args.push(expr);
            } else {
                let setter = p.rust_name.ident();
                setters.push(quote!(.#setter(#expr)));
            }
        }
        if let Some(body) = &op.body {
            setters.extend(body_setters(api, raw, sampler, body)?);
        }
        Ok(quote! { #krate::#client::new(client.clone()).#name(#(#args),*) #(#setters)* })
    })();
    Ok(Call { request, error_codes })
}

/// The value sent for one parameter: its example when valid, else a sample of its schema.
fn param_value(raw: &Value, sampler: &Sampler<'_>, p: &crate::ir::Param) -> Result<Value, Error> {
    // A parameter the generator inferred (e.g. from the path template): a plain string.
    let Some(at) = &p.pointer else { return Ok(Value::String("example".into())) };
    let param = raw.pointer(at).ok_or_else(|| Error::new(at, "parameter not found in the spec"))?;
    let Some(schema) = param.get("schema") else { return Ok(Value::String("example".into())) };
    if let Some(example) = param.get("example") {
        if sampler.validate(schema, example).is_ok() {
            return Ok(example.clone());
        }
    }
    sampler.sample(schema, &pointer::join(at, "schema"))
}

/// Builder calls that set the request body from a sample of its schema.
fn body_setters(
    api: &Api,
    raw: &Value,
    sampler: &Sampler<'_>,
    body: &crate::ir::Body,
) -> Result<Vec<TokenStream>, String> {
    let media = body.pointer.as_deref().and_then(|at| raw.pointer(at).map(|m| (m, at)));
    let schema = media.and_then(|(m, at)| m.get("schema").map(|s| (s, pointer::join(at, "schema"))));
    let value = match (media.and_then(|(m, _)| m.get("example")), schema) {
        (Some(example), Some((schema, _))) if sampler.validate(schema, example).is_ok() => example.clone(),
        (_, Some((schema, at))) => sampler.sample(schema, &at).map_err(|e| e.to_string())?,
        (_, None) => Value::Null,
    };
    match &body.kind {
        BodyKind::Bytes => Ok(vec![quote!(.body(vercel_runtime::Bytes::from_static(b"conformance")))]),
        BodyKind::Json(t) => {
            let expr = value_expr(api, t, &value).map_err(|e| format!("body: {e}"))?;
            Ok(vec![quote!(.body(#expr))])
        }
        BodyKind::Fields { ty: tid, setters, null_setters, .. } => {
            let TypeKind::Struct(s) = &canonical(api, *tid).kind else {
                return Err("a field-wise body is not a struct".into());
            };
            let Value::Object(map) = &value else { return Err(format!("body sample is not an object: {value}")) };
            let mut calls = Vec::new();
            for ((f, setter), null_setter) in s.fields.iter().zip(setters).zip(null_setters) {
                let Some(v) = map.get(&f.json_name) else { continue };
                if v.is_null() {
                    if let Some(null_setter) = null_setter {
                        let null_setter = null_setter.ident();
                        calls.push(quote!(.#null_setter()));
                    }
                    continue;
                }
                let expr = value_expr(api, &f.ty, v).map_err(|e| format!("body field `{}`: {e}", f.json_name))?;
                let setter = setter.ident();
                calls.push(quote!(.#setter(#expr)));
            }
            Ok(calls)
        }
    }
}

/// The type a named type stands for (an alias of an identical type → that type).
fn canonical(api: &Api, id: usize) -> &TypeDef {
    api.repeated(id)
}

/// A Rust expression of type `t` (as written outside the generated crates)
/// for the JSON `value`.
pub fn value_expr(api: &Api, t: &Ty, value: &Value) -> Result<TokenStream, String> {
    let mismatch = || format!("{} does not fit {}", short(value), ty(api, t, &Placement::External));
    Ok(match t {
        Ty::String => match value {
            Value::String(s) => quote!(String::from(#s)),
            Value::Number(_) | Value::Bool(_) => {
                let s = value.to_string();
                quote!(String::from(#s))
            }
            _ => return Err(mismatch()),
        },
        Ty::Bool => match value {
            Value::Bool(b) => quote!(#b),
            _ => return Err(mismatch()),
        },
        Ty::Integer => match value.as_i64().or_else(|| value.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)) {
            Some(n) => {
                let lit = Literal::i64_suffixed(n);
                quote!(#lit)
            }
            None => return Err(mismatch()),
        },
        Ty::Number => match value.as_f64() {
            Some(n) => {
                let lit = Literal::f64_suffixed(n);
                quote!(#lit)
            }
            None => return Err(mismatch()),
        },
        Ty::Value => {
            let text = value.to_string();
            quote!(serde_json::from_str::<serde_json::Value>(#text).expect("sample JSON"))
        }
        Ty::Vec(inner) => {
            let Value::Array(items) = value else { return Err(mismatch()) };
            let items = items.iter().map(|v| value_expr(api, inner, v)).collect::<Result<Vec<_>, _>>()?;
            quote!(vec![#(#items),*])
        }
        Ty::Map(inner) => {
            let Value::Object(map) = value else { return Err(mismatch()) };
            let entries = map
                .iter()
                .map(|(k, v)| value_expr(api, inner, v).map(|e| quote!((String::from(#k), #e))))
                .collect::<Result<Vec<_>, _>>()?;
            quote!([#(#entries),*].into_iter().collect::<std::collections::BTreeMap<String, _>>())
        }
        Ty::Option(inner) => match value {
            Value::Null => quote!(None),
            v => {
                let e = value_expr(api, inner, v)?;
                quote!(Some(#e))
            }
        },
        Ty::Named(id) => named_expr(api, *id, value)?,
    })
}

fn named_expr(api: &Api, id: usize, value: &Value) -> Result<TokenStream, String> {
    let path = ty(api, &Ty::Named(id), &Placement::External);
    let def = canonical(api, id);
    let mismatch = || format!("{} does not fit {path}", short(value));
    Ok(match &def.kind {
        TypeKind::Alias(inner) => value_expr(api, inner, value)?,
        TypeKind::Enum(_) => match value {
            Value::String(s) => quote!(#path::from(#s)),
            _ => return Err(mismatch()),
        },
        TypeKind::Struct(s) => {
            let Value::Object(map) = value else { return Err(mismatch()) };
            let mut inits = Vec::new();
            for f in &s.fields {
                let fname = f.rust_name.ident();
                let v = map.get(&f.json_name);
                let inner = match v.filter(|v| !v.is_null()) {
                    Some(v) => {
                        let e = value_expr(api, &f.ty, v).map_err(|e| format!("{}: {e}", f.json_name))?;
                        Some(if f.boxed { quote!(Box::new(#e)) } else { e })
                    }
                    None => None,
                };
                let init = if f.required && !f.nullable {
                    inner.ok_or_else(|| format!("required field `{}` has no value in {}", f.json_name, short(value)))?
                } else if def.usage.request && !f.required && f.nullable {
                    match (v, inner) {
                        (_, Some(e)) => quote!(Some(vercel_runtime::Nullable::Value(#e))),
                        (Some(Value::Null), None) => quote!(Some(vercel_runtime::Nullable::Null)),
                        _ => quote!(None),
                    }
                } else {
                    match inner {
                        Some(e) => quote!(Some(#e)),
                        None => quote!(None),
                    }
                };
                inits.push(quote!(#fname: #init));
            }
            if let Some(additional) = &s.additional {
                let extra_ty = &additional.ty;
                let aname = additional.rust_name.ident();
                let known: Vec<&str> = s.fields.iter().map(|f| f.json_name.as_str()).collect();
                let extra = map
                    .iter()
                    .filter(|(k, _)| !known.contains(&k.as_str()))
                    .map(|(k, v)| value_expr(api, extra_ty, v).map(|e| quote!((String::from(#k), #e))))
                    .collect::<Result<Vec<_>, _>>()?;
                inits.push(quote!(#aname: [#(#extra),*].into_iter().collect()));
            }
            quote!(#path { #(#inits),* })
        }
        TypeKind::Union(u) => {
            let chosen = match &u.tag {
                Some(tag) => {
                    let tag_value = value.get(tag).and_then(Value::as_str);
                    u.variants.iter().find(|v| v.tag_value.as_deref() == tag_value)
                }
                None => u
                    .variants
                    .iter()
                    .find(|v| fits(api, &v.ty, value, true))
                    .or_else(|| u.variants.iter().find(|v| fits(api, &v.ty, value, false))),
            };
            let Some(variant) = chosen else { return Err(format!("no variant fits: {}", mismatch())) };
            let vname = variant.rust_name.ident();
            let e = value_expr(api, &variant.ty, value)?;
            let e = if variant.boxed { quote!(Box::new(#e)) } else { e };
            quote!(#path::#vname(#e))
        }
    })
}

/// Whether `value` can be expressed as `t`. `strict` also requires enum values
/// to be known and objects to have no keys the struct lacks (to tell union
/// variants apart).
fn fits(api: &Api, t: &Ty, value: &Value, strict: bool) -> bool {
    match t {
        Ty::String => value.is_string(),
        Ty::Bool => value.is_boolean(),
        Ty::Integer => value.as_f64().is_some_and(|f| f.fract() == 0.0),
        Ty::Number => value.is_number(),
        Ty::Value => true,
        Ty::Vec(inner) => value.as_array().is_some_and(|a| a.iter().all(|v| fits(api, inner, v, strict))),
        Ty::Map(inner) => value.as_object().is_some_and(|m| m.values().all(|v| fits(api, inner, v, strict))),
        Ty::Option(inner) => value.is_null() || fits(api, inner, value, strict),
        Ty::Named(id) => match &canonical(api, *id).kind {
            TypeKind::Alias(inner) => fits(api, inner, value, strict),
            TypeKind::Enum(values) => value.as_str().is_some_and(|s| !strict || values.iter().any(|v| v.value == s)),
            TypeKind::Union(u) => u.variants.iter().any(|v| fits(api, &v.ty, value, strict)),
            TypeKind::Struct(s) => {
                let Some(map) = value.as_object() else { return false };
                let fields_fit = s.fields.iter().all(|f| match map.get(&f.json_name) {
                    None => !f.required || f.nullable,
                    Some(Value::Null) => f.nullable || !f.required,
                    Some(v) => fits(api, &f.ty, v, strict),
                });
                let no_unknown =
                    !strict || s.additional.is_some() || map.keys().all(|k| s.fields.iter().any(|f| &f.json_name == k));
                fields_fit && no_unknown
            }
        },
    }
}

/// A value shortened for messages.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// The program's `Cargo.toml`: the generated crates, the runtime and the driver by path.
pub fn manifest(api: &Api, options: &ConformanceOptions) -> String {
    program_manifest(api, "vercel-conformance", options)
}

/// A check program's `Cargo.toml` named `name`, depending on every generated
/// crate, the runtime and the check driver by path (`options`).
pub fn program_manifest(api: &Api, name: &str, options: &ConformanceOptions) -> String {
    let client_dir = &options.client_dir;
    let mut deps = format!(
        "vercel-runtime = {{ path = {:?} }}\nvercel-check-driver = {{ path = {:?} }}\nvercel-types = {{ path = {:?} }}\n",
        options.runtime_path,
        options.driver_path,
        format!("{client_dir}/vercel-types")
    );
    for g in &api.groups {
        deps.push_str(&format!("{} = {{ path = {:?} }}\n", g.crate_name, format!("{client_dir}/{}", g.crate_name)));
    }
    format!(
        "# Generated by vercel-codegen. Do not edit.\n[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{deps}serde_json = \"1\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n"
    )
}

/// The forward-compatibility program's `src/main.rs`: a table of the JSON
/// samples (keyed by operationId) with the response type of that operation
/// in `api` (a client generated from another spec), handed to
/// `vercel_check_driver::forward_compat::main`, which prints one line per
/// failure with the field path, then `forward-compat: N/M operations decode`.
pub fn decode_main_rs(api: &Api, samples: &std::collections::BTreeMap<String, Value>) -> TokenStream {
    let mut cases = Vec::new();
    for op in &api.operations {
        let Some(id) = &op.operation_id else { continue };
        let Some(sample) = samples.get(id) else { continue };
        let t = match &op.response {
            crate::ir::Response::Json(t)
            | crate::ir::Response::JsonLines(t)
            | crate::ir::Response::JsonOrLines { json: t, .. } => t,
            crate::ir::Response::Empty | crate::ir::Response::Bytes => continue,
        };
        let path = ty(api, t, &Placement::External);
        let text = sample.to_string();
        cases.push(quote! { driver::Case { id: #id, sample: #text, decode: driver::decode::<#path> } });
    }
    quote! {
        //! Decodes responses that are valid for a newer spec with the types generated
        //! from an older one (forward compatibility of the generated client); the
        //! checks are `vercel_check_driver::forward_compat`.
        #![allow(clippy::all)]

        use vercel_check_driver::forward_compat as driver;

        /// One sample response per operation, with the type it must decode into.
        const CASES: &[driver::Case] = &[#(#cases),*];

        fn main() -> std::process::ExitCode {
            driver::main(CASES)
        }
    }
}
