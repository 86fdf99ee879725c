//! Tidy: the checks of the repository itself, gathered in one place as
//! rust-analyzer's `xtask/src/tidy.rs` gathers its own. They read files and
//! run the generator; none tests behaviour. Run them alone with
//! `cargo test -p vercel-codegen --test it tidy::`.
//!
//! - Freshness: `generated-client/` is what `cargo xtask regen` writes
//!   ([`committed_client_is_up_to_date`], below); the generator snapshots have
//!   no leftover files (`generator_snapshots::no_unreferenced_snapshots`); the
//!   public API surface is the reviewed one (`api_surface`).
//! - Docs: the README's examples are the compiled example files
//!   ([`readme`]), every doc example is written as a user writes it and
//!   compiled ([`doc_examples`]), the facade README's quick start builds
//!   ([`quick_start`]).
//! - Import cycles: none between the files of the hand-written crates
//!   ([`module_cycles`], with its fixture trees in `cycle_fixtures/`).
//! - Packaging: crates.io's metadata of every published crate, the exact
//!   versions of workspace dependencies ([`packaging`]).

mod doc_examples;
mod module_cycles;
mod packaging;
mod quick_start;
mod readme;

use crate::support::{pinned_output, workspace_root};

/// `generated-client/` is the generator's output for the pinned spec (with
/// the overlays and the scope table), formatted as `cargo xtask regen`
/// formats it: a hand edit, or a generator change without a regen, fails here.
#[test]
fn committed_client_is_up_to_date() {
    let root = workspace_root();
    // `cargo xtask regen` formats the generator's output with rustfmt before writing it.
    let mut formatted = pinned_output().clone();
    xtask::rustfmt::format_output(&mut formatted).expect("rustfmt formats the generated files");
    let stale = xtask::stale_files(&root.join(xtask::regen::GENERATED_DIR), &formatted);
    assert!(
        stale.is_empty(),
        "generated-client/ is stale ({} files differ from the generator's output):\n{}\nrun `cargo xtask regen`",
        stale.len(),
        stale.join("\n")
    );
}
