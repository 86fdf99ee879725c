//! Placement: a component type that the operations of only one group use (and
//! everything it contains) moves from the shared types crate to that group
//! crate's `types` module. The shared crate is a dependency of every group, so
//! whatever it holds is compiled before any group can finish; the spec's
//! largest component tree (`UserEvent`) is used by one group only.

use super::usage::{reachable, roots};
use super::{Operation, Placement, TypeDef};

/// Moves single-group shared types to their group.
pub(super) fn apply(types: &mut [TypeDef], operations: &[Operation]) {
    // For each type: None = not reached yet, Some(Some(g)) = only group g, Some(None) = several.
    let mut reach: Vec<Option<Option<usize>>> = vec![None; types.len()];
    for op in operations {
        let (request, response) = roots(op);
        for id in reachable(types, request.into_iter().chain(response).collect()) {
            reach[id] = match reach[id] {
                None => Some(Some(op.group)),
                Some(Some(g)) if g == op.group => Some(Some(g)),
                _ => Some(None),
            };
        }
    }
    // Shared types no operation uses stay shared, and so does all they contain:
    // the shared crate cannot depend on a group crate.
    let unused: Vec<usize> =
        (0..types.len()).filter(|&id| types[id].placement == Placement::Shared && reach[id].is_none()).collect();
    for id in reachable(types, unused) {
        reach[id] = Some(None);
    }
    for (t, reach) in types.iter_mut().zip(reach) {
        if let (Placement::Shared, Some(Some(group))) = (&t.placement, reach) {
            t.placement = Placement::Group { group };
        }
    }
}
