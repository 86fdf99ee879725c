//! Every fixture's generated client compiles without warnings and passes
//! clippy: each is written as a standalone workspace under
//! `target/fixture-workspaces/<fixture>/` and checked with a target folder
//! shared by all fixtures (`target/fixture-check/`), so dependencies are
//! built once.

use crate::support::{fixture_names, generate_fixture, workspace_root};
use std::path::Path;
use std::process::Command;

/// `RUSTFLAGS` of every child cargo. It is part of the fingerprint of every
/// compiled crate, so it is the same for all fixtures and both commands.
const RUSTFLAGS: &str = "-Dwarnings";

/// Runs one cargo command on a fixture workspace; `Err` holds what to report.
fn cargo(args: &[&str], manifest: &Path, target_dir: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(&args[..1])
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(manifest)
        .args(&args[1..])
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", RUSTFLAGS)
        // Would take precedence over RUSTFLAGS if inherited.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    let output = command.output().map_err(|e| format!("cannot run cargo {}: {e}", args[0]))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed ({}):\n{}{}",
            args.join(" "),
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
    let target_dir = root.join("target/fixture-check");
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
        for args in [&["check"][..], &["clippy", "--", "-D", "warnings"][..]] {
            if let Err(report) = cargo(args, &manifest, &target_dir) {
                failures.push(format!("fixture {name} ({}): {report}", dir.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture checks failed:\n\n{}",
        failures.len(),
        fixtures.len() * 2,
        failures.join("\n\n")
    );
}
