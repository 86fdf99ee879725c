//! Usage: which types travel in requests and which in responses. Decides which
//! serde traits a type derives (requests serialize, responses deserialize) and
//! whether it is `#[non_exhaustive]` (response-only types).

use super::{BodyKind, Operation, Placement, Response, Ty, TypeDef, TypeId, TypeKind};

/// Marks every type reachable from request inputs and from responses.
pub(super) fn apply(types: &mut [TypeDef], operations: &[Operation]) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    for op in operations {
        let (req, resp) = roots(op);
        request.extend(req);
        response.extend(resp);
    }
    for id in reachable(types, request) {
        types[id].usage.request = true;
    }
    for id in reachable(types, response) {
        types[id].usage.response = true;
    }
    // Shared types no operation uses (the spec's error bodies) are for callers to
    // decode and re-encode as they see fit: both directions, and so all they contain.
    let unused: Vec<TypeId> = (0..types.len())
        .filter(|&id| types[id].placement == Placement::Shared && types[id].usage == Default::default())
        .collect();
    for id in reachable(types, unused) {
        types[id].usage.request = true;
        types[id].usage.response = true;
    }
}

/// The named types an operation sends (parameters, body) and receives (response, events, error bodies).
pub(super) fn roots(op: &Operation) -> (Vec<TypeId>, Vec<TypeId>) {
    let mut request: Vec<TypeId> = op.params.iter().filter_map(|p| p.ty.named()).collect();
    match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Fields { ty, .. }) => request.push(*ty),
        Some(BodyKind::Json(ty)) => request.extend(ty.named()),
        _ => {}
    }
    let mut response = Vec::new();
    if let Response::Json(ty) | Response::JsonLines(ty) | Response::JsonOrLines { json: ty, .. } = &op.response {
        response.extend(ty.named());
    }
    response.extend(op.events.as_ref().and_then(Ty::named));
    response.extend(op.errors.iter().filter_map(|e| e.ty.named()));
    (request, response)
}

/// Every type reachable from `roots` (roots included).
pub(super) fn reachable(types: &[TypeDef], roots: Vec<TypeId>) -> Vec<TypeId> {
    let mut seen = vec![false; types.len()];
    let mut stack = roots;
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id], true) {
            continue;
        }
        out.push(id);
        stack.extend(children(&types[id]));
    }
    out
}

/// The named types a type mentions directly (fields, map values, variants, alias target).
pub(super) fn children(t: &TypeDef) -> Vec<TypeId> {
    let of = |ty: &Ty| ty.named();
    match &t.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().map(|f| &f.ty).chain(s.additional.iter().map(|a| &a.ty)).filter_map(of).collect()
        }
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| of(&v.ty)).collect(),
        TypeKind::Alias(ty) => of(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}
