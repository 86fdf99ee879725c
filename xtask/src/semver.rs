//! `cargo xtask semver OLD NEW`: checks the drift report's API-breaking
//! classification against cargo-semver-checks. Both specs are generated
//! (`regen --out`) into `target/semver/{old,new}`; each group crate present in
//! both is checked with the older output as baseline; the crates the tool finds
//! breaking are compared with the crates our report marks API-breaking, and the
//! comparison is printed as the Markdown section `docs/semver.md` keeps per pair
//! (with `--write`, appended there).
//!
//! cargo-semver-checks is installed from crates.io at [`TOOL_VERSION`] into
//! the gitignored `.tools/cargo-semver-checks/` on first use.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::{regen, RegenArgs};

/// The pinned cargo-semver-checks release.
pub const TOOL_VERSION: &str = "0.51.0";

/// Where the tool is installed, relative to the workspace root.
const TOOL_ROOT: &str = ".tools/cargo-semver-checks";

/// Arguments of `cargo xtask semver`.
#[derive(Debug, Clone, clap::Args)]
pub struct SemverArgs {
    /// The old spec: a file (JSON or YAML) or `pinned`.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new spec: a file (JSON or YAML) or `pinned`.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// Only the crates whose name contains TEXT (e.g. `connect`).
    #[arg(long, value_name = "TEXT")]
    pub crates: Option<String>,
    /// Append the section to docs/semver.md.
    #[arg(long)]
    pub write: bool,
}

/// Runs the comparison and returns its Markdown section.
pub fn semver(root: &Path, args: &SemverArgs) -> Result<String> {
    let tool = install(root)?;
    let work = root.join("target/semver");
    let generate = |spec: &str, dir: &Path| -> Result<()> {
        let spec = (spec != "pinned").then(|| PathBuf::from(spec));
        regen(root, &RegenArgs { check: false, spec, out: Some(dir.to_path_buf()) })?;
        fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).context("copying Cargo.lock")?;
        Ok(())
    };
    let (old_dir, new_dir) = (work.join("old"), work.join("new"));
    generate(&args.old, &old_dir)?;
    generate(&args.new, &new_dir)?;

    let old = xtask::diff::load_spec(root, &args.old)?;
    let new = xtask::diff::load_spec(root, &args.new)?;
    let report = xtask::diff::report(root, &old, &new)?;
    let ours: BTreeSet<String> =
        report.changes.iter().filter(|c| c.api_breaking).map(|c| c.crate_name.clone()).collect();

    let crates = |dir: &Path| -> Result<BTreeSet<String>> {
        Ok(fs::read_dir(dir)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("vercel-") && !n.starts_with("vercel-scope-"))
            .filter(|n| n != "vercel-client" && n != "vercel-types")
            .collect())
    };
    let common: Vec<String> = crates(&old_dir)?
        .intersection(&crates(&new_dir)?)
        .filter(|n| args.crates.as_deref().is_none_or(|t| n.contains(t)))
        .cloned()
        .collect();
    let mut rows = Vec::new();
    for name in &common {
        eprintln!("semver: {name}");
        let output = Command::new(&tool)
            .args(["semver-checks", "check-release", "--release-type", "patch", "--manifest-path"])
            .arg(new_dir.join(name).join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&old_dir)
            .env("CARGO_TARGET_DIR", work.join("target"))
            .output()
            .with_context(|| format!("running {}", tool.display()))?;
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let lints: BTreeSet<String> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("--- failure ").and_then(|r| r.split(':').next()))
            .map(str::to_string)
            .collect();
        let theirs = !output.status.success();
        if theirs && lints.is_empty() {
            bail!("cargo-semver-checks failed on {name} without a lint failure:\n{text}");
        }
        rows.push((name.clone(), theirs, ours.contains(name), lints));
    }
    let section = markdown(&args.old, &args.new, &rows);
    if args.write {
        let path = root.join("docs/semver.md");
        let mut text = fs::read_to_string(&path).unwrap_or_else(|_| HEADER.to_string());
        text.push_str(&section);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(section)
}

/// The title and explanation docs/semver.md starts with.
const HEADER: &str = "# The drift report against cargo-semver-checks\n\n\
    Written by `cargo xtask semver OLD NEW --write`: for each pair of specs, every group crate generated from both, \
    checked by cargo-semver-checks with the older output as baseline, against the crates `cargo xtask diff` marks \
    API-breaking. Each disagreement needs a reason below its table.\n";

fn markdown(old: &str, new: &str, rows: &[(String, bool, bool, BTreeSet<String>)]) -> String {
    let date = Command::new("date").args(["-u", "+%Y-%m-%d"]).output().ok();
    let date = date.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    let name = |p: &str| Path::new(p).file_name().map_or(p.to_string(), |n| n.to_string_lossy().into_owned());
    let mut out = format!(
        "\n## {} → {}\n\n{date}, cargo-semver-checks {TOOL_VERSION}.\n\n\
         | Crate | cargo-semver-checks | Our report | Agree | Lints |\n| --- | --- | --- | --- | --- |\n",
        name(old),
        name(new)
    );
    let verdict = |b: bool| if b { "breaking" } else { "-" };
    for (krate, theirs, ours, lints) in rows {
        let lints: Vec<&str> = lints.iter().map(String::as_str).collect();
        out.push_str(&format!(
            "| `{krate}` | {} | {} | {} | {} |\n",
            verdict(*theirs),
            verdict(*ours),
            if theirs == ours { "yes" } else { "**no**" },
            lints.join(", ")
        ));
    }
    let agree = rows.iter().filter(|(_, t, o, _)| t == o).count();
    out.push_str(&format!("\n{agree} of {} crates agree.\n", rows.len()));
    out
}

/// The tool's binary, installed first if missing (`cargo install --locked`, pinned).
fn install(root: &Path) -> Result<PathBuf> {
    let dir = root.join(TOOL_ROOT);
    let binary = dir.join("bin").join(format!("cargo-semver-checks{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        return Ok(binary);
    }
    eprintln!("semver: installing cargo-semver-checks {TOOL_VERSION} into {} (several minutes)", dir.display());
    let status = Command::new("cargo")
        .args(["install", "cargo-semver-checks", "--locked", "--version"])
        .arg(format!("={TOOL_VERSION}"))
        .arg("--root")
        .arg(&dir)
        .status()
        .context("running cargo install")?;
    if !status.success() || !binary.is_file() {
        bail!("installing cargo-semver-checks {TOOL_VERSION} failed ({status})");
    }
    Ok(binary)
}
