//! Static description of one API operation.

use http::Method;

/// Static description of one operation, emitted as a `const` by generated code.
///
/// ```
/// use vercel_runtime::{Method, Operation};
/// const GET_DEPLOYMENT: Operation = Operation {
///     id: "getDeployment",
///     method: Method::GET,
///     path: "/v13/deployments/{idOrUrl}",
///     team_id_query: true,
///     slug_query: true,
///     scopes: &["Deployments (Read)", "Deployments (Read/Write)"],
/// };
/// assert_eq!(GET_DEPLOYMENT.method, Method::GET);
/// ```
#[derive(Debug, Clone)]
pub struct Operation {
    /// The `operationId` from the OpenAPI document, e.g. `"getDeployments"`.
    /// Used to label errors.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template as written in the document, e.g. `"/v6/deployments/{idOrUrl}"`.
    pub path: &'static str,
    /// The operation declares an optional `teamId` query parameter; the client's
    /// configured team id is added when the request does not set one.
    pub team_id_query: bool,
    /// The operation declares an optional `slug` query parameter; the client's
    /// configured team slug is added when the request does not set one.
    pub slug_query: bool,
    /// The integration scopes and access levels that grant this operation, as
    /// `"Deployments (Read)"`; empty when none does (or no scope table was used).
    /// A 403 answer names them, since a missing scope is a likely cause.
    pub scopes: &'static [&'static str],
}
