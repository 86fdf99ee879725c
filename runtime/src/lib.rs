//! Hand-written runtime for the generated Vercel REST API client.
//!
//! Generated client crates describe each operation with a `const` [`Operation`],
//! assemble a [`Request`] (path, query, headers, body) and hand it to one of the
//! `send*` methods of [`Client`]. The runtime owns everything that is not
//! specific to one operation: the bearer token, the base URL, team scoping
//! (`teamId` / `slug` query parameters), value encoding, retries
//! ([`RetryConfig`]), timeouts, tracing spans, error reporting, whole
//! responses with rate limits ([`Response`], [`RateLimit`]), pagination
//! ([`paginate`]), JSON-lines streams (`application/stream+json`,
//! `application/x-ndjson`, ...: [`json_lines`], [`json_lines_as`]), answers
//! that are JSON or lines as the server chooses ([`JsonOrLines`]), error
//! answers read as they arrive ([`Client::send_with_error_stream`]) and the
//! upload digest ([`sha1_hex`]).
//!
//! Seams for production use: bring your own `reqwest::Client`
//! ([`ClientBuilder::http_client`]), [`Interceptor`]s around every attempt,
//! per-call [`RequestOptions`], a [`TokenProvider`] and derived clients
//! ([`Client::with_token`], [`Client::with_team_id`]), [`Waiter`]s, and with
//! the `test-util` feature an in-process mock (`mock`). Cargo features:
//! `rustls-tls` (default), `native-tls`, `http2` (default), `test-util`.
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
#![cfg_attr(docsrs, feature(doc_cfg))]

mod byte_stream;
mod client;
mod correction;
mod decode;
mod dispatch;
mod error;
mod error_fields;
mod error_stream;
mod idle;
mod intercept;
mod json_or_lines;
mod json_stream;
mod limits;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod mock;
mod oauth;
mod operation;
mod options;
mod paginate;
mod prepare;
mod redirect;
mod render;
mod request;
#[cfg(feature = "test-util")]
mod responder;
mod response;
mod retry;
mod stream;
mod token;
mod transport;
mod transport_error;
mod upload;
mod wait;

pub use bytes::Bytes;
pub use futures_util::stream::{Stream, StreamExt};
pub use http::{HeaderMap, Method, StatusCode};

pub use byte_stream::ByteStream;
pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_TIMEOUT,
};
pub use correction::decode_json_corrected;
pub use decode::decode_json;
pub use error::{ApiError, BodyError, BodyErrorKind, DecodeError, Error, TypedErrorBody};
pub use error_stream::{Answer, ErrorStream};
pub use intercept::{AttemptContext, AttemptRequest, BoxError, Interceptor};
pub use json_or_lines::JsonOrLines;
pub use limits::{DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_STREAM_VALUE_SIZE, DEFAULT_STREAM_IDLE_TIMEOUT};
pub use oauth::{OAuthApp, TokenResponse};
pub use operation::Operation;
pub use options::RequestOptions;
pub use paginate::{paginate, Pages};
pub use redirect::MAX_REDIRECTS;
pub use request::{path_segment, BodyStream, Request};
pub use response::{RateLimit, Response};
pub use retry::RetryConfig;
pub use stream::{json_lines, json_lines_as, ItemStream, JsonLines};
pub use token::{TokenFuture, TokenProvider, TokenRequest};
pub use transport_error::TransportError;
pub use upload::sha1_hex;
pub use vercel_runtime_core::correction::Correction;
pub use vercel_runtime_core::{open_enum, Nullable};
pub use wait::{Waiter, DEFAULT_WAIT_INTERVAL, DEFAULT_WAIT_MAX_INTERVAL, DEFAULT_WAIT_TIMEOUT};
