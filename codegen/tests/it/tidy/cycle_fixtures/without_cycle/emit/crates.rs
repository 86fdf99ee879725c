//! Names `emit::package` through a grouped `use crate::{...}`; package does not name it back.
use super::HEADER;
use crate::{
    emit::package::{self, manifest as package_manifest},
    ir::Api,
};

/// The crate name, passed to `package`.
pub const FACADE_CRATE: &str = "facade";

pub fn render(api: &Api) -> String {
    format!("{HEADER}\n{}{}", package_manifest(api, FACADE_CRATE), package::VERSION)
}
