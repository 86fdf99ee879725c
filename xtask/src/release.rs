//! `cargo xtask release --check | --record`: the release gate, and the
//! runtime's own version rule.
//!
//! The generated crates move by the drift report when `regen` regenerates
//! from another spec ([`crate::versions`]). The runtime crates
//! (`vercel-runtime`, `vercel-runtime-core`) are hand-written, so their rule
//! is their own: `versions.toml`'s `[runtime]` table records, for the last
//! release, each runtime crate's version and a SHA-256 of its sources
//! (`Cargo.toml`, `README.md` and everything under `src/`).
//!
//! - `--check` fails when a runtime crate's sources differ from the recorded
//!   digest while its version is still the recorded one: it changed since the
//!   release without a version bump. The maintainer then bumps it in its
//!   `Cargo.toml`: a semver-incompatible bump (minor while 0.x) when
//!   `cargo semver-checks -p <crate> --baseline-version <recorded>` finds a
//!   break, a patch otherwise. It also fails when the generated crates'
//!   versions are out of step with the spec (as `regen --check` does).
//! - `--record` writes the current versions and digests (at release time,
//!   after the bump and `cargo xtask regen`, which writes the new `=x.y.z`
//!   requirement into every generated crate).

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// The hand-written crates with this version rule: the runtime crates and
/// the companion crates the facade re-exports (`vercel-deploy`), as
/// (package name, folder relative to the workspace root).
pub const RUNTIME_CRATES: &[(&str, &str)] =
    &[("vercel-runtime-core", "runtime/core"), ("vercel-runtime", "runtime"), ("vercel-deploy", "deploy")];

/// `cargo xtask release` options.
#[derive(Debug)]
pub struct ReleaseArgs {
    /// Fail when a runtime crate changed since the recorded release without a version bump, or versions are out of step.
    pub check: bool,
    /// Record the runtime crates' current versions and source digests in versions.toml (at release time).
    pub record: bool,
}

impl ReleaseArgs {
    /// Reads `[--check | --record]`.
    pub fn from_args(mut args: crate::cli::Args) -> Result<ReleaseArgs> {
        let parsed = ReleaseArgs { check: args.flag("--check")?, record: args.flag("--record")? };
        args.finish_none()?;
        if parsed.check && parsed.record {
            let message = "`--check` and `--record` cannot be used together\n\nSee `cargo xtask release --help`.";
            return Err(crate::cli::UsageError(message.into()).into());
        }
        Ok(parsed)
    }
}

/// One runtime crate as it is now, and as the last release recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeState {
    /// Package name.
    pub name: String,
    /// Version in its `Cargo.toml` now.
    pub version: String,
    /// SHA-256 (hex) of its sources now.
    pub digest: String,
    /// The recorded (version, digest), if any.
    pub recorded: Option<(String, String)>,
}

impl RuntimeState {
    /// Why this crate is out of step with its recorded release, if it is.
    pub fn problem(&self) -> Option<String> {
        let (version, digest) = self.recorded.as_ref()?;
        (self.digest != *digest && self.version == *version).then(|| {
            format!(
                "{} changed since its release {version} without a version bump: bump `version` in its Cargo.toml \
                 (semver-incompatible if `cargo semver-checks -p {} --baseline-version {version}` finds a break, \
                 else a patch), run `cargo xtask regen`, then `cargo xtask release --record`",
                self.name, self.name
            )
        })
    }
}

/// The sources of the crate in `dir` that its release digest covers, sorted.
fn source_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> =
        ["Cargo.toml", "README.md"].iter().map(|f| dir.join(f)).filter(|p| p.is_file()).collect();
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// SHA-256 (hex) of the sources of the crate in `dir`: each file's path
/// relative to `dir`, then its bytes, in path order.
pub fn source_digest(dir: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    for file in source_files(dir)? {
        let relative = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let bytes = fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        hasher.update((relative.len() as u64).to_le_bytes());
        hasher.update(relative.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn versions_table(root: &Path) -> Result<toml::Table> {
    let path = root.join(crate::VERSIONS_FILE);
    let text = fs::read_to_string(&path).unwrap_or_default();
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Every runtime crate's state under `root`.
pub fn runtime_states(root: &Path) -> Result<Vec<RuntimeState>> {
    let table = versions_table(root)?;
    let recorded = table.get("runtime").and_then(toml::Value::as_table);
    RUNTIME_CRATES
        .iter()
        .map(|(name, dir)| {
            let dir = root.join(dir);
            let entry = recorded.and_then(|r| r.get(*name)).and_then(toml::Value::as_table);
            let field = |key: &str| entry.and_then(|e| e.get(key)).and_then(toml::Value::as_str).map(str::to_string);
            Ok(RuntimeState {
                name: name.to_string(),
                version: crate::packaging::package_version(&dir.join("Cargo.toml"))?,
                digest: source_digest(&dir)?,
                recorded: field("version").zip(field("source_sha256")),
            })
        })
        .collect()
}

/// The `[runtime]` table for `states` (as they are now), as `versions.toml` text.
pub fn runtime_table_text(states: &[RuntimeState]) -> String {
    let mut text = String::from("\n# The runtime crates at their last release (`cargo xtask release --record`).\n");
    for s in states {
        text.push_str(&format!(
            "[runtime.{}]\nversion = \"{}\"\nsource_sha256 = \"{}\"\n",
            s.name, s.version, s.digest
        ));
    }
    text
}

/// Rewrites the `[runtime]` part of `versions.toml` with the runtime crates as they are now.
pub fn record(root: &Path) -> Result<Vec<RuntimeState>> {
    let states = runtime_states(root)?;
    let path = root.join(crate::VERSIONS_FILE);
    let old = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    fs::write(&path, format!("{}{}", without_runtime_table(&old), runtime_table_text(&states)))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(states)
}

/// Where the `[runtime]` part of `text` (versions.toml) starts, with its comment.
fn runtime_part_start(text: &str) -> usize {
    let marker = "\n# The runtime crates at their last release";
    text.find(marker).or_else(|| text.find("\n[runtime.")).unwrap_or(text.len())
}

/// `text` (versions.toml) without its `[runtime]` part and that part's comment.
pub fn without_runtime_table(text: &str) -> String {
    let mut kept = text[..runtime_part_start(text)].trim_end().to_string();
    kept.push('\n');
    kept
}

/// The `[runtime]` part of `text` (versions.toml) with its comment, or "".
pub fn runtime_part(text: &str) -> &str {
    &text[runtime_part_start(text)..]
}

/// The runtime part of `--check`: every problem, or `Ok` when none.
pub fn check_runtime(root: &Path) -> Result<Vec<RuntimeState>> {
    let states = runtime_states(root)?;
    let problems: Vec<String> = states.iter().filter_map(RuntimeState::problem).collect();
    if states.iter().any(|s| s.recorded.is_none()) {
        bail!("{} records no release of the runtime crates: run `cargo xtask release --record`", crate::VERSIONS_FILE);
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn checkout() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for (name, dir) in RUNTIME_CRATES {
            write(
                &root.path().join(dir).join("Cargo.toml"),
                &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n"),
            );
            write(&root.path().join(dir).join("src/lib.rs"), "pub fn f() {}\n");
        }
        write(
            &root.path().join(crate::VERSIONS_FILE),
            "spec_sha256 = \"aaa\"\n\n[crates]\nvercel-client = \"0.1.0\"\n",
        );
        root
    }

    #[test]
    fn a_runtime_change_without_a_bump_fails_until_bumped_and_recorded() {
        let root = checkout();
        let err = check_runtime(root.path()).unwrap_err().to_string();
        assert!(err.contains("records no release"), "{err}");
        record(root.path()).unwrap();
        check_runtime(root.path()).expect("just recorded");
        // The generated crates' part of versions.toml is kept.
        let text = fs::read_to_string(root.path().join(crate::VERSIONS_FILE)).unwrap();
        assert!(text.starts_with("spec_sha256 = \"aaa\"\n\n[crates]\nvercel-client = \"0.1.0\"\n"), "{text}");

        // A change to the runtime's sources, version unchanged: out of step.
        write(&root.path().join("runtime/src/lib.rs"), "pub fn f() {}\npub fn g() {}\n");
        let err = check_runtime(root.path()).unwrap_err().to_string();
        assert!(err.contains("vercel-runtime changed since its release 0.1.0"), "{err}");
        assert!(!err.contains("vercel-runtime-core"), "core did not change: {err}");

        // Bumped: in step again, and recording moves the release.
        write(&root.path().join("runtime/Cargo.toml"), "[package]\nname = \"vercel-runtime\"\nversion = \"0.2.0\"\n");
        check_runtime(root.path()).expect("bumped");
        record(root.path()).unwrap();
        let states = check_runtime(root.path()).unwrap();
        let runtime = states.iter().find(|s| s.name == "vercel-runtime").unwrap();
        assert_eq!(runtime.recorded.as_ref().unwrap().0, "0.2.0");
        // Recording twice leaves one table.
        record(root.path()).unwrap();
        let text = fs::read_to_string(root.path().join(crate::VERSIONS_FILE)).unwrap();
        assert_eq!(text.matches("[runtime.vercel-runtime]").count(), 1, "{text}");
    }

    #[test]
    fn the_digest_covers_paths_and_contents() {
        let root = checkout();
        let dir = root.path().join("runtime");
        let before = source_digest(&dir).unwrap();
        write(&dir.join("src/lib.rs"), "pub fn f() {}\n");
        assert_eq!(source_digest(&dir).unwrap(), before, "same content, same digest");
        fs::rename(dir.join("src/lib.rs"), dir.join("src/main.rs")).unwrap();
        assert_ne!(source_digest(&dir).unwrap(), before, "a renamed file changes the digest");
    }
}
