//! Schema lowering: OpenAPI schemas → [`Ty`] and named [`TypeDef`]s.
//!
//! Lowering records each named type's position (root, properties, items,
//! map values, union alternatives); the naming pass (`ir::names`) turns
//! positions into names by the rules in the `naming` module.

use super::{EnumValue, Field, Placement, RustIdent, Struct, Ty, TypeDef, TypeId, TypeKind, Usage};
use crate::naming::positions::Position;
use crate::naming::{self, Namespace};
use crate::{pointer, Error};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// A schema or a reference to a component schema.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Schema(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Schema(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Schema(s),
        }
    }
}

/// Where a schema sits: the placement any type it needs is defined in, its
/// position (what the naming pass names such a type after), and its pointer.
#[derive(Clone)]
pub(super) struct Ctx {
    pub placement: Placement,
    pub path: Position,
    pub ptr: String,
    /// For a property: the segment its array items are named by (the
    /// singular of a plural property name that no sibling property already
    /// takes); `None` names them `{last}Item`.
    pub item: Option<String>,
}

impl Ctx {
    /// A root position inside an operation module (`Response`, `Body`, a parameter).
    pub fn root(placement: &Placement, name: &str, ptr: String) -> Ctx {
        Ctx { placement: placement.clone(), path: Position::root(name, false), ptr, item: None }
    }

    /// An array item or a map value: its own word (`Item`, `Value`) says too
    /// little alone, so it extends the last segment instead of adding one.
    fn extended(&self, name_suffix: &str, ptr_token: &str) -> Ctx {
        Ctx {
            placement: self.placement.clone(),
            path: self.path.extended(name_suffix),
            ptr: pointer::join(&self.ptr, ptr_token),
            item: None,
        }
    }

    /// One segment further in (a property, a union alternative).
    pub(super) fn child(&self, segment: &str, positional: bool, ptr: String) -> Ctx {
        Ctx { placement: self.placement.clone(), path: self.path.child(segment, positional), ptr, item: None }
    }
}

/// A lowered schema: its type and whether `null` is allowed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lowered {
    pub ty: Ty,
    pub nullable: bool,
}

/// Builds named types from schemas.
pub(super) struct Lowerer<'a> {
    pub(super) components: &'a IndexMap<String, ReferenceOr<Schema>>,
    pub types: Vec<TypeDef>,
    component_ids: BTreeMap<String, TypeId>,
    component_nullable: BTreeMap<TypeId, bool>,
    namespaces: BTreeMap<Placement, Namespace>,
}

/// Properties of an object schema.
type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// Registers every component schema as a named type in the shared placement,
    /// then lowers their bodies (so references between components resolve in any order).
    pub fn new(components: &'a IndexMap<String, ReferenceOr<Schema>>) -> Result<Self, Error> {
        let mut this = Lowerer {
            components,
            types: Vec::new(),
            component_ids: BTreeMap::new(),
            component_nullable: BTreeMap::new(),
            namespaces: BTreeMap::new(),
        };
        for (name, schema) in components {
            let ptr = pointer::join("/components/schemas", name);
            let rust_name = this
                .namespaces
                .entry(Placement::Shared)
                .or_insert_with(Namespace::for_types)
                .claim(&naming::pascal(name));
            let id = this.define(
                &Placement::Shared,
                Position::root(&rust_name, true),
                None,
                ptr,
                TypeKind::Alias(Ty::Value),
            );
            this.types[id].name = RustIdent::new(&rust_name);
            if let ReferenceOr::Item(s) = schema {
                this.types[id].extensions = super::extensions_of(&s.schema_data.extensions);
            }
            this.component_ids.insert(name.clone(), id);
            let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
            this.component_nullable.insert(id, nullable);
        }
        for (name, schema) in components {
            let id = this.component_ids[name];
            let ctx = Ctx {
                placement: Placement::Shared,
                path: this.types[id].position.clone(),
                ptr: this.types[id].pointer.clone(),
                item: None,
            };
            this.lower_component(id, schema.into(), &ctx)?;
        }
        Ok(this)
    }

    /// Adds a type at `position`; the naming pass gives it its name.
    pub(super) fn define(
        &mut self,
        placement: &Placement,
        position: Position,
        doc: Option<String>,
        ptr: String,
        kind: TypeKind,
    ) -> TypeId {
        self.types.push(TypeDef {
            name: RustIdent::default(),
            position,
            positional: false,
            placement: placement.clone(),
            doc,
            pointer: ptr,
            kind,
            usage: Usage::default(),
            same_as: None,
            builder: None,
            derives: Default::default(),
            extensions: Default::default(),
        });
        self.types.len() - 1
    }

    /// Reserves a name in a placement (e.g. `Request`, the builder, in an operation module).
    pub fn reserve(&mut self, placement: &Placement, name: &str) {
        self.namespaces.entry(placement.clone()).or_insert_with(Namespace::for_types).claim(name);
    }

    /// The names taken in each placement before the naming pass: reserved names, and component names.
    pub(super) fn into_parts(self) -> (Vec<TypeDef>, BTreeMap<Placement, Namespace>) {
        (self.types, self.namespaces)
    }

    /// Lowers a component's schema into its pre-registered type.
    fn lower_component(&mut self, id: TypeId, schema: SchemaRef<'_>, ctx: &Ctx) -> Result<(), Error> {
        let (kind, doc) = match self.shape(schema, ctx, None)? {
            Shape::Ty(l) => (TypeKind::Alias(l.ty), None),
            Shape::Kind { kind, doc, .. } => (kind, doc),
        };
        self.types[id].kind = kind;
        self.types[id].doc = doc;
        Ok(())
    }

    /// Lowers a schema at `ctx`, defining a named type there if it needs one.
    pub fn lower(&mut self, schema: SchemaRef<'_>, ctx: &Ctx) -> Result<Lowered, Error> {
        self.lower_skipping(schema, ctx, None)
    }

    pub(super) fn lower_skipping(
        &mut self,
        schema: SchemaRef<'_>,
        ctx: &Ctx,
        skip: Option<&str>,
    ) -> Result<Lowered, Error> {
        match self.shape(schema, ctx, skip)? {
            Shape::Ty(l) => Ok(l),
            Shape::Kind { kind, doc, nullable } => {
                let id = self.define(&ctx.placement, ctx.path.clone(), doc, ctx.ptr.clone(), kind);
                if let SchemaRef::Schema(s) = schema {
                    self.types[id].extensions = super::extensions_of(&s.schema_data.extensions);
                }
                Ok(Lowered { ty: Ty::Named(id), nullable })
            }
        }
    }

    /// The component a `$ref` names.
    pub(super) fn resolve_ref(&self, reference: &str, ptr: &str) -> Result<(TypeId, &'a ReferenceOr<Schema>), Error> {
        let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
            return Err(Error::new(
                ptr,
                format!("unsupported $ref `{reference}`: only local `{COMPONENT_PREFIX}...` references are supported"),
            ));
        };
        let name = pointer::unescape(name);
        match (self.component_ids.get(&name), self.components.get(&name)) {
            (Some(id), Some(schema)) => Ok((*id, schema)),
            _ => Err(Error::new(ptr, format!("dangling $ref `{reference}`: no such component schema"))),
        }
    }

    fn shape(&mut self, schema: SchemaRef<'_>, ctx: &Ctx, skip: Option<&str>) -> Result<Shape, Error> {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                let (id, _) = self.resolve_ref(reference, &ctx.ptr)?;
                let nullable = self.component_nullable[&id];
                return Ok(Shape::Ty(Lowered { ty: Ty::Named(id), nullable }));
            }
            SchemaRef::Schema(s) => s,
        };
        let data = &schema.schema_data;
        let nullable = data.nullable;
        let doc = doc_of(data);
        let plain = |ty: Ty| Ok(Shape::Ty(Lowered { ty, nullable }));
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    plain(Ty::String)
                } else {
                    Ok(Shape::Kind { kind: enum_kind(&values), doc, nullable })
                }
            }
            SchemaKind::Type(Type::Number(_)) => plain(Ty::Number),
            SchemaKind::Type(Type::Integer(_)) => plain(Ty::Integer),
            SchemaKind::Type(Type::Boolean(_)) => plain(Ty::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = self.items(a.items.as_ref().map(SchemaRef::from), ctx)?;
                plain(Ty::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.object(&o.properties, &o.required, o.additional_properties.as_ref(), ctx, skip, doc, nullable)
            }
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", ctx, doc, nullable),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", ctx, doc, nullable),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, &IndexMap::new(), &[], ctx, doc, nullable),
            SchemaKind::Not { .. } => plain(Ty::Value),
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    self.all_of(&any.all_of, &any.properties, &any.required, ctx, doc, nullable)
                } else if self.alternatives_repeat(&any.properties, &any.one_of, &ctx.ptr) {
                    self.union(&any.one_of, "oneOf", ctx, doc, nullable)
                } else if self.alternatives_repeat(&any.properties, &any.any_of, &ctx.ptr) {
                    self.union(&any.any_of, "anyOf", ctx, doc, nullable)
                } else if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                    self.object(
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        ctx,
                        skip,
                        doc,
                        nullable,
                    )
                } else if !any.one_of.is_empty() {
                    self.union(&any.one_of, "oneOf", ctx, doc, nullable)
                } else if !any.any_of.is_empty() {
                    self.union(&any.any_of, "anyOf", ctx, doc, nullable)
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    let item = self.items(any.items.as_ref().map(SchemaRef::from), ctx)?;
                    plain(Ty::Vec(Box::new(item)))
                } else if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) {
                    let values: Vec<&str> = any.enumeration.iter().filter_map(|v| v.as_str()).collect();
                    Ok(Shape::Kind {
                        kind: enum_kind(&values),
                        doc,
                        nullable: nullable || any.enumeration.iter().any(|v| v.is_null()),
                    })
                } else {
                    match any.typ.as_deref() {
                        Some("string") => plain(Ty::String),
                        Some("integer") => plain(Ty::Integer),
                        Some("number") => plain(Ty::Number),
                        Some("boolean") => plain(Ty::Bool),
                        _ => plain(Ty::Value),
                    }
                }
            }
        }
    }

    /// Whether every `oneOf`/`anyOf` alternative declares all of the outer
    /// `properties` again (`{properties: {method}, oneOf: [{properties: {method, name}}, ...]}`):
    /// the outer properties then add nothing and the union is the type (lowering
    /// the outer object instead would drop every alternative's fields).
    fn alternatives_repeat(&self, outer: &Properties, alternatives: &[ReferenceOr<Schema>], ptr: &str) -> bool {
        !outer.is_empty()
            && !alternatives.is_empty()
            && alternatives.iter().all(|alt| {
                let mut alt = alt;
                for _ in 0..32 {
                    match alt {
                        ReferenceOr::Reference { reference } => match self.resolve_ref(reference, ptr) {
                            Ok((_, target)) => alt = target,
                            Err(_) => return false,
                        },
                        ReferenceOr::Item(s) => {
                            let props = match &s.schema_kind {
                                SchemaKind::Type(Type::Object(o)) => &o.properties,
                                SchemaKind::Any(a) => &a.properties,
                                _ => return false,
                            };
                            return outer.keys().all(|k| props.contains_key(k));
                        }
                    }
                }
                false
            })
    }

    fn items(&mut self, items: Option<SchemaRef<'_>>, ctx: &Ctx) -> Result<Ty, Error> {
        let Some(items) = items else { return Ok(Ty::Value) };
        let item_ctx = match &ctx.item {
            Some(singular) => {
                let mut c = ctx.extended("", "items");
                if let Some(last) = c.path.segments.last_mut() {
                    last.text = singular.clone();
                }
                c
            }
            None => ctx.extended("Item", "items"),
        };
        let l = self.lower(items, &item_ctx)?;
        Ok(if l.nullable { Ty::Option(Box::new(l.ty)) } else { l.ty })
    }

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ctx: &Ctx,
        skip: Option<&str>,
        doc: Option<String>,
        nullable: bool,
    ) -> Result<Shape, Error> {
        let extra = match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let l = self.lower((&**s).into(), &ctx.extended("Value", "additionalProperties"))?;
                Some(if l.nullable { Ty::Option(Box::new(l.ty)) } else { l.ty })
            }
            Some(AdditionalProperties::Any(true)) | None => None,
            Some(AdditionalProperties::Any(false)) => None,
        };
        if properties.is_empty() && !matches!(additional, Some(AdditionalProperties::Any(false))) {
            let ty = Ty::Map(Box::new(extra.unwrap_or(Ty::Value)));
            return Ok(Shape::Ty(Lowered { ty, nullable }));
        }
        let props_ptr = pointer::join(&ctx.ptr, "properties");
        let mut names = Namespace::default();
        let mut fields = Vec::new();
        // A plural property's items are named by its singular unless a sibling already has that name.
        let siblings: BTreeSet<String> = properties.keys().map(|k| naming::pascal(k)).collect();
        for (json_name, prop) in properties {
            if Some(json_name.as_str()) == skip {
                continue;
            }
            let prop_ref = SchemaRef::from(prop);
            let segment = naming::pascal(json_name);
            let mut child = ctx.child(&segment, false, pointer::join(&props_ptr, json_name));
            child.item = naming::positions::singular(&segment).filter(|s| !siblings.contains(s));
            let l = self.lower(prop_ref, &child)?;
            let (doc, deprecated) = match prop_ref {
                SchemaRef::Schema(s) => (doc_of(&s.schema_data), s.schema_data.deprecated),
                SchemaRef::Ref(_) => (None, false),
            };
            fields.push(Field {
                json_name: json_name.clone(),
                rust_name: RustIdent::new(&names.claim(&naming::snake(json_name))),
                ty: l.ty,
                required: required.contains(json_name),
                nullable: l.nullable,
                boxed: false,
                doc,
                deprecated,
                range: super::NumberRange::of(prop_ref),
                holding: Default::default(),
                skip_if_none: false,
            });
        }
        let additional =
            extra.map(|ty| super::Additional { rust_name: RustIdent::new(&names.claim("additional_properties")), ty });
        let kind = TypeKind::Struct(Struct { fields, additional });
        Ok(Shape::Kind { kind, doc, nullable })
    }

    /// `allOf`: merges the properties of every object-like part (following references);
    /// parts that only carry documentation are ignored; a single remaining part is used as is.
    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own_props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        own_required: &[String],
        ctx: &Ctx,
        doc: Option<String>,
        nullable: bool,
    ) -> Result<Shape, Error> {
        let meaningful: Vec<(usize, SchemaRef<'_>)> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| (i, SchemaRef::from(p)))
            .filter(|(_, p)| !is_doc_only(*p) && !is_constraint_only(*p))
            .collect();
        if own_props.is_empty() && meaningful.len() == 1 {
            let (i, part) = meaningful[0];
            let inner_ctx = Ctx { ptr: pointer::join(&pointer::join(&ctx.ptr, "allOf"), i.to_string()), ..ctx.clone() };
            if self.refers_back(part, &ctx.ptr, 0) {
                // Used as is, the part would make the type an alias of itself
                // (`type X = X;`, which does not compile): it has no shape of its own.
                return Err(Error::new(
                    inner_ctx.ptr,
                    format!("allOf refers back to `{}` itself: the schema has no shape of its own", ctx.ptr),
                ));
            }
            let mut shape = self.shape(part, &inner_ctx, None)?;
            match &mut shape {
                Shape::Ty(l) => l.nullable |= nullable,
                Shape::Kind { nullable: n, doc: d, .. } => {
                    *n |= nullable;
                    if d.is_none() {
                        *d = doc;
                    }
                }
            }
            return Ok(shape);
        }
        let mut props: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for (i, part) in meaningful {
            let ptr = pointer::join(&pointer::join(&ctx.ptr, "allOf"), i.to_string());
            if !self.collect_object(part, &ptr, &mut props, &mut required, 0)? {
                return Ok(Shape::Ty(Lowered { ty: Ty::Value, nullable }));
            }
        }
        for (k, v) in own_props {
            props.insert(k.clone(), v.clone());
        }
        required.extend(own_required.iter().cloned());
        self.object(&props, &required, None, ctx, None, doc, nullable)
    }

    /// Whether `part`, followed through `$ref`s and single-part `allOf`s,
    /// comes back to the schema at pointer `target`.
    fn refers_back(&self, part: SchemaRef<'_>, target: &str, depth: usize) -> bool {
        if depth > 32 {
            return true;
        }
        match part {
            SchemaRef::Ref(r) => {
                if r.strip_prefix('#') == Some(target) {
                    return true;
                }
                match self.resolve_ref(r, target) {
                    Ok((_, next)) => self.refers_back(next.into(), target, depth + 1),
                    Err(_) => false,
                }
            }
            SchemaRef::Schema(s) => match &s.schema_kind {
                SchemaKind::AllOf { all_of } => {
                    let mut meaningful =
                        all_of.iter().map(SchemaRef::from).filter(|p| !is_doc_only(*p) && !is_constraint_only(*p));
                    match (meaningful.next(), meaningful.next()) {
                        (Some(only), None) => self.refers_back(only, target, depth + 1),
                        _ => false,
                    }
                }
                _ => false,
            },
        }
    }

    /// Adds the properties of an object-like schema; `false` when it is not object-like.
    fn collect_object(
        &self,
        part: SchemaRef<'_>,
        ptr: &str,
        props: &mut IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        depth: usize,
    ) -> Result<bool, Error> {
        if depth > 32 {
            return Err(Error::new(ptr, "allOf references form a cycle"));
        }
        let schema = match part {
            SchemaRef::Ref(r) => {
                let (_, target) = self.resolve_ref(r, ptr)?;
                return self.collect_object(target.into(), ptr, props, required, depth + 1);
            }
            SchemaRef::Schema(s) => s,
        };
        let (own, own_required, subs): (Option<&Properties>, &[String], &[ReferenceOr<Schema>]) =
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), &o.required, &[]),
                SchemaKind::AllOf { all_of } => (None, &[], all_of),
                SchemaKind::Any(a) if !a.properties.is_empty() || !a.all_of.is_empty() => {
                    (Some(&a.properties), &a.required, &a.all_of)
                }
                _ => return Ok(is_doc_only(part) || is_constraint_only(part)),
            };
        for sub in subs {
            if !self.collect_object(sub.into(), ptr, props, required, depth + 1)? {
                return Ok(false);
            }
        }
        for (k, v) in own.into_iter().flatten() {
            props.insert(k.clone(), v.clone());
        }
        required.extend(own_required.iter().cloned());
        Ok(true)
    }
}

pub(super) enum Shape {
    Ty(Lowered),
    Kind { kind: TypeKind, doc: Option<String>, nullable: bool },
}

pub(super) fn doc_of(data: &SchemaData) -> Option<String> {
    let text = match (&data.title, &data.description) {
        (_, Some(d)) if !d.trim().is_empty() => d.trim().to_string(),
        (Some(t), _) if !t.trim().is_empty() => t.trim().to_string(),
        _ => return None,
    };
    Some(text)
}

/// A schema that constrains nothing (only docs, nullable, examples): ignored inside `allOf`.
pub(super) fn is_doc_only(part: SchemaRef<'_>) -> bool {
    match part {
        SchemaRef::Ref(_) => false,
        SchemaRef::Schema(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && a.items.is_none()
                    && a.enumeration.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.all_of.is_empty()
                    && a.not.is_none()
                    && a.additional_properties.is_none()
            }
            _ => false,
        },
    }
}

/// A schema that only constrains which properties are required (`required`
/// lists, possibly under `oneOf`/`anyOf`/`allOf`): it adds no property or type,
/// so an `allOf` merge ignores it (fields it requires in some cases stay optional).
fn is_constraint_only(part: SchemaRef<'_>) -> bool {
    let SchemaRef::Schema(s) = part else { return false };
    let ignorable = |p: &ReferenceOr<Schema>| is_constraint_only(p.into()) || is_doc_only(p.into());
    match &s.schema_kind {
        SchemaKind::OneOf { one_of: subs }
        | SchemaKind::AnyOf { any_of: subs }
        | SchemaKind::AllOf { all_of: subs } => subs.iter().all(ignorable),
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.enumeration.is_empty()
                && a.not.is_none()
                && a.additional_properties.is_none()
                && (!a.required.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty() || !a.all_of.is_empty())
                && a.one_of.iter().chain(&a.any_of).chain(&a.all_of).all(ignorable)
        }
        _ => false,
    }
}

/// An open enum of `values`, deduplicated in order, with unique variant names
/// (`Unknown` is reserved for the catch-all variant).
fn enum_kind(values: &[&str]) -> TypeKind {
    let mut seen = BTreeSet::new();
    let mut names = Namespace::with_reserved(&["Unknown"]);
    let values = values
        .iter()
        .filter(|v| seen.insert(**v))
        .map(|v| EnumValue { rust_name: RustIdent::new(&names.claim(&naming::pascal(v))), value: v.to_string() })
        .collect();
    TypeKind::Enum(values)
}
