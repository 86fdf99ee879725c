//! Regen speed: the pinned spec through every phase, repeated.

use super::stats::Summary;
use anyhow::{Context, Result};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};
use vercel_codegen::{Options, PhaseTimes, Stats};
use xtask::regen::{GENERATED_DIR, IN_TREE_RUNTIME_PATH};
use xtask::{diff, ensure_spec, read_overlays, read_scope_table};

/// Timings of repeated regen runs and the generator's figures.
#[derive(Debug, Clone)]
pub struct RegenBench {
    /// Runs measured (after one warm-up run).
    pub runs: usize,
    /// (phase, summary) in pipeline order, then the totals.
    pub phases: Vec<(&'static str, Summary)>,
    /// Figures of the generated output (the same in every run).
    pub stats: Stats,
    /// Generated files.
    pub files: usize,
    /// Bytes of generated Rust source.
    pub source_bytes: usize,
    /// Median of the whole `regen --check` equivalent (read + generate + compare), for the target.
    pub total_median: Duration,
}

/// Runs what `cargo xtask regen --check` does `runs` times (after a warm-up),
/// timing: reading the inputs, each generator phase, and comparing with `generated-client/`.
pub fn measure(root: &Path, runs: usize) -> Result<RegenBench> {
    let spec_path = ensure_spec(root)?;
    let mut samples: Vec<[Duration; 8]> = Vec::with_capacity(runs);
    let mut last = None;
    for run in 0..=runs {
        let start = Instant::now();
        let spec_text =
            fs::read_to_string(&spec_path).with_context(|| format!("reading spec {}", spec_path.display()))?;
        let overlays = read_overlays(root)?;
        let scopes = read_scope_table(root)?;
        let read = start.elapsed();

        let options = Options::new(IN_TREE_RUNTIME_PATH)
            .scopes(scopes)
            .packaging(Some(xtask::read_packaging(root)?))
            .groups(xtask::read_group_table(root)?);
        let generate_start = Instant::now();
        let (mut output, phases) = vercel_codegen::generate_timed(&spec_text, &overlays, &options)?;
        let generate = generate_start.elapsed();
        let rustfmt_start = Instant::now();
        xtask::rustfmt::format_output(&mut output)?;
        let rustfmt = rustfmt_start.elapsed();

        let stale = diff(&root.join(GENERATED_DIR), &output).len();
        let total = start.elapsed();
        if stale > 0 {
            eprintln!("note: generated-client/ differs from the generator's output in {stale} files (run `cargo xtask regen`)");
        }
        let PhaseTimes { load, ir, emit, format } = phases;
        if run > 0 {
            samples.push([read, load, ir, emit, format, generate, rustfmt, total]);
        }
        last = Some(output);
    }
    let output = last.context("no regen run")?;
    let names = [
        "read spec, overlays, scope table",
        "load: parse + overlays + normalise",
        "IR lowering (incl. scope table)",
        "emit: token streams + manifests",
        "format: syn parse + prettyplease",
        "generate (load + IR + emit + format)",
        "rustfmt of the generated files (as `regen`)",
        "total incl. rustfmt and compare with generated-client/ (as `regen --check`)",
    ];
    let phases = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let column: Vec<Duration> = samples.iter().map(|s| s[i]).collect();
            (*name, Summary::of_durations(&column).unwrap_or(Summary { min: 0.0, median: 0.0, max: 0.0 }))
        })
        .collect::<Vec<_>>();
    let total_median = Duration::from_secs_f64(phases.last().map(|(_, s)| s.median).unwrap_or(0.0));
    let source_bytes = output.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, c)| c.len()).sum();
    Ok(RegenBench { runs, phases, stats: output.stats, files: output.files.len(), source_bytes, total_median })
}

impl RegenBench {
    /// The Markdown section.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "### Regen\n\nThe pinned spec, {} runs after a warm-up, release build of xtask.\n\n| Phase | min / median / max |\n|---|---|\n",
            self.runs
        );
        for (name, summary) in &self.phases {
            out.push_str(&format!("| {name} | {} |\n", summary.millis()));
        }
        let verdict = if self.total_median < Duration::from_secs(1) { "met" } else { "NOT met" };
        out.push_str(&format!(
            "\nTarget (under 1 s in total): {verdict}, median {:.0} ms.\n",
            self.total_median.as_secs_f64() * 1e3
        ));
        out
    }
}
