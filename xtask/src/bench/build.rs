//! Build measurements: `cargo build` / `cargo check` in a fresh target folder,
//! wall time and peak RSS (GNU time's `-v`), then the generated crates alone.

use super::stats::{bytes, secs};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time, which reports peak RSS (`/usr/bin/time -v`).
#[derive(Debug, Clone)]
pub enum TimeTool {
    /// Found and working.
    Gnu(PathBuf),
    /// Not usable: why, and how to get it.
    Missing(String),
}

impl TimeTool {
    /// Checks that `/usr/bin/time -v -o FILE true` works and reports a maximum RSS.
    pub fn detect(scratch: &Path) -> TimeTool {
        let tool = PathBuf::from("/usr/bin/time");
        let probe = scratch.join("time-probe.txt");
        let works = fs::create_dir_all(scratch).is_ok()
            && Command::new(&tool)
                .args(["-v", "-o"])
                .arg(&probe)
                .arg("true")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
            && fs::read_to_string(&probe).ok().and_then(|t| parse_max_rss_kb(&t)).is_some();
        let _ = fs::remove_file(&probe);
        if works {
            TimeTool::Gnu(tool)
        } else {
            TimeTool::Missing(
                "GNU time (/usr/bin/time -v) is missing or not GNU time, so peak RSS is not measured; \
                 install it with `apt-get install time` (Debian package `time`)"
                    .into(),
            )
        }
    }

    /// The warning to print when missing.
    pub fn missing(&self) -> Option<&str> {
        match self {
            TimeTool::Gnu(_) => None,
            TimeTool::Missing(why) => Some(why),
        }
    }
}

/// `Maximum resident set size (kbytes): N` from GNU time's `-v` output.
pub fn parse_max_rss_kb(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// `User time (seconds)` + `System time (seconds)` from GNU time's `-v` output.
pub fn parse_cpu(report: &str) -> Option<Duration> {
    let field = |name: &str| {
        report.lines().find_map(|l| l.trim().strip_prefix(name)).and_then(|v| v.trim().parse::<f64>().ok())
    };
    Some(Duration::from_secs_f64(field("User time (seconds):")? + field("System time (seconds):")?))
}

/// One timed cargo command.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Wall time of the command.
    pub wall: Duration,
    /// Peak RSS of the largest single process (a `rustc`), in bytes; `None` without GNU time.
    pub peak_rss: Option<u64>,
    /// User + system CPU time of the command and its children; `None` without GNU time.
    /// Unlike wall time, other load on the machine barely changes it.
    pub cpu: Option<Duration>,
}

impl Measured {
    /// `12.3 s`.
    pub fn wall(&self) -> String {
        secs(self.wall)
    }

    /// `1.23 GiB`, or `n/a` without GNU time.
    pub fn rss(&self) -> String {
        self.peak_rss.map(bytes).unwrap_or_else(|| "n/a".into())
    }
}

/// One build configuration to measure.
#[derive(Debug, Clone)]
pub struct Build {
    /// Row label, e.g. `vercel-client, all features: cargo build`.
    pub label: String,
    /// Folder cargo runs in (a workspace root).
    pub dir: PathBuf,
    /// Cargo arguments, e.g. `["build", "--release", "-p", "vercel-client", "--all-features"]`.
    pub args: Vec<String>,
    /// Packages that are the generated code: cleaned before the second measurement.
    pub generated: Vec<String>,
    /// Library crate names (underscored) whose rlibs to report after a `build`.
    pub rlib_crates: Vec<String>,
}

/// The two measurements of one configuration, plus rlib sizes.
#[derive(Debug, Clone)]
pub struct BuildResult {
    /// Configuration label.
    pub label: String,
    /// Fresh target folder: dependencies and generated crates.
    pub cold: Measured,
    /// Only the generated crates again, dependencies already built.
    pub generated_only: Measured,
    /// (crate, rlib bytes), largest first; empty for `check`.
    pub rlibs: Vec<(String, u64)>,
}

impl BuildResult {
    /// The progress line printed after a build: `cold T (RSS), <second> T (RSS)`.
    pub fn progress(&self, second: &str) -> String {
        format!(
            "bench:   cold {} ({}), {second} {} ({})",
            self.cold.wall(),
            self.cold.rss(),
            self.generated_only.wall(),
            self.generated_only.rss()
        )
    }
}

/// Environment that makes builds comparable: no incremental compilation (as
/// for a dependency fetched from a registry or git) and no colour codes in logs.
const BUILD_ENV: [(&str, &str); 2] = [("CARGO_INCREMENTAL", "0"), ("CARGO_TERM_COLOR", "never")];

/// Runs `build` in a fresh target folder `target`, then again after
/// `cargo clean -p` of the generated packages, and deletes the folder.
/// Cargo's output goes to `log`; the second build's `cargo --timings` report
/// to `log` with the extension `timings.html`.
pub fn measure(build: &Build, target: &Path, time: &TimeTool, log: &Path) -> Result<BuildResult> {
    if target.exists() {
        fs::remove_dir_all(target).with_context(|| format!("removing {}", target.display()))?;
    }
    fs::create_dir_all(target).with_context(|| format!("creating {}", target.display()))?;
    let result = (|| {
        let cold = timed_cargo(&build.dir, &build.args, target, time, log)?;
        let mut clean = vec!["clean".to_string()];
        for package in &build.generated {
            clean.push("-p".into());
            clean.push(package.clone());
        }
        if build.args.iter().any(|a| a == "--release") {
            clean.push("--release".into());
        }
        run_cargo(&build.dir, &clean, target, log)?;
        // `--timings` keeps a per-crate profile of the generated crates' build beside the log.
        let mut args = build.args.clone();
        args.push("--timings".into());
        let generated_only = timed_cargo(&build.dir, &args, target, time, log)?;
        let _ = fs::copy(target.join("cargo-timings/cargo-timing.html"), log.with_extension("timings.html"));
        let profile = if build.args.iter().any(|a| a == "--release") { "release" } else { "debug" };
        let rlibs = rlib_sizes(&target.join(profile).join("deps"), &build.rlib_crates);
        Ok(BuildResult { label: build.label.clone(), cold, generated_only, rlibs })
    })();
    let _ = fs::remove_dir_all(target);
    result
}

/// Runs cargo once, timed (and under GNU time when there is one).
pub fn timed_cargo(dir: &Path, args: &[String], target: &Path, time: &TimeTool, log: &Path) -> Result<Measured> {
    let report = log.with_extension("time.txt");
    let mut cmd = match time {
        TimeTool::Gnu(tool) => {
            let mut cmd = Command::new(tool);
            cmd.arg("-v").arg("-o").arg(&report).arg("cargo");
            cmd
        }
        TimeTool::Missing(_) => Command::new("cargo"),
    };
    cmd.args(args);
    let start = Instant::now();
    run(cmd, dir, target, log, args)?;
    let wall = start.elapsed();
    let (peak_rss, cpu) = match time {
        TimeTool::Gnu(_) => {
            let text = fs::read_to_string(&report).with_context(|| format!("reading {}", report.display()))?;
            let _ = fs::remove_file(&report);
            let rss = parse_max_rss_kb(&text).context("GNU time reported no maximum resident set size")? * 1024;
            (Some(rss), parse_cpu(&text))
        }
        TimeTool::Missing(_) => (None, None),
    };
    Ok(Measured { wall, peak_rss, cpu })
}

/// Runs cargo once, untimed.
pub fn run_cargo(dir: &Path, args: &[String], target: &Path, log: &Path) -> Result<()> {
    let mut cmd = Command::new("cargo");
    cmd.args(args);
    run(cmd, dir, target, log, args)
}

fn run(mut cmd: Command, dir: &Path, target: &Path, log: &Path, args: &[String]) -> Result<()> {
    if let Some(parent) = log.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let out = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("opening {}", log.display()))?;
    let err = out.try_clone()?;
    cmd.current_dir(dir).env("CARGO_TARGET_DIR", target).envs(BUILD_ENV).stdin(Stdio::null()).stdout(out).stderr(err);
    let status = cmd.status().with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        let text = fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect();
        bail!(
            "`cargo {}` in {} failed ({status}); last lines of {}:\n{}",
            args.join(" "),
            dir.display(),
            log.display(),
            tail.join("\n")
        );
    }
    Ok(())
}

/// Sizes of `lib<crate>-*.rlib` in `deps`, largest first.
pub fn rlib_sizes(deps: &Path, crates: &[String]) -> Vec<(String, u64)> {
    let Ok(entries) = fs::read_dir(deps) else {
        return Vec::new();
    };
    let mut sizes = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_prefix("lib").and_then(|n| n.strip_suffix(".rlib")) else {
            continue;
        };
        let Some((krate, _hash)) = stem.rsplit_once('-') else {
            continue;
        };
        if crates.iter().any(|c| c == krate) {
            if let Ok(meta) = entry.metadata() {
                sizes.push((krate.to_string(), meta.len()));
            }
        }
    }
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sizes
}

/// Markdown table of build results.
pub fn table(results: &[BuildResult]) -> String {
    let mut out = String::from(
        "| Configuration | Cold: wall | Cold: peak RSS | Generated crates only: wall | Generated crates only: peak RSS |\n|---|---:|---:|---:|---:|\n",
    );
    for r in results {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.label,
            r.cold.wall(),
            r.cold.rss(),
            r.generated_only.wall(),
            r.generated_only.rss()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_rss_from_gnu_time() {
        let report = "\tCommand being timed: \"true\"\n\tMaximum resident set size (kbytes): 1892\n\tExit status: 0\n";
        assert_eq!(parse_max_rss_kb(report), Some(1892));
        assert_eq!(parse_max_rss_kb("Exit status: 0\n"), None);
    }

    #[test]
    fn rlibs_by_crate_name_largest_first() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("libvercel_types-0123abcd.rlib"), vec![0u8; 10]).unwrap();
        fs::write(dir.path().join("libvercel_deployments-feed.rlib"), vec![0u8; 30]).unwrap();
        fs::write(dir.path().join("libserde-1111.rlib"), vec![0u8; 50]).unwrap();
        fs::write(dir.path().join("libvercel_types-0123abcd.rmeta"), vec![0u8; 5]).unwrap();
        let crates = ["vercel_types".to_string(), "vercel_deployments".to_string()];
        assert_eq!(
            rlib_sizes(dir.path(), &crates),
            [("vercel_deployments".to_string(), 30), ("vercel_types".to_string(), 10)]
        );
    }
}
