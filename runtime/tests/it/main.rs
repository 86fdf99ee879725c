//! The runtime's integration tests, in one test binary:
//! `cargo test -p vercel-runtime --test it` (one module: `... --test it oauth::`).
//!
//! Each module drives `vercel_runtime` as the generated crates do, against a
//! local server on 127.0.0.1 (wiremock or a raw listener) or the `test-util`
//! mock. Two files stay test binaries of their own because they change what
//! is global to a process: `env_token.rs` sets `VERCEL_TOKEN`, and
//! `http_client.rs` installs rustls' process-wide crypto provider (here the
//! client must work without one). The operations they share are in
//! `common/mod.rs`.

#[path = "../common/mod.rs"]
mod common;

mod body_in_pieces;
mod connection_pool;
mod interceptors;
mod mock_server;
mod oauth;
mod open_enum;
mod request_options;
mod streamed_body;
mod test_util_mock;
mod tls_alpn;
mod token_provider;
