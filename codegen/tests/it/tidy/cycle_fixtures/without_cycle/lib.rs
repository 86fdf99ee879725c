//! Fixture of the module-cycle check (`tidy/module_cycles.rs`): no cycle:
//! `emit/crates.rs` names `emit/package.rs`, not the other way round.
mod emit;
mod ir;

pub use emit::render;
