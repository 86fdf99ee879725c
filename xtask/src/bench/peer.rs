//! `--peers`: openapi-generator's Rust client of the same pinned spec,
//! generated into `target/bench/peer`, made to compile with the fewest edits
//! (applied here, printed), then measured like ours. Nothing of it is committed.

use super::build::{self, Build, BuildResult, TimeTool};
use super::regen::RegenBench;
use super::stats::{ratio, Summary};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use xtask::{ensure_spec, thousands};

/// The PyPI package and the pinned version (it bundles the generator's jar; Java 11+ runs it).
const PACKAGE: &str = "openapi-generator-cli";
const VERSION: &str = "7.26.0";

/// Where it is installed (a Python venv): in the tools folder ([`xtask::tools`]).
fn install_dir(root: &Path) -> PathBuf {
    xtask::tools::tool_dir(root, PACKAGE, VERSION)
}

/// Our figures the peer is compared with.
pub struct Ours<'a> {
    /// Regen timings and generator figures, if regen ran.
    pub regen: Option<&'a RegenBench>,
    /// Our builds, if they ran.
    pub builds: &'a [BuildResult],
}

/// One edit to the generated peer code: each `(find, replace)` pair of
/// `replacements` is applied to `file`, and each `find` must occur.
struct Edit {
    file: &'static str,
    replacements: &'static [(&'static str, &'static str)],
    why: &'static str,
}

/// Setup, not code edits: the output lives under this repository's `target/`,
/// so it needs its own (empty) workspace, and it gets the same dev profile
/// for dependencies as our workspace so that the builds compare like with like.
const MANIFEST_SETUP: &str = "\n[workspace]\n\n[profile.dev.package.\"*\"]\ndebug = false\n";

/// The minimal edits for openapi-generator 7.26.0's Rust output of the pinned spec to compile
/// (found by building it; see also /work/shared/notes/spec-faults.md).
const EDITS: &[Edit] = &[
    Edit {
        file: "src/models/get_deployment_200_response_one_of_flags.rs",
        replacements: &[("ArrayVecserde_json::Value(", "ArrayVecSerdeJsonValue(")],
        why: "a `oneOf` alternative of untyped array items gets an enum variant name with `::` in it (a syntax error)",
    },
    Edit {
        file: "src/models/update_project_data_cache_200_response_connect_configurations_inner_env_id.rs",
        replacements: &[("    String(String),\n    String(String),\n", "    String(String),\n")],
        why: "two `oneOf` string alternatives give the variant `String` twice",
    },
    Edit {
        file: "src/apis/teams_api.rs",
        replacements: &[
            (
                "pub async fn get_team_members(configuration: &configuration::Configuration, limit",
                "pub async fn get_team_members(configuration: &configuration::Configuration, team_id: &str, limit",
            ),
            (
                "\"{}/v3/teams/{teamId}/members\", configuration.base_path",
                "\"{}/v3/teams/{}/members\", configuration.base_path, crate::apis::urlencode(team_id)",
            ),
        ],
        why: "the spec uses the path parameter `teamId` of `GET /v3/teams/{teamId}/members` without declaring it, \
              so the generated function formats an undefined variable; add the parameter",
    },
];

/// Whether the peer is built in `mode` (e.g. `` `cargo build` ``): when our builds ran,
/// in each mode one of them used, so that `--builds` filters both sides alike whether it
/// names a mode or a whole label (`all features: `cargo build``); else when `filter`
/// (if any) is part of the mode.
fn peer_builds_in(mode: &str, filter: Option<&str>, ours: &[BuildResult]) -> bool {
    if ours.is_empty() {
        return filter.is_none_or(|f| mode.contains(f));
    }
    let suffix = format!(": {mode}");
    ours.iter().any(|build| build.label.ends_with(&suffix))
}

/// Installs the peer if needed, generates, edits, counts and builds it; returns the Markdown section.
pub fn measure(
    root: &Path,
    scratch: &Path,
    time: &TimeTool,
    quick: bool,
    filter: Option<&str>,
    ours: &Ours,
) -> Result<String> {
    let cli = install(root)?;
    let spec = ensure_spec(root)?;
    let out = scratch.join("peer");
    let runs = if quick { 1 } else { 3 };
    let mut gen_times = Vec::new();
    for run in 1..=runs {
        eprintln!("bench: peer: generating with {PACKAGE} {VERSION} ({run}/{runs})");
        if out.exists() {
            fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
        }
        let log = scratch.join("logs/peer-generate.log");
        let start = Instant::now();
        generate(&cli, &spec, &out, &log)?;
        gen_times.push(start.elapsed());
    }
    let (lines, types) = count_code(&out.join("src"))?;
    let applied = apply_edits(&out)?;

    let mut builds = Vec::new();
    if !quick {
        let modes: [(&str, &[&str]); 3] = [
            ("`cargo check`", &["check"]),
            ("`cargo build`", &["build"]),
            ("`cargo build --release`", &["build", "--release"]),
        ];
        build::run_cargo(
            &out,
            &["fetch".to_string()],
            &scratch.join("peer-target"),
            &scratch.join("logs/peer-fetch.log"),
        )?;
        let modes: Vec<_> = modes.iter().filter(|(mode, _)| peer_builds_in(mode, filter, ours.builds)).collect();
        for (i, (mode, args)) in modes.iter().enumerate() {
            let config = Build {
                label: format!("openapi-generator output: {mode}"),
                dir: out.clone(),
                args: args.iter().map(|s| s.to_string()).collect(),
                generated: vec!["openapi".into()],
                rlib_crates: vec!["openapi".into()],
            };
            eprintln!("bench: peer build {}/{}: {}", i + 1, modes.len(), config.label);
            let log = scratch.join(format!("logs/peer-build-{i}.log"));
            let _ = fs::remove_file(&log);
            let result = build::measure(&config, &scratch.join("peer-target"), time, &log)?;
            eprintln!("{}", result.progress("generated crate only"));
            builds.push(result);
        }
    }

    let gen = Summary::of_durations(&gen_times).context("no generation run")?;
    let mut md = format!("### Peer: openapi-generator {VERSION} (`-g rust`, PyPI `{PACKAGE}`)\n\n");
    md.push_str(&format!(
        "Generated from the same pinned spec (without our overlays) with `--skip-validate-spec` into \
         `target/bench/peer`. Set-up: its `Cargo.toml` gets `{}` (own workspace; dependencies without debug info, \
         as in ours). Edits needed to compile ({}):\n\n",
        MANIFEST_SETUP.trim().replace('\n', " "),
        applied.len()
    ));
    for line in &applied {
        md.push_str(&format!("- {line}\n"));
    }
    md.push_str(&format!(
        "\n| Figure | Value |\n|---|---:|\n| Generation time, {runs} runs (min / median / max; includes JVM start) | {} |\n\
         | Lines of generated Rust | {} |\n| Named types (`pub struct` / `pub enum`) | {} |\n",
        gen.millis(),
        thousands(lines),
        thousands(types)
    ));
    if !builds.is_empty() {
        md.push('\n');
        md.push_str(&build::table(&builds));
        let total: u64 = builds.iter().flat_map(|b| b.rlibs.iter().map(|(_, n)| n)).max().copied().unwrap_or(0);
        if total > 0 {
            md.push_str(&format!("\nLargest rlib of the generated crate: {}.\n", super::stats::bytes(total)));
        }
    }
    md.push_str(&comparison(ours, gen.median, lines, types, &builds));
    Ok(md)
}

/// The `ours / theirs` table: ours is the client with all features.
fn comparison(ours: &Ours, gen_median: f64, lines: usize, types: usize, theirs: &[BuildResult]) -> String {
    let mut rows = Vec::new();
    if let Some(regen) = ours.regen {
        let generate = regen.phases.iter().find(|(name, _)| name.starts_with("generate")).map(|(_, s)| s.median);
        if let Some(generate) = generate {
            rows.push((
                "Generation time (median; ours: generate only, theirs: CLI run)".to_string(),
                ratio(generate, gen_median),
            ));
        }
        rows.push(("Lines of generated Rust".into(), ratio(regen.stats.lines as f64, lines as f64)));
        let distinct = regen.stats.types - regen.stats.aliased_types;
        rows.push((
            "Named types (ours without aliases of identical types)".into(),
            ratio(distinct as f64, types as f64),
        ));
    }
    for (mode, ours_label) in [
        ("`cargo check`", "vercel-client, all features: `cargo check`"),
        ("`cargo build`", "vercel-client, all features: `cargo build`"),
        ("`cargo build --release`", "vercel-client, all features: `cargo build --release`"),
    ] {
        let ours_build = ours.builds.iter().find(|b| b.label == ours_label);
        let their_build = theirs.iter().find(|b| b.label.ends_with(mode));
        let (Some(a), Some(b)) = (ours_build, their_build) else {
            continue;
        };
        let secs = |d: Duration| d.as_secs_f64();
        rows.push((format!("{mode} cold: wall"), ratio(secs(a.cold.wall), secs(b.cold.wall))));
        rows.push((
            format!("{mode} generated code only: wall"),
            ratio(secs(a.generated_only.wall), secs(b.generated_only.wall)),
        ));
        if let (Some(x), Some(y)) = (a.cold.peak_rss, b.cold.peak_rss) {
            rows.push((format!("{mode} cold: peak RSS"), ratio(x as f64, y as f64)));
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut md =
        String::from("\nOurs (vercel-client, all features) ÷ theirs:\n\n| Figure | Ours ÷ theirs |\n|---|---:|\n");
    for (name, value) in rows {
        md.push_str(&format!("| {name} | {value} |\n"));
    }
    let debug = |label: &str| ours.builds.iter().chain(theirs).find(|b| b.label == label).map(|b| b.cold.wall);
    if let (Some(a), Some(b)) =
        (debug("vercel-client, all features: `cargo build`"), debug("openapi-generator output: `cargo build`"))
    {
        let verdict = if a.as_secs_f64() < b.as_secs_f64() / 2.0 { "met" } else { "NOT met" };
        md.push_str(&format!(
            "\nTarget (all features, cold debug build, under half of openapi-generator's time): {verdict} ({} vs {}).\n",
            super::stats::secs(a),
            super::stats::secs(b)
        ));
    }
    md
}

/// Installs the pinned package into a venv under `.tools/` unless present; returns the CLI's path.
fn install(root: &Path) -> Result<PathBuf> {
    let dir = install_dir(root);
    let cli = dir.join("bin").join(PACKAGE);
    if cli.is_file() {
        return Ok(cli);
    }
    let java = Command::new("java").arg("-version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    if !java.is_ok_and(|s| s.success()) {
        bail!("--peers needs Java (11 or newer) to run openapi-generator; `java -version` failed");
    }
    eprintln!("bench: peer: installing {PACKAGE}=={VERSION} from PyPI into {}", dir.display());
    let status = Command::new("python3")
        .arg("-m")
        .arg("venv")
        .arg(&dir)
        .status()
        .context("running python3 -m venv (is python3 installed?)")?;
    if !status.success() {
        bail!("python3 -m venv {} failed ({status})", dir.display());
    }
    let status = Command::new(dir.join("bin").join("pip"))
        .args(["install", "--quiet", &format!("{PACKAGE}=={VERSION}")])
        .status()
        .context("running pip install")?;
    if !status.success() || !cli.is_file() {
        let _ = fs::remove_dir_all(&dir);
        bail!("pip install {PACKAGE}=={VERSION} failed ({status})");
    }
    Ok(cli)
}

/// Runs the generator (output to `log`).
fn generate(cli: &Path, spec: &Path, out: &Path, log: &Path) -> Result<()> {
    if let Some(parent) = log.parent() {
        fs::create_dir_all(parent)?;
    }
    let log_file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let status = Command::new(cli)
        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .status()
        .with_context(|| format!("running {}", cli.display()))?;
    if !status.success() {
        bail!("openapi-generator failed ({status}); see {}", log.display());
    }
    Ok(())
}

/// Lines of Rust and `pub struct` / `pub enum` items under `src`.
fn count_code(src: &Path) -> Result<(usize, usize)> {
    let (mut lines, mut types) = (0, 0);
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                lines += text.lines().count();
                types += text.lines().filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum ")).count();
            }
        }
    }
    Ok((lines, types))
}

/// Applies the manifest set-up and [`EDITS`]; returns one printed line per edit.
fn apply_edits(out: &Path) -> Result<Vec<String>> {
    let manifest = out.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
    text.push_str(MANIFEST_SETUP);
    fs::write(&manifest, text).with_context(|| format!("writing {}", manifest.display()))?;
    let mut applied = Vec::new();
    for edit in EDITS {
        let path = out.join(edit.file);
        let mut text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for (find, replace) in edit.replacements {
            if !text.contains(find) {
                bail!(
                    "peer edit no longer applies: {find:?} not found in {} (did the openapi-generator version change?)",
                    edit.file
                );
            }
            text = text.replacen(find, replace, 1);
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        let changes: Vec<String> = edit
            .replacements
            .iter()
            .map(|(find, replace)| {
                format!("`{}` → `{}`", find.trim().replace('\n', "\\n"), replace.trim().replace('\n', "\\n"))
            })
            .collect();
        let line = format!("`{}`: {}: {}", edit.file, edit.why, changes.join("; "));
        eprintln!("bench: peer edit: {line}");
        applied.push(line);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(label: &str) -> BuildResult {
        let measured = build::Measured { wall: Duration::ZERO, peak_rss: None, cpu: None };
        BuildResult { label: label.into(), cold: measured, generated_only: measured, rlibs: Vec::new() }
    }

    #[test]
    fn the_peer_builds_in_the_modes_of_our_builds_that_ran() {
        // `--builds "all features: `cargo build`"` ran one of ours: the peer follows its mode.
        let ran = [ours("vercel-client, all features: `cargo build`")];
        assert!(peer_builds_in("`cargo build`", Some("all features: `cargo build`"), &ran));
        assert!(!peer_builds_in("`cargo check`", Some("all features: `cargo build`"), &ran));
        assert!(!peer_builds_in("`cargo build --release`", None, &ran));
        // Without our builds (`--only peer`), the filter is read as a mode.
        assert!(peer_builds_in("`cargo check`", Some("check"), &[]));
        assert!(!peer_builds_in("`cargo build`", Some("check"), &[]));
        assert!(peer_builds_in("`cargo build`", None, &[]));
    }
}
