//! `cargo xtask`: maintainer tasks for the Vercel client workspace.
//!
//! The commands and their help are in [`xtask::cli`]; each command's help
//! text (`xtask/src/help/`) says what its exit codes mean: 0 on success, 1
//! on any error (and e.g. when `regen --check` finds stale files), 2 on a
//! usage error.

#[cfg(feature = "full")]
mod bench;
#[cfg(feature = "full")]
mod conformance;
#[cfg(feature = "full")]
mod fuzz;
mod scopes;
#[cfg(feature = "full")]
mod semver;

use anyhow::Result;
use std::path::Path;
use std::process::ExitCode;
use xtask::cli::{self, Args, Invocation, UsageError};
use xtask::{fetch_spec, locate_workspace_root, regen, RegenArgs};

fn main() -> ExitCode {
    let invocation = match cli::parse_invocation(std::env::args_os().skip(1).collect()) {
        Ok(invocation) => invocation,
        Err(err) => return report(err),
    };
    let (command, args) = match invocation {
        Invocation::Print(text) => {
            print!("{text}");
            return ExitCode::SUCCESS;
        }
        Invocation::Run { command, args } => (command, args),
    };
    let result = locate_workspace_root().and_then(|root| run(&root, command.name, args));
    result.unwrap_or_else(report)
}

/// Prints the error; a usage error exits 2, any other 1.
fn report(err: anyhow::Error) -> ExitCode {
    if err.is::<UsageError>() {
        eprintln!("error: {err}");
        ExitCode::from(2)
    } else {
        eprintln!("error: {err:#}");
        ExitCode::FAILURE
    }
}

/// Runs the command `name` (one of [`cli::COMMANDS`]).
fn run(root: &Path, name: &str, args: Args) -> Result<ExitCode> {
    match name {
        "fetch-spec" => {
            args.finish_none()?;
            println!("{}", fetch_spec(root)?);
            Ok(ExitCode::SUCCESS)
        }
        "regen" => run_regen(root, &RegenArgs::from_args(args)?),
        "diff" => {
            print!("{}", xtask::diff::run(root, &xtask::diff::DiffArgs::from_args(args)?)?);
            Ok(ExitCode::SUCCESS)
        }
        "scopes" => run_scopes(root, &scopes::ScopesArgs::from_args(args)?),
        #[cfg(feature = "full")]
        "update-spec" => {
            let args = xtask::update_spec::UpdateSpecArgs::from_args(args)?;
            let outcome = xtask::update_spec::update_spec(root, &args)?;
            print!("{}", outcome.summary());
            if let Some(path) = &args.pr_body {
                std::fs::write(path, outcome.pr_body())
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(feature = "full")]
        "conformance" => {
            let passed = conformance::conformance(root, &conformance::ConformanceArgs::from_args(args)?)?;
            Ok(if passed { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        #[cfg(feature = "full")]
        "semver" => {
            let args = semver::SemverArgs::from_args(args)?;
            let outcome = semver::semver(root, &args)?;
            print!("{}", outcome.sections);
            for krate in &outcome.missed {
                eprintln!("semver: cargo-semver-checks finds {krate} breaking, the drift report does not");
            }
            Ok(if args.check && !outcome.missed.is_empty() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        #[cfg(feature = "full")]
        "bench" => bench::bench(root, &bench::BenchArgs::from_args(args)?).map(|()| ExitCode::SUCCESS),
        "release" => release(root, &xtask::release::ReleaseArgs::from_args(args)?).map(|()| ExitCode::SUCCESS),
        #[cfg(feature = "full")]
        "fuzz" => {
            let clean = fuzz::fuzz(root, &fuzz::FuzzArgs::from_args(args)?)?;
            Ok(if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        #[cfg(not(feature = "full"))]
        _ if cli::needs_full(name) => relay::to_full(root, name),
        _ => anyhow::bail!("the command `{name}` is listed but has no handler"),
    }
}

fn run_regen(root: &Path, args: &RegenArgs) -> Result<ExitCode> {
    let report = regen(root, args)?;
    if let Some(changes) = &report.spec_changes {
        println!("{changes}");
    }
    for bump in &report.bumps {
        println!("version: {bump}");
    }
    println!("{}", report.summary());
    if !report.check {
        return Ok(ExitCode::SUCCESS);
    }
    for change in &report.changes {
        println!("  {:<8} {}", change.kind, change.path);
    }
    if report.is_stale() {
        println!("regen --check: {} files stale; run `cargo xtask regen`", report.changes.len());
        Ok(ExitCode::FAILURE)
    } else {
        println!("regen --check: up to date ({} files)", report.files);
        Ok(ExitCode::SUCCESS)
    }
}

fn run_scopes(root: &Path, args: &scopes::ScopesArgs) -> Result<ExitCode> {
    let resolution = scopes::scopes(root, args.spec.as_deref())?;
    for note in &resolution.notes {
        eprintln!("note: {note}");
    }
    match args.format {
        scopes::Format::Table => print!("{}", scopes::table(&resolution)),
        scopes::Format::Json => println!("{}", resolution.to_json()),
    }
    for unresolved in &resolution.unresolved {
        eprintln!("unresolved: {unresolved}");
    }
    let summary = scopes::summary(&resolution);
    if args.format == scopes::Format::Table {
        println!("{summary}");
    } else {
        eprintln!("{summary}");
    }
    Ok(if resolution.is_complete() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(not(feature = "full"))]
mod relay {
    //! The commands only some maintainers run are compiled with the `full`
    //! feature, so that the first `cargo xtask regen` on a fresh clone builds
    //! only the generator and the regen path. Without the feature, such a
    //! command runs `cargo run --features full` with the same arguments
    //! (built on first use, with the dependencies already built reused).

    use anyhow::{bail, Context, Result};
    use std::path::Path;
    use std::process::{Command, ExitCode};

    /// Set for the relayed run: a build without the command must not relay again.
    const RELAYED: &str = "XTASK_RELAYED";

    /// Runs this command line with the xtask built with the `full` feature.
    pub fn to_full(root: &Path, name: &str) -> Result<ExitCode> {
        if std::env::var_os(RELAYED).is_some() {
            bail!("`{name}` was handed to the `full` build of the xtask, which lacks it too");
        }
        eprintln!(
            "cargo xtask {name}: running the xtask with its `full` feature (`cargo xtask-full`; built on first use)"
        );
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "run",
                "--quiet",
                "--profile",
                "xtask",
                "--package",
                "xtask",
                "--features",
                "full",
                "--manifest-path",
            ])
            .arg(root.join("Cargo.toml"))
            .arg("--")
            .args(std::env::args_os().skip(1))
            .env(RELAYED, "1")
            .status()
            .context("running cargo for the full xtask")?;
        Ok(match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => ExitCode::FAILURE,
        })
    }
}

/// `cargo xtask release`: `--record` writes the runtime crates' release
/// record; otherwise (`--check`, the default) the generated crates' versions
/// must be recorded for the pinned spec and no runtime crate may have changed
/// since its recorded release without a version bump.
fn release(root: &std::path::Path, args: &xtask::release::ReleaseArgs) -> anyhow::Result<()> {
    if args.record {
        for s in xtask::release::record(root)? {
            println!("release: recorded {} {} (sources sha256 {})", s.name, s.version, &s.digest[..12]);
        }
        return Ok(());
    }
    let spec = std::fs::read(xtask::ensure_spec(root)?)?;
    xtask::versions::check_in_step(root, &xtask::sha256_hex(&spec))?;
    for s in xtask::release::check_runtime(root)? {
        println!("release: {} {} in step with its recorded release", s.name, s.version);
    }
    println!("release: versions in step");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every listed command reaches its own handler, which reads its
    /// arguments first: an unknown flag is a usage error, not "no handler".
    /// (Without the `full` feature the full commands relay to cargo, so only
    /// the others are run then.)
    #[test]
    fn every_listed_command_has_a_handler_that_reads_its_arguments() {
        let root = xtask::workspace_root();
        let mut checked = 0;
        for command in cli::COMMANDS.iter().filter(|c| cfg!(feature = "full") || !c.full) {
            let args = Args::new(command, vec!["--no-such-flag".to_string()]);
            let err = run(&root, command.name, args).expect_err(command.name);
            assert!(err.is::<UsageError>(), "{}: {err:#}", command.name);
            assert!(err.to_string().contains("--no-such-flag"), "{}: {err}", command.name);
            checked += 1;
        }
        assert!(checked >= 5);
    }
}
