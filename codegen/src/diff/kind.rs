//! The kinds of change a report lists, with their names in the JSON output.

macro_rules! kinds {
    ($($variant:ident = $name:literal: $doc:literal,)*) => {
        /// What kind of change one entry of a report is (`kind` in the JSON output).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $(#[doc = $doc] $variant,)*
        }

        impl Kind {
            /// Every kind, in documentation order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The kebab-case name used in reports (`response-field-added`).
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            /// One sentence saying what the kind means.
            pub fn description(self) -> &'static str {
                match self { $(Kind::$variant => $doc,)* }
            }
        }
    };
}

kinds! {
    OperationAdded = "operation-added": "A new operation (method, path).",
    OperationRemoved = "operation-removed": "An operation no longer in the spec.",
    OperationMoved = "operation-moved": "Same operationId, or same method and path without the version segment and parameter names, at a new path (`/v9/…` → `/v10/…`).",
    OperationRenamed = "operation-renamed": "Same operation, new operationId and so a new Rust method name.",
    OperationGroupChanged = "operation-group-changed": "The operation's first tag changed, so its method moved to another endpoint-group crate.",
    OperationTagChanged = "operation-tag-changed": "The operation's first tag changed, but the group table (`spec/groups.toml`) keeps its method in the same crate.",
    OperationDeprecated = "operation-deprecated": "The operation became deprecated (or no longer is).",
    OperationAnonymous = "operation-anonymous": "The operation no longer needs authentication (`security: []`): the client now sends it without `Authorization`.",
    OperationAuthenticated = "operation-authenticated": "The operation, sent without `Authorization` before (`security: []`), now needs the client's token.",
    ParameterAdded = "parameter-added": "A new path, query or header parameter.",
    ParameterRemoved = "parameter-removed": "A parameter no longer accepted.",
    ParameterRequiredChanged = "parameter-required-changed": "A parameter became required or optional.",
    ParameterTypeChanged = "parameter-type-changed": "A parameter's Rust type changed.",
    RequestBodyAdded = "request-body-added": "The operation now takes a request body.",
    RequestBodyRemoved = "request-body-removed": "The operation no longer takes a request body.",
    RequestBodyRequiredChanged = "request-body-required-changed": "The request body became required or optional.",
    RequestContentTypeChanged = "request-content-type-changed": "The request body's content type (or how the builder takes it: fields, whole JSON, bytes) changed.",
    ResponseContentTypeChanged = "response-content-type-changed": "The success response changed between JSON, JSON lines, raw bytes and no body.",
    RequestFieldAdded = "request-field-added": "A new property of an object the client sends.",
    RequestFieldRemoved = "request-field-removed": "A property of an object the client sends is gone.",
    RequestFieldRequiredChanged = "request-field-required-changed": "A property the client sends became required or optional.",
    RequestFieldNullableChanged = "request-field-nullable-changed": "A property the client sends became nullable or non-nullable.",
    RequestTypeChanged = "request-type-changed": "The type of a request body, property, array item or map value changed.",
    ResponseFieldAdded = "response-field-added": "A new property of an object the client receives.",
    ResponseFieldRemoved = "response-field-removed": "A property of an object the client receives is gone.",
    ResponseFieldRequiredChanged = "response-field-required-changed": "A property the client receives became required or optional.",
    ResponseFieldNullableChanged = "response-field-nullable-changed": "A property the client receives became nullable or non-nullable.",
    ResponseTypeChanged = "response-type-changed": "The type of a response body, property, array item or map value changed.",
    RequestEnumValueAdded = "request-enum-value-added": "A new value of a string enum the client sends (in a body or a parameter).",
    RequestEnumValueRemoved = "request-enum-value-removed": "A value of a string enum the client sends is gone.",
    ResponseEnumValueAdded = "response-enum-value-added": "A new value of a string enum the client receives.",
    ResponseEnumValueRemoved = "response-enum-value-removed": "A value of a string enum the client receives is gone.",
    RequestUnionVariantAdded = "request-union-variant-added": "A new alternative of a `oneOf`/`anyOf` the client sends.",
    RequestUnionVariantRemoved = "request-union-variant-removed": "An alternative of a `oneOf`/`anyOf` the client sends is gone.",
    ResponseUnionVariantAdded = "response-union-variant-added": "A new alternative of a `oneOf`/`anyOf` the client receives.",
    ResponseUnionVariantRemoved = "response-union-variant-removed": "An alternative of a `oneOf`/`anyOf` the client receives is gone.",
    ErrorResponseAdded = "error-response-added": "A new error status with a typed body: a new variant of the operation's `ErrorBody`.",
    ErrorResponseRemoved = "error-response-removed": "An error status no longer has a typed body: its `ErrorBody` variant (or the whole enum) is gone.",
    TypeRenamed = "type-renamed": "Same shape at the same position, new Rust type name.",
    TypePathRemoved = "type-path-removed": "A type path a crate defined or aliased is gone (`vercel_deployments::create_deployment::SpeedInsights`): the type was renamed, moved, or is no longer named there.",
    ScopeAdded = "scope-added": "An integration scope (at Read or Read/Write level) now grants the operation.",
    ScopeRemoved = "scope-removed": "An integration scope no longer grants the operation.",
}
