//! Aliases that contain themselves: a component that is an array (or map, or
//! nullable value) of itself and nothing else, e.g. `{type: array, items:
//! {$ref: self}}` (found by mutating the pinned spec), would be emitted as
//! `pub type X = Vec<X>;`, which does not compile (E0391): a type alias
//! cannot be recursive, only a struct, enum or union can. Such a schema is
//! refused with an error at its pointer.

use super::{Ty, TypeDef, TypeId, TypeKind};
use crate::Error;

/// The first alias (in type order) whose expansion reaches itself through
/// aliases, `Vec`, maps and `Option` only: an error naming its schema.
pub(super) fn check(types: &[TypeDef]) -> Result<(), Error> {
    for (id, def) in types.iter().enumerate() {
        let TypeKind::Alias(ty) = &def.kind else { continue };
        if reaches(types, ty, id, types.len()) {
            return Err(Error::new(
                def.pointer.clone(),
                "the schema holds itself through arrays, maps or `$ref`s and nothing else: \
                 it has no finite shape (a Rust type alias cannot be recursive)",
            ));
        }
    }
    Ok(())
}

/// Whether `ty` names alias `target` without going through a struct, enum or
/// union (each of which would end the recursion). `budget` bounds the walk.
fn reaches(types: &[TypeDef], ty: &Ty, target: TypeId, budget: usize) -> bool {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => reaches(types, inner, target, budget),
        Ty::Named(id) if *id == target => true,
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Alias(inner) if budget > 0 => reaches(types, inner, target, budget - 1),
            _ => false,
        },
        _ => false,
    }
}
