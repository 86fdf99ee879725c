//! The response-decoding program of `cargo xtask fuzz`: a Rust crate that
//! decodes bodies it is given with the success type of the operation they
//! are for, through the runtime's 2xx decode path (client error correction
//! included), and prints the outcome of each, catching panics.
//!
//! Also here: the sample success body of each operation (the [`Sampler`]'s
//! value for the schema the success type was built from), keyed as the
//! program's cases are, for the fuzzer to mutate.

use super::paths::ty;
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
fn targets(op: &Operation) -> Vec<Target<'_>> {
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
        for target in targets(op) {
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

/// The program's `src/main.rs`. It reads a case file (its first argument):
/// cases one after another, each a line `KEY LEN`, then `LEN` bytes of body
/// and a newline. For each case it prints one line, `N CLASS MICROS DETAIL`:
/// `decoded`, `corrected` (detail: the number of corrections and their
/// paths), `error` (detail: path, a tab, the message), `panic` (detail: the
/// panic message) or `unknown` (a key the program has no type for).
pub fn main_rs(api: &Api) -> TokenStream {
    let mut arms = Vec::new();
    for op in &api.operations {
        for target in targets(op) {
            let key = &target.key;
            let path = ty(api, target.ty, &Placement::External);
            arms.push(quote! { #key => decode::<#path>(body), });
        }
    }
    quote! {
        //! Decodes mutated response bodies with each operation's success type,
        //! through the runtime's decode path with client error correction, and
        //! prints each outcome; see `cargo xtask fuzz`.
        #![allow(clippy::all)]

        use std::io::Write;

        /// What decoding one body gave.
        enum Outcome {
            Decoded,
            Corrected(Vec<vercel_runtime::Correction>),
            Failed { path: String, message: String },
        }

        fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Outcome {
            match vercel_runtime::decode_json_corrected::<T>(body, false) {
                Ok((_, corrections)) if corrections.is_empty() => Outcome::Decoded,
                Ok((_, corrections)) => Outcome::Corrected(corrections),
                Err((path, message)) => Outcome::Failed { path, message },
            }
        }

        fn decode_case(key: &str, body: &[u8]) -> Option<Outcome> {
            Some(match key {
                #(#arms)*
                _ => return None,
            })
        }

        /// The next case of `input`: its key and body, and the rest.
        fn next_case(input: &[u8]) -> Result<(&str, &[u8], &[u8]), String> {
            let newline = input.iter().position(|&b| b == b'\n').ok_or("a case header without a newline")?;
            let header = std::str::from_utf8(&input[..newline]).map_err(|e| e.to_string())?;
            let (key, len) = header.rsplit_once(' ').ok_or_else(|| format!("bad case header {header:?}"))?;
            let len: usize = len.parse().map_err(|_| format!("bad case length in {header:?}"))?;
            let rest = &input[newline + 1..];
            if rest.len() < len + 1 || rest[len] != b'\n' {
                return Err(format!("the body of case {key:?} is cut short"));
            }
            Ok((key, &rest[..len], &rest[len + 1..]))
        }

        fn one_line(text: &str) -> String {
            text.replace(['\n', '\r', '\t'], " ")
        }

        fn main() -> std::process::ExitCode {
            let file = std::env::args().nth(1).expect("usage: response-fuzz CASE_FILE");
            let input = std::fs::read(&file).expect("reading the case file");
            // Panics are caught and reported per case; the default message would only repeat them.
            std::panic::set_hook(Box::new(|_| {}));
            let mut out = std::io::stdout().lock();
            let mut rest = &input[..];
            let mut case = 0usize;
            while !rest.is_empty() {
                let (key, body, next) = match next_case(rest) {
                    Ok(parts) => parts,
                    Err(why) => {
                        eprintln!("case {case}: {why}");
                        return std::process::ExitCode::FAILURE;
                    }
                };
                rest = next;
                let started = std::time::Instant::now();
                let outcome = std::panic::catch_unwind(|| decode_case(key, body));
                let micros = started.elapsed().as_micros();
                let line = match outcome {
                    Ok(Some(Outcome::Decoded)) => format!("{case} decoded {micros}"),
                    Ok(Some(Outcome::Corrected(corrections))) => {
                        let paths: Vec<&str> = corrections.iter().map(|c| c.path.as_str()).collect();
                        format!("{case} corrected {micros} {} {}", paths.len(), one_line(&paths.join(" ")))
                    }
                    Ok(Some(Outcome::Failed { path, message })) => {
                        format!("{case} error {micros} {}\t{}", one_line(&path), one_line(&message))
                    }
                    Ok(None) => format!("{case} unknown {micros} {key}"),
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| payload.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "a panic without a message".into());
                        format!("{case} panic {micros} {}", one_line(&message))
                    }
                };
                // One line per case as it ends: a crash still leaves the cases before it.
                if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                    return std::process::ExitCode::FAILURE;
                }
                case += 1;
            }
            std::process::ExitCode::SUCCESS
        }
    }
}
