//! Vercel OpenAPI → Rust client generator.
//!
//! The pipeline is `load` (parse JSON or YAML, apply overlays, normalise) →
//! `ir` (operations, parameters, bodies, responses, named types) →
//! `emit` (`quote!` token streams formatted by `prettyplease`; `cargo xtask
//! regen` then runs rustfmt over them).
//! The library does no I/O: callers hand it the spec text and overlays and get
//! back a map of relative file paths to contents. The same input always gives
//! byte-identical output.

#![warn(missing_docs)]
// The IR keeps facts only the check programs read (spec pointers, documented
// error codes); without their feature those are unread. The workspace build
// (tests enable the feature) still reports dead code.
#![cfg_attr(not(feature = "check-programs"), allow(dead_code, unused_imports))]

pub mod diff;
mod emit;
mod error;
pub mod groups;
mod ir;
mod load;
mod naming;
mod overlay;
pub mod path_template;
mod pointer;
#[cfg(feature = "check-programs")]
pub mod sample;
pub mod scopes;
mod surface;

pub use emit::package::Packaging;
pub use error::Error;
pub use ir::facade::{Companion, COMPANIONS, FACADE_CRATE, TYPES_CRATE};
pub use naming::figures::NameFigures;
pub use surface::surface;

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
    /// Package metadata and versions of the crates to publish (see [`Packaging`]);
    /// `None` writes manifests with path-only dependencies and version 0.1.0.
    pub packaging: Option<Packaging>,
    /// The group table (`spec/groups.toml` text): the crate and feature each tag
    /// generates (see [`groups`]). `None` names every group after its tag.
    pub groups: Option<String>,
}

impl Options {
    /// Options for generating into a folder whose crates reach the runtime at
    /// `runtime_path`: not a standalone workspace, overlays strict (as for
    /// the pinned spec), no scope table, no packaging, every group named
    /// after its tag. The other settings are set with the methods below.
    pub fn new(runtime_path: impl Into<String>) -> Options {
        Options {
            runtime_path: runtime_path.into(),
            standalone_workspace: false,
            strict_overlays: true,
            scopes: None,
            packaging: None,
            groups: None,
        }
    }

    /// Sets [`standalone_workspace`](Self::standalone_workspace).
    pub fn standalone_workspace(mut self, standalone: bool) -> Options {
        self.standalone_workspace = standalone;
        self
    }

    /// Sets [`strict_overlays`](Self::strict_overlays).
    pub fn strict_overlays(mut self, strict: bool) -> Options {
        self.strict_overlays = strict;
        self
    }

    /// Sets [`scopes`](Self::scopes), the scope table's text.
    pub fn scopes(mut self, scopes: Option<String>) -> Options {
        self.scopes = scopes;
        self
    }

    /// Sets [`packaging`](Self::packaging).
    pub fn packaging(mut self, packaging: Option<Packaging>) -> Options {
        self.packaging = packaging;
        self
    }

    /// Sets [`groups`](Self::groups), the group table's text.
    pub fn groups(mut self, groups: Option<String>) -> Options {
        self.groups = groups;
        self
    }
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
    /// How readable the type names are (length, repeats, positional numbers).
    pub names: NameFigures,
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
    /// Emission runs on all cores; its wall time is split between `emit` and
    /// `format` in proportion to the CPU time each took.
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
    let (api, notes, load_time, ir_time) = build_api_timed(spec_text, overlays, options)?;
    let start = Instant::now();
    let (mut output, cpu) = emit::emit_timed(&api, options)?;
    // Emission runs on several threads: split its wall time in proportion to CPU time.
    let wall = start.elapsed();
    let total = (cpu.tokens + cpu.format).as_secs_f64();
    let format_time = if total > 0.0 { wall.mul_f64(cpu.format.as_secs_f64() / total) } else { Duration::ZERO };
    output.notes = notes;
    Ok((output, PhaseTimes { load: load_time, ir: ir_time, emit: wall - format_time, format: format_time }))
}

/// Loads the spec, applies the overlays and builds the IR (with scope grants when
/// `options.scopes` is given): everything [`generate`] does before emitting.
/// Returns the IR and the notes for [`Output::notes`].
pub(crate) fn build_api(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &Options,
) -> Result<(ir::Api, Vec<String>), Error> {
    build_api_timed(spec_text, overlays, options).map(|(api, notes, _, _)| (api, notes))
}

/// [`build_api`], also returning the load and IR times.
fn build_api_timed(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &Options,
) -> Result<(ir::Api, Vec<String>, Duration, Duration), Error> {
    let start = Instant::now();
    let loaded = load::load(spec_text, overlays, options.strict_overlays)?;
    let load_time = start.elapsed();
    let start = Instant::now();
    let mut api = ir::build(&loaded.doc, &groups::GroupTable::from_option(options.groups.as_deref())?)?;
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
    Ok((api, notes, load_time, start.elapsed()))
}

/// The spec as the generator sees it: parsed, overlays applied, normalised, as
/// JSON (e.g. for a mock server that should serve the corrected spec). Also
/// returns the notes of overlay actions skipped (when not `strict_overlays`).
pub fn corrected_spec(
    spec_text: &str,
    overlays: &[OverlaySource],
    strict_overlays: bool,
) -> Result<(serde_json::Value, Vec<String>), Error> {
    load::load_raw(spec_text, overlays, strict_overlays)
}

#[cfg(feature = "check-programs")]
/// Where the conformance program finds the crates it calls.
#[derive(Debug, Clone)]
pub struct ConformanceOptions {
    /// Path (as written into the program's `Cargo.toml`) of the folder holding
    /// the generated crates (`generated-client/`).
    pub client_dir: String,
    /// Path of the `vercel-runtime` crate.
    pub runtime_path: String,
    /// Path of the `vercel-check-driver` crate (`xtask/check-driver`): the
    /// compiled part of the check programs, which call it with their tables.
    pub driver_path: String,
    /// As [`Options::strict_overlays`].
    pub strict_overlays: bool,
    /// Also request every documented 4xx response (`Prefer: code=4xx`) and
    /// check that the typed error carries it.
    pub error_checks: bool,
    /// As [`Options::groups`]: the crate names the client was generated with.
    pub groups: Option<String>,
}

#[cfg(feature = "check-programs")]
/// Generates the conformance program (`Cargo.toml`, `src/main.rs`): a crate
/// that calls every operation of the generated client once, with request
/// values sampled from the spec, against the base URL given as its first
/// argument (a mock server of the corrected spec), and prints one line per
/// failure and `conformance: N/M operations pass`.
pub fn conformance_program(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &ConformanceOptions,
) -> Result<Output, Error> {
    let (raw, notes) = load::load_raw(spec_text, overlays, options.strict_overlays)?;
    let loaded = load::load(spec_text, overlays, options.strict_overlays)?;
    let api = ir::build(&loaded.doc, &groups::GroupTable::from_option(options.groups.as_deref())?)?;
    let main = emit::conformance::main_rs(&api, &raw, options.error_checks)?;
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".into(), emit::conformance::manifest(&api, options));
    files.insert("src/main.rs".into(), emit::format_rust(main, "conformance/src/main.rs")?);
    Ok(Output { files, stats: Stats { operations: api.operations.len(), ..Stats::default() }, notes })
}

#[cfg(feature = "check-programs")]
/// Generates the forward-compatibility program (`Cargo.toml`, `src/main.rs`)
/// for the client generated from `spec_text` (its crates in
/// `options.client_dir`): it decodes each JSON sample in `samples` (keyed by
/// operationId, e.g. responses sampled from a newer spec) with that
/// operation's response type, and prints one line per failure with the field
/// path and `forward-compat: N/M operations decode`. Operations of `spec_text`
/// without a sample, or without a JSON response, are left out.
pub fn forward_compat_program(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &ConformanceOptions,
    samples: &BTreeMap<String, serde_json::Value>,
) -> Result<Output, Error> {
    let loaded = load::load(spec_text, overlays, options.strict_overlays)?;
    let api = ir::build(&loaded.doc, &groups::GroupTable::from_option(options.groups.as_deref())?)?;
    let main = emit::conformance::decode_main_rs(&api, samples);
    let mut files = BTreeMap::new();
    let manifest = emit::conformance::program_manifest(&api, "vercel-forward-compat", options);
    files.insert("Cargo.toml".into(), manifest);
    files.insert("src/main.rs".into(), emit::format_rust(main, "forward-compat/src/main.rs")?);
    Ok(Output { files, stats: Stats { operations: api.operations.len(), ..Stats::default() }, notes: loaded.notes })
}

#[cfg(feature = "check-programs")]
/// The response-decoding program of `cargo xtask fuzz`, and what it decodes.
#[derive(Debug, Clone)]
pub struct ResponseDecodeProgram {
    /// `Cargo.toml` and `src/main.rs` of the program (see [`response_decode_program`]).
    pub output: Output,
    /// A sample of each body the program decodes, keyed by case key: the
    /// operation's runtime id for its JSON success body, the id followed by
    /// [`EVENT_KEY_SUFFIX`] for one value of its `application/stream+json` stream.
    pub samples: BTreeMap<String, serde_json::Value>,
}

#[cfg(feature = "check-programs")]
/// Suffix of the case key of a stream operation's event type (`getRuntimeLogs#event`).
pub const EVENT_KEY_SUFFIX: &str = emit::response_decode::EVENT_SUFFIX;

#[cfg(feature = "check-programs")]
/// Generates the response-decoding program (`Cargo.toml`, `src/main.rs`) for
/// the client generated from `spec_text` (its crates in `options.client_dir`),
/// with a sample of each body it decodes (see [`ResponseDecodeProgram`]).
///
/// The program takes a case file as its first argument: cases one after
/// another, each a line `KEY LEN`, then `LEN` bytes of body and a newline. It
/// decodes each body with the success type of the case key, through
/// `vercel_runtime::decode_json_corrected` (the client's 2xx decode path,
/// client error correction included), under `catch_unwind`, and prints one
/// line per case: `N CLASS MICROS DETAIL`, where CLASS is `decoded`,
/// `corrected` (DETAIL: how many corrections, then their paths), `error`
/// (DETAIL: the path, a tab, the message), `panic` (DETAIL: the message) or
/// `unknown` (a key without a type).
pub fn response_decode_program(
    spec_text: &str,
    overlays: &[OverlaySource],
    options: &ConformanceOptions,
) -> Result<ResponseDecodeProgram, Error> {
    let (raw, notes) = load::load_raw(spec_text, overlays, options.strict_overlays)?;
    let loaded = load::load(spec_text, overlays, options.strict_overlays)?;
    let api = ir::build(&loaded.doc, &groups::GroupTable::from_option(options.groups.as_deref())?)?;
    let samples = emit::response_decode::samples(&api, &raw)?;
    let main = emit::response_decode::main_rs(&api);
    let mut files = BTreeMap::new();
    let manifest = emit::conformance::program_manifest(&api, "vercel-response-fuzz", options);
    files.insert("Cargo.toml".into(), manifest);
    files.insert("src/main.rs".into(), emit::format_rust(main, "response-fuzz/src/main.rs")?);
    let output = Output { files, stats: Stats { operations: api.operations.len(), ..Stats::default() }, notes };
    Ok(ResponseDecodeProgram { output, samples })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_timed_gives_the_same_output_and_times_the_phases() {
        let spec = include_str!("../../tests/fixtures/bodies.yaml");
        let options = Options::new("../../runtime");
        let plain = generate(spec, &[], &options).unwrap();
        let (timed, times) = generate_timed(spec, &[], &options).unwrap();
        assert_eq!(plain.files, timed.files);
        assert_eq!(plain.stats, timed.stats);
        assert!(times.load > Duration::ZERO && times.ir > Duration::ZERO, "{times:?}");
        assert!(times.format > Duration::ZERO, "formatting is timed separately from emit: {times:?}");
    }
}
