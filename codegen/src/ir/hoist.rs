//! Hoisting: an inline shape that several operations of one group crate
//! repeat (the dedup pass found them identical) is defined once in the
//! crate's `types` module, under a neutral name taken from the positions
//! that hold it (the name most of them give it: `AliasAssigned`), and each
//! operation module keeps its own name for it as an alias of that
//! definition. So no operation module aliases another's types.
//!
//! An alias that nothing in its own module refers to (a part of a hoisted
//! shape, whose hoisted parent refers to the hoisted part instead) is not
//! emitted: the module only names what its own definitions and its request
//! and response use.

use super::canonical::repeated;
use super::usage::{children, roots};
use super::{Operation, Placement, RustIdent, Ty, TypeDef, TypeId, TypeKind, Usage};
use crate::naming::Namespace;
use std::collections::{BTreeMap, BTreeSet};

/// Hoists the shapes repeated across operation modules and prunes unreferenced aliases.
pub(super) fn apply(types: &mut Vec<TypeDef>, operations: &[Operation]) {
    let hoisted = hoist(types);
    remap(types, &hoisted);
    name(types, &hoisted);
    prune(types, operations);
}

/// Defines each shape repeated in several operation modules of a group in the
/// group's `types` module; returns the new types.
fn hoist(types: &mut Vec<TypeDef>) -> Vec<TypeId> {
    let mut members: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for (id, t) in types.iter().enumerate() {
        if let Some(c) = t.same_as {
            members.entry(c).or_default().push(id);
        }
    }
    let mut hoisted = Vec::new();
    for (canonical, mut others) in members {
        let Placement::Operation { group, .. } = types[canonical].placement else { continue };
        others.insert(0, canonical);
        let modules: BTreeSet<&Placement> = others.iter().map(|&id| &types[id].placement).collect();
        if modules.len() < 2 {
            continue;
        }
        let mut def = types[canonical].clone();
        def.placement = Placement::Group { group };
        def.name = RustIdent::new(&neutral_name(types, &others));
        let id = types.len();
        types.push(def);
        for m in others {
            types[m].same_as = Some(id);
        }
        hoisted.push(id);
    }
    hoisted
}

/// The name most of `members` have (then the shortest, then the first in order).
fn neutral_name(types: &[TypeDef], members: &[TypeId]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in members {
        *counts.entry(types[m].name.as_str()).or_default() += 1;
    }
    let best = |name: &str| (std::cmp::Reverse(counts[name]), name.len(), name.to_string());
    counts.keys().min_by_key(|n| best(n)).map(|n| n.to_string()).unwrap_or_default()
}

/// Points the named types inside hoisted definitions at hoisted definitions,
/// never into an operation module.
fn remap(types: &mut [TypeDef], hoisted: &[TypeId]) {
    for &h in hoisted {
        let mut kind = types[h].kind.clone();
        let target = |ty: &mut Ty| {
            map_named(ty, &|id| match types[id].placement {
                Placement::Operation { .. } => repeated(types, id),
                _ => id,
            })
        };
        match &mut kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| target(&mut f.ty));
                s.additional.iter_mut().for_each(|a| target(&mut a.ty));
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| target(&mut v.ty)),
            TypeKind::Alias(ty) => target(ty),
            TypeKind::Enum(_) => {}
        }
        types[h].kind = kind;
    }
}

fn map_named(ty: &mut Ty, f: &dyn Fn(TypeId) -> TypeId) {
    match ty {
        Ty::Named(id) => *id = f(*id),
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => map_named(t, f),
        _ => {}
    }
}

/// Gives hoisted types unique names in their `types` module. Component
/// names (of every crate: the facade's `types` re-exports them together) and
/// the prelude's are taken; a root shape (`Response`, `Body`) is named after
/// its first operation (`GetProjectEnvResponse`), since the root alone says
/// nothing outside that operation's module.
fn name(types: &mut [TypeDef], hoisted: &[TypeId]) {
    let hoisted_set: BTreeSet<TypeId> = hoisted.iter().copied().collect();
    let mut components = Namespace::for_types();
    for t in types.iter().filter(|t| is_component(t)) {
        components.claim(&t.name);
    }
    let mut spaces: BTreeMap<Placement, Namespace> = BTreeMap::new();
    for (id, t) in types.iter().enumerate() {
        if matches!(t.placement, Placement::Group { .. }) && !hoisted_set.contains(&id) {
            spaces.entry(t.placement.clone()).or_insert_with(|| components.clone()).claim(&t.name);
        }
    }
    for &h in hoisted {
        let ns = spaces.entry(types[h].placement.clone()).or_insert_with(|| components.clone());
        let mut wanted = types[h].name.to_string();
        // The first member that has the chosen name.
        let named = types.iter().find(|t| t.same_as == Some(h) && t.name == wanted);
        if let Some(t) = named.filter(|t| t.position.segments.len() == 1) {
            if let Placement::Operation { module, .. } = &t.placement {
                wanted = format!("{}{wanted}", crate::naming::pascal(module.unraw()));
            }
        }
        let got = ns.claim(&wanted);
        types[h].positional |= got != wanted;
        types[h].name = RustIdent::new(&got);
    }
}

/// A component schema or one of its inline parts (not a hoisted operation shape).
pub fn is_component(t: &TypeDef) -> bool {
    t.pointer.starts_with("/components/")
}

/// Clears the usage (so it is not emitted) of every operation-module alias
/// that neither its module's definitions nor its operation's inputs and
/// outputs (or their direct parts) refer to.
fn prune(types: &mut [TypeDef], operations: &[Operation]) {
    let mut used: BTreeSet<TypeId> = BTreeSet::new();
    for op in operations {
        let (request, response) = roots(op);
        // The builder names the fields of a body it takes field by field, also
        // when the body is an alias: the roots' parts are used too.
        for id in request.into_iter().chain(response) {
            used.insert(id);
            used.extend(children(&types[id]));
        }
    }
    for t in types.iter().filter(|t| t.same_as.is_none()) {
        used.extend(children(t));
    }
    for (id, t) in types.iter_mut().enumerate() {
        if t.same_as.is_some() && matches!(t.placement, Placement::Operation { .. }) && !used.contains(&id) {
            t.usage = Usage::default();
        }
    }
}
