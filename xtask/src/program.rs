//! Building the programs the generator emits for checks (the conformance
//! program, the response-decoding program of `cargo xtask fuzz`): each is a
//! crate of its own under `target/`, built into the workspace target folder
//! so that the generated client it depends on is not built again.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the program crate in `program_dir` (debug) into `root`'s target
/// folder and returns the path of its binary `binary`; `what` names it in errors.
pub fn build(root: &Path, program_dir: &Path, binary: &str, what: &str) -> Result<PathBuf> {
    let target = root.join("target");
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
