//! `cargo xtask fuzz`: mutation at scale, never a panic. Two parts, each with
//! a fixed seed:
//!
//! - responses ([`xtask::response_fuzz`]): mutated sample success bodies of
//!   every operation, decoded with the generated types through the runtime's
//!   decode path; each decodes (possibly with corrections) or fails with a
//!   decode error naming a path;
//! - specs ([`specs`]): mutated versions of the pinned spec fed to the
//!   generator; each generates (a sample of those outputs must `cargo
//!   check`) or fails with an error naming a JSON pointer.

mod check;
mod specs;

use anyhow::Result;
use std::path::Path;
use xtask::response_fuzz::{self, ResponseFuzzOptions};

/// One part of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Mutated response bodies.
    Responses,
    /// Mutated specs.
    Specs,
}

/// `cargo xtask fuzz` options.
#[derive(Debug)]
pub struct FuzzArgs {
    /// Run only this part.
    pub only: Option<Part>,
    /// How many mutated response bodies to decode.
    pub responses: usize,
    /// How many mutated specs to generate from.
    pub specs: usize,
    /// `cargo check` the output of every N-th mutated spec that generates (0: none).
    pub check_every: usize,
    /// `cargo check` the output of every mutated spec that generates (the long mode).
    pub long: bool,
    /// The seed of the mutations (the same seed gives the same cases).
    pub seed: u64,
}

impl FuzzArgs {
    /// Reads the options in `xtask/src/help/fuzz.txt`.
    pub fn from_args(mut args: xtask::cli::Args) -> Result<FuzzArgs> {
        let parsed = FuzzArgs {
            only: args.choice("--only", &[("responses", Part::Responses), ("specs", Part::Specs)])?,
            responses: args.parsed("--responses")?.unwrap_or(20_000),
            specs: args.parsed("--specs")?.unwrap_or(1000),
            check_every: args.parsed("--check-every")?.unwrap_or(25),
            long: args.flag("--long")?,
            seed: args.parsed("--seed")?.unwrap_or(16),
        };
        args.finish_none()?;
        Ok(parsed)
    }
}

/// Runs the parts asked for; `Ok(true)` when neither found a failure.
pub fn fuzz(root: &Path, args: &FuzzArgs) -> Result<bool> {
    let mut clean = true;
    if args.only != Some(Part::Specs) {
        let report = response_fuzz::run(root, &ResponseFuzzOptions { cases: args.responses, seed: args.seed })?;
        for failure in &report.baseline_failures {
            println!("note: a sample does not decode unmutated: {failure}");
        }
        println!("{}", report.summary());
        clean &= report.clean();
    }
    if args.only != Some(Part::Responses) {
        let options = specs::SpecFuzzOptions {
            specs: args.specs,
            seed: args.seed,
            check_every: args.check_every,
            check_all: args.long,
        };
        clean &= specs::fuzz(root, &options)?;
    }
    Ok(clean)
}
