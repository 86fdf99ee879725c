//! Vercel OpenAPI → Rust client generator.
//!
//! The pipeline is `load` (parse JSON or YAML, apply overlays, normalise) →
//! [`ir`] (operations, parameters, bodies, responses, named types) →
//! `emit` (`quote!` token streams formatted by `prettyplease`).
//! The library does no I/O: callers hand it the spec text and overlays and get
//! back a map of relative file paths to contents. The same input always gives
//! byte-identical output.

mod emit;
mod error;
mod ir;
mod load;
mod naming;
mod overlay;
mod pointer;
pub mod scopes;

pub use error::Error;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How generated crates refer to the hand-written runtime crate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path (as written into each generated `Cargo.toml`) from a generated
    /// crate's folder to the `vercel-runtime` crate, e.g. `../../runtime`
    /// or an absolute path.
    pub runtime_path: String,
    /// Also emit a `Cargo.toml` at the output root that makes the output a
    /// self-contained workspace (for `regen --out DIR`).
    pub standalone_workspace: bool,
    /// An overlay action whose target is missing is an error (for the pinned
    /// spec, which overlays are written for); when false it is skipped with a
    /// note in [`Output::notes`] (for other specs, e.g. `regen --spec`).
    pub strict_overlays: bool,
    /// The integration scope table (`spec/scopes.toml` text). When given, one
    /// crate per scope is generated and every operation's docs list the scopes
    /// that grant it. An entry that resolves to no operation is an error when
    /// `strict_overlays` (the pinned spec), and a note otherwise.
    pub scopes: Option<String>,
}

/// One overlay document: its file name (for error messages) and its text.
#[derive(Debug, Clone)]
pub struct OverlaySource {
    /// File name, used in error messages.
    pub name: String,
    /// YAML or JSON text of the overlay.
    pub text: String,
}

/// Figures about one generation run, printed by `cargo xtask regen`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Number of operations turned into methods.
    pub operations: usize,
    /// Number of endpoint groups (crates besides types and facade).
    pub groups: usize,
    /// Number of generated named types (structs and enums).
    pub types: usize,
    /// How many of `types` repeat an earlier type of their group and are emitted as aliases of it.
    pub aliased_types: usize,
    /// Number of struct fields typed `serde_json::Value` because the schema is untyped.
    pub value_fields: usize,
    /// Lines of generated Rust code.
    pub lines: usize,
}

/// The generated files, keyed by path relative to the output folder (`/`-separated).
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Relative path → file contents.
    pub files: BTreeMap<String, String>,
    /// Figures about the run.
    pub stats: Stats,
    /// Things the maintainer should know (e.g. overlay actions skipped).
    pub notes: Vec<String>,
}

/// Generates the client crates from spec text (JSON or YAML) and overlays.
pub fn generate(spec_text: &str, overlays: &[OverlaySource], options: &Options) -> Result<Output, Error> {
    generate_timed(spec_text, overlays, options).map(|(output, _)| output)
}

/// Wall time of each phase of one [`generate_timed`] run (for `cargo xtask bench`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhaseTimes {
    /// Parsing the spec, applying the overlays, normalising.
    pub load: Duration,
    /// Lowering to the IR, including resolving the scope table.
    pub ir: Duration,
    /// Building the token streams and manifests (`emit` without `format`).
    pub emit: Duration,
    /// Formatting: `syn` parsing of the token streams and `prettyplease`.
    pub format: Duration,
}

/// [`generate`], also returning how long each phase took.
pub fn generate_timed(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &Options,
) -> Result<(Output, PhaseTimes), Error> {
    let start = Instant::now();
    let loaded = load::load(spec_text, overlays, options.strict_overlays)?;
    let load_time = start.elapsed();
    let start = Instant::now();
    let mut api = ir::build(&loaded.doc)?;
    let mut notes = loaded.notes;
    if let Some(table_text) = &options.scopes {
        let table = scopes::parse(table_text)?;
        let resolution = scopes::resolve(&loaded.doc, &table);
        for u in &resolution.unresolved {
            let message = format!("scope {} ({}): {}: {}", u.scope, u.access.as_str(), u.seed, u.reason);
            if options.strict_overlays {
                return Err(Error::new("", format!("scope table entry does not resolve: {message}")));
            }
            notes.push(format!("{message}; left out"));
        }
        ir::attach_scopes(&mut api, &table, &resolution);
    }
    let ir_time = start.elapsed();
    let start = Instant::now();
    let (mut output, format_time) = emit::emit_timed(&api, options)?;
    let emit_time = start.elapsed().saturating_sub(format_time);
    output.notes = notes;
    Ok((output, PhaseTimes { load: load_time, ir: ir_time, emit: emit_time, format: format_time }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_timed_gives_the_same_output_and_times_the_phases() {
        let spec = include_str!("../../tests/fixtures/bodies.yaml");
        let options = Options {
            runtime_path: "../../runtime".into(),
            standalone_workspace: false,
            strict_overlays: true,
            scopes: None,
        };
        let plain = generate(spec, &[], &options).unwrap();
        let (timed, times) = generate_timed(spec, &[], &options).unwrap();
        assert_eq!(plain.files, timed.files);
        assert_eq!(plain.stats, timed.stats);
        assert!(times.load > Duration::ZERO && times.ir > Duration::ZERO, "{times:?}");
        assert!(times.format > Duration::ZERO, "formatting is timed separately from emit: {times:?}");
    }
}
