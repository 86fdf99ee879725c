//! `cargo xtask diff OLD NEW`: the API-level change report between two specs
//! (engine: `vercel_codegen::diff`), and the spec bookkeeping `regen` uses to
//! report what a regeneration changes: the record of the spec an output folder
//! came from (`SPEC.toml`) and where to find a spec by its SHA-256.

use crate::spec::{ensure_spec, sha256_hex, SpecSource};
use crate::{read_group_table, read_overlays, read_scope_table};
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use vercel_codegen::diff::{Report, SpecInput, Tables};

/// File in an output folder recording the SHA-256 of the spec it was generated from.
pub const SPEC_RECORD: &str = "SPEC.toml";

/// File in an output folder with the report of the last spec change.
pub const CHANGES_REPORT: &str = "CHANGES.md";

pub use crate::spec::SPEC_CACHE_DIR;

/// Output format of `cargo xtask diff`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Grouped by endpoint group, breaking changes first, one line per change.
    #[default]
    Markdown,
    /// `{"old", "new", "changes", "summary"}` (see README).
    Json,
}

/// Arguments of `cargo xtask diff`.
#[derive(Debug, Clone)]
pub struct DiffArgs {
    /// The old spec: a file (JSON or YAML) or `pinned`.
    pub old: String,
    /// The new spec: a file (JSON or YAML) or `pinned`.
    pub new: String,
    /// Output format.
    pub format: Format,
}

impl DiffArgs {
    /// Reads `OLD NEW [--format markdown|json]`.
    pub fn from_args(mut args: crate::cli::Args) -> Result<DiffArgs> {
        let format =
            args.choice("--format", &[("markdown", Format::Markdown), ("json", Format::Json)])?.unwrap_or_default();
        let [old, new] = args.finish_exactly(["OLD", "NEW"])?;
        Ok(DiffArgs { old, new, format })
    }
}

/// A spec read for comparison.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// Its text.
    pub text: String,
    /// SHA-256 of the text.
    pub sha256: String,
    /// Overlays are strict for it (it is the pinned spec).
    pub strict: bool,
}

impl LoadedSpec {
    /// The spec as the diff engine takes it.
    pub fn input(&self) -> SpecInput<'_> {
        SpecInput { text: &self.text, sha256: self.sha256.clone(), strict_overlays: self.strict }
    }
}

/// Reads `pinned` (the verified working copy; overlays strict) or a spec file
/// (overlays lenient, as `regen --spec` treats it).
pub fn load_spec(root: &Path, arg: &str) -> Result<LoadedSpec> {
    let (path, strict) = if arg == "pinned" { (ensure_spec(root)?, true) } else { (PathBuf::from(arg), false) };
    let text = fs::read_to_string(&path).with_context(|| format!("reading spec {}", path.display()))?;
    let sha256 = sha256_hex(text.as_bytes());
    Ok(LoadedSpec { text, sha256, strict })
}

/// The report between two loaded specs, with this repository's overlays and scope table.
pub fn report(root: &Path, old: &LoadedSpec, new: &LoadedSpec) -> Result<Report> {
    let overlays = read_overlays(root)?;
    let scopes = read_scope_table(root)?;
    let groups = read_group_table(root)?;
    let tables = Tables { scopes: scopes.as_deref(), groups: groups.as_deref() };
    Ok(vercel_codegen::diff::diff(&old.input(), &new.input(), &overlays, tables)?)
}

/// `cargo xtask diff OLD NEW`: the report in the requested format.
pub fn run(root: &Path, args: &DiffArgs) -> Result<String> {
    let old = load_spec(root, &args.old)?;
    let new = load_spec(root, &args.new)?;
    let report = report(root, &old, &new)?;
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    Ok(match args.format {
        Format::Markdown => report.to_markdown(),
        Format::Json => report.to_json() + "\n",
    })
}

/// Text of the `SPEC.toml` record for a spec's SHA-256.
pub fn spec_record(sha256: &str) -> String {
    format!(
        "# Written by `cargo xtask regen`: the SHA-256 of the spec this folder was generated from.\n\
         # When a regeneration uses another spec, regen writes CHANGES.md (what changed) beside it.\nsha256 = \"{sha256}\"\n"
    )
}

/// The SHA-256 recorded in `dir/SPEC.toml`, if there is a readable record.
pub fn recorded_sha256(dir: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Record {
        sha256: String,
    }
    let text = fs::read_to_string(dir.join(SPEC_RECORD)).ok()?;
    toml::from_str::<Record>(&text).ok().map(|r| r.sha256)
}

/// Where a spec with this SHA-256 can be read: the pinned working copy, or
/// another copy on this machine ([`crate::spec::local_copy`]: the cache of
/// specs `regen` generated from, the shared copy's folder and its history). Returns the path and whether it is the pinned spec.
pub fn find_spec(root: &Path, sha256: &str) -> Result<Option<(PathBuf, bool)>> {
    let source = SpecSource::load(root)?;
    if source.sha256 == sha256 {
        return Ok(Some((ensure_spec(root)?, true)));
    }
    Ok(crate::spec::local_copy(root, &source, sha256)?.map(|path| (path, false)))
}

/// Keeps a copy of a spec `regen` generated from in [`SPEC_CACHE_DIR`] (unless it is the pinned one).
pub fn cache_spec(root: &Path, sha256: &str, text: &str) -> Result<()> {
    if SpecSource::load(root)?.sha256 == sha256 {
        return Ok(());
    }
    let dir = root.join(SPEC_CACHE_DIR);
    let path = dir.join(format!("{sha256}.spec"));
    if !path.is_file() {
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The spec an output folder was generated from (per its `SPEC.toml`), when it can be found.
///
/// Its overlays are lenient even when it is the pinned spec: the output was
/// generated with every overlay action that applies to it (strictly, when all
/// do; by `regen --spec` or `update-spec`, when some did not), and lenient
/// overlays reproduce both, so a report from an output whose spec no longer
/// suits every overlay can still be made.
pub fn recorded_spec(root: &Path, dir: &Path) -> Result<Option<LoadedSpec>> {
    let Some(sha) = recorded_sha256(dir) else { return Ok(None) };
    let Some((path, _pinned)) = find_spec(root, &sha)? else { return Ok(None) };
    let text = fs::read_to_string(&path).with_context(|| format!("reading spec {}", path.display()))?;
    Ok(Some(LoadedSpec { text, sha256: sha, strict: false }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(recorded_sha256(dir.path()), None);
        fs::write(dir.path().join(SPEC_RECORD), spec_record("abc123")).unwrap();
        assert_eq!(recorded_sha256(dir.path()).as_deref(), Some("abc123"));
    }
}
