//! Finding the checkout a command acts on, at run time.
//!
//! The root is never fixed when the binary is compiled (`env!("CARGO_MANIFEST_DIR")`):
//! cargo treats an identical xtask in a second clone as fresh when both clones
//! share one target folder (a global `build.target-dir`, a CI cache), and a
//! compiled-in path would then make `cargo xtask regen` in the second clone
//! rewrite the first clone's files. Instead the search starts from the
//! `CARGO_MANIFEST_DIR` that cargo sets in the environment of what it runs
//! (`cargo run`, and so `cargo xtask`, and `cargo test`), which names the
//! package in the checkout being run, or from the current directory when the
//! binary is started directly, and walks up to the first `Cargo.toml` with a
//! `[workspace]` table.

use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root of the checkout this process runs in (see the module docs).
///
/// Panics with the reason when there is none; commands use [`locate_workspace_root`].
pub fn workspace_root() -> PathBuf {
    locate_workspace_root().unwrap_or_else(|e| panic!("{e:#}"))
}

/// The workspace root of the checkout this process runs in: the nearest folder at
/// or above the run-time `CARGO_MANIFEST_DIR` (or the current directory) whose
/// `Cargo.toml` has a `[workspace]` table.
pub fn locate_workspace_root() -> Result<PathBuf> {
    let start = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::current_dir().context("reading the current directory")?,
    };
    workspace_root_above(&start)
}

/// The nearest folder at or above `start` whose `Cargo.toml` has a `[workspace]` table.
pub fn workspace_root_above(start: &Path) -> Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
        let value: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", manifest.display()))?;
        if value.contains_key("workspace") {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no Cargo.toml with a [workspace] table at or above {}: run `cargo xtask` inside a checkout of the workspace",
        start.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_workspace_manifest_above_a_member() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("Cargo.toml"), "[workspace]\nmembers = [\"a\"]\n").unwrap();
        fs::create_dir_all(root.path().join("a/src")).unwrap();
        fs::write(root.path().join("a/Cargo.toml"), "[package]\nname = \"a\"\n").unwrap();
        assert_eq!(workspace_root_above(&root.path().join("a/src")).unwrap(), root.path());
        assert_eq!(workspace_root_above(root.path()).unwrap(), root.path());
    }

    #[test]
    fn no_workspace_is_an_error_naming_the_start() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("Cargo.toml"), "[package]\nname = \"a\"\n").unwrap();
        let err = workspace_root_above(root.path()).unwrap_err().to_string();
        assert!(err.contains("[workspace]") && err.contains(&root.path().display().to_string()), "{err}");
    }

    #[test]
    fn this_checkout_is_found_at_run_time() {
        let root = workspace_root();
        assert!(root.join("Cargo.toml").is_file());
        assert!(root.join("xtask").is_dir());
        // `cargo test` sets CARGO_MANIFEST_DIR at run time to this package's folder.
        assert_eq!(Some(root.join("xtask").into_os_string()), std::env::var_os("CARGO_MANIFEST_DIR"));
    }
}
