//! Operations: methods, groups, parameters, bodies and responses.

use super::schema::{Ctx, Lowerer, SchemaRef};
use super::{
    boxing, builder, dedup, hoist, names, pagination, placement, union, usage, Api, Body, BodyKind, DigestSetter,
    ErrorResponse, ErrorStatus, Group, Method, NumberRange, Operation, Param, ParamLocation, Placement, Response,
    RustIdent, Ty, TypeKind, Union, Variant,
};
use crate::groups::GroupTable;
use crate::naming::{self, Namespace};
use crate::path_template::PathTemplate;
use crate::{pointer, Error};
use openapiv3::{Components, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

use crate::naming::reserved;
pub use crate::naming::reserved::ERROR_BODY;

/// Headers the HTTP client sets from the request itself; a spec parameter for one
/// of them (e.g. `Content-Length` on uploads) is left out rather than let it
/// contradict the real request.
const TRANSPORT_HEADERS: &[&str] =
    &["content-length", "content-type", "host", "authorization", "accept", "transfer-encoding"];

/// Header holding the SHA-1 of an uploaded file.
/// The parameter extension that marks a header as a digest of the raw body
/// (its value names the algorithm; `sha1` is the one supported). Vercel's
/// spec does not say so; `spec/overlays/` sets it where Vercel checks one.
const BODY_DIGEST_EXTENSION: &str = "x-body-digest";

/// Success statuses that never carry a body (RFC 9110 §15.3.5, §15.3.6).
const NO_CONTENT: &[&str] = &["204", "205"];

/// Group of operations that have no tag.
const UNTAGGED_GROUP: &str = "other";

/// Builds the IR from a loaded spec, naming the endpoint groups by `group_table`.
pub fn build(doc: &OpenAPI, group_table: &GroupTable) -> Result<Api, Error> {
    let empty = Default::default();
    let schemas = doc.components.as_ref().map(|c| &c.schemas).unwrap_or(&empty);
    let mut lowerer = Lowerer::new(schemas)?;

    let raw_ops = collect(doc)?;
    let tags: BTreeSet<String> = raw_ops.iter().map(|r| first_tag(r.op)).collect();
    let (groups, group_index) = groups(&tags, group_table);

    let mut operations = Vec::new();
    for (raw, name) in raw_ops.iter().zip(operation_names(&raw_ops)) {
        let group = group_index[first_tag(raw.op).as_str()];
        operations.push(operation(doc, &mut lowerer, raw, name, group)?);
    }

    let (mut types, taken) = lowerer.into_parts();
    super::infinite_alias::check(&types)?;
    names::apply(&mut types, taken);
    super::webhook::apply(&mut types, &operations);
    union::order_variants(&mut types);
    boxing::apply(&mut types);
    usage::apply(&mut types, &operations);
    placement::apply(&mut types, &operations);
    dedup::apply(&mut types);
    hoist::apply(&mut types, &operations);
    builder::apply(&mut types);
    super::derives::apply(&mut types);
    super::correction::apply(&mut types);
    pagination::apply(&types, &mut operations);
    super::example::apply(&types, &mut operations);
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        operations,
        groups,
        types,
        scopes: Vec::new(),
    })
}

/// The method name of each operation (in order): module names of the group
/// crate and methods of its client, unique. Operations whose operationId
/// only spells out method and path ([`naming::spelled_out`]) are named
/// after every other, so that they never take a name another would have.
fn operation_names(raw_ops: &[RawOp<'_>]) -> Vec<RustIdent> {
    let mut op_names = Namespace::with_reserved(&reserved::operation_names());
    let plain = |raw: &RawOp<'_>| naming::operation_name(raw.op.operation_id.as_deref(), raw.method.as_str(), raw.path);
    // A spelled-out id that already reads well (`getTagsList`) is named as usual.
    let readable: Vec<Option<String>> = raw_ops
        .iter()
        .map(|raw| {
            let id = raw.op.operation_id.as_deref()?;
            naming::spelled_out::readable_name(id, raw.method.as_str(), raw.path).filter(|name| *name != plain(raw))
        })
        .collect();
    let mut names = vec![String::new(); raw_ops.len()];
    for (i, raw) in raw_ops.iter().enumerate().filter(|(i, _)| readable[*i].is_none()) {
        names[i] = op_names.claim(&plain(raw));
    }
    for (i, raw) in raw_ops.iter().enumerate() {
        let Some(name) = &readable[i] else { continue };
        names[i] = if op_names.contains(name) { op_names.claim(&plain(raw)) } else { op_names.claim(name) };
    }
    names.into_iter().map(|n| RustIdent::new(&n)).collect()
}

struct RawOp<'d> {
    method: Method,
    path: &'d str,
    item_params: &'d [ReferenceOr<Parameter>],
    op: &'d openapiv3::Operation,
    ptr: String,
}

/// Every operation in spec order; a second use of an operationId is an error.
fn collect(doc: &OpenAPI) -> Result<Vec<RawOp<'_>>, Error> {
    let mut out = Vec::new();
    let mut ids: BTreeSet<&str> = BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let item_ptr = pointer::join("/paths", path);
        let ReferenceOr::Item(item) = item else {
            return Err(Error::new(item_ptr, "unsupported $ref to a path item"));
        };
        let methods = [
            (Method::Get, "get", &item.get),
            (Method::Put, "put", &item.put),
            (Method::Post, "post", &item.post),
            (Method::Delete, "delete", &item.delete),
            (Method::Options, "options", &item.options),
            (Method::Head, "head", &item.head),
            (Method::Patch, "patch", &item.patch),
        ];
        for (method, key, op) in methods {
            let Some(op) = op else { continue };
            let ptr = pointer::join(&item_ptr, key);
            if let Some(id) = op.operation_id.as_deref() {
                if !ids.insert(id) {
                    return Err(Error::new(ptr, format!("operationId `{id}` is used by more than one operation")));
                }
            }
            out.push(RawOp { method, path, item_params: &item.parameters, op, ptr });
        }
    }
    Ok(out)
}

/// One group per crate name (tags the table maps to one crate share it; the
/// group's `tag` is the first of them), and the group index of every tag.
fn groups<'t>(tags: &'t BTreeSet<String>, table: &GroupTable) -> (Vec<Group>, BTreeMap<&'t str, usize>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut index = BTreeMap::new();
    for tag in tags {
        let names = table.names(tag);
        let at = match groups.iter().position(|g| g.crate_name == names.crate_name) {
            Some(at) => at,
            None => {
                let base = names.base();
                groups.push(Group {
                    tag: tag.clone(),
                    client: naming::group_client(base),
                    api_trait: naming::group_trait(base),
                    accessor: naming::group_accessor(base),
                    crate_name: names.crate_name,
                    feature: names.feature,
                });
                groups.len() - 1
            }
        };
        index.insert(tag.as_str(), at);
    }
    (groups, index)
}

fn first_tag(op: &openapiv3::Operation) -> String {
    op.tags.first().cloned().unwrap_or_else(|| UNTAGGED_GROUP.to_string())
}

fn operation(
    doc: &OpenAPI,
    lowerer: &mut Lowerer<'_>,
    raw: &RawOp<'_>,
    name: RustIdent,
    group: usize,
) -> Result<Operation, Error> {
    // The module's placement as `Operation::placement` gives it.
    let scope = Placement::Operation { group, module: name.clone() };
    for item in reserved::OPERATION_ITEMS {
        lowerer.reserve(&scope, item);
    }
    let mut inputs = Namespace::with_reserved(&reserved::builder_inputs());
    let params = parameters(doc, lowerer, raw, &scope, &mut inputs)?;
    let mut body = match &raw.op.request_body {
        Some(b) => Some(body(doc, lowerer, b, &pointer::join(&raw.ptr, "requestBody"), &scope, &mut inputs)?),
        None => None,
    };
    if let Some(body) = body.as_mut().filter(|b| matches!(b.kind, BodyKind::Bytes)) {
        body.digest = digest_setter(&params, &mut inputs);
    }
    let (response, events) = response(doc, lowerer, raw, &scope)?;
    let errors = errors(doc, lowerer, raw, &scope)?;
    let error_codes = error_codes(doc, raw)?;
    let op = raw.op;
    let webhook_events = super::webhook::event_types(op, &raw.ptr, body.as_ref().map(|b| &b.kind), &lowerer.types)?;
    Ok(Operation {
        operation_id: op.operation_id.clone(),
        runtime_id: op.operation_id.clone().unwrap_or_else(|| name.to_string()),
        name,
        method: raw.method,
        path: raw.path.to_string(),
        template: PathTemplate::parse(raw.path),
        group,
        tags: op.tags.clone(),
        summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
        description: op.description.clone().filter(|s| !s.trim().is_empty()),
        deprecated: op.deprecated,
        anonymous: super::security::anonymous(doc, op),
        team: super::team::scoping(&params),
        params,
        body,
        response,
        grants: Vec::new(),
        pagination: None,
        events: events.as_ref().map(|(ty, _)| ty.clone()),
        events_media_type: events.map(|(_, media_type)| media_type),
        errors,
        error_codes,
        waiter: super::waiter::waiter(op, &raw.ptr)?,
        webhook_events,
        extensions: super::extensions_of(&op.extensions),
    })
}

/// Operation parameters override path-item parameters of the same name and
/// location. Path parameters come in template order; a template parameter
/// the spec does not declare becomes a required string parameter (general
/// rule for `GET /v3/teams/{teamId}/members`); a declared path parameter the
/// template does not use is dropped.
fn parameters(
    doc: &OpenAPI,
    lowerer: &mut Lowerer<'_>,
    raw: &RawOp<'_>,
    scope: &Placement,
    inputs: &mut Namespace,
) -> Result<Vec<Param>, Error> {
    // (pointer in the operation's list, pointer of the parameter object, data, location)
    let mut declared: Vec<(String, String, &openapiv3::ParameterData, ParamLocation)> = Vec::new();
    let sources = [
        (raw.item_params, pointer::join(&pointer::join("/paths", raw.path), "parameters")),
        (&raw.op.parameters[..], pointer::join(&raw.ptr, "parameters")),
    ];
    for (list, list_ptr) in sources.iter() {
        for (i, p) in list.iter().enumerate() {
            let ptr = pointer::join(list_ptr, i.to_string());
            let item_ptr = item_pointer(p, &ptr);
            let p = resolve_component(doc, p, "parameters", |c, name| c.parameters.get(name), &ptr)?;
            let (data, location) = match p {
                Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
                Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
                Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
                Parameter::Cookie { .. } => {
                    return Err(Error::new(ptr, "unsupported construct: cookie parameters"));
                }
            };
            declared.retain(|(_, _, d, l)| !(d.name == data.name && *l == location));
            declared.push((ptr, item_ptr, data, location));
        }
    }
    let template = PathTemplate::parse(raw.path);
    let mut out = Vec::new();
    for name in template.params() {
        match declared.iter().find(|(_, _, d, l)| *l == ParamLocation::Path && d.name == name) {
            Some((ptr, item_ptr, data, _)) => {
                out.push(param(lowerer, data, ParamLocation::Path, ptr, item_ptr, scope, inputs)?)
            }
            None => out.push(Param {
                wire_name: name.to_string(),
                rust_name: RustIdent::new(&inputs.claim(&naming::snake(name))),
                location: ParamLocation::Path,
                required: true,
                ty: Ty::String,
                doc: Some(format!("`{name}` (used in the path template; the spec does not declare it).")),
                deprecated: false,
                explode: true,
                range: NumberRange::default(),
                body_digest: None,
                pointer: None,
                example: None,
                example_value: Default::default(),
                extensions: Default::default(),
            }),
        }
    }
    for (ptr, item_ptr, data, location) in &declared {
        let transport =
            *location == ParamLocation::Header && TRANSPORT_HEADERS.contains(&data.name.to_ascii_lowercase().as_str());
        if *location != ParamLocation::Path && !transport {
            out.push(param(lowerer, data, *location, ptr, item_ptr, scope, inputs)?);
        }
    }
    Ok(out)
}

/// The rule for uploads: a raw body with an optional string header parameter
/// marked `x-body-digest: sha1` (a SHA-1 the server checks the bytes against)
/// gets a `file(bytes)` setter that sets both, so callers cannot get the
/// digest wrong.
fn digest_setter(params: &[Param], inputs: &mut Namespace) -> Option<DigestSetter> {
    let param = params.iter().find(|p| {
        p.location == ParamLocation::Header
            && !p.required
            && p.ty == Ty::String
            && p.body_digest.as_deref() == Some("sha1")
    })?;
    Some(DigestSetter {
        setter: RustIdent::new(&inputs.claim("file")),
        param: param.rust_name.clone(),
        header: param.wire_name.clone(),
    })
}

fn param(
    lowerer: &mut Lowerer<'_>,
    data: &openapiv3::ParameterData,
    location: ParamLocation,
    ptr: &str,
    item_ptr: &str,
    scope: &Placement,
    inputs: &mut Namespace,
) -> Result<Param, Error> {
    let schema_example = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s.schema_data.example.as_ref(),
        _ => None,
    };
    let example = data.example.as_ref().or(schema_example).and_then(|e| e.as_str()).map(str::to_string);
    let (ty, schema_deprecated, range) = match &data.format {
        ParameterSchemaOrContent::Schema(s) => {
            let ctx = Ctx::root(scope, &naming::pascal(&data.name), pointer::join(ptr, "schema"));
            let deprecated = matches!(s, ReferenceOr::Item(s) if s.schema_data.deprecated);
            (lowerer.lower(SchemaRef::from(s), &ctx)?.ty, deprecated, NumberRange::of(SchemaRef::from(s)))
        }
        ParameterSchemaOrContent::Content(_) => (Ty::String, false, NumberRange::default()),
    };
    let body_digest = match data.extensions.get(BODY_DIGEST_EXTENSION) {
        None => None,
        Some(serde_json::Value::String(algorithm)) if algorithm == "sha1" => Some(algorithm.clone()),
        Some(other) => {
            return Err(Error::new(
                pointer::join(ptr, BODY_DIGEST_EXTENSION),
                format!("unsupported {BODY_DIGEST_EXTENSION} {other}: only \"sha1\" is supported"),
            ))
        }
    };
    Ok(Param {
        wire_name: data.name.clone(),
        rust_name: RustIdent::new(&inputs.claim(&naming::snake(&data.name))),
        location,
        required: data.required || location == ParamLocation::Path,
        ty,
        doc: data.description.clone().filter(|d| !d.trim().is_empty()),
        deprecated: data.deprecated.unwrap_or(false) || schema_deprecated,
        explode: data.explode.unwrap_or(true),
        range,
        body_digest,
        pointer: Some(item_ptr.to_string()),
        example,
        example_value: Default::default(),
        extensions: super::extensions_of(&data.extensions),
    })
}

/// Where the item `r` stands in the spec: `ptr` for an inline item, the
/// component its reference names (`#/components/parameters/Team` →
/// `/components/parameters/Team`) for a reference.
fn item_pointer<T>(r: &ReferenceOr<T>, ptr: &str) -> String {
    match r {
        ReferenceOr::Item(_) => ptr.to_string(),
        ReferenceOr::Reference { reference } => reference.strip_prefix('#').unwrap_or(reference).to_string(),
    }
}

/// The item `r` holds, or the one its reference `#/components/{section}/{name}`
/// names (`get` looks `name` up in that section). A reference to anything else
/// is unsupported; one that names no item (or another reference) is dangling.
fn resolve_component<'d, T>(
    doc: &'d OpenAPI,
    r: &'d ReferenceOr<T>,
    section: &str,
    get: impl FnOnce(&'d Components, &str) -> Option<&'d ReferenceOr<T>>,
    ptr: &str,
) -> Result<&'d T, Error> {
    match r {
        ReferenceOr::Item(item) => Ok(item),
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/")
                .and_then(|rest| rest.strip_prefix(section))
                .and_then(|rest| rest.strip_prefix('/'))
                .ok_or_else(|| Error::new(ptr, format!("unsupported $ref `{reference}`")))?;
            match doc.components.as_ref().and_then(|c| get(c, name)) {
                Some(ReferenceOr::Item(item)) => Ok(item),
                _ => Err(Error::new(ptr, format!("dangling $ref `{reference}`"))),
            }
        }
    }
}

/// Whether a body of `content_type` is one JSON value (`application/json` or
/// another `+json` type, except the JSON-lines types of [`is_json_lines`]).
pub fn is_json(content_type: &str) -> bool {
    let ct = essence(content_type);
    ct == "application/json" || ct.ends_with("+json") && !is_json_lines(&ct)
}

/// The JSON-lines media types besides the `+ndjson` / `+jsonl` suffixes:
/// bodies that are a sequence of JSON values, one per line.
const JSON_LINES_TYPES: &[&str] = &[
    "application/stream+json",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/json-seq",
];

/// Whether a body of `content_type` is a sequence of JSON values (NDJSON,
/// JSON lines, `application/stream+json`, JSON text sequences): the
/// operation gets a typed `into_stream()` over the values.
pub fn is_json_lines(content_type: &str) -> bool {
    let ct = essence(content_type);
    JSON_LINES_TYPES.contains(&ct.as_str()) || ct.ends_with("+ndjson") || ct.ends_with("+jsonl")
}

/// A media type without parameters, in lower case.
fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn body(
    doc: &OpenAPI,
    lowerer: &mut Lowerer<'_>,
    body: &ReferenceOr<RequestBody>,
    ptr: &str,
    scope: &Placement,
    inputs: &mut Namespace,
) -> Result<Body, Error> {
    let body_ptr = item_pointer(body, ptr);
    let body = resolve_component(doc, body, "requestBodies", |c, name| c.request_bodies.get(name), ptr)?;
    let content_ptr = pointer::join(ptr, "content");
    let json = body.content.iter().find(|(ct, _)| is_json(ct));
    let (content_type, kind) = match json {
        Some((ct, media)) => {
            let kind = match &media.schema {
                Some(schema) => {
                    let ctx = Ctx::root(scope, "Body", pointer::join(&pointer::join(&content_ptr, ct), "schema"));
                    let ty = lowerer.lower(SchemaRef::from(schema), &ctx)?.ty;
                    match ty {
                        Ty::Named(id)
                            if lowerer.types[id].placement == *scope
                                && matches!(lowerer.types[id].kind, TypeKind::Struct(_)) =>
                        {
                            let TypeKind::Struct(s) = &lowerer.types[id].kind else { unreachable!() };
                            let mut setters = Vec::new();
                            let mut null_setters = Vec::new();
                            // Builder fields holding body fields: `body_{field}`, unique among
                            // the builder's fields (parameters, `client`, other body fields).
                            let mut fields = Namespace::with_reserved_set(inputs.taken().clone());
                            let mut stores = Vec::new();
                            for f in &s.fields {
                                let plain = f.rust_name.name();
                                let name = if inputs.contains(&plain) { format!("body_{plain}") } else { plain };
                                let name = inputs.claim(&name);
                                null_setters.push(
                                    (!f.required && f.nullable)
                                        .then(|| RustIdent::new(&inputs.claim(&format!("{name}_null")))),
                                );
                                setters.push(RustIdent::new(&name));
                                stores.push(RustIdent::new(&fields.claim(&format!("body_{}", f.rust_name.name()))));
                            }
                            BodyKind::Fields { ty: id, setters, null_setters, stores }
                        }
                        ty => BodyKind::Json(ty),
                    }
                }
                None => BodyKind::Json(Ty::Value),
            };
            (ct.clone(), kind)
        }
        None => {
            let ct = body.content.keys().next().cloned().unwrap_or_else(|| "application/octet-stream".into());
            (ct, BodyKind::Bytes)
        }
    };
    let pointer = body
        .content
        .contains_key(&content_type)
        .then(|| pointer::join(&pointer::join(&body_ptr, "content"), &content_type));
    let (setter, field) = (RustIdent::new(reserved::BODY), RustIdent::new(reserved::BODY));
    Ok(Body { content_type, required: body.required, digest: None, kind, pointer, setter, field })
}

/// Whether `schema` is an inline `type: string, format: binary`: raw bytes
/// whatever content type declares it.
fn is_binary_string(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    matches!(
        schema,
        ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(openapiv3::StringType {
                format: openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary),
                ..
            })),
            ..
        })
    )
}

/// The success type: the JSON schema of the 2xx responses (several different
/// schemas become an untagged union named `Response`), a stream of JSON lines
/// when a JSON-lines type ([`is_json_lines`]) is the only content, JSON or
/// lines as the server answers when both are offered and the JSON is not an
/// array (of the same events), raw bytes for other content or when no 2xx
/// response is documented, `()` when there is no body.
/// Second: the event type of a JSON-lines success content and its media
/// type, also when JSON is offered beside it (`getDeploymentEvents`).
fn response(
    doc: &OpenAPI,
    lowerer: &mut Lowerer<'_>,
    raw: &RawOp<'_>,
    scope: &Placement,
) -> Result<(Response, Option<(Ty, String)>), Error> {
    let responses_ptr = pointer::join(&raw.ptr, "responses");
    let mut successes = Vec::new();
    for (code, r) in &raw.op.responses.responses {
        let (label, is_success) = match code {
            StatusCode::Code(c) => (c.to_string(), (200..300).contains(c)),
            StatusCode::Range(r) => (format!("{r}XX"), *r == 2),
        };
        if !is_success {
            continue;
        }
        let ptr = pointer::join(&responses_ptr, &label);
        let r = resolve_response(doc, r, &ptr)?;
        successes.push((label, ptr, r));
    }
    if raw.method == Method::Head {
        // A HEAD response never has a body, whatever the spec declares (or
        // whether it declares a 2xx at all): status and headers are the answer.
        return Ok((Response::Empty, None));
    }
    if successes.is_empty() {
        return Ok((Response::Bytes, None));
    }
    let mut json: Vec<(String, Ty)> = Vec::new();
    let mut lines = None;
    let mut bytes = false;
    for (label, ptr, r) in &successes {
        if NO_CONTENT.contains(&label.as_str()) {
            // These statuses have no body in HTTP, whatever content the spec declares.
            continue;
        }
        let content_ptr = pointer::join(ptr, "content");
        let schema_of = |ct: &str| {
            r.content
                .get(ct)
                .and_then(|m| m.schema.as_ref())
                .map(|s| (s, pointer::join(&pointer::join(&content_ptr, ct), "schema")))
        };
        let lines_content = r.content.keys().find(|ct| is_json_lines(ct));
        if let (None, Some(ct)) = (&lines, lines_content) {
            if let Some((s, sptr)) = schema_of(ct) {
                let ctx = Ctx::root(scope, "Event", sptr);
                lines = Some((lowerer.lower(SchemaRef::from(s), &ctx)?.ty, ct.clone()));
            }
        }
        if let Some((ct, _)) = r.content.iter().find(|(ct, _)| is_json(ct)) {
            if schema_of(ct).is_some_and(|(s, _)| is_binary_string(s)) {
                // A binary string cannot be JSON: the body is the bytes themselves
                // (e.g. a download declared as `application/json`).
                bytes = true;
                continue;
            }
            let ty = match schema_of(ct) {
                Some((s, sptr)) => {
                    let name = if successes.len() == 1 { "Response".to_string() } else { format!("Response{label}") };
                    let ctx = Ctx::root(scope, &name, sptr);
                    lowerer.lower(SchemaRef::from(s), &ctx)?.ty
                }
                None => Ty::Value,
            };
            json.push((label.clone(), ty));
        } else if !r.content.is_empty() && lines_content.is_none() {
            bytes = true;
        }
    }
    let mut distinct: Vec<(String, Ty)> = Vec::new();
    for (label, ty) in json {
        if !distinct.iter().any(|(_, t)| *t == ty) {
            distinct.push((label, ty));
        }
    }
    let response = match (distinct.len(), lines.clone(), bytes) {
        (0, Some((ty, _)), _) => Response::JsonLines(ty),
        (0, None, true) => Response::Bytes,
        (0, None, false) => Response::Empty,
        // JSON that is not the events as one array says something else than
        // the lines do (a summary beside progress lines): the server's answer
        // decides which the caller gets.
        (1, Some((lines, _)), _) if !matches!(distinct[0].1, Ty::Vec(_)) => {
            Response::JsonOrLines { json: distinct.remove(0).1, lines }
        }
        (1, _, _) => Response::Json(distinct.remove(0).1),
        _ => {
            let variants = distinct
                .into_iter()
                .map(|(label, ty)| Variant {
                    rust_name: super::status_variant(&label),
                    ty,
                    tag_value: None,
                    boxed: false,
                })
                .collect();
            let kind = TypeKind::Union(Union { variants, tag: None, correction: None });
            let id = lowerer.define(
                scope,
                crate::naming::positions::Position::root("Response", false),
                None,
                responses_ptr,
                kind,
            );
            Response::Json(Ty::Named(id))
        }
    };
    Ok((response, lines))
}

/// A response or a `#/components/responses/` reference to one.
fn resolve_response<'d>(
    doc: &'d OpenAPI,
    r: &'d ReferenceOr<openapiv3::Response>,
    ptr: &str,
) -> Result<&'d openapiv3::Response, Error> {
    resolve_component(doc, r, "responses", |c, name| c.responses.get(name), ptr)
}

/// The 4xx and 5xx responses whose JSON body has a schema, lowered as
/// `Error{status}` in the operation's module (exact codes first, then ranges).
/// `default` is left out: it names no status to choose the type by.
fn errors(
    doc: &OpenAPI,
    lowerer: &mut Lowerer<'_>,
    raw: &RawOp<'_>,
    scope: &Placement,
) -> Result<Vec<ErrorResponse>, Error> {
    let responses_ptr = pointer::join(&raw.ptr, "responses");
    let mut out = Vec::new();
    for (code, r) in &raw.op.responses.responses {
        let status = match code {
            StatusCode::Code(c) if (400..600).contains(c) => ErrorStatus::Code(*c),
            StatusCode::Range(r) if (4..6).contains(r) => ErrorStatus::Range(*r),
            _ => continue,
        };
        let label = status.label();
        let ptr = pointer::join(&responses_ptr, &label);
        let r = resolve_response(doc, r, &ptr)?;
        let Some((ct, media)) = r.content.iter().find(|(ct, _)| is_json(ct)) else { continue };
        let Some(schema) = &media.schema else { continue };
        let sptr = pointer::join(&pointer::join(&pointer::join(&ptr, "content"), ct), "schema");
        let ctx = Ctx::root(scope, &format!("Error{label}"), sptr);
        let ty = lowerer.lower(SchemaRef::from(schema), &ctx)?.ty;
        out.push(ErrorResponse { status, variant: super::status_variant(&status.label()), ty });
    }
    out.sort_by_key(|e| matches!(e.status, ErrorStatus::Range(_)));
    Ok(out)
}

/// Every exact error code (4xx, 5xx) the operation documents, in spec order,
/// with whether its response documents a body.
fn error_codes(doc: &OpenAPI, raw: &RawOp<'_>) -> Result<Vec<(u16, bool)>, Error> {
    let responses_ptr = pointer::join(&raw.ptr, "responses");
    let mut out = Vec::new();
    for (code, r) in &raw.op.responses.responses {
        let StatusCode::Code(c) = code else { continue };
        if !(400..600).contains(c) {
            continue;
        }
        let r = resolve_response(doc, r, &pointer::join(&responses_ptr, c.to_string()))?;
        out.push((*c, !r.content.is_empty()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": {
                "parameters": {
                    "Team": { "name": "teamId", "in": "query", "schema": { "type": "string" } },
                    "Alias": { "$ref": "#/components/parameters/Team" }
                }
            }
        }))
        .unwrap()
    }

    fn param(reference: &str) -> ReferenceOr<Parameter> {
        ReferenceOr::Reference { reference: reference.into() }
    }

    #[test]
    fn vendor_extensions_are_kept_at_operation_parameter_and_schema_level() {
        let spec = include_str!("../../../tests/fixtures/extensions.yaml");
        let api = build(&crate::load::load(spec, &[], true).unwrap().doc, &GroupTable::default()).unwrap();
        let op = |id: &str| api.operations.iter().find(|o| o.runtime_id == id).unwrap();
        let get = op("getFlag");
        assert_eq!(get.extensions["x-vercel-cli"]["supportedSubcommands"], serde_json::json!(["inspect"]));
        assert_eq!(get.extensions["x-internal-note"], "made up");
        assert_eq!(super::super::cli_aliases(&get.extensions), ["inspect", "show"]);
        assert_eq!(get.params[0].extensions["x-vercel-cli"]["kind"], "argument");
        assert_eq!(op("createFlag").extensions["x-vercel-cli"]["bodyArguments"], serde_json::json!(["slug"]));
        assert!(op("listFlags").params.is_empty());
        let flag = api.types.iter().find(|t| t.name == "Flag").unwrap();
        assert_eq!(flag.extensions["x-vercel-cli"]["displayColumns"], serde_json::json!(["slug", "kind"]));
        // Aliases do not name methods.
        let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["get_flag", "list_flags", "create_flag"]);
    }

    #[test]
    fn spelled_out_operation_ids_get_readable_names_without_taking_others() {
        let spec = include_str!("../../../tests/fixtures/registry.yaml");
        let api = build(&crate::load::load(spec, &[], true).unwrap().doc, &GroupTable::default()).unwrap();
        let names: Vec<(&str, &str)> =
            api.operations.iter().map(|o| (o.runtime_id.as_str(), o.name.as_str())).collect();
        let long = "getByTeamSlugByProjectSlugByRepositoryNameTagsList";
        assert_eq!(
            names,
            [
                ("getV2", "get_v2"),
                ("listRegistryRepositories", "list_registry_repositories"),
                ("getByTeamSlugByProjectSlugByRepositoryNameManifestsByReference", "get_manifest"),
                ("putByTeamSlugByProjectSlugByRepositoryNameManifestsByReference", "put_manifest"),
                ("deleteByTeamSlugByProjectSlugByRepositoryNameManifestsByReference", "delete_manifest"),
                ("headByTeamSlugByProjectSlugByRepositoryNameManifestsByReference", "head_manifest"),
                ("postByTeamSlugByProjectSlugByRepositoryNameBlobsUploads", "post_blobs_uploads"),
                // `get_tags_list` is the name of `getTagsList`, later in the spec.
                (long, "get_by_team_slug_by_project_slug_by_repository_name_tags_list"),
                ("getTagsList", "get_tags_list"),
            ]
        );
        let head = api.operations.iter().find(|o| o.name.as_str() == "head_manifest").unwrap();
        assert!(matches!(head.response, Response::Empty), "a HEAD answers with status and headers");
    }

    #[test]
    fn component_references_resolve_or_say_why_not() {
        let doc = doc();
        let resolve = |r: &ReferenceOr<Parameter>| {
            resolve_component(&doc, r, "parameters", |c, name| c.parameters.get(name), "/paths/~1x/get/parameters/0")
                .cloned()
        };
        let team = resolve(&param("#/components/parameters/Team")).unwrap();
        assert_eq!(team.parameter_data_ref().name, "teamId");

        for (reference, message) in [
            ("#/components/parameters/Nope", "dangling $ref `#/components/parameters/Nope`"),
            ("#/components/parameters/Alias", "dangling $ref `#/components/parameters/Alias`"),
            ("#/components/parametersX/Team", "unsupported $ref `#/components/parametersX/Team`"),
            ("#/components/schemas/Team", "unsupported $ref `#/components/schemas/Team`"),
            ("other.yaml#/components/parameters/Team", "unsupported $ref `other.yaml#/components/parameters/Team`"),
        ] {
            let e = resolve(&param(reference)).unwrap_err();
            assert_eq!(e.message, message);
            assert_eq!(e.pointer, "/paths/~1x/get/parameters/0");
        }
    }
}
