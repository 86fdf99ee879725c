//! Hand-written runtime for the generated Vercel REST API client.
//!
//! Generated client crates describe each operation with a `const` [`Operation`],
//! assemble a [`Request`] (path, query, headers, body) and hand it to one of the
//! `send*` methods of [`Client`]. The runtime owns everything that is not
//! specific to one operation: the bearer token, the base URL, team scoping
//! (`teamId` / `slug` query parameters), value encoding, and error reporting.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vercel_runtime::Error> {
//! use vercel_runtime::{Client, Method, Operation, Request};
//!
//! const GET_PROJECT: Operation = Operation {
//!     id: "getProject",
//!     method: Method::GET,
//!     path: "/v9/projects/{idOrName}",
//!     team_id_query: true,
//!     slug_query: true,
//!     scopes: &[],
//! };
//!
//! let client = Client::builder().token("secret").team_id("team_123").build()?;
//! let path = format!("/v9/projects/{}", vercel_runtime::path_segment("my-project"));
//! let project: serde_json::Value = client.send(Request::new(&GET_PROJECT, path)).await?;
//! # let _ = project;
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod client;
mod error;
mod oauth;
mod operation;
mod render;
mod request;
mod response;

pub use bytes::Bytes;
pub use reqwest::header::HeaderMap;
pub use reqwest::{Method, StatusCode};

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, DecodeError, Error};
pub use oauth::{OAuthApp, TokenResponse};
pub use operation::Operation;
pub use request::{path_segment, Request};
pub use response::{RateLimit, Response};
pub use vercel_runtime_core::{open_enum, Nullable};
