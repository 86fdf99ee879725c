//! Every fixture's generated client compiles without warnings and passes
//! clippy: each is written as a standalone workspace under
//! `target/fixture-workspaces/<fixture>/` and checked with a target folder
//! shared by all fixtures (`target/fixture-check/`), so dependencies are
//! built once ([`child_cargo`]). One `cargo clippy -- -D warnings` per fixture: clippy runs
//! every check of the compiler (errors and, with `-Dwarnings`, its
//! warnings) before its own lints, so a separate `cargo check` would only
//! repeat that work.

use crate::support::{child_cargo, fixture_names, generate_fixture, workspace_root};
use std::path::Path;

/// Runs `cargo clippy -- -D warnings` on a fixture workspace; `Err` holds what to report.
fn clippy(manifest: &Path) -> Result<(), String> {
    let output = child_cargo()
        .args(["clippy", "--quiet", "--manifest-path"])
        .arg(manifest)
        .args(["--", "-D", "warnings"])
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo clippy -- -D warnings` failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
fn every_fixture_compiles_without_warnings_and_passes_clippy() {
    let root = workspace_root();
    let workspaces = root.join("target/fixture-workspaces");
    let lock = std::fs::read(root.join("Cargo.lock")).expect("reading the workspace Cargo.lock");

    let fixtures = fixture_names();
    assert!(!fixtures.is_empty(), "no fixtures found");
    let mut failures = Vec::new();
    for name in &fixtures {
        let dir = workspaces.join(name);
        let output = generate_fixture(name, true);
        assert!(output.files.contains_key("Cargo.toml"), "{name}: no standalone workspace manifest");
        // Start from an empty folder so that every file is newer than any
        // artifact in the shared target folder: all fixture workspaces have
        // the same layout and crate names, so cargo gives their crates the
        // same fingerprint slots and tells them apart only by file times.
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("removing {}: {e}", dir.display()));
        }
        xtask::write_output(&dir, &output).unwrap_or_else(|e| panic!("{name}: writing {}: {e:#}", dir.display()));
        // Resolve dependencies to the versions the workspace uses (no registry
        // look-up, and the dependencies built for one fixture serve them all).
        std::fs::write(dir.join("Cargo.lock"), &lock).expect("writing Cargo.lock");

        let manifest = dir.join("Cargo.toml");
        if let Err(report) = clippy(&manifest) {
            failures.push(format!("fixture {name} ({}): {report}", dir.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture checks failed:\n\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n\n")
    );
}
