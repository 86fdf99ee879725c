//! `oneOf` / `anyOf` lowering: variant naming, deduplication, tag detection and ordering.

use super::schema::{is_doc_only, Ctx, Lowered, Lowerer, SchemaRef, Shape};
use super::{Ty, TypeDef, TypeKind, Union, Variant};
use crate::naming::{self, Namespace};
use crate::{pointer, Error};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

impl Lowerer<'_> {
    /// Lowers a union. Alternatives that map to the same Rust type are merged
    /// (two `string` schemas with different formats are one `String` variant);
    /// a union left with one alternative is that alternative's type.
    pub(super) fn union(
        &mut self,
        alternatives: &[ReferenceOr<Schema>],
        keyword: &str,
        ctx: &Ctx,
        doc: Option<String>,
        nullable: bool,
    ) -> Result<Shape, Error> {
        let mut nullable = nullable;
        let mut keys = BTreeSet::new();
        let mut kept: Vec<(usize, SchemaRef<'_>)> = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            let r = SchemaRef::from(alt);
            if let Some(key) = primitive_key(r) {
                if !keys.insert(key) {
                    nullable |= matches!(r, SchemaRef::Schema(s) if s.schema_data.nullable);
                    continue;
                }
            }
            kept.push((i, r));
        }
        let tag = detect_tag(&kept);
        let required: Vec<Vec<String>> = kept.iter().map(|(_, r)| self.required_of(*r)).collect();
        let mut names = Namespace::with_reserved(&["Unknown"]);
        let mut variants: Vec<Variant> = Vec::new();
        for (k, (i, r)) in kept.iter().enumerate() {
            let tag_value = tag.as_ref().map(|(_, values)| values[k].clone());
            let label = match &tag_value {
                Some(v) => naming::pascal(v),
                None => self.label(*r, k, &required),
            };
            let label = names.claim(&label);
            let child = Ctx {
                scope: ctx.scope.clone(),
                name: format!("{}{}", ctx.name, label),
                ptr: pointer::join(&pointer::join(&ctx.ptr, keyword), i.to_string()),
            };
            let l = self.lower_skipping(*r, &child, tag.as_ref().map(|(p, _)| p.as_str()))?;
            nullable |= l.nullable;
            if variants.iter().any(|v| v.ty == l.ty) {
                continue;
            }
            variants.push(Variant { rust_name: label, ty: l.ty, tag_value, boxed: false });
        }
        if variants.is_empty() {
            // `oneOf: []` constrains nothing that can be typed.
            return Ok(Shape::Ty(Lowered { ty: Ty::Value, nullable }));
        }
        if variants.len() == 1 {
            let ty = variants.remove(0).ty;
            return Ok(Shape::Ty(Lowered { ty, nullable }));
        }
        let kind = TypeKind::Union(Union { variants, tag: tag.map(|(p, _)| p) });
        Ok(Shape::Kind { kind, doc, nullable })
    }

    /// Required property names of an object-like alternative (following a reference).
    fn required_of(&self, r: SchemaRef<'_>) -> Vec<String> {
        match object_parts(self.deref(r)) {
            Some((_, required)) => required.to_vec(),
            None => Vec::new(),
        }
    }

    fn deref<'s>(&self, r: SchemaRef<'s>) -> Option<&'s Schema>
    where
        Self: 's,
    {
        match r {
            SchemaRef::Schema(s) => Some(s),
            SchemaRef::Ref(reference) => match self.resolve_ref(reference, "") {
                Ok((_, ReferenceOr::Item(s))) => Some(s),
                _ => None,
            },
        }
    }

    /// A variant name that says what the alternative is: the component name
    /// for a reference, the JSON type for a primitive, the single value of a
    /// one-value string enum, or, for an object, its first required property
    /// that no other alternative requires.
    fn label(&self, r: SchemaRef<'_>, k: usize, required: &[Vec<String>]) -> String {
        let s = match r {
            SchemaRef::Ref(reference) => {
                return naming::pascal(reference.rsplit('/').next().unwrap_or(reference));
            }
            SchemaRef::Schema(s) => s,
        };
        let typ = match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => {
                return st.enumeration[0].as_deref().map(naming::pascal).unwrap_or_else(|| "Null".into());
            }
            SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => "Enum",
            SchemaKind::Type(Type::String(_)) => "String",
            SchemaKind::Type(Type::Number(_)) => "Number",
            SchemaKind::Type(Type::Integer(_)) => "Integer",
            SchemaKind::Type(Type::Boolean(_)) => "Bool",
            SchemaKind::Type(Type::Array(a)) => {
                return match &a.items {
                    Some(ReferenceOr::Reference { reference }) => {
                        format!("{}List", naming::pascal(reference.rsplit('/').next().unwrap_or("")))
                    }
                    _ => "Array".into(),
                };
            }
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => "Array",
            SchemaKind::Any(a) if a.typ.is_some() && a.properties.is_empty() => {
                return naming::pascal(a.typ.as_deref().unwrap_or("Value"));
            }
            _ => match object_parts(Some(s)) {
                Some((props, _)) if props.is_empty() => "Map",
                Some((props, own_required)) => {
                    let unique = own_required
                        .iter()
                        .find(|p| required.iter().enumerate().all(|(j, other)| j == k || !other.contains(p)));
                    return match unique.or_else(|| props.first()) {
                        Some(p) => naming::pascal(p),
                        None => "Object".into(),
                    };
                }
                None => "Value",
            },
        };
        typ.to_string()
    }
}

/// The properties (names) and required list of an object-like schema.
fn object_parts(s: Option<&Schema>) -> Option<(Vec<String>, &[String])> {
    match &s?.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((o.properties.keys().cloned().collect(), &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() || a.typ.as_deref() == Some("object") => {
            Some((a.properties.keys().cloned().collect(), &a.required))
        }
        _ => None,
    }
}

/// Alternatives with equal keys map to the same Rust type and are merged before lowering.
fn primitive_key(r: SchemaRef<'_>) -> Option<String> {
    let s = match r {
        SchemaRef::Ref(reference) => return Some(format!("ref:{reference}")),
        SchemaRef::Schema(s) => s,
    };
    let key = match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.is_empty() => "string",
        SchemaKind::Type(Type::Number(_)) => "number",
        SchemaKind::Type(Type::Integer(_)) => "integer",
        SchemaKind::Type(Type::Boolean(_)) => "boolean",
        SchemaKind::Type(Type::Array(a)) if untyped_items(a.items.as_ref()) => "array",
        SchemaKind::Any(a) if is_doc_only(r) && a.typ.is_none() => "any",
        _ => return None,
    };
    Some(key.to_string())
}

fn untyped_items(items: Option<&ReferenceOr<Box<Schema>>>) -> bool {
    match items {
        None => true,
        Some(ReferenceOr::Item(s)) => is_doc_only(SchemaRef::Schema(s)),
        Some(ReferenceOr::Reference { .. }) => false,
    }
}

/// A property that every alternative (all inline objects) requires, typed as a
/// string enum with a single value, the values all distinct: the union is then
/// internally tagged by it.
fn detect_tag(kept: &[(usize, SchemaRef<'_>)]) -> Option<(String, Vec<String>)> {
    let objects: Vec<&Schema> = kept
        .iter()
        .map(|(_, r)| match r {
            SchemaRef::Schema(s) => Some(*s),
            SchemaRef::Ref(_) => None,
        })
        .collect::<Option<_>>()?;
    if objects.len() < 2 {
        return None;
    }
    let (first_props, _) = object_parts(Some(objects[0]))?;
    'candidates: for prop in first_props {
        let mut values = Vec::new();
        for s in &objects {
            let Some(value) = single_value(s, &prop) else { continue 'candidates };
            if values.contains(&value) {
                continue 'candidates;
            }
            values.push(value);
        }
        return Some((prop, values));
    }
    None
}

/// The one value of required property `prop` when it is a one-value string enum.
fn single_value(s: &Schema, prop: &str) -> Option<String> {
    let (props, required) = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
        SchemaKind::Any(a) => (&a.properties, &a.required),
        _ => return None,
    };
    if !required.iter().any(|r| r == prop) {
        return None;
    }
    let ReferenceOr::Item(p) = props.get(prop)? else { return None };
    match &p.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => st.enumeration[0].clone(),
        SchemaKind::Any(a) if a.enumeration.len() == 1 => a.enumeration[0].as_str().map(str::to_string),
        _ => None,
    }
}

/// Orders the variants of every untagged union so that untagged decoding tries
/// the most specific first: structs with more required fields, then other
/// unions, lists, maps, integers, numbers, enums, booleans, strings, and
/// untyped values last. Runs once all types exist (references may point forward).
pub(super) fn order_variants(types: &mut [TypeDef]) {
    let ranks: Vec<Vec<(u8, isize)>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Union(u) if u.tag.is_none() => u.variants.iter().map(|v| rank(types, &v.ty, 0)).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (t, ranks) in types.iter_mut().zip(ranks) {
        if let TypeKind::Union(u) = &mut t.kind {
            if u.tag.is_none() {
                let mut paired: Vec<_> = ranks.into_iter().zip(u.variants.drain(..)).collect();
                paired.sort_by_key(|(r, _)| *r);
                u.variants = paired.into_iter().map(|(_, v)| v).collect();
            }
        }
    }
}

fn rank(types: &[TypeDef], ty: &Ty, depth: usize) -> (u8, isize) {
    match ty {
        Ty::Named(id) if depth < 16 => match &types[*id].kind {
            TypeKind::Struct(s) => (0, -(s.fields.iter().filter(|f| f.required).count() as isize)),
            TypeKind::Union(_) => (1, 0),
            TypeKind::Enum(_) => (6, 0),
            TypeKind::Alias(inner) => rank(types, inner, depth + 1),
        },
        Ty::Named(_) => (9, 0),
        Ty::Vec(_) => (2, 0),
        Ty::Map(_) => (3, 0),
        Ty::Integer => (4, 0),
        Ty::Number => (5, 0),
        Ty::Bool => (7, 0),
        Ty::String => (8, 0),
        Ty::Option(inner) => rank(types, inner, depth + 1),
        Ty::Value => (10, 0),
    }
}
