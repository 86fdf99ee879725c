//! Runtime overhead: runs the `vercel-bench` crate (bench/runtime), which
//! compares the generated client with raw reqwest + serde_json on 127.0.0.1.
//!
//! It is its own crate so that xtask never depends on the generated client
//! (the `cargo xtask` alias builds xtask for every regen).

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// How many requests and decodes to run.
#[derive(Debug, Clone, Copy)]
pub struct RuntimeLoad {
    /// Requests per client with the small body.
    pub small_requests: usize,
    /// Requests per client with the 1,000-deployment body.
    pub large_requests: usize,
    /// Rounds (each times every caller once).
    pub rounds: usize,
    /// Decodes of the large body per decoder.
    pub decode_runs: usize,
    /// Build the benchmark in release (the real measurement) or debug (smoke test only).
    pub release: bool,
}

/// Runs `cargo run [--release] -p vercel-bench -- ...` and returns its Markdown section.
pub fn measure(root: &Path, load: RuntimeLoad) -> Result<String> {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root).args(["run", "--quiet", "-p", "vercel-bench"]);
    if load.release {
        cmd.arg("--release");
    }
    cmd.arg("--")
        .args(["--small-requests", &load.small_requests.to_string()])
        .args(["--large-requests", &load.large_requests.to_string()])
        .args(["--rounds", &load.rounds.to_string()])
        .args(["--decode-runs", &load.decode_runs.to_string()])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    let out = cmd.output().context("running cargo run -p vercel-bench")?;
    if !out.status.success() {
        bail!("`cargo run -p vercel-bench` failed ({}); its error is printed above", out.status);
    }
    let mut markdown = String::from_utf8(out.stdout).context("vercel-bench printed invalid UTF-8")?;
    if !load.release {
        markdown = markdown.replacen(
            "### Runtime (loopback 127.0.0.1)\n",
            "### Runtime (loopback 127.0.0.1)\n\nDebug build, few requests: a smoke test of the harness, not a measurement.\n",
            1,
        );
    }
    Ok(markdown)
}
