//! The naming pass for types: every inline type gets the shortest tail of its
//! position that is unique in its naming domain (rules and examples in the
//! `naming` module doc). A domain is one operation module, or the tree of
//! one component schema (whose inline parts keep the component's name in
//! front), so adding or removing an operation renames nothing elsewhere.

use super::{Placement, RustIdent, TypeDef};
use crate::naming::positions::{assign, Position};
use crate::naming::Namespace;
use std::collections::BTreeMap;

/// Names every type the lowering left unnamed; `taken` holds the names already
/// taken in each placement (component names, `Request`, `ErrorBody`).
pub(super) fn apply(types: &mut [TypeDef], mut taken: BTreeMap<Placement, Namespace>) {
    let mut domains: BTreeMap<(Placement, Option<String>), Vec<usize>> = BTreeMap::new();
    let mut order: Vec<(Placement, Option<String>)> = Vec::new();
    for (id, t) in types.iter().enumerate().filter(|(_, t)| t.name.is_empty()) {
        let root = (t.position.pinned > 0).then(|| t.position.segments[0].text.clone());
        let key = (t.placement.clone(), root);
        let members = domains.entry(key.clone()).or_default();
        if members.is_empty() {
            order.push(key);
        }
        members.push(id);
    }
    for key in order {
        let members = &domains[&key];
        let positions: Vec<&Position> = members.iter().map(|&id| &types[id].position).collect();
        let names = assign(&positions, taken.entry(key.0.clone()).or_insert_with(Namespace::for_types));
        for (&id, assigned) in members.iter().zip(names) {
            types[id].name = RustIdent::new(&assigned.name);
            types[id].positional = assigned.positional;
        }
    }
}
