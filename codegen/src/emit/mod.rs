//! Emission: IR → `quote!` token streams → `prettyplease` source files.

pub mod conformance;
mod crates;
mod docs;
mod operations;
pub(crate) mod paths;
mod scopes;
pub(crate) mod types;

use crate::ir::{Api, TypeKind};
use crate::{Error, Options, Output, Stats};
use proc_macro2::TokenStream;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use crates::HEADER;

thread_local! {
    /// Time spent in [`format_rust`] on this thread since the last [`emit_timed`] started.
    static FORMAT_TIME: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// [`emit`], also returning the part of its time spent formatting.
pub fn emit_timed(api: &Api, options: &Options) -> Result<(Output, Duration), Error> {
    FORMAT_TIME.with(|t| t.set(Duration::ZERO));
    let output = emit(api, options)?;
    Ok((output, FORMAT_TIME.with(Cell::get)))
}

/// Emits every generated file.
pub fn emit(api: &Api, options: &Options) -> Result<Output, Error> {
    let mut files = BTreeMap::new();
    let types_dir = crates::TYPES_CRATE;
    files.insert(format!("{types_dir}/Cargo.toml"), crates::types_manifest(options));
    files.insert(format!("{types_dir}/src/lib.rs"), format_rust(crates::types_lib(api), "vercel-types/src/lib.rs")?);
    for (i, group) in api.groups.iter().enumerate() {
        let dir = &group.crate_name;
        files.insert(format!("{dir}/Cargo.toml"), crates::group_manifest(group, options));
        let lib = format!("{dir}/src/lib.rs");
        files.insert(lib.clone(), format_rust(crates::group_lib(api, i), &lib)?);
        if crates::has_group_types(api, i) {
            let path = format!("{dir}/src/types.rs");
            files.insert(path.clone(), format_rust(crates::group_types(api, i), &path)?);
        }
        for op in api.operations.iter().filter(|o| o.group == i) {
            let path = format!("{dir}/src/{}.rs", op.module());
            files.insert(path.clone(), format_rust(operations::module(api, op), &path)?);
        }
    }
    for scope in &api.scopes {
        let dir = &scope.crate_name;
        files.insert(format!("{dir}/Cargo.toml"), scopes::scope_manifest(api, scope, options));
        let lib = format!("{dir}/src/lib.rs");
        files.insert(lib.clone(), format_rust(scopes::scope_lib(api, scope), &lib)?);
    }
    let facade = crates::FACADE_CRATE;
    files.insert(format!("{facade}/Cargo.toml"), crates::facade_manifest(api, options));
    let facade_lib = format!("{facade}/src/lib.rs");
    files.insert(facade_lib.clone(), format_rust(crates::facade_lib(api), &facade_lib)?);
    files.insert("rustfmt.toml".into(), crates::rustfmt_config());
    if options.standalone_workspace {
        files.insert("Cargo.toml".into(), crates::standalone_workspace());
    }
    let stats = stats(api, &files);
    Ok(Output { files, stats, notes: Vec::new() })
}

/// Formats a token stream as a Rust file with the generated-file header.
pub fn format_rust(tokens: TokenStream, path: &str) -> Result<String, Error> {
    let start = Instant::now();
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::new("", format!("internal error: generated {path} does not parse: {e}")))?;
    let text = format!("// {HEADER}\n{}", prettyplease::unparse(&file));
    FORMAT_TIME.with(|t| t.set(t.get() + start.elapsed()));
    Ok(text)
}

fn stats(api: &Api, files: &BTreeMap<String, String>) -> Stats {
    let emitted: Vec<_> = api.types.iter().filter(|t| types::is_emitted(t)).collect();
    let value_fields = emitted
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) if t.same_as.is_none() => s.fields.iter().filter(|f| f.ty.is_untyped()).count(),
            _ => 0,
        })
        .sum();
    Stats {
        operations: api.operations.len(),
        groups: api.groups.len(),
        types: emitted.len(),
        aliased_types: emitted.iter().filter(|t| t.same_as.is_some()).count(),
        value_fields,
        lines: files.iter().filter(|(k, _)| k.ends_with(".rs")).map(|(_, v)| v.lines().count()).sum(),
    }
}
