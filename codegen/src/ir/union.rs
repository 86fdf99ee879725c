//! `oneOf` / `anyOf` lowering: variant naming, deduplication, tag detection and ordering.

use super::schema::{is_doc_only, Ctx, Lowered, Lowerer, SchemaRef, Shape};
use super::{RustIdent, Ty, TypeDef, TypeKind, Union, Variant};
use crate::naming::{self, Namespace};
use crate::{pointer, Error};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

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
        let labels: Vec<Label> = match &tag {
            Some((_, values)) => unique_labels(values.iter().map(|v| naming::pascal(v)).collect())
                .into_iter()
                .map(|(name, positional)| Label { segment: name.clone(), name, positional })
                .collect(),
            None => self.labels(&kept),
        };
        let mut variants: Vec<Variant> = Vec::new();
        for (k, (i, r)) in kept.iter().enumerate() {
            let tag_value = tag.as_ref().map(|(_, values)| values[k].clone());
            let Label { name: label, positional, segment } = labels[k].clone();
            let child =
                ctx.child(&segment, positional, pointer::join(&pointer::join(&ctx.ptr, keyword), i.to_string()));
            let l = self.lower_skipping(*r, &child, tag.as_ref().map(|(p, _)| p.as_str()))?;
            nullable |= l.nullable;
            if variants.iter().any(|v| v.ty == l.ty) {
                continue;
            }
            variants.push(Variant { rust_name: RustIdent::new(&label), ty: l.ty, tag_value, boxed: false });
        }
        if variants.is_empty() {
            // `oneOf: []` constrains nothing that can be typed.
            return Ok(Shape::Ty(Lowered { ty: Ty::Value, nullable }));
        }
        if variants.len() == 1 {
            let ty = variants.remove(0).ty;
            return Ok(Shape::Ty(Lowered { ty, nullable }));
        }
        let kind = TypeKind::Union(Union { variants, tag: tag.map(|(p, _)| p), correction: None });
        Ok(Shape::Kind { kind, doc, nullable })
    }

    /// Variant names that say what distinguishes each alternative (rules in
    /// the `naming` module doc), unique among them, with whether the name
    /// had to take a positional number and the segment its payload type is
    /// named by.
    fn labels(&self, kept: &[(usize, SchemaRef<'_>)]) -> Vec<Label> {
        let mut facts: Vec<Facts> = kept.iter().map(|(_, r)| self.facts(*r)).collect();
        // A single enum value names an alternative only where it tells it apart:
        // one that every other alternative has too (`oomReport: "out-of-memory"`
        // in both shapes of a deployment) says nothing.
        let constants: Vec<Option<(String, String)>> =
            (0..facts.len()).map(|k| facts[k].distinguishing_constant(&facts, k)).collect();
        for (f, c) in facts.iter_mut().zip(constants) {
            f.constant = c;
        }
        let all: Vec<usize> = (0..facts.len()).collect();
        let primary: Vec<(String, bool)> = (0..facts.len()).map(|k| facts[k].primary(&facts, &all, k)).collect();
        let mut labels: Vec<String> = primary.iter().map(|(l, _)| l.clone()).collect();
        // Alternatives that share a label add what only they have within that set:
        // another single enum value, else a property.
        let mut by_label: BTreeMap<(String, bool), Vec<usize>> = BTreeMap::new();
        for (k, l) in labels.iter().enumerate() {
            by_label.entry((l.clone(), facts[k].list)).or_default().push(k);
        }
        for ((label, _), members) in by_label.into_iter().filter(|(_, m)| m.len() > 1) {
            for &k in &members {
                let extra = facts[k]
                    .unique_constant(&facts, &members, k)
                    .or_else(|| facts[k].unique_property(&facts, &members, k));
                if let Some(extra) = extra {
                    labels[k] = format!("{label}{extra}");
                }
            }
        }
        for (label, f) in labels.iter_mut().zip(&facts) {
            if f.list {
                label.push_str("List");
            }
        }
        unique_labels(labels)
            .into_iter()
            .zip(primary)
            .map(|((name, positional), (_, from_property))| {
                // An alternative named after a property it holds: `With{Property}`, so
                // that the property's own type can take the property's name.
                let segment = if from_property && !positional && !name.ends_with("List") {
                    format!("With{name}")
                } else {
                    name.clone()
                };
                Label { name, positional, segment }
            })
            .collect()
    }

    /// What an alternative is, as far as naming goes.
    fn facts(&self, r: SchemaRef<'_>) -> Facts {
        let s = match r {
            SchemaRef::Ref(reference) => {
                let name = naming::pascal(reference.rsplit('/').next().unwrap_or(reference));
                return Facts { fixed: Some(name), ..Facts::default() };
            }
            SchemaRef::Schema(s) => s,
        };
        if let Some(title) = s.schema_data.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return Facts { fixed: Some(naming::pascal(title)), ..Facts::default() };
        }
        let kind = match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => {
                Some(st.enumeration[0].as_deref().map(naming::pascal).unwrap_or_else(|| "Null".into()))
            }
            SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => Some("Enum".into()),
            SchemaKind::Type(Type::String(_)) => Some("String".into()),
            SchemaKind::Type(Type::Number(_)) => Some("Number".into()),
            SchemaKind::Type(Type::Integer(_)) => Some("Integer".into()),
            SchemaKind::Type(Type::Boolean(_)) => Some("Bool".into()),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(ReferenceOr::Reference { reference }) => {
                    Some(format!("{}List", naming::pascal(reference.rsplit('/').next().unwrap_or(""))))
                }
                // A list of inline schemas is named after what distinguishes its items.
                Some(ReferenceOr::Item(item)) if object_parts(Some(item)).is_some_and(|(p, _)| !p.is_empty()) => {
                    let mut facts = self.facts(SchemaRef::Schema(item));
                    facts.list = true;
                    return facts;
                }
                _ => Some("Array".into()),
            },
            SchemaKind::Any(a) if a.typ.as_deref() == Some("array") || a.items.is_some() => Some("Array".into()),
            SchemaKind::Any(a) if a.typ.is_some() && a.properties.is_empty() => {
                Some(naming::pascal(a.typ.as_deref().unwrap_or("Value")))
            }
            _ => match object_parts(Some(s)) {
                Some((props, _)) if props.is_empty() => Some("Map".into()),
                Some(_) => None,
                None => Some("Value".into()),
            },
        };
        if kind.is_some() {
            return Facts { fixed: kind, ..Facts::default() };
        }
        let (props, required) = object_parts(Some(s)).unwrap_or_default();
        let constants: Vec<(String, String)> =
            props.iter().filter_map(|p| single_value_of(s, p).map(|v| (p.clone(), naming::pascal(&v)))).collect();
        Facts {
            fixed: None,
            // Chosen among `constants` once all alternatives are known (`labels`).
            constant: None,
            constants,
            properties: props,
            required: required.to_vec(),
            list: false,
        }
    }
}

/// A union alternative's name.
#[derive(Clone)]
struct Label {
    /// Variant name.
    name: String,
    /// It took a number only because nothing else distinguishes it.
    positional: bool,
    /// The segment its payload type's position adds.
    segment: String,
}

/// `labels` made unique (and never `Unknown`, the catch-all variant) by
/// numbering repeats in order, with whether each took a number.
fn unique_labels(labels: Vec<String>) -> Vec<(String, bool)> {
    let mut names = Namespace::with_reserved(&["Unknown"]);
    labels
        .into_iter()
        .map(|l| {
            let claimed = names.claim(&l);
            let positional = claimed != l;
            (claimed, positional)
        })
        .collect()
}

/// What names an alternative: a fixed name (a referenced component, a title,
/// a primitive kind), or, for an inline object, the value of its first
/// single-valued enum property and its properties.
#[derive(Default)]
struct Facts {
    fixed: Option<String>,
    /// The first single-valued enum property and its value (PascalCase) that
    /// not every other alternative has with that value.
    constant: Option<(String, String)>,
    /// Every single-valued enum property and its value (PascalCase).
    constants: Vec<(String, String)>,
    /// The alternative is a list of such objects: its label ends in `List`.
    list: bool,
    properties: Vec<String>,
    required: Vec<String>,
}

impl Facts {
    /// The label before collisions: the fixed name, the single enum value, the
    /// required (then any) property only this alternative has (then `true`),
    /// else `Limited` for an object whose properties every other alternative
    /// has all of and more (Vercel's own word for such a shape: `TeamLimited`),
    /// else `Object`.
    fn primary(&self, all: &[Facts], members: &[usize], k: usize) -> (String, bool) {
        if let Some(f) = self.fixed.as_ref().or(self.constant.as_ref().map(|(_, v)| v)) {
            return (f.clone(), false);
        }
        match self.unique_property(all, members, k) {
            Some(p) => (p, true),
            None if self.is_limited_form(all, members, k) => ("Limited".into(), false),
            None => ("Object".into(), false),
        }
    }

    /// The first single-valued enum property and its value that not every
    /// other alternative has with the same value. One they all share says
    /// nothing about the alternative (`oomReport: "out-of-memory"`, or
    /// `type: "LAMBDAS"` in both shapes of a deployment) and names none.
    fn distinguishing_constant(&self, all: &[Facts], k: usize) -> Option<(String, String)> {
        self.constants
            .iter()
            .find(|(p, v)| {
                !all.iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .all(|(_, o)| o.constants.iter().any(|(q, w)| q == p && w == v))
            })
            .cloned()
    }

    /// Whether every other alternative of `members` is an inline object with
    /// every property of this one and more (the full form beside this
    /// limited one).
    fn is_limited_form(&self, all: &[Facts], members: &[usize], k: usize) -> bool {
        let mut others = members.iter().filter(|&&j| j != k).map(|&j| &all[j]).peekable();
        self.fixed.is_none()
            && !self.properties.is_empty()
            && others.peek().is_some()
            && others.all(|o| {
                o.fixed.is_none()
                    && o.properties.len() > self.properties.len()
                    && self.properties.iter().all(|p| o.properties.contains(p))
            })
    }

    /// The value of a single-valued enum property (other than the one that
    /// gave the label) that no other alternative of `members` has with that value.
    fn unique_constant(&self, all: &[Facts], members: &[usize], k: usize) -> Option<String> {
        let first = self.constant.as_ref().map(|(p, _)| p.as_str());
        self.constants.iter().filter(|(p, _)| Some(p.as_str()) != first).find_map(|(p, v)| {
            let shared = members.iter().any(|&j| j != k && all[j].constants.iter().any(|(q, w)| q == p && w == v));
            (!shared).then(|| v.clone())
        })
    }

    /// The first required property no other alternative of `members` has,
    /// else the first property at all no other of them has.
    /// The first required property no other alternative of `members` has,
    /// else the first required property no other of them requires, else the
    /// first property no other has, else the first pair of properties no
    /// other has both of; as one PascalCase label.
    fn unique_property(&self, all: &[Facts], members: &[usize], k: usize) -> Option<String> {
        let others = || members.iter().filter(move |&&j| j != k).map(|&j| &all[j]);
        let has = |o: &Facts, p: &String| o.properties.contains(p) || o.required.contains(p);
        let only_here = |p: &&String| others().all(|o| !has(o, p));
        let only_required_here = |p: &&String| others().all(|o| !o.required.contains(p));
        if let Some(p) = self
            .required
            .iter()
            .find(only_here)
            .or_else(|| self.required.iter().find(only_required_here))
            .or_else(|| self.properties.iter().find(only_here))
        {
            return Some(naming::pascal(p));
        }
        let props = &self.properties;
        (0..props.len())
            .flat_map(|a| (a + 1..props.len()).map(move |b| (a, b)))
            .find(|&(a, b)| others().all(|o| !(has(o, &props[a]) && has(o, &props[b]))))
            .map(|(a, b)| format!("{}{}", naming::pascal(&props[a]), naming::pascal(&props[b])))
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

/// The one value of property `prop` (required or not) when it is a one-value string enum.
fn single_value_of(s: &Schema, prop: &str) -> Option<String> {
    let props = match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.properties,
        SchemaKind::Any(a) => &a.properties,
        _ => return None,
    };
    let ReferenceOr::Item(p) = props.get(prop)? else { return None };
    match &p.schema_kind {
        SchemaKind::Type(Type::String(st)) if st.enumeration.len() == 1 => st.enumeration[0].clone(),
        SchemaKind::Any(a) if a.enumeration.len() == 1 => a.enumeration[0].as_str().map(str::to_string),
        _ => None,
    }
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
            TypeKind::Union(u) if u.tag.is_none() => u.variants.iter().map(|v| rank(types, &v.ty)).collect(),
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

fn rank(types: &[TypeDef], ty: &Ty) -> (u8, isize) {
    match &super::canonical::resolve_aliases(types, ty) {
        Ty::Named(id) => match &types[*id].kind {
            TypeKind::Struct(s) => (0, -(s.fields.iter().filter(|f| f.required).count() as isize)),
            TypeKind::Union(_) => (1, 0),
            TypeKind::Enum(_) => (6, 0),
            // Only a cycle of aliases is left unresolved.
            TypeKind::Alias(_) => (9, 0),
        },
        Ty::Vec(_) => (2, 0),
        Ty::Map(_) => (3, 0),
        Ty::Integer => (4, 0),
        Ty::Number => (5, 0),
        Ty::Bool => (7, 0),
        Ty::String => (8, 0),
        Ty::Option(inner) => rank(types, inner),
        Ty::Value => (10, 0),
    }
}
