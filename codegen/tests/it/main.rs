//! The generator's tests and the repository's checks, in one test binary:
//! `cargo test -p vercel-codegen --test it` (one module: `... --test it spec_diff::`).
//!
//! The tests read the fixture specs in `tests/fixtures/`, the pinned spec
//! (`cargo xtask fetch-spec`) and the history specs beside the checkout
//! (`../shared/spec/history/`), run the generator and the xtask over them,
//! and inspect, snapshot (`snapshots/`) or compile what comes out. None
//! links the generated client: its behaviour is tested by the client's
//! binary, `cargo test -p vercel-tests --test it`. [`tidy`] gathers the
//! checks of the repository itself (fresh generated output, docs, import
//! cycles, packaging metadata).

mod support;

mod api_surface;
mod checkout_root;
mod forward_compat;
mod generator_compiles;
mod generator_constructs;
mod generator_errors;
mod generator_naming;
mod generator_properties;
mod generator_snapshots;
mod response_fuzz;
mod sample_values;
mod spec_diff;
mod tidy;
mod update_spec;
mod versions;
