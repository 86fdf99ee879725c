//! Formats the generated Rust files with rustfmt, so that the committed
//! output is exactly what `cargo fmt` keeps (the generator's own printer,
//! prettyplease, lays code out differently and leaves macro bodies alone).
//!
//! The configuration is the generated `rustfmt.toml` itself (written by the
//! generator next to the crates), so `cargo fmt --all --check` in CI checks
//! the generated crates with the same settings that formatted them. One
//! rustfmt pass settles: formatting the result again changes nothing (the
//! `regen --check` in CI would report every file otherwise).

use anyhow::{bail, Context, Result};
use std::fs;
use std::process::Command;
use vercel_codegen::Output;

/// The generated rustfmt configuration's path in the output.
const CONFIG: &str = "rustfmt.toml";

/// Edition the generated crates use (the workspace's).
const EDITION: &str = "2021";

/// Formats every `.rs` file of `output` in place with rustfmt (`$RUSTFMT`, or
/// `rustfmt` on the `PATH`), using the output's own `rustfmt.toml`.
pub fn format_output(output: &mut Output) -> Result<()> {
    let config = output.files.get(CONFIG).context("the generator wrote no rustfmt.toml")?.clone();
    let dir =
        crate::scratch::TempDir::new("xtask-rustfmt").context("creating a folder to format the generated files in")?;
    let config_path = dir.path().join(CONFIG);
    fs::write(&config_path, config).with_context(|| format!("writing {}", config_path.display()))?;
    let rust_files: Vec<String> = output.files.keys().filter(|p| p.ends_with(".rs")).cloned().collect();
    for path in &rust_files {
        let file = dir.path().join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&file, &output.files[path]).with_context(|| format!("writing {}", file.display()))?;
    }
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    // One rustfmt per core, each on its share of the files, at once (rustfmt
    // formats one file at a time); batches of at most 200 keep command lines short.
    let jobs = std::thread::available_parallelism().map_or(1, usize::from);
    let per_batch = rust_files.len().div_ceil(jobs).clamp(1, 200);
    let mut running = Vec::new();
    for batch in rust_files.chunks(per_batch) {
        let child = Command::new(&rustfmt)
            .arg("--edition")
            .arg(EDITION)
            .arg("--config-path")
            .arg(&config_path)
            .args(batch.iter().map(|p| dir.path().join(p)))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .with_context(|| {
                format!("running {} (install it with `rustup component add rustfmt`)", rustfmt.to_string_lossy())
            })?;
        running.push(child);
    }
    for child in running {
        let result = child.wait_with_output().context("waiting for rustfmt")?;
        if !result.status.success() {
            bail!(
                "rustfmt failed on the generated files ({}):\n{}",
                result.status,
                String::from_utf8_lossy(&result.stderr)
            );
        }
    }
    for path in &rust_files {
        let file = dir.path().join(path);
        let text = fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        output.files.insert(path.clone(), text);
    }
    Ok(())
}
