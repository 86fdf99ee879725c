//! `cargo xtask`: maintainer tasks for the Vercel client workspace.
//!
//! Exit codes: 0 on success, 1 on any error or when `regen --check` finds stale files.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use xtask::{fetch_spec, regen, workspace_root, RegenArgs};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::FetchSpec => fetch_spec(&root).map(|outcome| {
            println!("{outcome}");
            ExitCode::SUCCESS
        }),
        Command::Regen(args) => regen(&root, &args).map(|report| {
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
    };
    result.unwrap_or_else(|err| {
        eprintln!("error: {err:#}");
        ExitCode::FAILURE
    })
}
