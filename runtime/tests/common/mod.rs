//! Operation descriptions shared by the runtime's integration tests (the `it`
//! binary, `env_token.rs` and `http_client.rs`).
#![allow(dead_code)]

use vercel_runtime::{Method, Operation};

/// `GET /v6/deployments`: takes `teamId` and `slug` in the query.
pub const LIST_DEPLOYMENTS: Operation = Operation {
    id: "getDeployments",
    method: Method::GET,
    path: "/v6/deployments",
    team_id_query: true,
    slug_query: true,
    scopes: &[],
};

/// `GET /v2/user`: no team scoping.
pub const GET_USER: Operation = Operation {
    id: "getAuthUser",
    method: Method::GET,
    path: "/v2/user",
    team_id_query: false,
    slug_query: false,
    scopes: &[],
};
