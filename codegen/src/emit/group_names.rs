//! The Rust names of an endpoint group's client: used by the group crate
//! (`crates`), the operation methods and examples (`operations`), and the
//! conformance program, which all depend on this module and not on each
//! other (so `crates` ↔ `operations` is no import cycle).

use crate::ir::Group;
use crate::naming;

/// Name of the group client struct (`EdgeConfig`).
pub fn client_name(group: &Group) -> String {
    naming::pascal(&group.tag)
}

/// Name of the extension trait that adds the accessor to the runtime client (`EdgeConfigApi`).
pub fn trait_name(group: &Group) -> String {
    format!("{}Api", client_name(group))
}

/// Name of the accessor method on the runtime client (`edge_config`).
pub fn accessor(group: &Group) -> String {
    naming::escape_keyword(&naming::snake(&group.tag))
}
