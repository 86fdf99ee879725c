//! Names `emit::crates` through a `super::` path in code.
use crate::ir::Api;

pub const VERSION: &str = "0.1.0";

pub fn manifest(_api: &Api) -> String {
    format!("name = \"{}\"\n", super::crates::FACADE_CRATE)
}
