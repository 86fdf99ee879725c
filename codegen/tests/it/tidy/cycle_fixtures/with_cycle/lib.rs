//! Fixture of the module-cycle check (`tidy/module_cycles.rs`): a cycle
//! between the sibling files `emit/crates.rs` and `emit/package.rs`.
mod emit;
mod ir;

pub use emit::render;
