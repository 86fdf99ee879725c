//! Names `emit::package` through a grouped `use crate::{...}`.
use super::HEADER;
use crate::{
    emit::package::{self, manifest as package_manifest},
    ir::Api,
};

/// The crate name `package` reads back: the other direction of the cycle.
pub const FACADE_CRATE: &str = "facade";

pub fn render(api: &Api) -> String {
    format!("{HEADER}\n{}{}", package_manifest(api), package::VERSION)
}
