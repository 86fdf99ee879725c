//! The one place that decides whether a change is wire-breaking (an existing
//! client against a server that follows the new spec) and API-breaking
//! (regenerating breaks downstream Rust code that compiles today, in the sense
//! of cargo-semver-checks).
//!
//! The generation rules these follow: string enums and unions are
//! `#[non_exhaustive]` and decode unknown values into `Unknown`; structs used
//! only in responses are `#[non_exhaustive]`; structs used in requests are
//! plain pub-field structs with a builder (`Type::builder()`), and the
//! semver promise is made to builder calls: a new optional field is a new
//! setter, so it breaks no builder call (a struct literal of a request type
//! does break, and is outside the promise, as docs/semver.md says);
//! required path and query parameters are method arguments, optional ones
//! builder setters; an `Option<T>` response field decodes absent and `null`
//! alike. Vercel keeps serving old path versions when it adds a new one, so a
//! move to a new version prefix is not wire-breaking by itself.

use super::Kind;

/// What the comparison knows about one change, beyond its kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts {
    /// The element (parameter, field, body) was required in the old spec.
    pub old_required: bool,
    /// The element is required in the new spec.
    pub new_required: bool,
    /// The field was nullable in the old spec.
    pub old_nullable: bool,
    /// The field is nullable in the new spec.
    pub new_nullable: bool,
    /// The Rust signature downstream code sees changed (field type, method name,
    /// how the builder takes the body).
    pub rust_changed: bool,
    /// For a type change: the receiving side still accepts what the sending side
    /// sends (a response the old client decodes, a request the new server takes).
    pub wire_compatible: bool,
}

/// `(wire_breaking, api_breaking)` of a change.
pub fn classify(kind: Kind, f: &Facts) -> (bool, bool) {
    // An `Option<T>` field of a response decodes absent and `null` alike.
    let old_response_option = !f.old_required || f.old_nullable;
    match kind {
        Kind::OperationAdded => (false, false),
        Kind::OperationRemoved => (true, true),
        Kind::OperationMoved | Kind::OperationRenamed => (false, f.rust_changed),
        Kind::OperationGroupChanged => (false, true),
        // Same crate, same method: only the tag in the docs differs.
        Kind::OperationTagChanged => (false, false),
        Kind::OperationDeprecated => (false, false),
        // A server that needs no credentials ignores the token old clients still
        // send; the method and its signature are unchanged (only what is sent).
        Kind::OperationAnonymous => (false, false),
        // Old clients send no token and get 401; a `Client` always has a token
        // (building one without fails), so new clients send it and the Rust code
        // calling the method is unchanged.
        Kind::OperationAuthenticated => (true, false),
        // A new required parameter is a new method argument and a value old clients never send.
        Kind::ParameterAdded => (f.new_required, f.new_required),
        // Servers ignore query parameters they do not know; the setter or argument is gone.
        Kind::ParameterRemoved => (false, true),
        // Argument ↔ setter either way; only optional → required breaks old clients.
        Kind::ParameterRequiredChanged => (!f.old_required && f.new_required, true),
        Kind::ParameterTypeChanged | Kind::RequestTypeChanged => (!f.wire_compatible, true),
        Kind::RequestBodyAdded => (f.new_required, f.new_required),
        Kind::RequestBodyRemoved => (f.old_required, true),
        // The builder keeps the same setters; a missing required body is reported at run time.
        Kind::RequestBodyRequiredChanged => (!f.old_required && f.new_required, false),
        Kind::RequestContentTypeChanged => (true, f.rust_changed),
        Kind::ResponseContentTypeChanged => (!f.wire_compatible, f.rust_changed),
        // A new optional field is a new builder setter; a new required one fails builder calls that do not set it.
        Kind::RequestFieldAdded => (f.new_required, f.new_required),
        // Old clients always send a required field; an optional one only when set.
        Kind::RequestFieldRemoved => (f.old_required, true),
        Kind::RequestFieldRequiredChanged => (!f.old_required && f.new_required, f.rust_changed),
        // Old clients may send `null` where it is no longer allowed.
        Kind::RequestFieldNullableChanged => (f.old_nullable && !f.new_nullable, f.rust_changed),
        // A struct that is also sent has a builder, which a new field does not break.
        Kind::ResponseFieldAdded => (false, false),
        Kind::ResponseFieldRemoved => (!old_response_option, true),
        Kind::ResponseFieldRequiredChanged => (!old_response_option && !f.new_required, f.rust_changed),
        Kind::ResponseFieldNullableChanged => (!old_response_option && f.new_nullable, f.rust_changed),
        Kind::ResponseTypeChanged => (!f.wire_compatible, true),
        // Enums and unions are `#[non_exhaustive]` with an `Unknown` variant.
        Kind::RequestEnumValueAdded | Kind::ResponseEnumValueAdded => (false, false),
        Kind::RequestEnumValueRemoved => (true, true),
        Kind::ResponseEnumValueRemoved => (false, true),
        Kind::RequestUnionVariantAdded | Kind::ResponseUnionVariantAdded => (false, false),
        Kind::RequestUnionVariantRemoved => (true, true),
        Kind::ResponseUnionVariantRemoved => (false, true),
        // `ErrorBody` is `#[non_exhaustive]` and read on demand (`typed_body`), never while a call decodes.
        Kind::ErrorResponseAdded => (false, false),
        Kind::ErrorResponseRemoved => (false, true),
        Kind::TypeRenamed => (false, true),
        // Downstream code that names the old path no longer compiles; the wire is unchanged.
        Kind::TypePathRemoved => (false, true),
        Kind::ScopeAdded => (false, false),
        // An integration with only that scope now gets 403; the scope client loses the method.
        Kind::ScopeRemoved => (true, true),
    }
}
