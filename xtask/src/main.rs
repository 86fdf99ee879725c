//! `cargo xtask`: maintainer tasks for the Vercel client workspace.
//!
//! Exit codes: 0 on success, 1 on any error, when `regen --check` finds stale files
//! or when `scopes` leaves a seed endpoint unresolved.

mod bench;
mod conformance;
mod fuzz;
mod scopes;
mod semver;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use xtask::{ensure_spec, fetch_spec, locate_workspace_root, regen, RegenArgs};

/// Maintainer tasks for the Vercel client workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Put a verified copy of the pinned spec (spec/source.toml) at spec/.work/vercel-openapi.json.
    FetchSpec,
    /// Regenerate the client crates into generated-client/ (or check that they are up to date).
    Regen(RegenArgs),
    /// Move the pin to another spec (a vercel/sdk commit, an address or a file): check, regenerate, move versions and changelog.
    UpdateSpec(xtask::update_spec::UpdateSpecArgs),
    /// Compare two specs (files or `pinned`) at the level of the generated API; mark breaking changes.
    Diff(xtask::diff::DiffArgs),
    /// Resolve the integration scope table (spec/scopes.toml) against the spec; exit 1 if any entry is unresolved.
    Scopes(scopes::ScopesArgs),
    /// Call every operation of the generated client against Prism (a mock of the corrected spec); exit 1 if any fails.
    Conformance(conformance::ConformanceArgs),
    /// Check the drift report's API-breaking crates against cargo-semver-checks for each consecutive pair of specs (files or `pinned`).
    Semver(semver::SemverArgs),
    /// Benchmarks: regen speed, build time and memory, size, runtime overhead; `--peers` adds openapi-generator.
    Bench(bench::BenchArgs),
    /// The release gate: runtime crates changed since their recorded release must have a new version (`--record` at release time).
    Release(xtask::release::ReleaseArgs),
    /// Mutation testing (fixed seed): mutated response bodies against the generated types, mutated specs against the generator; exit 1 on any panic or failure.
    Fuzz(fuzz::FuzzArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match locate_workspace_root() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::FetchSpec => fetch_spec(&root).map(|outcome| {
            println!("{outcome}");
            ExitCode::SUCCESS
        }),
        Command::UpdateSpec(args) => xtask::update_spec::update_spec(&root, &args).and_then(|outcome| {
            print!("{}", outcome.summary());
            if let Some(path) = &args.pr_body {
                std::fs::write(path, outcome.pr_body())
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }),
        Command::Diff(args) => xtask::diff::run(&root, &args).map(|text| {
            print!("{text}");
            ExitCode::SUCCESS
        }),
        Command::Regen(args) => regen(&root, &args).map(|report| {
            if let Some(changes) = &report.spec_changes {
                println!("{changes}");
            }
            for bump in &report.bumps {
                println!("version: {bump}");
            }
            println!("{}", report.summary());
            if !report.check {
                return ExitCode::SUCCESS;
            }
            for change in &report.changes {
                println!("  {:<8} {}", change.kind, change.path);
            }
            if report.is_stale() {
                println!("regen --check: {} files stale; run `cargo xtask regen`", report.changes.len());
                ExitCode::FAILURE
            } else {
                println!("regen --check: up to date ({} files)", report.files);
                ExitCode::SUCCESS
            }
        }),
        Command::Scopes(args) => scopes::scopes(&root, args.spec.as_deref()).map(|resolution| {
            for note in &resolution.notes {
                eprintln!("note: {note}");
            }
            match args.format {
                scopes::Format::Table => {
                    print!("{}", scopes::table(&resolution));
                }
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
            if resolution.is_complete() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }),
        Command::Conformance(args) => {
            conformance::conformance(&root, &args).map(
                |passed| {
                    if passed {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                },
            )
        }
        Command::Semver(args) => semver::semver(&root, &args).map(|outcome| {
            print!("{}", outcome.sections);
            for krate in &outcome.missed {
                eprintln!("semver: cargo-semver-checks finds {krate} breaking, the drift report does not");
            }
            if args.check && !outcome.missed.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }),
        Command::Bench(args) => bench::bench(&root, &args).map(|()| ExitCode::SUCCESS),
        Command::Release(args) => release(&root, &args).map(|()| ExitCode::SUCCESS),
        Command::Fuzz(args) => {
            fuzz::fuzz(&root, &args).map(|clean| if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::FAILURE
    })
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
    let spec = std::fs::read(ensure_spec(root)?)?;
    xtask::versions::check_in_step(root, &xtask::sha256_hex(&spec))?;
    for s in xtask::release::check_runtime(root)? {
        println!("release: {} {} in step with its recorded release", s.name, s.version);
    }
    println!("release: versions in step");
    Ok(())
}
