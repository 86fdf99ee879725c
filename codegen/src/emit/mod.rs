//! Emission: IR → `quote!` token streams → `prettyplease` source files.

mod builders;
mod byte_stream;
#[cfg(feature = "check-programs")]
pub mod conformance;
pub(crate) mod crates;
mod docs;
mod guide;
mod inputs;
mod numbers;
mod operations;
pub mod package;
#[cfg(test)]
mod reserved_check;
#[cfg(feature = "check-programs")]
pub mod response_decode;
mod scopes;
pub(crate) mod types;
mod union_correction;

use crate::ir::facade::{FACADE_CRATE, TYPES_CRATE};
// The check programs (conformance, response decoding) name the type paths as `super::paths`.
use crate::ir::paths;
use crate::ir::{Api, TypeKind};
use crate::{Error, Options, Output, Stats};
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub use crates::HEADER;

/// One generated Rust file: its path, and how to build its tokens.
struct RustFile<'a> {
    path: String,
    tokens: Box<dyn Fn() -> TokenStream + Sync + 'a>,
}

impl<'a> RustFile<'a> {
    fn new(path: String, tokens: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        RustFile { path, tokens: Box::new(tokens) }
    }
}

/// CPU time spent building token streams and formatting them, summed over threads.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmitTimes {
    /// Building the token streams.
    pub tokens: Duration,
    /// `syn` parsing and `prettyplease`.
    pub format: Duration,
}

/// Emits every generated file, also returning where its CPU time went.
pub fn emit_timed(api: &Api, options: &Options) -> Result<(Output, EmitTimes), Error> {
    let mut files = BTreeMap::new();
    let mut rust = Vec::new();
    let types_dir = TYPES_CRATE;
    files.insert(format!("{types_dir}/Cargo.toml"), crates::types_manifest(options));
    rust.push(RustFile::new(format!("{types_dir}/src/lib.rs"), || crates::types_lib(api)));
    for (i, group) in api.groups.iter().enumerate() {
        let dir = &group.crate_name;
        files.insert(format!("{dir}/Cargo.toml"), crates::group_manifest(group, options));
        rust.push(RustFile::new(format!("{dir}/src/lib.rs"), move || crates::group_lib(api, i)));
        if crates::has_group_types(api, i) {
            rust.push(RustFile::new(format!("{dir}/src/types.rs"), move || crates::group_types(api, i)));
        }
        for op in api.operations.iter().filter(|o| o.group == i) {
            rust.push(RustFile::new(format!("{dir}/src/{}.rs", op.module()), move || operations::module(api, op)));
        }
    }
    for scope in &api.scopes {
        let dir = &scope.crate_name;
        files.insert(format!("{dir}/Cargo.toml"), scopes::scope_manifest(api, scope, options));
        rust.push(RustFile::new(format!("{dir}/src/lib.rs"), move || scopes::scope_lib(api, scope)));
    }
    let facade = FACADE_CRATE;
    files.insert(format!("{facade}/Cargo.toml"), crates::facade_manifest(api, options));
    rust.push(RustFile::new(format!("{facade}/src/lib.rs"), || crates::facade_lib(api, options)));
    rust.push(RustFile::new(format!("{facade}/examples/operations.rs"), || operations::examples_file(api)));
    guide::emit(api, options, &mut files, &mut rust);
    if options.packaging.is_some() {
        files.insert(format!("{types_dir}/README.md"), package::types_readme());
        for (i, group) in api.groups.iter().enumerate() {
            files.insert(format!("{}/README.md", group.crate_name), package::group_readme(api, i, options));
        }
        for scope in &api.scopes {
            files.insert(format!("{}/README.md", scope.crate_name), package::scope_readme(api, scope));
        }
        files.insert(format!("{facade}/README.md"), package::facade_readme(api, options));
    }
    files.insert("rustfmt.toml".into(), crates::rustfmt_config());
    if options.standalone_workspace {
        files.insert("Cargo.toml".into(), crates::standalone_workspace());
    }
    let (texts, times) = render(&rust)?;
    files.extend(texts);
    let stats = stats(api, &files);
    Ok((Output { files, stats, notes: Vec::new() }, times))
}

/// Builds and formats the Rust files on all available cores (each file's text
/// depends on nothing but the IR, so the output is the same on any number of
/// threads). Formatting is over half of regeneration and splits evenly.
fn render(files: &[RustFile<'_>]) -> Result<(Vec<(String, String)>, EmitTimes), Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut out = Vec::new();
        let mut times = EmitTimes::default();
        while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
            let start = Instant::now();
            let tokens = (file.tokens)();
            let built = Instant::now();
            let text = format_rust(tokens, &file.path);
            times.tokens += built - start;
            times.format += built.elapsed();
            out.push((file.path.clone(), text?));
        }
        Ok::<_, Error>((out, times))
    };
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut texts = Vec::new();
    let mut times = EmitTimes::default();
    for result in results {
        let (out, t) = result?;
        texts.extend(out);
        times.tokens += t.tokens;
        times.format += t.format;
    }
    Ok((texts, times))
}

/// Formats a token stream as a Rust file with the generated-file header.
pub fn format_rust(tokens: TokenStream, path: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::new("", format!("internal error: generated {path} does not parse: {e}")))?;
    Ok(format!("// {HEADER}\n{}", prettyplease::unparse(&file)))
}

fn stats(api: &Api, files: &BTreeMap<String, String>) -> Stats {
    let emitted: Vec<_> = api.types.iter().filter(|t| t.is_emitted()).collect();
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
        names: crate::NameFigures::of(emitted.iter().map(|t| (t.name.as_str(), t.positional))),
    }
}
