//! Pagination: which list operations can be walked page by page, and where
//! each page keeps its items and the cursor of the next page.
//!
//! The rule (no list of operations): a `GET` operation is paginated when
//!
//! 1. it declares a query parameter that takes the cursor: `until` (Vercel's
//!    timestamp cursor), else `next` (its continuation tokens), else `from`
//!    (a timestamp or continuation token, as `getProjects` takes it);
//! 2. its JSON success body is an object with a `pagination` object that has
//!    a `next` property (the cursor of the next page, `null` or absent on the
//!    last page), and exactly one array property besides (the items; when
//!    there are several arrays, the one required array). The `pagination`
//!    object may be a union of cursor kinds (`getProjects`: a continuation
//!    token `{count, next: string}` or a timestamp `Pagination`): each
//!    alternative with a `next` gives the cursor, and when their `next` types
//!    differ (string and number) the cursor is sent as a string;
//! 3. or the body is a union (`oneOf`) of which at least one alternative is
//!    such an object, all such alternatives hold the items in the same
//!    property with the same item type and the cursor in the same type; an
//!    alternative with that array but no `pagination` is a last page, any
//!    other alternative (e.g. an empty object, or one item alone) a page
//!    without items.
//!
//! The runtime then repeats the request with the cursor parameter set to the
//! previous page's `pagination.next` until that is null. Operations whose
//! spec omits the cursor parameter get it from an overlay
//! (`spec/overlays/33-pagination-parameters.yaml`), never by name here.

use super::{Method, Operation, ParamLocation, Response, Struct, Ty, TypeDef, TypeKind};
use crate::naming::ident::RustIdent;

/// Query parameters that take the cursor, in order of preference.
const CURSOR_PARAMS: &[&str] = &["until", "next", "from"];

/// How to walk the pages of a list operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Wire name of the query parameter that receives the cursor.
    pub cursor_param: String,
    /// Type of one item.
    pub item: Ty,
    /// Type of the cursor (`pagination.next`), as it is sent back.
    pub cursor: Ty,
    /// Where the items and the cursor are in a page.
    pub shape: PageShape,
}

/// The shapes a page can take.
#[derive(Debug, Clone, PartialEq)]
pub enum PageShape {
    /// The response is one struct.
    Struct(PageFields),
    /// The response is a union: for each variant that holds items (by Rust
    /// name), where they are. Other variants (and unknown shapes) hold no items
    /// and end the walk.
    Union(Vec<(RustIdent, PageFields)>),
}

/// Where one struct keeps its items and its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFields {
    /// Rust name of the array field.
    pub items: RustIdent,
    /// The array field is an `Option`.
    pub items_optional: bool,
    /// The cursor, when the struct has a `pagination` object.
    pub cursor: Option<Cursor>,
}

/// Where the cursor of the next page is: `<pagination>.<next>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// Rust name of the `pagination` field.
    pub pagination: RustIdent,
    /// The `pagination` field is an `Option`.
    pub pagination_optional: bool,
    /// Where `next` is in the `pagination` value: the struct itself, or
    /// some alternatives of a union of cursor kinds.
    pub kinds: CursorKinds,
    /// The cursor is sent as a string (`to_string()` of each `next`): the
    /// kinds' `next` types differ.
    pub as_string: bool,
}

/// Where `next` is in a `pagination` value.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorKinds {
    /// `pagination` is a struct with `next`.
    Struct(Next),
    /// `pagination` is a union (the type): the alternatives (by Rust name)
    /// with a `next`; any other alternative has no next page.
    Union(Ty, Vec<(RustIdent, Next)>),
}

/// The `next` field of a `pagination` struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Next {
    /// Rust name of the `next` field.
    pub field: RustIdent,
    /// The `next` field is an `Option`.
    pub optional: bool,
}

/// Fills [`Operation::pagination`] for every operation that follows the rule.
pub(super) fn apply(types: &[TypeDef], operations: &mut [Operation]) {
    for op in operations {
        op.pagination = detect(types, op);
    }
}

fn detect(types: &[TypeDef], op: &Operation) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let cursor_param = CURSOR_PARAMS.iter().find(|name| {
        op.params.iter().any(|p| p.location == ParamLocation::Query && !p.required && p.wire_name == **name)
    })?;
    let Response::Json(body) = &op.response else { return None };
    let id = resolve(types, body)?;
    let (shape, item, cursor) = match &types[id].kind {
        TypeKind::Struct(s) => {
            let page = page(types, s)?;
            let cursor = page.next_ty?;
            (PageShape::Struct(page.fields), page.item, cursor)
        }
        TypeKind::Union(u) => {
            let pages: Vec<(RustIdent, Page)> = u
                .variants
                .iter()
                .filter_map(|v| match &types[resolve(types, &v.ty)?].kind {
                    TypeKind::Struct(s) => Some((v.rust_name.clone(), page(types, s)?)),
                    _ => None,
                })
                .collect();
            let (_, first) = pages.iter().find(|(_, p)| p.fields.cursor.is_some())?;
            let first_items = first.fields.items.clone();
            // Alternatives whose array is another property (one item alone) hold no items.
            let pages: Vec<(RustIdent, Page)> =
                pages.into_iter().filter(|(_, p)| p.fields.items == first_items).collect();
            let first = pages.iter().map(|(_, p)| p).find(|p| p.fields.cursor.is_some())?;
            let canonical_next = |p: &Page| p.next_ty.as_ref().map(|t| canonical(types, t));
            let same = |p: &Page| {
                canonical(types, &p.item) == canonical(types, &first.item)
                    && (p.next_ty.is_none() || canonical_next(p) == canonical_next(first))
            };
            if !pages.iter().all(|(_, p)| same(p)) {
                return None;
            }
            let (item, cursor) = (first.item.clone(), first.next_ty.clone()?);
            (PageShape::Union(pages.into_iter().map(|(name, p)| (name, p.fields)).collect()), item, cursor)
        }
        _ => return None,
    };
    Some(Pagination { cursor_param: cursor_param.to_string(), item, cursor, shape })
}

/// One struct's items and cursor, with the types needed to compare union variants.
struct Page {
    fields: PageFields,
    item: Ty,
    next_ty: Option<Ty>,
}

/// The items array and the `pagination.next` cursor of a struct, if it has the array.
fn page(types: &[TypeDef], s: &Struct) -> Option<Page> {
    let arrays: Vec<_> =
        s.fields.iter().filter(|f| f.json_name != "pagination" && matches!(f.ty, Ty::Vec(_))).collect();
    let items = match arrays.as_slice() {
        [one] => *one,
        several => {
            let required: Vec<_> = several.iter().filter(|f| f.required && !f.nullable).collect();
            match required.as_slice() {
                [one] => **one,
                _ => return None,
            }
        }
    };
    let Ty::Vec(item) = &items.ty else { return None };
    let mut next_ty = None;
    let cursor = match s.fields.iter().find(|f| f.json_name == "pagination") {
        None => None,
        Some(p) => {
            let id = resolve(types, &p.ty)?;
            let (kinds, next_types) = match &types[id].kind {
                TypeKind::Struct(ps) => {
                    let (next, t) = next_of(ps)?;
                    (CursorKinds::Struct(next), vec![t])
                }
                TypeKind::Union(u) => {
                    let mut alternatives = Vec::new();
                    let mut next_types = Vec::new();
                    for v in &u.variants {
                        let Some(vid) = resolve(types, &v.ty) else { continue };
                        let TypeKind::Struct(ps) = &types[vid].kind else { continue };
                        let Some((next, t)) = next_of(ps) else { continue };
                        alternatives.push((v.rust_name.clone(), next));
                        next_types.push(t);
                    }
                    if alternatives.is_empty() {
                        return None;
                    }
                    (CursorKinds::Union(Ty::Named(id), alternatives), next_types)
                }
                _ => return None,
            };
            let as_string = next_types.iter().any(|t| *t != next_types[0]);
            next_ty = Some(if as_string { Ty::String } else { next_types[0].clone() });
            Some(Cursor { pagination: p.rust_name.clone(), pagination_optional: optional(p), kinds, as_string })
        }
    };
    Some(Page {
        fields: PageFields { items: items.rust_name.clone(), items_optional: optional(items), cursor },
        item: (**item).clone(),
        next_ty,
    })
}

/// The `next` field of a `pagination` struct and its type, when it is a number or a string.
fn next_of(s: &Struct) -> Option<(Next, Ty)> {
    let next = s.fields.iter().find(|f| f.json_name == "next")?;
    if !matches!(next.ty, Ty::Number | Ty::Integer | Ty::String) {
        return None;
    }
    Some((Next { field: next.rust_name.clone(), optional: optional(next) }, next.ty.clone()))
}

/// Whether a response field is an `Option` (its holding, see the derives pass, which runs first).
fn optional(f: &super::Field) -> bool {
    f.holding != super::Holding::Value
}

/// The named type `ty` is, once aliases are followed (`None` for any other type).
fn resolve(types: &[TypeDef], ty: &Ty) -> Option<usize> {
    match super::canonical::resolve_aliases(types, ty) {
        Ty::Named(id) => Some(id),
        _ => None,
    }
}

use super::canonical::canonical;
