//! Names no sibling: the crate name comes in as an argument.
use crate::ir::Api;

pub const VERSION: &str = "0.1.0";

pub fn manifest(_api: &Api, facade: &str) -> String {
    format!("name = \"{facade}\"\n")
}
