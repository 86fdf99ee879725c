//! Building the programs the generator emits for checks (the conformance
//! program, the response-decoding program of `cargo xtask fuzz`, the
//! forward-compatibility program of the tests): each is a crate of its own
//! under `target/` holding the tables of one generated client, which calls
//! the compiled driver [`DRIVER_DIR`]. Each is built into the workspace
//! target folder (`CARGO_TARGET_DIR` when set, else `target/`), so that the
//! generated client and the driver it depends on are not built again.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The check programs' compiled driver (`vercel-check-driver`), relative to the workspace root.
pub const DRIVER_DIR: &str = "xtask/check-driver";

/// Builds the program crate in `program_dir` (debug) into the workspace's
/// target folder and returns the path of its binary `binary`; `what` names
/// it in errors.
pub fn build(root: &Path, program_dir: &Path, binary: &str, what: &str) -> Result<PathBuf> {
    // A relative CARGO_TARGET_DIR is relative to the current folder, as for cargo.
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::path::absolute(&dir).with_context(|| format!("resolving CARGO_TARGET_DIR {dir:?}"))?,
        None => root.join("target"),
    };
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--manifest-path"])
        .arg(program_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .with_context(|| format!("running cargo build for the {what}"))?;
    if !status.success() {
        bail!("the {what} does not build ({status})");
    }
    Ok(target.join("debug").join(binary))
}
