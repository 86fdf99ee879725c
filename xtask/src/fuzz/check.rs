//! `cargo check` of generated outputs of the spec fuzzer: each goes to the
//! same folder (`target/fuzz-specs/client/`, only the files that differ from
//! the last output are written) and is checked with the same target folder
//! (`target/fuzz-specs/target/`), so cargo rechecks only the crates the
//! mutation changed. The target folder is its own: other standalone
//! generated workspaces (the forward-compat test's, the history builds')
//! have the same member paths, and in a shared target folder their crates
//! would get the same metadata hash.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use vercel_codegen::Output;
use xtask::write_output;

/// At most this many lines of cargo's errors are printed per failure.
const SHOWN_LINES: usize = 40;

/// Checks generated outputs one after another in one folder.
pub struct Checker {
    client: PathBuf,
    target: PathBuf,
    lock: PathBuf,
    /// Outputs checked so far.
    pub checked: usize,
    /// How many of them did not compile.
    pub failed: usize,
    /// Time spent writing and checking.
    pub time: Duration,
}

impl Checker {
    /// A checker for the workspace at `root`.
    pub fn new(root: &Path) -> Checker {
        let work = root.join("target/fuzz-specs");
        Checker {
            client: work.join("client"),
            target: work.join("target"),
            lock: root.join("Cargo.lock"),
            checked: 0,
            failed: 0,
            time: Duration::ZERO,
        }
    }

    /// Writes `output` and runs `cargo check` on it; a failure is printed
    /// with `label` (the mutation and seed) and counted. `Err` only when the
    /// check could not run at all.
    pub fn check(&mut self, output: &Output, label: &str) -> Result<()> {
        let started = Instant::now();
        write_output(&self.client, output)?;
        // The workspace's dependency versions, so nothing is resolved or downloaded.
        std::fs::copy(&self.lock, self.client.join("Cargo.lock")).context("copying Cargo.lock")?;
        let result = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["check", "--quiet", "--message-format", "short", "--manifest-path"])
            .arg(self.client.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target)
            .output()
            .context("running cargo check on a generated output")?;
        self.checked += 1;
        self.time += started.elapsed();
        if !result.status.success() {
            self.failed += 1;
            let stderr = String::from_utf8_lossy(&result.stderr);
            let errors: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).take(SHOWN_LINES).collect();
            println!("DOES NOT COMPILE: {label} ({})\n  {}", result.status, errors.join("\n  "));
        }
        Ok(())
    }
}
