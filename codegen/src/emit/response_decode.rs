//! The response-decoding program of `cargo xtask fuzz`: a Rust crate that
//! decodes bodies it is given with the success type of the operation they
//! are for, through the runtime's 2xx decode path (client error correction
//! included), and prints the outcome of each, catching panics. Emitted here:
//! the table of case keys and types; the loop is the compiled driver
//! `vercel_check_driver::response_decode` (`xtask/check-driver`).
//!
//! Also here: the sample success body of each operation (the [`Sampler`]'s
//! value for the schema the success type was built from), keyed as the
//! program's cases are, for the fuzzer to mutate.

use crate::ir::paths::ty;
use crate::ir::{Api, Operation, Placement, Response, Ty};
use crate::pointer;
use crate::sample::Sampler;
use crate::Error;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::BTreeMap;

/// Suffix of the case key of a stream operation's event type (`getRuntimeLogs#event`).
pub const EVENT_SUFFIX: &str = "#event";

/// One body the program can decode: its case key and the Rust type.
struct Target<'a> {
    key: String,
    ty: &'a Ty,
    /// The content type whose schema the type was built from.
    content: Content,
}

#[derive(Clone, Copy, PartialEq)]
enum Content {
    /// The JSON success body (`application/json` or another `+json` type).
    Json,
    /// One value of an `application/stream+json` body.
    Event,
}

/// The bodies of `op` the client decodes: the JSON success body and the
/// event type of a stream (a `JsonLines` response is only events).
fn targets_of(op: &Operation) -> Vec<Target<'_>> {
    let mut out = Vec::new();
    if let Response::Json(t) | Response::JsonOrLines { json: t, .. } = &op.response {
        out.push(Target { key: op.runtime_id.clone(), ty: t, content: Content::Json });
    }
    let events = match &op.response {
        Response::JsonLines(t) => Some(t),
        _ => op.events.as_ref(),
    };
    if let Some(t) = events {
        out.push(Target { key: format!("{}{EVENT_SUFFIX}", op.runtime_id), ty: t, content: Content::Event });
    }
    out
}

/// A sample of each body the client decodes, keyed as the program's cases
/// (`runtime_id`, and `runtime_id#event` for stream events): the sampler's
/// value for the schema of the first 2xx response (in spec order) with that
/// content. Bodies without a schema (typed `serde_json::Value`) are left out.
pub fn samples(api: &Api, raw: &Value) -> Result<BTreeMap<String, Value>, Error> {
    let sampler = Sampler::new(raw);
    let mut out = BTreeMap::new();
    for op in &api.operations {
        let op_ptr = pointer::join(&pointer::join("/paths", &op.path), op.method.as_str().to_ascii_lowercase());
        for target in targets_of(op) {
            if let Some((schema, at)) = success_schema(&sampler, raw, &op_ptr, target.content)? {
                out.insert(target.key, sampler.sample(schema, &at)?);
            }
        }
    }
    Ok(out)
}

/// The schema (and its pointer) of the first 2xx response of the operation at
/// `op_ptr` that has `content`.
fn success_schema<'a>(
    sampler: &Sampler<'a>,
    raw: &'a Value,
    op_ptr: &str,
    content: Content,
) -> Result<Option<(&'a Value, String)>, Error> {
    let responses_ptr = pointer::join(op_ptr, "responses");
    let Some(responses) = raw.pointer(&responses_ptr).and_then(Value::as_object) else { return Ok(None) };
    for (code, response) in responses {
        if !code.starts_with('2') {
            continue;
        }
        let (response, at) = sampler.resolve(response, &pointer::join(&responses_ptr, code))?;
        let Some(types) = response.get("content").and_then(Value::as_object) else { continue };
        let found = types.iter().find(|(ct, media)| {
            let fits = match content {
                Content::Json => crate::ir::is_json(ct),
                Content::Event => crate::ir::is_json_lines(ct),
            };
            fits && media.get("schema").is_some()
        });
        if let Some((ct, media)) = found {
            let at = pointer::join(&pointer::join(&pointer::join(&at, "content"), ct), "schema");
            return Ok(Some((&media["schema"], at)));
        }
    }
    Ok(None)
}

/// The program's `src/main.rs`: the table of case keys with the Rust type
/// each decodes into, handed to `vercel_check_driver::response_decode::main`,
/// which reads the case file given as its first argument (cases one after
/// another, each a line `KEY LEN`, then `LEN` bytes of body and a newline) and
/// prints one line per case, `N CLASS MICROS DETAIL`: `decoded`, `corrected`
/// (detail: the number of corrections and their paths), `error` (detail:
/// path, a tab, the message), `panic` (detail: the panic message) or
/// `unknown` (a key the program has no type for).
pub fn main_rs(api: &Api) -> TokenStream {
    let mut targets = Vec::new();
    for op in &api.operations {
        for target in targets_of(op) {
            let key = &target.key;
            let path = ty(api, target.ty, &Placement::External);
            targets.push(quote! { driver::Target { key: #key, decode: driver::decode::<#path> } });
        }
    }
    quote! {
        //! Decodes mutated response bodies with each operation's success type,
        //! through the runtime's decode path with client error correction, and
        //! prints each outcome; see `cargo xtask fuzz`. The decoding loop is
        //! `vercel_check_driver::response_decode`.
        #![allow(clippy::all)]

        use vercel_check_driver::response_decode as driver;

        /// Every body the client decodes, by case key, with its type.
        const TARGETS: &[driver::Target] = &[#(#targets),*];

        fn main() -> std::process::ExitCode {
            driver::main(TARGETS)
        }
    }
}
