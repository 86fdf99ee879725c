//! The first run: what a maintainer's first `cargo xtask regen` costs on a
//! fresh clone. The xtask is built in a fresh target folder exactly as the
//! `cargo xtask` alias builds it (`.cargo/config.toml`), then the binary it
//! built runs one `regen --check` (the same work as `regen` on an up-to-date
//! checkout, without writing to it). Targets: at most 60 s in all on 2 cores,
//! the regen itself at most 1 s.

use super::build::{timed_cargo, Measured, TimeTool};
use super::stats::secs;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The cargo profile the `cargo xtask` alias builds in (`[profile.xtask]` in the root `Cargo.toml`).
pub const XTASK_PROFILE: &str = "xtask";

/// Builds the xtask cold, runs one regen, deletes the target folder, and returns the Markdown section.
pub fn measure(root: &Path, scratch: &Path, time: &TimeTool) -> Result<String> {
    let target = scratch.join("target-first-run");
    if target.exists() {
        fs::remove_dir_all(&target).with_context(|| format!("removing {}", target.display()))?;
    }
    let log = scratch.join("logs/first-run.log");
    let _ = fs::remove_file(&log);
    let args: Vec<String> =
        ["build", "--profile", XTASK_PROFILE, "--package", "xtask"].iter().map(|s| s.to_string()).collect();
    let result = (|| {
        let build = timed_cargo(root, &args, &target, time, &log)?;
        let binary = target.join(XTASK_PROFILE).join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
        let start = Instant::now();
        let output = Command::new(&binary)
            .args(["regen", "--check"])
            .current_dir(root)
            .output()
            .with_context(|| format!("running {}", binary.display()))?;
        let regen = start.elapsed();
        // Exit 1 only means stale files; anything else is a failure of the run itself.
        if !matches!(output.status.code(), Some(0 | 1)) {
            bail!("{} regen --check failed: {}", binary.display(), String::from_utf8_lossy(&output.stderr));
        }
        Ok(section(&build, regen))
    })();
    let _ = fs::remove_dir_all(&target);
    result
}

fn section(build: &Measured, regen: std::time::Duration) -> String {
    let cpu = build.cpu.map_or_else(|| "n/a".to_string(), secs);
    let total = build.wall + regen;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    format!(
        "### First run\n\n`cargo build --profile {XTASK_PROFILE} -p xtask` in a fresh target folder (what the first \
         `cargo xtask` does), then one `regen --check` with the binary it built. CPU time is user + system of the \
         build and its children (GNU time): other load on the machine inflates the wall time, not the CPU time.\n\n\
         | Step | Wall | CPU |\n| --- | --- | --- |\n| Cold build of the xtask | {} | {cpu} |\n| First regen | {} | |\n\
         | Total | {} | |\n\nTargets: total at most 60 s on 2 cores ({}), regen at most 1 s ({}).\n",
        secs(build.wall),
        secs(regen),
        secs(total),
        verdict(total.as_secs_f64() <= 60.0),
        verdict(regen.as_secs_f64() <= 1.0),
    )
}
