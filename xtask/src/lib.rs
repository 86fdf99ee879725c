//! Maintainer tasks for the Vercel client workspace, run as `cargo xtask <command>`.
//!
//! The binary (`main.rs`) only parses arguments and maps results to exit codes;
//! everything else lives here so that the workspace tests can call the same
//! code (for example the `regen --check` comparison).
//!
//! - [`fetch_spec`] puts a verified copy of the pinned spec (see
//!   `spec/source.toml`) at [`pinned_spec_path`].
//! - [`regen()`] runs the generator over that spec and the overlays in
//!   `spec/overlays/` and writes (or, with `--check`, compares) the output,
//!   formatted by rustfmt ([`rustfmt::format_output`]).
//! - [`cli`] reads the command line; each command's help text is there.
//!
//! With the `full` feature (the commands only some maintainers run, built on
//! their first use so that a fresh clone's first `cargo xtask regen` compiles
//! less): `update_spec::update_spec` moves the pin to another spec (checks
//! it, generates it into a temporary folder, then regenerates, moves the
//! versions and the changelog, and writes the pin); `response_fuzz::run`
//! decodes mutated response bodies with the generated types (the response
//! part of `cargo xtask fuzz`); `program` builds the check programs.
//! [`release`] is the release gate.

#![warn(missing_docs)]

pub mod cli;
pub mod diff;
pub mod packaging;
#[cfg(feature = "full")]
pub mod program;
pub mod regen;
pub mod release;
#[cfg(feature = "full")]
pub mod response_fuzz;
pub mod root;
pub mod rustfmt;
pub mod scratch;
pub mod spec;
pub mod tools;
#[cfg(feature = "full")]
pub mod update_spec;
pub mod versions;

pub use packaging::{read_packaging, read_versions, VERSIONS_FILE};
pub use regen::{
    diff, read_group_table, read_scope_table, regen, stale_files, write_output, Change, ChangeKind, RegenArgs,
    RegenReport,
};
pub use root::{locate_workspace_root, workspace_root};
pub use spec::{ensure_spec, fetch_spec, pinned_spec_path, sha256_hex, FetchOutcome, SpecSource};

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use vercel_codegen::OverlaySource;

/// Folder of the overlay files, relative to the workspace root.
pub const OVERLAYS_DIR: &str = "spec/overlays";

/// Reads every `spec/overlays/*.yaml`, sorted by file name.
///
/// A missing or empty folder gives no overlays. Files with other extensions
/// (a README, say) are ignored.
pub fn read_overlays(root: &Path) -> Result<Vec<OverlaySource>> {
    let dir = root.join(OVERLAYS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "yaml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).with_context(|| format!("reading overlay {}", path.display()))?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(OverlaySource { name, text })
        })
        .collect()
}

/// Formats `n` with `,` between thousands (`41000` → `41,000`).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let first = match digits.len() % 3 {
        0 => 3,
        r => r,
    };
    let mut out = digits[..first].to_string();
    for group in digits.as_bytes()[first..].chunks(3) {
        out.push(',');
        out.extend(group.iter().map(|&b| char::from(b)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(41000), "41,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn overlays_missing_folder_is_empty() {
        let root = crate::scratch::TempDir::new("xtask-test").unwrap();
        assert!(read_overlays(root.path()).unwrap().is_empty());
    }

    #[test]
    fn overlays_sorted_by_name_yaml_only() {
        let root = crate::scratch::TempDir::new("xtask-test").unwrap();
        let dir = root.path().join(OVERLAYS_DIR);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("20-b.yaml"), "b").unwrap();
        fs::write(dir.join("10-a.yaml"), "a").unwrap();
        fs::write(dir.join("README.md"), "not an overlay").unwrap();
        let overlays = read_overlays(root.path()).unwrap();
        let names: Vec<_> = overlays.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["10-a.yaml", "20-b.yaml"]);
        assert_eq!(overlays[0].text, "a");
    }
}
