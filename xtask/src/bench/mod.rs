//! `cargo xtask bench`: regen speed, build time and memory of the generated
//! crates, their size, runtime overhead, and (with `--peers`) the same for
//! openapi-generator's Rust client of the same spec.
//!
//! A full run appends one entry to `bench/RESULTS.md`; `--quick` is a smoke
//! test of the harness for CI (small counts, no cold builds of the client)
//! and writes its entry to `target/bench/quick-results.md` instead.
//! Benchmarks report; they never fail because a figure misses its target.

mod build;
mod deploy;
mod first_run;
mod machine;
mod peer;
mod regen;
mod runtime;
mod size;
mod stats;

use anyhow::{bail, Context, Result};
use build::{Build, BuildResult, TimeTool};
use machine::Machine;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Scratch folder for target folders, logs and the peer's output.
pub const SCRATCH_DIR: &str = "target/bench";

/// Where full runs append their entry.
pub const RESULTS_FILE: &str = "bench/RESULTS.md";

/// Parts of a run, selectable with `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Regen speed of the pinned spec, phase by phase.
    Regen,
    /// Lines, types, untyped fields (and rlib sizes when `build` runs too).
    Size,
    /// Cold builds of the generated client.
    Build,
    /// The generated client against raw reqwest + serde_json on loopback.
    Runtime,
    /// A maintainer's first `cargo xtask regen`: the xtask's cold build, then one regen.
    FirstRun,
    /// Deploying a directory: `vercel-deploy` against `@vercel/client` on a local mock (Node and npm needed).
    Deploy,
}

/// Arguments of `cargo xtask bench`.
#[derive(Debug, Clone)]
pub struct BenchArgs {
    /// Smoke test of the harness (CI): few runs, one tiny build, debug runtime bench; writes to target/bench/quick-results.md.
    pub quick: bool,
    /// Also install openapi-generator (PyPI, into .tools/) and measure its Rust client of the same spec.
    pub peers: bool,
    /// Run only these parts (comma-separated); all by default.
    pub only: Vec<Part>,
    /// Only the build configurations whose label contains TEXT (e.g. `deployments`, `check`).
    pub builds: Option<String>,
    /// A note recorded with the entry, e.g. about other load on the machine.
    pub note: Option<String>,
    /// Append the entry to this file instead of bench/RESULTS.md (or target/bench/quick-results.md with --quick).
    pub results: Option<PathBuf>,
}

/// The names of the parts on the command line (`--only`).
const PART_NAMES: &[(&str, Part)] = &[
    ("regen", Part::Regen),
    ("size", Part::Size),
    ("build", Part::Build),
    ("runtime", Part::Runtime),
    ("first-run", Part::FirstRun),
    ("deploy", Part::Deploy),
];

impl BenchArgs {
    /// Reads the options in `xtask/src/help/bench.txt`.
    pub fn from_args(mut args: xtask::cli::Args) -> Result<BenchArgs> {
        let parsed = BenchArgs {
            quick: args.flag("--quick")?,
            peers: args.flag("--peers")?,
            only: args.choices("--only", PART_NAMES)?,
            builds: args.value("--builds")?,
            note: args.value("--note")?,
            results: args.path("--results")?,
        };
        args.finish_none()?;
        Ok(parsed)
    }
}

impl BenchArgs {
    fn runs(&self, part: Part) -> bool {
        self.only.is_empty() || self.only.contains(&part)
    }
}

/// Rough duration of a full run on a quiet 2-core machine, for the estimate printed at the start.
fn estimate(args: &BenchArgs) -> Duration {
    if args.quick {
        return Duration::from_secs(if args.peers { 90 } else { 45 });
    }
    let mut secs = 0;
    if args.runs(Part::Regen) || args.runs(Part::Size) {
        secs += 15;
    }
    if args.runs(Part::Build) {
        secs += 6 * 200;
    }
    if args.runs(Part::Runtime) {
        secs += 150;
    }
    if args.runs(Part::FirstRun) {
        secs += 60;
    }
    if args.runs(Part::Deploy) {
        secs += 240;
    }
    if args.peers {
        secs += 60 + 3 * 300;
    }
    Duration::from_secs(secs)
}

/// Runs the benchmark, prints the entry and appends it to the results file.
pub fn bench(root: &Path, args: &BenchArgs) -> Result<()> {
    let started = Instant::now();
    let scratch = root.join(SCRATCH_DIR);
    fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
    let machine = Machine::detect(root);
    let mode = if args.quick { "quick (smoke test)" } else { "full" };
    eprintln!(
        "bench: {mode} run; estimated {} min on a quiet 2-core machine; load average now {}",
        estimate(args).as_secs().div_ceil(60),
        machine.load
    );

    let mut sections = Vec::new();
    let time = TimeTool::detect(&scratch);
    if let Some(why) = time.missing() {
        eprintln!("bench: WARNING: {why}");
    }

    let mut regen_figures = None;
    if args.runs(Part::Regen) || args.runs(Part::Size) {
        let runs = if args.quick { 3 } else { 10 };
        eprintln!("bench: regen, {runs} runs");
        let result = regen::measure(root, runs)?;
        if args.runs(Part::Regen) {
            sections.push(result.markdown());
        }
        regen_figures = Some(result);
    }

    let mut builds = Vec::new();
    if args.runs(Part::Build) {
        builds = run_builds(root, &scratch, &time, args.quick, args.builds.as_deref())?;
        sections.push(build_section(&builds, &time, args.quick));
    }

    if let (true, Some(figures)) = (args.runs(Part::Size), &regen_figures) {
        // The quick run's one build is not of the generated crates: no rlib sizes then.
        let rlibs_from = if args.quick { &[][..] } else { &builds[..] };
        sections.push(size::markdown(&figures.stats, figures.files, figures.source_bytes, rlibs_from));
    }

    if args.runs(Part::Runtime) {
        let load = if args.quick {
            runtime::RuntimeLoad { small_requests: 200, large_requests: 10, rounds: 2, decode_runs: 3, release: false }
        } else {
            runtime::RuntimeLoad {
                small_requests: 20_000,
                large_requests: 1_000,
                rounds: 10,
                decode_runs: 50,
                release: true,
            }
        };
        eprintln!("bench: runtime ({} build of bench/runtime)", if load.release { "release" } else { "debug" });
        sections.push(runtime::measure(root, load)?);
    }

    if args.runs(Part::FirstRun) && !args.quick {
        eprintln!("bench: first run (cold build of the xtask, then one regen)");
        sections.push(first_run::measure(root, &scratch, &time)?);
    }

    if args.runs(Part::Deploy) {
        eprintln!("bench: deploy");
        sections.push(deploy::measure_section(root, &scratch, &time, args.quick)?);
    }

    if args.peers {
        let ours = peer::Ours { regen: regen_figures.as_ref(), builds: &builds };
        sections.push(peer::measure(root, &scratch, &time, args.quick, args.builds.as_deref(), &ours)?);
    }

    let elapsed = started.elapsed();
    let entry = entry(&machine, args, &sections, elapsed);
    println!("{entry}");
    let results = match (&args.results, args.quick) {
        (Some(path), _) => path.clone(),
        (None, true) => scratch.join("quick-results.md"),
        (None, false) => root.join(RESULTS_FILE),
    };
    append(&results, &entry)?;
    eprintln!("bench: done in {:.1} min; entry appended to {}", elapsed.as_secs_f64() / 60.0, results.display());
    Ok(())
}

/// The builds of a run: in quick mode one tiny `cargo check`, else the client
/// with all features and with `deployments` only, checked and built (debug, release),
/// and `deployments` alone built (debug) with each other TLS / HTTP/2 combination.
fn run_builds(
    root: &Path,
    scratch: &Path,
    time: &TimeTool,
    quick: bool,
    filter: Option<&str>,
) -> Result<Vec<BuildResult>> {
    let generated = generated_packages(root)?;
    let rlib_crates: Vec<String> = generated.iter().map(|p| p.replace('-', "_")).collect();
    let mut configs = Vec::new();
    if quick {
        configs.push(Build {
            label: "a one-line crate without dependencies: `cargo build` (harness smoke test)".into(),
            dir: smoke_crate(scratch)?,
            args: vec!["build".into()],
            generated: vec![SMOKE_CRATE.into()],
            rlib_crates: vec![SMOKE_CRATE.replace('-', "_")],
        });
    } else {
        let modes: [(&str, &[&str]); 3] = [
            ("`cargo check`", &["check"]),
            ("`cargo build`", &["build"]),
            ("`cargo build --release`", &["build", "--release"]),
        ];
        let features: [(&str, &[&str]); 2] = [
            ("all features", &["--all-features"]),
            ("`deployments` only", &["--no-default-features", "--features", "deployments,rustls-tls,http2"]),
        ];
        // The other TLS / HTTP/2 combinations of `deployments` alone (issue 17), debug builds only.
        let tls: [(&str, &[&str]); 3] = [
            ("`deployments` + `rustls-tls`", &["--no-default-features", "--features", "deployments,rustls-tls"]),
            ("`deployments` + `native-tls`", &["--no-default-features", "--features", "deployments,native-tls"]),
            (
                "`deployments` + `native-tls` + `http2`",
                &["--no-default-features", "--features", "deployments,native-tls,http2"],
            ),
        ];
        let combos = modes
            .iter()
            .flat_map(|&mode| features.iter().map(move |&f| (mode, f)))
            .chain(tls.iter().map(|&f| (("`cargo build`", &["build"][..]), f)));
        for ((mode, mode_args), (feature, feature_args)) in combos {
            let mut args: Vec<String> = mode_args.iter().map(|s| s.to_string()).collect();
            args.extend(["-p", "vercel-client"].map(String::from));
            args.extend(feature_args.iter().map(|s| s.to_string()));
            configs.push(Build {
                label: format!("vercel-client, {feature}: {mode}"),
                dir: root.to_path_buf(),
                args,
                generated: generated.clone(),
                rlib_crates: rlib_crates.clone(),
            });
        }
    }
    if let Some(text) = filter {
        configs.retain(|c| c.label.contains(text));
        if configs.is_empty() {
            bail!("--builds {text:?} matches no build configuration");
        }
    }
    if !quick {
        // Downloads (if any) are not part of the build times.
        build::run_cargo(root, &["fetch".to_string()], &root.join("target"), &scratch.join("logs/fetch.log"))?;
    }
    let mut results = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        eprintln!("bench: build {}/{}: {} (cargo {})", i + 1, configs.len(), config.label, config.args.join(" "));
        let target = scratch.join(format!("target-{i}"));
        let log = scratch.join(format!("logs/build-{i}.log"));
        let _ = fs::remove_file(&log);
        let result = build::measure(config, &target, time, &log)?;
        eprintln!("{}", result.progress("generated crates only"));
        results.push(result);
    }
    if quick {
        let _ = fs::remove_dir_all(scratch.join(SMOKE_CRATE));
    }
    Ok(results)
}

/// Package name of the crate `--quick` builds instead of the client.
const SMOKE_CRATE: &str = "bench-smoke";

/// Writes a one-line library crate (its own workspace) under `scratch`, for
/// `--quick` to run the whole build harness on in a second; returns its folder.
fn smoke_crate(scratch: &Path) -> Result<PathBuf> {
    let dir = scratch.join(SMOKE_CRATE);
    fs::create_dir_all(dir.join("src")).with_context(|| format!("creating {}", dir.display()))?;
    let manifest =
        format!("[package]\nname = \"{SMOKE_CRATE}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n");
    fs::write(dir.join("Cargo.toml"), manifest).with_context(|| format!("writing {}", dir.display()))?;
    fs::write(dir.join("src/lib.rs"), "pub fn answer() -> u32 {\n    42\n}\n")
        .with_context(|| format!("writing {}", dir.display()))?;
    Ok(dir)
}

/// Package names of the generated crates (`generated-client/vercel-*`).
fn generated_packages(root: &Path) -> Result<Vec<String>> {
    let dir = root.join(xtask::regen::GENERATED_DIR);
    let mut names = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("vercel-") && entry.path().join("Cargo.toml").is_file() {
            names.push(name);
        }
    }
    names.sort();
    if names.is_empty() {
        bail!("no generated crates in {}; run `cargo xtask regen`", dir.display());
    }
    Ok(names)
}

fn build_section(builds: &[BuildResult], time: &TimeTool, quick: bool) -> String {
    let mut out = String::from("### Build\n\n");
    if let Some(why) = time.missing() {
        out.push_str(&format!("**Peak RSS not measured: {why}.**\n\n"));
    }
    out.push_str(
        "Cold: a fresh target folder (dependencies included). Generated crates only: the same folder after \
         `cargo clean -p` of every generated crate, so dependencies are already built. `CARGO_INCREMENTAL=0`. \
         Peak RSS is GNU time's maximum resident set size, i.e. of the largest single process (a `rustc`). \
         Per-crate profiles of the second builds: `target/bench/logs/*.timings.html`.\n\n",
    );
    out.push_str(&build::table(builds));
    if !quick {
        out.push_str(&build_targets(builds));
    }
    out
}

/// The build targets that can be judged without the peer.
fn build_targets(builds: &[BuildResult]) -> String {
    let find = |label: &str| builds.iter().find(|b| b.label == label);
    let mut lines = Vec::new();
    let peak = builds.iter().flat_map(|b| [b.cold.peak_rss, b.generated_only.peak_rss]).flatten().max();
    if let Some(peak) = peak {
        let verdict = if peak < 1_500_000_000 { "met" } else { "NOT met" };
        lines.push(format!("peak RSS under 1.5 GB over all configurations: {verdict} ({})", stats::bytes(peak)));
    }
    if let Some(one) = find("vercel-client, `deployments` only: `cargo build`") {
        let verdict = |d: Duration| if d < Duration::from_secs(20) { "met" } else { "NOT met" };
        lines.push(format!(
            "one group (`deployments`) debug build under 20 s: cold {} ({}), generated crates only {} ({})",
            one.cold.wall(),
            verdict(one.cold.wall),
            one.generated_only.wall(),
            verdict(one.generated_only.wall)
        ));
    }
    lines.iter().map(|l| format!("\nTarget: {l}.\n")).collect()
}

fn entry(machine: &Machine, args: &BenchArgs, sections: &[String], elapsed: Duration) -> String {
    let mut command = String::from("cargo xtask bench");
    if args.quick {
        command.push_str(" --quick");
    }
    if args.peers {
        command.push_str(" --peers");
    }
    if let Some(text) = &args.builds {
        command.push_str(&format!(" --builds {text:?}"));
    }
    if !args.only.is_empty() {
        let parts: Vec<&str> = args
            .only
            .iter()
            .map(|p| match p {
                Part::Regen => "regen",
                Part::Size => "size",
                Part::Build => "build",
                Part::Runtime => "runtime",
                Part::FirstRun => "first-run",
                Part::Deploy => "deploy",
            })
            .collect();
        command.push_str(&format!(" --only {}", parts.join(",")));
    }
    // A code span that holds backticks (from `--builds`) needs a double-backtick fence.
    let command = if command.contains('`') { format!("`` {command} ``") } else { format!("`{command}`") };
    let mut out = format!("## {} — {command}\n\n{}\n", machine.date, machine.line());
    if let Some(note) = &args.note {
        out.push_str(&format!("\n**Note:** {note}\n"));
    }
    for section in sections {
        out.push('\n');
        out.push_str(section.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\nThe run took {:.1} min.\n", elapsed.as_secs_f64() / 60.0));
    out
}

const RESULTS_HEADER: &str = "# Benchmark results\n\n\
Appended by `cargo xtask bench` (see README.md, \"Benchmarks\"), newest last. Absolute times \
depend on the machine and on anything else running on it; compare ratios, and entries made on \
the same machine.\n";

/// Appends `entry` to `path`, creating it (with a header) if needed.
fn append(path: &Path, entry: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let new = !path.exists();
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let text = if new { format!("{RESULTS_HEADER}\n{entry}") } else { format!("\n{entry}") };
    file.write_all(text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_creates_with_header_then_appends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/RESULTS.md");
        append(&path, "## one\n").unwrap();
        append(&path, "## two\n").unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Benchmark results\n"), "{text}");
        assert_eq!(text.matches("# Benchmark results").count(), 1);
        assert!(text.find("## one").unwrap() < text.find("## two").unwrap());
    }

    #[test]
    fn generated_packages_are_listed() {
        let names = generated_packages(&xtask::workspace_root()).unwrap();
        assert!(names.contains(&"vercel-client".to_string()));
        assert!(names.contains(&"vercel-types".to_string()));
        assert!(names.iter().all(|n| n.starts_with("vercel-")));
    }

    #[test]
    fn build_targets_judge_rss_and_one_group() {
        let measured = |secs, gb: f64| build::Measured {
            wall: Duration::from_secs(secs),
            peak_rss: Some((gb * 1e9) as u64),
            cpu: None,
        };
        let builds = [BuildResult {
            label: "vercel-client, `deployments` only: `cargo build`".into(),
            cold: measured(45, 0.9),
            generated_only: measured(12, 1.6),
            rlibs: Vec::new(),
        }];
        let text = build_targets(&builds);
        assert!(text.contains("peak RSS under 1.5 GB over all configurations: NOT met"), "{text}");
        assert!(text.contains("cold 45.0 s (NOT met), generated crates only 12.0 s (met)"), "{text}");
    }
}
