//! Versions that follow the spec: when `cargo xtask regen` regenerates
//! `generated-client/` from another spec, each crate's version moves by what
//! the drift report (the classification of `cargo xtask diff`) says changed in
//! it, `versions.toml` is rewritten, and `CHANGELOG.md` gets an entry.
//!
//! The rules, most severe first:
//! - an API-breaking change in a crate: a semver-incompatible bump (the minor
//!   while the version is 0.x, the major from 1.0 on);
//! - any other change of its files: a patch bump;
//! - no change: no bump.
//!
//! A group crate takes the changes of its operations. The report lists a change
//! inside a shared component type under the first operation that uses it, so
//! the types crate (when its files changed) and a scope crate (by the groups it
//! delegates to) take the most severe bump of what could have reached them. A
//! crate whose dependency got a new version is at least a patch (its exact `=`
//! requirement changes), and the facade takes the largest bump of all. The
//! runtime is hand-written: its version is the maintainers' (`runtime/Cargo.toml`),
//! checked by its own rule (`release`, `cargo xtask release`).

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::Path;
use vercel_codegen::diff::Report;
use vercel_codegen::{Output, Packaging};

/// The changelog, relative to the workspace root.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// How far a version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Unchanged.
    None,
    /// x.y.z → x.y.(z+1).
    Patch,
    /// Semver-incompatible: 0.y.z → 0.(y+1).0, x.y.z → (x+1).0.0 from 1.0.
    Breaking,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Breaking => "breaking",
        })
    }
}

/// `version` moved by `bump`.
pub fn bump_version(version: &str, bump: Bump) -> Result<String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .with_context(|| format!("version {version:?} is not x.y.z"))?;
    let [major, minor, patch] = parts[..] else { bail!("version {version:?} is not x.y.z") };
    Ok(match (bump, major) {
        (Bump::None, _) => version.to_string(),
        (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        (Bump::Breaking, 0) => format!("0.{}.0", minor + 1),
        (Bump::Breaking, _) => format!("{}.0.0", major + 1),
    })
}

/// One crate's move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bumped {
    /// Crate name.
    pub crate_name: String,
    /// Version before.
    pub from: String,
    /// Version after.
    pub to: String,
    /// Why, in a few words.
    pub why: String,
    /// The bump.
    pub bump: Bump,
}

impl fmt::Display for Bumped {
    /// `vercel-dns 0.1.0 -> 0.2.0 (breaking: 3 API-breaking of 5 changes)`, as regen and update-spec print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {} ({}: {})", self.crate_name, self.from, self.to, self.bump, self.why)
    }
}

/// The version moves as a markdown table (CHANGELOG.md and update-spec's pull request).
pub fn moves_table(plan: &[Bumped]) -> String {
    let mut out = String::from("| Crate | Version | Bump | Why |\n| --- | --- | --- | --- |\n");
    for b in plan {
        out.push_str(&format!("| `{}` | {} → {} | {} | {} |\n", b.crate_name, b.from, b.to, b.bump, b.why));
    }
    out
}

/// The version moves for a regeneration whose output is `output` (generated
/// with the old versions), whose files differ from the committed ones at
/// `changed_paths` (relative to the output folder), and whose API changes
/// are `report`. Crates that do not move are left out; breaking bumps come first.
pub fn plan(report: &Report, output: &Output, changed_paths: &[&str], packaging: &Packaging) -> Result<Vec<Bumped>> {
    let crates: BTreeSet<&str> =
        output.files.keys().filter_map(|p| p.split('/').next()).filter(|c| c.starts_with("vercel-")).collect();
    let changed: BTreeSet<&str> = changed_paths.iter().filter_map(|p| p.split('/').next()).collect();
    let deps = |krate: &str| -> Vec<String> {
        let manifest = output.files.get(&format!("{krate}/Cargo.toml")).map(String::as_str).unwrap_or("");
        manifest
            .lines()
            .filter_map(|l| l.split_once(" = {").map(|(name, _)| name.trim().to_string()))
            .filter(|name| crates.contains(name.as_str()))
            .collect()
    };
    let facade = "vercel-client";
    let any_breaking = report.changes.iter().any(|c| c.api_breaking);

    let mut bumps: BTreeMap<String, (Bump, String)> = BTreeMap::new();
    // Group crates: their own operations' changes.
    for krate in &crates {
        let own: Vec<_> = report.changes.iter().filter(|c| c.crate_name == *krate).collect();
        let breaking = own.iter().filter(|c| c.api_breaking).count();
        let entry = if breaking > 0 {
            (Bump::Breaking, format!("{breaking} API-breaking of {} changes", own.len()))
        } else if !own.is_empty() {
            (Bump::Patch, format!("{} changes, none API-breaking", own.len()))
        } else if changed.contains(krate) {
            (Bump::Patch, "generated files changed".to_string())
        } else {
            (Bump::None, String::new())
        };
        bumps.insert(krate.to_string(), entry);
    }
    // The types crate: a change to a shared type is reported under an operation.
    if changed.contains("vercel-types") {
        let entry = if any_breaking {
            (Bump::Breaking, "shared types changed, and the spec change is API-breaking".to_string())
        } else {
            (Bump::Patch, "shared types changed".to_string())
        };
        bumps.insert("vercel-types".into(), entry);
    }
    // Scope crates and everything else: the bumps of what they depend on, until nothing moves.
    loop {
        let mut moved = false;
        for krate in &crates {
            if *krate == facade {
                continue;
            }
            for dep in deps(krate) {
                let (dep_bump, _) = bumps[&dep].clone();
                let is_scope = krate.starts_with("vercel-scope-");
                let wanted = if is_scope { dep_bump } else { dep_bump.min(Bump::Patch) };
                let current = bumps[*krate].0;
                if wanted > current {
                    bumps.insert(krate.to_string(), (wanted, format!("depends on {dep}, which moved ({dep_bump})")));
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    // The facade: the largest bump of what it re-exports.
    if let Some((name, (largest, _))) =
        bumps.iter().filter(|(name, _)| name.as_str() != facade).max_by_key(|(_, (bump, _))| *bump)
    {
        if *largest > bumps[facade].0 {
            let why = format!("largest bump of what it re-exports ({largest}, e.g. {name})");
            bumps.insert(facade.into(), (*largest, why));
        }
    }

    let mut out = Vec::new();
    for (name, (bump, why)) in bumps {
        if bump == Bump::None {
            continue;
        }
        let from = packaging.version(&name).to_string();
        let to = bump_version(&from, bump)?;
        out.push(Bumped { crate_name: name, from, to, why, bump });
    }
    out.sort_by(|a, b| b.bump.cmp(&a.bump).then_with(|| a.crate_name.cmp(&b.crate_name)));
    Ok(out)
}

/// Writes `versions.toml` with the moved versions (all crates of `output`
/// listed) and `spec_sha256`, the spec these versions are released for.
pub fn write_versions(
    root: &Path,
    output: &Output,
    packaging: &Packaging,
    plan: &[Bumped],
    spec_sha256: &str,
) -> Result<()> {
    let path = root.join(crate::VERSIONS_FILE);
    let old = fs::read_to_string(&path).unwrap_or_default();
    let header: String =
        old.lines().take_while(|l| l.starts_with('#') || l.trim().is_empty()).map(|l| format!("{l}\n")).collect();
    let crates: BTreeSet<&str> =
        output.files.keys().filter_map(|p| p.split('/').next()).filter(|c| c.starts_with("vercel-")).collect();
    let mut text = header;
    text.push_str(&format!("spec_sha256 = \"{spec_sha256}\"\n\n[crates]\n"));
    for krate in crates {
        let version = plan.iter().find(|b| b.crate_name == krate).map_or(packaging.version(krate), |b| b.to.as_str());
        text.push_str(&format!("{krate} = \"{version}\"\n"));
    }
    // The runtime's release record is `cargo xtask release --record`'s, kept as it is.
    text.push_str(crate::release::runtime_part(&old));
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// The spec `versions.toml` records the versions as released for (`spec_sha256`).
pub fn released_spec(root: &Path) -> Result<Option<String>> {
    let path = root.join(crate::VERSIONS_FILE);
    let Ok(text) = fs::read_to_string(&path) else { return Ok(None) };
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(table.get("spec_sha256").and_then(toml::Value::as_str).map(str::to_string))
}

/// `regen --check`'s version check: the versions are in step when
/// `versions.toml` records them for the spec the output is generated from.
/// Otherwise the output moved to another spec without its versions moving
/// (e.g. regenerated where the old spec could not be found for the report).
pub fn check_in_step(root: &Path, spec_sha256: &str) -> Result<()> {
    match released_spec(root)? {
        Some(released) if released == spec_sha256 => Ok(()),
        released => bail!(
            "versions out of step: {} records versions for spec sha256 {}, but the output is generated from {spec_sha256}; \
             regenerate with `cargo xtask regen` from the recorded spec's output (it moves the versions by the drift \
             report), or set the versions and spec_sha256 by hand after reviewing `cargo xtask diff`",
            crate::VERSIONS_FILE,
            released.as_deref().unwrap_or("(none)")
        ),
    }
}

/// The CHANGELOG.md entry of one regeneration: versions (breaking first), then the report's summary.
pub fn changelog_entry(report: &Report, plan: &[Bumped]) -> String {
    let mut out = format!(
        "## {} {} (spec sha256 {}), from {} (sha256 {})\n\n{}\n",
        report.new.title,
        report.new.version,
        short(&report.new.sha256),
        report.old.version,
        short(&report.old.sha256),
        moves_table(plan)
    );
    out.push_str(&report.summary_markdown());
    out.push('\n');
    out
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// Puts `entry` at the top of CHANGELOG.md (under its title), creating the file if needed.
pub fn prepend_changelog(root: &Path, entry: &str) -> Result<()> {
    let path = root.join(CHANGELOG_FILE);
    let title = "# Changelog\n\nWritten by `cargo xtask regen` when it regenerates from another spec: each crate's \
                 version move and the API changes behind it, newest first.\n\n";
    let old = fs::read_to_string(&path).unwrap_or_default();
    let rest = old.strip_prefix(title).unwrap_or(&old);
    fs::write(&path, format!("{title}{entry}\n{rest}")).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incompatible_bumps_follow_semver_before_and_after_1_0() {
        assert_eq!(bump_version("0.1.0", Bump::Breaking).unwrap(), "0.2.0");
        assert_eq!(bump_version("0.1.7", Bump::Patch).unwrap(), "0.1.8");
        assert_eq!(bump_version("1.4.2", Bump::Breaking).unwrap(), "2.0.0");
        assert_eq!(bump_version("1.4.2", Bump::None).unwrap(), "1.4.2");
        assert!(bump_version("1.4", Bump::Patch).is_err());
    }

    #[test]
    fn versions_recorded_for_another_spec_are_out_of_step() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join(crate::VERSIONS_FILE), "spec_sha256 = \"aaa\"\n\n[crates]\n").unwrap();
        assert!(check_in_step(root.path(), "aaa").is_ok());
        let err = check_in_step(root.path(), "bbb").unwrap_err().to_string();
        assert!(err.contains("versions out of step") && err.contains("aaa") && err.contains("bbb"), "{err}");
        fs::remove_file(root.path().join(crate::VERSIONS_FILE)).unwrap();
        assert!(check_in_step(root.path(), "aaa").is_err());
    }
}
