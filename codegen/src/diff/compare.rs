//! The comparison walk: matches operations of two IRs, then compares their
//! parameters, bodies, responses and scope grants, descending into named types.

use super::rules::{classify, Facts};
use super::{Change, Kind};
use crate::ir::paths::{field_type_named, Naming};
use crate::ir::{Api, Body, BodyKind, Operation, ParamLocation, Placement, Response, Ty, TypeId, TypeKind};
use crate::surface::{body_text, response_text, type_text};
use std::collections::{BTreeMap, BTreeSet};

mod paths;

/// Which way values of a type travel at the position being compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Dir {
    Request,
    Response,
}

/// The operation a change is reported under.
#[derive(Debug, Clone)]
struct Subject {
    group: String,
    crate_name: String,
    rust_name: String,
    operation_id: Option<String>,
    method: String,
    path: String,
}

impl Subject {
    fn of(api: &Api, op: &Operation) -> Self {
        Subject {
            group: api.groups[op.group].tag.clone(),
            crate_name: api.groups[op.group].crate_name.clone(),
            rust_name: op.name.to_string(),
            operation_id: op.operation_id.clone(),
            method: op.method.as_str().to_string(),
            path: op.path.clone(),
        }
    }
}

struct Cx<'a> {
    old: &'a Api,
    new: &'a Api,
    out: Vec<Change>,
    /// Type pairs compared within the current operation (cycle guard).
    seen: BTreeSet<(TypeId, TypeId, Dir)>,
    /// Component type pairs already compared under some operation: reported once.
    seen_components: BTreeSet<(TypeId, TypeId, Dir)>,
}

/// Every change from `old` to `new`, unordered.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Cx { old, new, out: Vec::new(), seen: BTreeSet::new(), seen_components: BTreeSet::new() };
    let (pairs, removed, added) = match_operations(old, new);
    for i in removed {
        let op = &old.operations[i];
        cx.push(&Subject::of(old, op), Kind::OperationRemoved, String::new(), Facts::default(), "removed".into());
    }
    for i in added {
        let op = &new.operations[i];
        cx.push(&Subject::of(new, op), Kind::OperationAdded, String::new(), Facts::default(), "added".into());
    }
    for &(a, b) in &pairs {
        cx.seen.clear();
        cx.operation(&old.operations[a], &new.operations[b]);
    }
    cx.type_paths(&pairs);
    cx.out
}

/// The `(old, new)` operation index pairs the comparison matches (see `match_operations`).
pub fn matched(old: &Api, new: &Api) -> Vec<(usize, usize)> {
    match_operations(old, new).0
}

/// `/v9/projects/{idOrName}/env` → `/projects/{}/env`: the path without its
/// version segment and parameter names (see `PathTemplate::shape`).
#[cfg(test)]
fn unversioned(path: &str) -> String {
    format!("/{}", crate::path_template::PathTemplate::parse(path).shape())
}

/// Matched `(old, new)` index pairs, then unmatched old and new indices. Matching
/// is by operationId, then method and path, then method and unversioned path.
fn match_operations(old: &Api, new: &Api) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    type Key = fn(&Operation) -> Option<String>;
    let keys: [Key; 3] = [
        |op| op.operation_id.clone(),
        |op| Some(format!("{} {}", op.method.as_str(), op.path)),
        |op| Some(format!("{} /{}", op.method.as_str(), op.template.shape())),
    ];
    let mut old_left: Vec<usize> = (0..old.operations.len()).collect();
    let mut new_left: Vec<usize> = (0..new.operations.len()).collect();
    let mut pairs = Vec::new();
    for key in keys {
        let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &j in &new_left {
            if let Some(k) = key(&new.operations[j]) {
                index.entry(k).or_default().push(j);
            }
        }
        let mut still_old = Vec::new();
        for &i in &old_left {
            let found = key(&old.operations[i]).and_then(|k| index.get_mut(&k)).filter(|v| !v.is_empty());
            match found {
                Some(candidates) => {
                    // Several new operations on one key: the first in spec order.
                    let j = candidates.remove(0);
                    pairs.push((i, j));
                    new_left.retain(|&x| x != j);
                }
                None => still_old.push(i),
            }
        }
        old_left = still_old;
    }
    pairs.sort_unstable();
    (pairs, old_left, new_left)
}

/// `vercel_types::Foo` → `Foo`, `std::collections::BTreeMap<String, crate::types::X>` → `BTreeMap<String, X>`.
fn short(text: &str) -> String {
    let parts: Vec<&str> = text.split("::").collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            out.push_str(part);
        } else {
            out.push_str(part.trim_end_matches(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
        }
    }
    out
}

fn is_component(scope: &Placement) -> bool {
    matches!(scope, Placement::Shared | Placement::Group { .. })
}

fn join(loc: &str, part: &str) -> String {
    if loc.is_empty() {
        part.to_string()
    } else {
        format!("{loc}.{part}")
    }
}

impl Cx<'_> {
    fn push(&mut self, s: &Subject, kind: Kind, location: String, facts: Facts, detail: String) {
        let (wire_breaking, api_breaking) = classify(kind, &facts);
        self.out.push(Change {
            kind,
            group: s.group.clone(),
            crate_name: s.crate_name.clone(),
            rust_name: s.rust_name.clone(),
            operation_id: s.operation_id.clone(),
            method: s.method.clone(),
            path: s.path.clone(),
            location,
            wire_breaking,
            api_breaking,
            detail,
        });
    }

    /// Rust type text (paths shortened) of `t` in `api`.
    fn rust(&self, api: &Api, t: &Ty) -> String {
        short(&type_text(crate::ir::paths::ty_with(api, t, &Placement::External, Naming::Declared)))
    }

    fn operation(&mut self, a: &Operation, b: &Operation) {
        let (old, new) = (self.old, self.new);
        let s = Subject::of(new, b);
        let renamed = a.name != b.name;
        if a.path != b.path {
            let mut detail = format!("from {} {}", a.method.as_str(), a.path);
            if renamed {
                detail.push_str(&format!("; method `{}` → `{}`", a.name, b.name));
            }
            let facts = Facts { rust_changed: renamed, ..Facts::default() };
            self.push(&s, Kind::OperationMoved, String::new(), facts, detail);
        } else if renamed || a.operation_id != b.operation_id {
            let detail = format!(
                "operationId {} → {}; method `{}` → `{}`",
                a.operation_id.as_deref().unwrap_or("(none)"),
                b.operation_id.as_deref().unwrap_or("(none)"),
                a.name,
                b.name
            );
            let facts = Facts { rust_changed: renamed, ..Facts::default() };
            self.push(&s, Kind::OperationRenamed, String::new(), facts, detail);
        }
        let (ga, gb) = (&old.groups[a.group], &new.groups[b.group]);
        if ga.crate_name != gb.crate_name {
            let detail = format!("from `{}` to `{}`", ga.crate_name, gb.crate_name);
            self.push(&s, Kind::OperationGroupChanged, String::new(), Facts::default(), detail);
        } else if ga.tag != gb.tag {
            let detail = format!("tag `{}` → `{}`, still in `{}`", ga.tag, gb.tag, gb.crate_name);
            self.push(&s, Kind::OperationTagChanged, String::new(), Facts::default(), detail);
        }
        if a.deprecated != b.deprecated {
            let detail = if b.deprecated { "now deprecated" } else { "no longer deprecated" };
            self.push(&s, Kind::OperationDeprecated, String::new(), Facts::default(), detail.into());
        }
        if a.anonymous != b.anonymous {
            let (kind, detail) = if b.anonymous {
                (Kind::OperationAnonymous, "now `security: []`: sent without `Authorization`")
            } else {
                (Kind::OperationAuthenticated, "no longer `security: []`: now sent with the client's token")
            };
            self.push(&s, kind, String::new(), Facts::default(), detail.into());
        }
        self.params(&s, a, b);
        self.body(&s, a, b);
        self.response(&s, a, b);
        self.errors(&s, a, b);
        self.grants(&s, a, b);
    }

    fn params(&mut self, s: &Subject, a: &Operation, b: &Operation) {
        let (old, new) = (self.old, self.new);
        let key = |op: &Operation| -> Vec<(String, usize)> {
            let mut path_index = 0;
            op.params
                .iter()
                .enumerate()
                .map(|(i, p)| match p.location {
                    // Path parameters are matched by position: a move may rename `{id}` to `{idOrName}`.
                    ParamLocation::Path => {
                        path_index += 1;
                        (format!("path#{path_index}"), i)
                    }
                    ParamLocation::Query => (format!("query.{}", p.wire_name), i),
                    ParamLocation::Header => (format!("header.{}", p.wire_name), i),
                })
                .collect()
        };
        let ka: BTreeMap<String, usize> = key(a).into_iter().collect();
        let kb: BTreeMap<String, usize> = key(b).into_iter().collect();
        let loc = |op: &Operation, i: usize| {
            let p = &op.params[i];
            let at = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            format!("{at}.{}", p.wire_name)
        };
        for (k, &i) in &ka {
            let pa = &a.params[i];
            let Some(&j) = kb.get(k) else {
                let facts = Facts { old_required: pa.required, ..Facts::default() };
                let detail = format!("`{}: {}` removed", pa.rust_name, self.rust(old, &pa.ty));
                self.push(s, Kind::ParameterRemoved, loc(a, i), facts, detail);
                continue;
            };
            let pb = &b.params[j];
            let l = loc(b, j);
            if pa.required != pb.required {
                let facts = Facts { old_required: pa.required, new_required: pb.required, ..Facts::default() };
                let detail = if pb.required { "now required (a method argument)" } else { "now optional (a setter)" };
                self.push(s, Kind::ParameterRequiredChanged, l.clone(), facts, detail.into());
            }
            self.ty(s, Dir::Request, &pa.ty, &pb.ty, &l, Kind::ParameterTypeChanged);
        }
        for (k, &j) in &kb {
            if ka.contains_key(k) {
                continue;
            }
            let pb = &b.params[j];
            let facts = Facts { new_required: pb.required, ..Facts::default() };
            let req = if pb.required { "required" } else { "optional" };
            let detail = format!("{req} `{}: {}`", pb.rust_name, self.rust(new, &pb.ty));
            self.push(s, Kind::ParameterAdded, loc(b, j), facts, detail);
        }
    }

    fn body(&mut self, s: &Subject, a: &Operation, b: &Operation) {
        let (old, new) = (self.old, self.new);
        let loc = "request.body".to_string();
        let (ba, bb): (&Body, &Body) = match (&a.body, &b.body) {
            (None, None) => return,
            (Some(ba), None) => {
                let facts = Facts { old_required: ba.required, ..Facts::default() };
                let detail = format!("was {}", body_text(old, a, Naming::Declared).unwrap_or_default());
                self.push(s, Kind::RequestBodyRemoved, loc, facts, detail);
                return;
            }
            (None, Some(bb)) => {
                let facts = Facts { new_required: bb.required, ..Facts::default() };
                let detail = body_text(new, b, Naming::Declared).unwrap_or_default();
                self.push(s, Kind::RequestBodyAdded, loc, facts, detail);
                return;
            }
            (Some(ba), Some(bb)) => (ba, bb),
        };
        if ba.required != bb.required {
            let facts = Facts { old_required: ba.required, new_required: bb.required, ..Facts::default() };
            let detail = if bb.required { "now required" } else { "now optional" };
            self.push(s, Kind::RequestBodyRequiredChanged, loc.clone(), facts, detail.into());
        }
        let same_shape = matches!(
            (&ba.kind, &bb.kind),
            (BodyKind::Fields { .. }, BodyKind::Fields { .. })
                | (BodyKind::Json(_), BodyKind::Json(_))
                | (BodyKind::Bytes, BodyKind::Bytes)
        );
        if ba.content_type != bb.content_type || !same_shape {
            let facts = Facts { rust_changed: !same_shape, ..Facts::default() };
            let detail = format!(
                "`{}` → `{}`",
                body_text(old, a, Naming::Declared).unwrap_or_default(),
                body_text(new, b, Naming::Declared).unwrap_or_default()
            );
            self.push(s, Kind::RequestContentTypeChanged, loc.clone(), facts, detail);
        }
        match (&ba.kind, &bb.kind) {
            (BodyKind::Fields { ty: x, .. }, BodyKind::Fields { ty: y, .. }) => {
                self.named(s, Dir::Request, *x, *y, &loc, Kind::RequestTypeChanged)
            }
            (BodyKind::Json(x), BodyKind::Json(y)) => self.ty(s, Dir::Request, x, y, &loc, Kind::RequestTypeChanged),
            _ => {}
        }
    }

    fn response(&mut self, s: &Subject, a: &Operation, b: &Operation) {
        let loc = "response".to_string();
        match (&a.response, &b.response) {
            (Response::Json(x), Response::Json(y)) | (Response::JsonLines(x), Response::JsonLines(y)) => {
                self.ty(s, Dir::Response, x, y, &loc, Kind::ResponseTypeChanged)
            }
            (Response::JsonOrLines { json: x, lines: xl }, Response::JsonOrLines { json: y, lines: yl }) => {
                self.ty(s, Dir::Response, x, y, &loc, Kind::ResponseTypeChanged);
                self.ty(s, Dir::Response, xl, yl, "response lines", Kind::ResponseTypeChanged)
            }
            (Response::Empty, Response::Empty) | (Response::Bytes, Response::Bytes) => {}
            (ra, _) => {
                // `()` ignores any body and raw bytes take any body; JSON decoding needs JSON.
                let wire_compatible = matches!(ra, Response::Empty | Response::Bytes);
                let facts = Facts { rust_changed: true, wire_compatible, ..Facts::default() };
                let detail = format!(
                    "`{}` → `{}`",
                    response_text(self.old, a, Naming::Declared),
                    response_text(self.new, b, Naming::Declared)
                );
                self.push(s, Kind::ResponseContentTypeChanged, loc, facts, detail);
            }
        }
    }

    /// Error responses with typed bodies (the `ErrorBody` enum), matched by status.
    fn errors(&mut self, s: &Subject, a: &Operation, b: &Operation) {
        for ea in &a.errors {
            let label = ea.status.label();
            let loc = format!("error.{label}");
            match b.errors.iter().find(|eb| eb.status == ea.status) {
                Some(eb) => self.ty(s, Dir::Response, &ea.ty, &eb.ty, &loc, Kind::ResponseTypeChanged),
                None => {
                    let detail = if b.errors.is_empty() {
                        format!("`{label}` no longer has a typed body; the operation's `ErrorBody` enum is gone")
                    } else {
                        format!("`{label}` no longer has a typed body: `ErrorBody::{}` is gone", ea.variant)
                    };
                    self.push(s, Kind::ErrorResponseRemoved, loc, Facts::default(), detail);
                }
            }
        }
        for eb in b.errors.iter().filter(|eb| !a.errors.iter().any(|ea| ea.status == eb.status)) {
            let label = eb.status.label();
            let detail = format!("`{label}` now has a typed body: `ErrorBody::{}`", eb.variant);
            self.push(s, Kind::ErrorResponseAdded, format!("error.{label}"), Facts::default(), detail);
        }
    }

    fn grants(&mut self, s: &Subject, a: &Operation, b: &Operation) {
        let label = |g: &(String, crate::scopes::Access)| format!("{} ({})", g.0, g.1.as_str());
        let ga: BTreeSet<String> = a.grants.iter().map(label).collect();
        let gb: BTreeSet<String> = b.grants.iter().map(label).collect();
        for g in ga.difference(&gb) {
            self.push(s, Kind::ScopeRemoved, String::new(), Facts::default(), format!("no longer granted by {g}"));
        }
        for g in gb.difference(&ga) {
            self.push(s, Kind::ScopeAdded, String::new(), Facts::default(), format!("now granted by {g}"));
        }
    }

    /// Compares two types at one position; `mismatch` is the kind reported when they differ outright.
    fn ty(&mut self, s: &Subject, dir: Dir, a: &Ty, b: &Ty, loc: &str, mismatch: Kind) {
        let (ra, rb) = (self.old.resolve_alias(a), self.new.resolve_alias(b));
        let elem = match dir {
            Dir::Request => Kind::RequestTypeChanged,
            Dir::Response => Kind::ResponseTypeChanged,
        };
        match (&ra, &rb) {
            (Ty::Named(x), Ty::Named(y)) => self.named(s, dir, *x, *y, loc, mismatch),
            (Ty::Vec(x), Ty::Vec(y)) => self.ty(s, dir, x, y, &format!("{loc}[]"), elem),
            (Ty::Map(x), Ty::Map(y)) => self.ty(s, dir, x, y, &format!("{loc}{{}}"), elem),
            (Ty::Option(x), Ty::Option(y)) => self.ty(s, dir, x, y, loc, mismatch),
            (x, y) if x == y => {}
            _ => self.type_changed(s, dir, a, b, loc, mismatch),
        }
    }

    fn type_changed(&mut self, s: &Subject, dir: Dir, a: &Ty, b: &Ty, loc: &str, kind: Kind) {
        let wire_compatible = match dir {
            Dir::Response => accepts(self.old, a, self.new, b, true),
            Dir::Request => accepts(self.new, b, self.old, a, false),
        };
        let facts = Facts { wire_compatible, rust_changed: true, ..Facts::default() };
        let shape = |api: &Api, t: &Ty| match api.resolve_alias(t) {
            Ty::Named(id) => match &api.types[id].kind {
                TypeKind::Struct(_) => "struct ",
                TypeKind::Enum(_) => "enum ",
                TypeKind::Union(_) => "union ",
                TypeKind::Alias(_) => "",
            },
            _ => "",
        };
        let detail = format!(
            "{}`{}` → {}`{}`",
            shape(self.old, a),
            self.rust(self.old, a),
            shape(self.new, b),
            self.rust(self.new, b)
        );
        self.push(s, kind, loc.to_string(), facts, detail);
    }

    fn named(&mut self, s: &Subject, dir: Dir, x: TypeId, y: TypeId, loc: &str, mismatch: Kind) {
        let (old, new) = (self.old, self.new);
        if !self.seen.insert((x, y, dir)) {
            return;
        }
        let (ta, tb) = (&old.types[x], &new.types[y]);
        let mut loc = loc.to_string();
        if is_component(&ta.placement) && is_component(&tb.placement) && ta.name == tb.name {
            // A component schema: its own changes are reported once, under the
            // first operation that reaches it, located by its type name.
            if !self.seen_components.insert((x, y, dir)) {
                return;
            }
            loc = tb.name.to_string();
        } else if ta.name != tb.name {
            let detail = format!("`{}` → `{}`", ta.name, tb.name);
            self.push(s, Kind::TypeRenamed, loc.clone(), Facts::default(), detail);
        }
        let (enum_added, enum_removed, variant_added, variant_removed, field_kinds) = match dir {
            Dir::Request => (
                Kind::RequestEnumValueAdded,
                Kind::RequestEnumValueRemoved,
                Kind::RequestUnionVariantAdded,
                Kind::RequestUnionVariantRemoved,
                [
                    Kind::RequestFieldAdded,
                    Kind::RequestFieldRemoved,
                    Kind::RequestFieldRequiredChanged,
                    Kind::RequestFieldNullableChanged,
                    Kind::RequestTypeChanged,
                ],
            ),
            Dir::Response => (
                Kind::ResponseEnumValueAdded,
                Kind::ResponseEnumValueRemoved,
                Kind::ResponseUnionVariantAdded,
                Kind::ResponseUnionVariantRemoved,
                [
                    Kind::ResponseFieldAdded,
                    Kind::ResponseFieldRemoved,
                    Kind::ResponseFieldRequiredChanged,
                    Kind::ResponseFieldNullableChanged,
                    Kind::ResponseTypeChanged,
                ],
            ),
        };
        let [f_added, f_removed, f_required, f_nullable, f_type] = field_kinds;
        match (&ta.kind, &tb.kind) {
            (TypeKind::Struct(sa), TypeKind::Struct(sb)) => {
                for fa in &sa.fields {
                    let l = join(&loc, &fa.json_name);
                    let Some(fb) = sb.fields.iter().find(|f| f.json_name == fa.json_name) else {
                        let facts = Facts { old_required: fa.required, old_nullable: fa.nullable, ..Facts::default() };
                        let detail = format!(
                            "`{}: {}` removed",
                            fa.rust_name,
                            short(&type_text(field_type_named(old, ta, fa, Naming::Declared).0))
                        );
                        self.push(s, f_removed, l, facts, detail);
                        continue;
                    };
                    let (rta, rtb) = (
                        short(&type_text(field_type_named(old, ta, fa, Naming::Declared).0)),
                        short(&type_text(field_type_named(new, tb, fb, Naming::Declared).0)),
                    );
                    let facts = Facts {
                        old_required: fa.required,
                        new_required: fb.required,
                        old_nullable: fa.nullable,
                        new_nullable: fb.nullable,
                        rust_changed: rta != rtb,
                        ..Facts::default()
                    };
                    if fa.required != fb.required {
                        let now = if fb.required { "now required" } else { "now optional" };
                        self.push(s, f_required, l.clone(), facts, format!("{now}: `{rta}` → `{rtb}`"));
                    }
                    if fa.nullable != fb.nullable {
                        let now = if fb.nullable { "now nullable" } else { "no longer nullable" };
                        self.push(s, f_nullable, l.clone(), facts, format!("{now}: `{rta}` → `{rtb}`"));
                    }
                    self.ty(s, dir, &fa.ty, &fb.ty, &l, f_type);
                }
                for fb in &sb.fields {
                    if sa.fields.iter().any(|f| f.json_name == fb.json_name) {
                        continue;
                    }
                    let facts = Facts { new_required: fb.required, new_nullable: fb.nullable, ..Facts::default() };
                    let req = if fb.required { "required" } else { "optional" };
                    let detail = format!(
                        "{req} `{}: {}`",
                        fb.rust_name,
                        short(&type_text(field_type_named(new, tb, fb, Naming::Declared).0))
                    );
                    self.push(s, f_added, join(&loc, &fb.json_name), facts, detail);
                }
            }
            (TypeKind::Enum(va), TypeKind::Enum(vb)) => {
                for v in va.iter().filter(|v| !vb.iter().any(|w| w.value == v.value)) {
                    let detail = format!("`{}` ({}::{})", v.value, ta.name, v.rust_name);
                    self.push(s, enum_removed, loc.clone(), Facts::default(), detail);
                }
                for v in vb.iter().filter(|v| !va.iter().any(|w| w.value == v.value)) {
                    let detail = format!("`{}` ({}::{})", v.value, tb.name, v.rust_name);
                    self.push(s, enum_added, loc.clone(), Facts::default(), detail);
                }
            }
            (TypeKind::Union(ua), TypeKind::Union(ub)) => {
                for va in &ua.variants {
                    let l = format!("{loc}({})", va.rust_name);
                    match ub.variants.iter().find(|v| v.rust_name == va.rust_name) {
                        Some(vb) => self.ty(s, dir, &va.ty, &vb.ty, &l, f_type),
                        None => {
                            let detail = format!("`{}({})`", va.rust_name, self.rust(old, &va.ty));
                            self.push(s, variant_removed, loc.clone(), Facts::default(), detail);
                        }
                    }
                }
                for vb in ub.variants.iter().filter(|v| !ua.variants.iter().any(|w| w.rust_name == v.rust_name)) {
                    let detail = format!("`{}({})`", vb.rust_name, self.rust(new, &vb.ty));
                    self.push(s, variant_added, loc.clone(), Facts::default(), detail);
                }
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let (a, b) = (a.clone(), b.clone());
                self.ty(s, dir, &a, &b, &loc, mismatch)
            }
            _ => self.type_changed(s, dir, &Ty::Named(x), &Ty::Named(y), &loc, mismatch),
        }
    }
}

/// Whether a reader expecting `r` (in `ra`) accepts values written as `w` (in
/// `wa`). `reader_is_client`: the reader is generated code (open enums and
/// unions with `Unknown` take any string or shape), not the server.
fn accepts(ra: &Api, r: &Ty, wa: &Api, w: &Ty, reader_is_client: bool) -> bool {
    let (r, w) = (ra.resolve_alias(r), wa.resolve_alias(w));
    fn kind<'a>(api: &'a Api, t: &Ty) -> Option<&'a TypeKind> {
        match t {
            Ty::Named(id) => Some(&api.types[*id].kind),
            _ => None,
        }
    }
    match (&r, &w) {
        (Ty::Value, _) | (Ty::Number, Ty::Integer) => true,
        // A map of untyped values takes any object.
        (Ty::Map(v), Ty::Map(_)) if **v == Ty::Value => true,
        (Ty::Map(v), Ty::Named(_)) if **v == Ty::Value => matches!(kind(wa, &w), Some(TypeKind::Struct(_))),
        (Ty::Option(r), w) => accepts(ra, r, wa, w, reader_is_client),
        (Ty::String, _) if matches!(kind(wa, &w), Some(TypeKind::Enum(_))) => true,
        (Ty::Named(_), Ty::String) if matches!(kind(ra, &r), Some(TypeKind::Enum(_))) => reader_is_client,
        (Ty::Named(_), _) if reader_is_client => {
            matches!(kind(ra, &r), Some(TypeKind::Union(u)) if u.tag.is_none())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unversioned_paths() {
        assert_eq!(unversioned("/v9/projects/{idOrName}/env"), "/projects/{}/env");
        assert_eq!(unversioned("/v10/projects/{id}/env"), "/projects/{}/env");
        assert_eq!(unversioned("/projects/{id}"), "/projects/{}");
        assert_eq!(unversioned("/v2/files/{id}.json"), "/files/{}.json");
    }

    #[test]
    fn short_paths() {
        assert_eq!(short("Option<vercel_types::Foo>"), "Option<Foo>");
        assert_eq!(short("std::collections::BTreeMap<String, crate::types::X>"), "BTreeMap<String, X>");
        assert_eq!(short("serde_json::Value"), "Value");
    }
}
