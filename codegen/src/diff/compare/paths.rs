//! The second view of the comparison: the public type paths of each crate.
//!
//! The walk in `compare` follows positions (an operation's body, response,
//! fields), which is what the wire and most of the Rust API depend on. But a
//! crate also exports its types by path, and the generator's hoisting of
//! repeated shapes can move those paths while every position keeps its shape:
//! an operation module stops naming the parts of a shape that is now hoisted
//! whole, or a hoisted name (`types::DeliveryFormat`) passes to another shape.
//! So every path a crate defines or aliases in the old API and not in the new
//! is `type-path-removed`, and a hoisted shape whose path is in both is
//! compared at that path (it is named only through aliases otherwise).
//! The types of an operation module go with the operation when it is
//! removed, renamed or moved to another group (that change is reported).

use super::{Cx, Dir, Subject};
use crate::diff::rules::Facts;
use crate::diff::Kind;
use crate::ir::facade::TYPES_CRATE;
use crate::ir::{is_component, Api, Placement, TypeId};
use crate::surface::type_path;
use std::collections::{BTreeMap, BTreeSet};

/// Every emitted type by its public path (`vercel_logs::get_runtime_logs::Level`).
fn paths(api: &Api) -> BTreeMap<String, TypeId> {
    let defined = |t: &&crate::ir::TypeDef| t.is_emitted() && t.placement != Placement::External;
    api.types.iter().enumerate().filter(|(_, t)| defined(t)).map(|(i, t)| (type_path(api, t), i)).collect()
}

/// The crate a type is defined in, as the report names its subject.
fn subject(api: &Api, placement: &Placement) -> Subject {
    let (group, crate_name) = match placement {
        Placement::Group { group } | Placement::Operation { group, .. } => {
            (api.groups[*group].tag.clone(), api.groups[*group].crate_name.clone())
        }
        _ => ("types".to_string(), TYPES_CRATE.to_string()),
    };
    Subject {
        group,
        crate_name,
        rust_name: String::new(),
        operation_id: None,
        method: String::new(),
        path: String::new(),
    }
}

impl Cx<'_> {
    /// Compares the type paths of the two APIs; `pairs` are the matched
    /// `(old, new)` operations.
    pub(super) fn type_paths(&mut self, pairs: &[(usize, usize)]) {
        let (old, new) = (self.old, self.new);
        // Operation modules that stay where they were: same name, same group crate.
        let kept: BTreeSet<(usize, &str)> = pairs
            .iter()
            .map(|&(a, b)| (&old.operations[a], &new.operations[b]))
            .filter(|(a, b)| a.name == b.name && old.groups[a.group].crate_name == new.groups[b.group].crate_name)
            .map(|(a, _)| (a.group, a.name.as_str()))
            .collect();
        let new_paths = paths(new);
        for (path, x) in paths(old) {
            let ta = &old.types[x];
            if let Placement::Operation { group, module } = &ta.placement {
                if !kept.contains(&(*group, module.as_str())) {
                    continue;
                }
            }
            let s = subject(old, &ta.placement);
            let short = path.split_once("::").map_or(path.as_str(), |(_, rest)| rest).to_string();
            match new_paths.get(&path) {
                None => {
                    let detail = format!("`{path}` is no longer defined: renamed, moved, or no longer named there");
                    self.push(&s, Kind::TypePathRemoved, short, Facts::default(), detail);
                }
                Some(&y) => {
                    let hoisted = |t: &crate::ir::TypeDef| {
                        matches!(t.placement, Placement::Group { .. }) && !is_component(t) && t.same_as.is_none()
                    };
                    if hoisted(ta) && hoisted(&new.types[y]) {
                        let dir = if ta.usage.response { Dir::Response } else { Dir::Request };
                        let mismatch =
                            if dir == Dir::Response { Kind::ResponseTypeChanged } else { Kind::RequestTypeChanged };
                        self.seen.clear();
                        self.named(&s, dir, x, y, &short, mismatch);
                    }
                }
            }
        }
    }
}
