//! The one lookup for chains of named types: aliases (`pub type X = Y;`, a
//! component that is not an object) and repeats (`same_as`, a type that the
//! dedup pass turned into an alias of an identical one). Every pass and
//! emitter that follows such a chain uses these, with one bound: a chain
//! cannot be longer than the number of types without a cycle.

use super::{Api, Ty, TypeDef, TypeId, TypeKind};

/// The type `id` repeats (following `same_as`), or `id` itself.
pub fn repeated(types: &[TypeDef], id: TypeId) -> TypeId {
    let mut id = id;
    for _ in 0..types.len() {
        match types[id].same_as {
            Some(next) => id = next,
            None => break,
        }
    }
    id
}

/// `ty` with aliases followed to the type they name (`pub type X = Vec<Y>;` → `Vec<Y>`).
pub fn resolve_aliases(types: &[TypeDef], ty: &Ty) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..types.len() {
        match &ty {
            Ty::Named(id) => match &types[*id].kind {
                TypeKind::Alias(inner) => ty = inner.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// `ty` with every named type, also inside containers, replaced by the type it
/// stands for: aliases followed and repeats replaced by what they repeat, so
/// that two positions holding the same Rust type compare equal.
pub fn canonical(types: &[TypeDef], ty: &Ty) -> Ty {
    match ty {
        Ty::Named(_) => {
            let mut ty = ty.clone();
            for _ in 0..types.len() {
                let next = match &ty {
                    Ty::Named(id) if types[*id].same_as.is_some() => Ty::Named(repeated(types, *id)),
                    Ty::Named(id) => match &types[*id].kind {
                        TypeKind::Alias(inner) => inner.clone(),
                        _ => break,
                    },
                    _ => break,
                };
                ty = next;
            }
            match ty {
                Ty::Named(_) => ty,
                other => canonical(types, &other),
            }
        }
        Ty::Vec(t) => Ty::Vec(Box::new(canonical(types, t))),
        Ty::Map(t) => Ty::Map(Box::new(canonical(types, t))),
        Ty::Option(t) => Ty::Option(Box::new(canonical(types, t))),
        other => other.clone(),
    }
}

impl Api {
    /// The type a use of `ty` names in the generated code (a field, parameter,
    /// union alternative, body, response, an alias's target): the type it
    /// stands for ([`canonical`]), so a user reaches the concrete struct, enum
    /// or union in one hop from wherever the type appears. Aliases and repeats
    /// keep their definitions (their paths stay stable across specs, see
    /// `type-path-removed` in the drift rules) but nothing refers to them.
    pub fn use_type(&self, ty: &Ty) -> Ty {
        canonical(&self.types, ty)
    }

    /// Follows type aliases (`pub type X = Y;`) to the type they name.
    pub fn resolve_alias(&self, t: &Ty) -> Ty {
        resolve_aliases(&self.types, t)
    }

    /// The definition a named type stands for: the type it repeats, if any.
    pub fn repeated(&self, id: TypeId) -> &TypeDef {
        &self.types[repeated(&self.types, id)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Placement, Usage};

    fn def(kind: TypeKind, same_as: Option<TypeId>) -> TypeDef {
        TypeDef {
            name: Default::default(),
            position: Default::default(),
            positional: false,
            placement: Placement::Shared,
            doc: None,
            pointer: String::new(),
            kind,
            usage: Usage::default(),
            same_as,
            builder: None,
            derives: Default::default(),
            extensions: Default::default(),
        }
    }

    #[test]
    fn chains_of_aliases_and_repeats() {
        let types = vec![
            def(TypeKind::Enum(Vec::new()), None),
            def(TypeKind::Enum(Vec::new()), Some(0)),
            def(TypeKind::Alias(Ty::Vec(Box::new(Ty::Named(1)))), None),
            def(TypeKind::Alias(Ty::Named(2)), None),
            // A cycle of aliases ends instead of looping.
            def(TypeKind::Alias(Ty::Named(5)), None),
            def(TypeKind::Alias(Ty::Named(4)), None),
        ];
        assert_eq!(repeated(&types, 1), 0);
        assert_eq!(resolve_aliases(&types, &Ty::Named(3)), Ty::Vec(Box::new(Ty::Named(1))));
        assert_eq!(canonical(&types, &Ty::Named(3)), Ty::Vec(Box::new(Ty::Named(0))));
        assert_eq!(canonical(&types, &Ty::Map(Box::new(Ty::Named(1)))), Ty::Map(Box::new(Ty::Named(0))));
        assert!(matches!(canonical(&types, &Ty::Named(4)), Ty::Named(4 | 5)));
    }
}
