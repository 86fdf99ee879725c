//! The intermediate representation: what the client is, independent of how it
//! is printed. Built from a loaded spec by [`build`]; consumed by `emit`.
//!
//! Everything is kept in spec order, so the IR (and so the output) is
//! deterministic.

mod boxing;
mod builder;
mod canonical;
mod correction;
mod dedup;
mod derives;
pub mod example;
pub mod facade;
mod grants;
pub mod guide;
mod hoist;
mod infinite_alias;
mod names;
mod operations;
mod pagination;
pub mod paths;
mod placement;
mod range;
mod request_methods;
mod schema;
mod security;
mod team;
mod union;
mod usage;
pub mod waiter;
pub mod webhook;

pub use crate::naming::ident::RustIdent;
pub use correction::CorrectionAlternative;
pub use grants::attach as attach_scopes;
pub use hoist::is_component;
pub use operations::{build, is_json, is_json_lines, ERROR_BODY};
pub use pagination::{CursorKinds, Next, PageFields, PageShape, Pagination};
pub use range::NumberRange;
pub use team::TeamScoping;

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Endpoint groups in first-appearance order (the first tag of each operation).
    pub groups: Vec<Group>,
    /// Every named type: components first, then inline types in creation order.
    pub types: Vec<TypeDef>,
    /// Integration scopes (empty when no scope table was given), in table order.
    pub scopes: Vec<ScopeDef>,
}

/// One integration scope: one generated crate with `Read` / `ReadWrite` clients.
#[derive(Debug, Clone)]
pub struct ScopeDef {
    /// The scope's title in the integrations guide (`Project Environmental Variables`).
    pub name: String,
    /// Crate name (`vercel-scope-project-environmental-variables`).
    pub crate_name: String,
    /// Cargo feature in the facade (`scope-project-environmental-variables`).
    pub feature: String,
    /// Module in the facade's `scopes` (`project_environmental_variables`).
    pub module: RustIdent,
    /// Operations (indices into [`Api::operations`]) the Read level grants; `None` when the scope has no Read level.
    pub read: Option<Vec<usize>>,
    /// Operations the Read/Write level grants.
    pub read_write: Vec<usize>,
}

impl ScopeDef {
    /// The crate name as a Rust path segment.
    pub fn crate_ident(&self) -> RustIdent {
        crate::naming::crate_ident(&self.crate_name)
    }
}

/// An endpoint group: one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The tag as the spec spells it (`logDrains`).
    pub tag: String,
    /// Crate name (`vercel-log-drains`).
    pub crate_name: String,
    /// Cargo feature in the facade (`log-drains`).
    pub feature: String,
    /// The group client struct (`LogDrains`).
    pub client: RustIdent,
    /// The trait that adds the accessor to the runtime client (`LogDrainsApi`).
    pub api_trait: RustIdent,
    /// The accessor method on the runtime client, and the facade's module (`log_drains`).
    pub accessor: RustIdent,
}

impl Group {
    /// The crate name as a Rust path segment (`vercel_log_drains`).
    pub fn crate_ident(&self) -> RustIdent {
        crate::naming::crate_ident(&self.crate_name)
    }
}

/// Where a named type is defined (not to be confused with an integration
/// scope, [`crate::scopes::Scope`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// The shared types crate: component schemas (and their inline parts) that
    /// more than one group uses, or none.
    Shared,
    /// The `types` module of one group crate: component schemas (and their
    /// inline parts) that only this group's operations use. Kept out of the
    /// shared crate so that every group need not wait for it to compile.
    Group {
        /// Index into [`Api::groups`].
        group: usize,
    },
    /// Code outside the group crates that names their types (the scope crates).
    /// No type is defined here.
    External,
    /// The module of one operation inside its group crate.
    Operation {
        /// Index into [`Api::groups`].
        group: usize,
        /// Module name (the operation's method name).
        module: RustIdent,
    },
}

/// Index into [`Api::types`].
pub type TypeId = usize;

/// A Rust type as used at some position (field, parameter, body, response).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i64`
    Integer,
    /// `f64`
    Number,
    /// `serde_json::Value`: the schema really is untyped.
    Value,
    /// A named type.
    Named(TypeId),
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Option<T>` for nullable array items and map values.
    Option(Box<Ty>),
}

impl Ty {
    /// The named types this type mentions directly or through containers.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => t.named(),
            _ => None,
        }
    }

    /// Whether this is `serde_json::Value`, or a map of them: the untyped cases counted in the stats.
    pub fn is_untyped(&self) -> bool {
        match self {
            Ty::Value => true,
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => t.is_untyped(),
            _ => false,
        }
    }
}

/// A named type definition.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust type name, unique within its scope; given by the naming pass.
    pub name: RustIdent,
    /// Where the type sits in its root (what its name is made from).
    pub position: crate::naming::positions::Position,
    /// Its name carries a number that only says where it sits (counted in the name figures).
    pub positional: bool,
    /// Where it is defined.
    pub placement: Placement,
    /// Doc text (schema title/description).
    pub doc: Option<String>,
    /// JSON pointer of the schema it came from.
    pub pointer: String,
    /// The shape.
    pub kind: TypeKind,
    /// Where values of this type travel; filled in after all types are built.
    pub usage: Usage,
    /// An earlier type of the same group crate with the same structure: this one is emitted as an alias of it.
    pub same_as: Option<TypeId>,
    /// For a struct the client sends: its builder's setter names (see `builder`).
    pub builder: Option<Builder>,
    /// What its item derives and how open it is (see `derives`).
    pub derives: Derives,
    /// The schema's vendor extensions (`x-…` keys, e.g. `x-vercel-cli`), as the spec gives them.
    // No rule reads a schema's extensions yet (`displayColumns` says nothing about types).
    #[allow(dead_code)]
    pub extensions: Extensions,
}

/// What a type's item derives and how open it is; set by the derives pass
/// from the type's [`Usage`] (see `derives` for the rules).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Derives {
    /// `serde::Serialize`: the client sends it.
    pub serialize: bool,
    /// `serde::Deserialize`: the client receives it.
    pub deserialize: bool,
    /// `Default`: a struct the client sends whose fields are all optional.
    pub default: bool,
    /// `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// A union's `Unknown` variant, for shapes (or tags) this client does not know.
    pub unknown_variant: bool,
    /// A union's conversions from each alternative's payload (`From`, `IntoBody`).
    pub conversions: bool,
}

/// How a struct field holds its type; set by the derives pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Holding {
    /// The type itself (required, not nullable).
    #[default]
    Value,
    /// `Option<T>`.
    Option,
    /// `Option<Nullable<T>>`: absent, `null`, or a value (optional nullable fields the client sends).
    OptionNullable,
}

/// The builder of a struct the client sends (`Type::builder()`, in the
/// `builder` module beside the type): one setter per field, named as the
/// field, plus a `null` setter for each optional nullable field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Builder {
    /// One per struct field: the name of the setter that sends an explicit
    /// `null` (`{field}_null`), for optional nullable fields.
    pub null_setters: Vec<Option<RustIdent>>,
}

/// Vendor extensions (`x-…` keys) of a spec object, by key. Kept whole in
/// the IR whether or not the generator reads them, so a rule that needs one
/// later finds it; [`cli_aliases`] is the one the generator reads today.
pub type Extensions = std::collections::BTreeMap<String, serde_json::Value>;

/// The `x-…` entries of a spec object's extension map, as [`Extensions`].
fn extensions_of(map: &indexmap::IndexMap<String, serde_json::Value>) -> Extensions {
    map.iter().filter(|(k, _)| k.starts_with("x-")).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The extension that describes how the Vercel CLI exposes an operation.
const VERCEL_CLI_EXTENSION: &str = "x-vercel-cli";

/// The `aliases` strings of an operation's `x-vercel-cli` extension (empty
/// when there are none). They are CLI command words (`ls`, `rm`, `add`),
/// shared by commands of many groups and renamed with the CLI, so they do
/// not name methods (see `naming`): the method's docs list them.
pub fn cli_aliases(extensions: &Extensions) -> Vec<&str> {
    extensions
        .get(VERCEL_CLI_EXTENSION)
        .and_then(|cli| cli.get("aliases"))
        .and_then(serde_json::Value::as_array)
        .map(|aliases| aliases.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default()
}

/// Which directions a type is used in; decides derives and openness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request parameter or body: needs `Serialize`.
    pub request: bool,
    /// Reachable from a response body: needs `Deserialize`.
    pub response: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// An open string enum (unknown values are kept, never rejected).
    Enum(Vec<EnumValue>),
    /// A `oneOf`/`anyOf` union.
    Union(Union),
    /// A component that is not an object: `pub type Name = Ty;`.
    Alias(Ty),
}

/// Struct fields.
#[derive(Debug, Clone, Default)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// The flattened map of additional properties, if the object allows typed extras.
    pub additional: Option<Additional>,
}

/// The flattened map that keeps an object's properties the schema does not list.
#[derive(Debug, Clone)]
pub struct Additional {
    /// Rust field name (`additional_properties`, unique among the struct's fields).
    pub rust_name: RustIdent,
    /// Type of each value.
    pub ty: Ty,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON property name.
    pub json_name: String,
    /// Rust field name (unique in the struct).
    pub rust_name: RustIdent,
    /// Field type without optionality.
    pub ty: Ty,
    /// The spec lists the property as required.
    pub required: bool,
    /// The schema is `nullable`.
    pub nullable: bool,
    /// Boxed to break a recursive type; set by the boxing pass.
    pub boxed: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// The range the spec gives a number field.
    pub range: NumberRange,
    /// How the field holds its type; set by the derives pass.
    pub holding: Holding,
    /// Left out of the JSON when absent (`skip_serializing_if`); set by the derives pass.
    pub skip_if_none: bool,
}

/// One value of an open string enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Variant name, unique in the enum.
    pub rust_name: RustIdent,
    /// The string on the wire.
    pub value: String,
}

/// A union of alternatives (`oneOf` / `anyOf`).
#[derive(Debug, Clone)]
pub struct Union {
    /// Variants, most specific first (the order untagged decoding tries them).
    pub variants: Vec<Variant>,
    /// For internally tagged unions: the JSON property that holds the tag.
    pub tag: Option<String>,
    /// The table client error correction uses for it (its struct
    /// alternatives), for the response unions that get one (see `correction`).
    pub correction: Option<Vec<CorrectionAlternative>>,
}

/// One union variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Variant name, unique in the union.
    pub rust_name: RustIdent,
    /// Payload type.
    pub ty: Ty,
    /// For tagged unions: the tag value that selects this variant.
    pub tag_value: Option<String>,
    /// Boxed to break a recursive type, or because the payload is large; set by the boxing pass.
    pub boxed: bool,
}

/// An HTTP method, as the spec names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Upper-case name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }
}

/// One operation: one method on a group client, one module in the group crate.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId, if any.
    pub operation_id: Option<String>,
    /// Identifier used at run time (operationId, or the method name when the spec has none).
    pub runtime_id: String,
    /// Method and module name (`get_deployments`).
    pub name: RustIdent,
    /// HTTP method.
    pub method: Method,
    /// Path template (`/v6/deployments/{idOrUrl}`).
    pub path: String,
    /// `path`, parsed: the one reading of it that emit, scopes, diff and naming use.
    pub template: crate::path_template::PathTemplate,
    /// Index into [`Api::groups`] (first tag).
    pub group: usize,
    /// All tags, as the spec lists them.
    pub tags: Vec<String>,
    /// Summary line.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Marked deprecated.
    pub deprecated: bool,
    /// Sent without `Authorization`: its security requirement is empty
    /// (`security: []`, see `security`).
    pub anonymous: bool,
    /// Parameters (path, query, header) in spec order.
    pub params: Vec<Param>,
    /// Whether the client's team is added to its query (see `team`).
    pub team: TeamScoping,
    /// Request body, if any.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub response: Response,
    /// Integration scopes and access levels that grant this operation (scope title, level).
    pub grants: Vec<(String, crate::scopes::Access)>,
    /// How to walk its pages, for list operations that follow the pagination rule.
    pub pagination: Option<Pagination>,
    /// The event type of a JSON-lines success response (one JSON value per
    /// line: `application/stream+json`, `application/x-ndjson`, ...; see
    /// `operations::is_json_lines`), also when JSON is offered too.
    pub events: Option<Ty>,
    /// The media type of [`events`](Self::events) (`application/stream+json`,
    /// `application/x-ndjson`, ...); set exactly when `events` is.
    pub events_media_type: Option<String>,
    /// Error statuses (4xx, 5xx) whose JSON body has a schema, exact codes
    /// first, then ranges; the operation module gets an `ErrorBody` enum.
    pub errors: Vec<ErrorResponse>,
    /// Every exact error code (4xx, 5xx) the spec documents, in spec order,
    /// with whether it documents a body (of any content type or schema).
    pub error_codes: Vec<(u16, bool)>,
    /// The state to poll until it is final (`x-rust-waiter`, see [`waiter`]).
    pub waiter: Option<waiter::Waiter>,
    /// The webhook event types its body lists (`x-rust-webhook-events`, see [`webhook`]).
    pub webhook_events: Option<Vec<EnumValue>>,
    /// The operation's vendor extensions (`x-vercel-cli`, ...).
    pub extensions: Extensions,
}

impl Operation {
    /// Name of the operation's module and file (its method name without `r#`).
    pub fn module(&self) -> &str {
        self.name.unraw()
    }

    /// The placement of the operation's module: where its inline types live
    /// and where its code is written from.
    pub fn placement(&self) -> Placement {
        Placement::Operation { group: self.group, module: self.name.clone() }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Substituted into the path template.
    Path,
    /// Query string.
    Query,
    /// Request header.
    Header,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust name (builder field and setter), unique among the operation's inputs.
    pub rust_name: RustIdent,
    /// Where it goes.
    pub location: ParamLocation,
    /// Must be given (path parameters always are).
    pub required: bool,
    /// Type.
    pub ty: Ty,
    /// Doc text.
    pub doc: Option<String>,
    /// Marked deprecated (on the parameter or its schema).
    pub deprecated: bool,
    /// For arrays in the query: one pair per element (`true`, the OpenAPI default)
    /// or one comma-joined pair (`explode: false`).
    pub explode: bool,
    /// The range the spec gives a number parameter.
    pub range: NumberRange,
    /// The parameter's extension `x-body-digest` (set by an overlay): the
    /// header carries this digest (`sha1`) of the raw request body.
    pub body_digest: Option<String>,
    /// JSON pointer of the parameter object in the spec (the component a
    /// `$ref` names, not the reference); `None` for a path parameter the
    /// spec does not declare. Conformance and sampling look it up here.
    pub pointer: Option<String>,
    /// The spec's example of a string parameter (the parameter's, else its
    /// schema's), which [`example_value`](Self::example_value) takes.
    pub example: Option<String>,
    /// The value the parameter takes in the operation's doc example; set by the `example` pass.
    pub example_value: example::ExampleValue,
    /// The parameter's vendor extensions (`x-vercel-cli`, `x-body-digest`, ...).
    // No rule reads a parameter's extensions from here yet (`body_digest` is checked when lowering).
    #[allow(dead_code)]
    pub extensions: Extensions,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Content type sent.
    pub content_type: String,
    /// Must be sent.
    pub required: bool,
    /// For a raw body checked against a SHA-1 in a header parameter marked
    /// `x-body-digest: sha1`: the setter that takes the bytes and fills the
    /// header, and the header parameter's names.
    pub digest: Option<DigestSetter>,
    /// How the builder takes it.
    pub kind: BodyKind,
    /// The builder's setter of the whole body (`body`; for a body taken
    /// field by field, the setter that sets every field at once).
    pub setter: RustIdent,
    /// The builder field that holds a body set whole (`body`; unused for a
    /// body taken field by field, whose fields are [`BodyKind::Fields`]'s `stores`).
    pub field: RustIdent,
    /// JSON pointer of the media type object of `content_type` in the spec
    /// (under the component a `$ref` names); `None` when the body declares no content.
    pub pointer: Option<String>,
}

/// A setter that sets a raw body and its SHA-1 digest header together.
#[derive(Debug, Clone)]
pub struct DigestSetter {
    /// Setter name (`file`).
    pub setter: RustIdent,
    /// Rust name of the digest header parameter.
    pub param: RustIdent,
    /// Wire name of the digest header (`x-vercel-digest`).
    pub header: String,
}

/// How the builder takes a request body.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// A JSON object defined inline: one setter per field, plus `body(..)` for the whole.
    Fields {
        /// The struct type (its fields are the setters).
        ty: TypeId,
        /// Setter names, one per struct field, unique among the operation's inputs.
        setters: Vec<RustIdent>,
        /// For optional nullable fields: the name of the setter that sends an explicit `null`.
        null_setters: Vec<Option<RustIdent>>,
        /// The builder field holding each struct field, unique among the builder's fields.
        stores: Vec<RustIdent>,
    },
    /// Any other JSON body: one `body(..)` setter.
    Json(Ty),
    /// Raw bytes (`application/octet-stream` and other non-JSON types).
    Bytes,
}

/// An error status whose body the spec types.
#[derive(Debug, Clone)]
pub struct ErrorResponse {
    /// The status it documents.
    pub status: ErrorStatus,
    /// Its variant of the operation's `ErrorBody` enum ([`status_variant`]: `Status404`, `Status4XX`).
    pub variant: RustIdent,
    /// Its body type.
    pub ty: Ty,
}

/// The status an [`ErrorResponse`] documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// One code (`404`).
    Code(u16),
    /// A range by its first digit (`4` for `4XX`).
    Range(u16),
}

impl ErrorStatus {
    /// Whether a response with status `code` is the one documented.
    pub fn matches(self, code: u16) -> bool {
        match self {
            ErrorStatus::Code(c) => c == code,
            ErrorStatus::Range(r) => code / 100 == r,
        }
    }

    /// As the spec writes it: `404`, `4XX`.
    pub fn label(self) -> String {
        match self {
            ErrorStatus::Code(c) => c.to_string(),
            ErrorStatus::Range(r) => format!("{r}XX"),
        }
    }
}

/// The name of the variant that holds the body of the responses with status
/// `label` (`404`, `4XX`, `201`): `Status404`. The one rule for the variants
/// of `ErrorBody` and of a success union keyed by status.
pub fn status_variant(label: &str) -> RustIdent {
    RustIdent::new(&format!("Status{label}"))
}

/// What a successful call decodes to.
#[derive(Debug, Clone)]
pub enum Response {
    /// No body (or no schema): `()`.
    Empty,
    /// A JSON body.
    Json(Ty),
    /// A JSON-lines body (`application/stream+json`, `application/x-ndjson`, ...): one JSON value per line.
    JsonLines(Ty),
    /// Raw bytes (non-JSON, or no success response documented).
    Bytes,
    /// One JSON document or JSON lines, as the server answers (both offered,
    /// the JSON not an array of the events): `JsonOrLines<json, lines>`.
    JsonOrLines {
        /// The JSON document's type.
        json: Ty,
        /// The type of each line ([`Operation::events`]).
        lines: Ty,
    },
}

impl TypeDef {
    /// Whether the type is defined in the generated code: shared types
    /// always, the others when a request or response uses them (an alias the
    /// hoisting pass found unused has no usage).
    pub fn is_emitted(&self) -> bool {
        self.placement == Placement::Shared || self.usage.request || self.usage.response
    }
}

impl Api {
    /// The types defined at `placement`, in order (those [emitted](TypeDef::is_emitted)).
    pub fn defined_in<'a>(&'a self, placement: &Placement) -> impl Iterator<Item = &'a TypeDef> + 'a {
        let placement = placement.clone();
        self.types.iter().filter(move |t| t.placement == placement && t.is_emitted())
    }

    /// Whether group `group` has component types of its own: its crate's `types` module.
    pub fn has_group_types(&self, group: usize) -> bool {
        self.defined_in(&Placement::Group { group }).next().is_some()
    }

    /// The webhook event types, from the first operation that declares them (see [`webhook`]).
    pub fn webhook_events(&self) -> Option<&[EnumValue]> {
        self.operations.iter().find_map(|op| op.webhook_events.as_deref())
    }
}
