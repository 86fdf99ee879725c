//! The reserved-name table: every name the emitter writes itself into a
//! namespace that also holds names from the spec. The naming pass claims
//! these first, so a spec name never takes one; `emit::reserved_check` tests
//! that every method and field the emitter writes is listed here.

/// Methods of every operation's request builder (`Request`) that do not come
/// from the spec: `options` sets per-call options (`.options(RequestOptions)`),
/// `wait` is written for operations with a waiter (`x-rust-waiter`),
/// `send_byte_stream` for those whose success body is bytes, `exists` for
/// `HEAD` operations.
pub const BUILDER_METHODS: &[&str] = &[
    "new",
    "send",
    "send_with_response",
    "send_byte_stream",
    "into_parts",
    "into_stream",
    BODY,
    "options",
    "wait",
    "exists",
];

/// Fields of every request builder that do not come from the spec (`body`
/// holds a body that is set whole, `options` the per-call options).
pub const BUILDER_FIELDS: &[&str] = &["client", BODY, "options"];

/// The request builder's setter of the whole request body, and the builder
/// field that holds a body set whole (see `ir::Body`).
pub const BODY: &str = "body";

/// Names a builder input (parameter or body field) never takes: it is both a
/// builder field and a setter.
pub fn builder_inputs() -> Vec<&'static str> {
    let mut names: Vec<&str> = BUILDER_METHODS.iter().chain(BUILDER_FIELDS).copied().collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Methods of every group client besides the operations (`Client::new`,
/// `.client()`); an operation method never takes one.
pub const GROUP_CLIENT_METHODS: &[&str] = &["new", "client"];

/// Items of every group crate besides its operation modules (`types`, the
/// module of its component types); an operation module never takes one.
pub const GROUP_MODULES: &[&str] = &["types"];

/// The request builder of an operation module.
pub const REQUEST_BUILDER: &str = "Request";

/// The enum of an operation's typed error bodies, in its module.
pub const ERROR_BODY: &str = "ErrorBody";

/// Types every operation module defines besides its inline types.
pub const OPERATION_ITEMS: &[&str] = &[REQUEST_BUILDER, ERROR_BODY];

/// Names of operation methods and modules never taken by an operation.
pub fn operation_names() -> Vec<&'static str> {
    GROUP_MODULES.iter().chain(GROUP_CLIENT_METHODS).copied().collect()
}

/// The facade's feature that turns on the HTTP client (the runtime); every
/// endpoint-group, scope, TLS and mock feature implies it.
pub const CLIENT_FEATURE: &str = "client";

/// Features of the facade that do not come from the spec: an endpoint
/// group's feature never takes one (`emit::crates` writes them all, and a
/// test checks the manifest against this list).
pub const FACADE_FEATURES: &[&str] = &["default", CLIENT_FEATURE, "rustls-tls", "native-tls", "http2", "test-util"];

/// The facade's feature that re-exports the hand-written `vercel-deploy`
/// crate as `vercel_client::deploy` (see `ir::facade::COMPANIONS`).
pub const DEPLOY_FEATURE: &str = "deploy";

/// Features of the facade for hand-written companion crates, written when
/// the spec has the endpoint groups they build on; an endpoint group's
/// feature never takes one either.
pub const COMPANION_FEATURES: &[&str] = &[DEPLOY_FEATURE];
