//! Boxing: a field or variant that holds (directly, not through `Vec` or a map)
//! a type that can reach back to its container is boxed, so recursive types
//! have a size. Struct payloads of union variants are always boxed, so one
//! large alternative does not make every value of the union large.

use super::{Ty, TypeDef, TypeId, TypeKind};

/// Sets `boxed` on fields and variants that need it.
pub(super) fn apply(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types.iter().map(direct_edges).collect();
    for id in 0..types.len() {
        let cyclic = |target: Option<TypeId>| target.is_some_and(|t| reaches(&edges, t, id));
        let is_struct = |target: Option<TypeId>, types: &[TypeDef]| {
            target.is_some_and(|t| matches!(types[t].kind, TypeKind::Struct(_)))
        };
        let boxed_fields: Vec<bool>;
        let boxed_variants: Vec<bool>;
        match &types[id].kind {
            TypeKind::Struct(s) => {
                boxed_fields = s.fields.iter().map(|f| cyclic(direct(&f.ty))).collect();
                boxed_variants = Vec::new();
            }
            TypeKind::Union(u) => {
                boxed_fields = Vec::new();
                boxed_variants =
                    u.variants.iter().map(|v| cyclic(direct(&v.ty)) || is_struct(direct(&v.ty), types)).collect();
            }
            _ => continue,
        }
        match &mut types[id].kind {
            TypeKind::Struct(s) => s.fields.iter_mut().zip(boxed_fields).for_each(|(f, b)| f.boxed = b),
            TypeKind::Union(u) => u.variants.iter_mut().zip(boxed_variants).for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

/// The named type held inline (possibly inside `Option`), if any.
fn direct(ty: &Ty) -> Option<TypeId> {
    match ty {
        Ty::Named(id) => Some(*id),
        Ty::Option(inner) => direct(inner),
        _ => None,
    }
}

fn direct_edges(t: &TypeDef) -> Vec<TypeId> {
    match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Whether `from` reaches `to` through direct edges.
fn reaches(edges: &[Vec<TypeId>], from: TypeId, to: TypeId) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        stack.extend(edges[n].iter().copied());
    }
    false
}
