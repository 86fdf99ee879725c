//! Deduplication: a type that is structurally identical to an earlier type of
//! the same crate (a group crate, or the shared types crate) (same fields, docs, variants, usage; its
//! own name aside) becomes a type alias of it. The Vercel spec repeats whole
//! response objects inline (a project in `getProject`, `createProject`,
//! `updateProject`, ...), and each copy would otherwise be compiled with its own
//! serde code. Every type keeps its name and path; the hoisting pass
//! (`ir::hoist`) then moves a shape repeated in several operation modules
//! into the group's `types` module, so no module aliases another's types.

use super::{Placement, Ty, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// Sets `same_as` on every type that repeats an earlier one of its crate.
pub(super) fn apply(types: &mut [TypeDef]) {
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut class_of: Vec<usize> = Vec::with_capacity(types.len());
    for t in types.iter() {
        let key = key(t, &class_of);
        let next = classes.len();
        class_of.push(*classes.entry(key).or_insert(next));
    }
    let mut first: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for id in 0..types.len() {
        let crate_key = match types[id].placement {
            Placement::Operation { group, .. } | Placement::Group { group } => group,
            Placement::Shared | Placement::External => usize::MAX,
        };
        let canonical = *first.entry((crate_key, class_of[id])).or_insert(id);
        if canonical != id {
            types[id].same_as = Some(canonical);
        }
    }
}

/// Structural key of a type; named children are replaced by their class
/// (inline types are always defined after the inline types they contain) and
/// shared types by their id.
fn key(t: &TypeDef, class_of: &[usize]) -> String {
    let ty = |ty: &Ty| ty_key(ty, class_of);
    let head = format!("{:?}|{:?}|{:?}", t.placement == Placement::Shared, t.usage, t.doc);
    match &t.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{}:{}:{}:{:?}:{:?}:{}",
                        f.json_name,
                        f.rust_name,
                        f.required,
                        f.nullable,
                        f.boxed,
                        f.deprecated,
                        f.doc,
                        f.range,
                        ty(&f.ty)
                    )
                })
                .collect();
            format!("S{head}[{}]+{:?}", fields.join(","), s.additional.as_ref().map(|a| ty(&a.ty)))
        }
        TypeKind::Enum(values) => {
            let values: Vec<String> = values.iter().map(|v| format!("{}={}", v.rust_name, v.value)).collect();
            format!("E{head}[{}]", values.join(","))
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| format!("{}:{:?}:{}:{}", v.rust_name, v.tag_value, v.boxed, ty(&v.ty)))
                .collect();
            format!("U{head}{:?}[{}]", u.tag, variants.join(","))
        }
        TypeKind::Alias(target) => format!("A{head}{}", ty(target)),
    }
}

fn ty_key(ty: &Ty, class_of: &[usize]) -> String {
    match ty {
        Ty::Named(id) if *id < class_of.len() => format!("#{}", class_of[*id]),
        Ty::Named(id) => format!("@{id}"),
        Ty::Vec(t) => format!("V({})", ty_key(t, class_of)),
        Ty::Map(t) => format!("M({})", ty_key(t, class_of)),
        Ty::Option(t) => format!("O({})", ty_key(t, class_of)),
        other => format!("{other:?}"),
    }
}
