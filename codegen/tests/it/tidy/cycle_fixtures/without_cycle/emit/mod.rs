//! Emit: the parent names its children, its children name it (neither is a cycle).
mod crates;
mod package;

pub use self::crates::render;

/// What the children share.
pub(crate) const HEADER: &str = "# generated";
