//! The generated client's tests, in one test binary:
//! `cargo test -p vercel-tests --test it` (one module: `... --test it client_retry::`).
//!
//! Each module sends real requests through the facade (`vercel_client`) to a
//! local server on 127.0.0.1 (wiremock, the raw server of [`support`], or the
//! `test-util` in-process mock) and checks both what went over the wire and
//! what the client decoded; `scopes_compile` holds the compiling twins of the
//! `compile_fail` doctests in `tests/src/lib.rs` (what must not compile). Shared helpers (the token, clients for a mock
//! server, the raw HTTP/1.1 server, deployment JSON) are in [`support`]. The
//! generator's tests are `cargo test -p vercel-codegen --test it`.

mod support;

mod client_body_builders;
mod client_corrections;
mod client_error_stream;
mod client_hostile;
mod client_mock_http;
mod client_numbers;
mod client_pagination;
mod client_retry;
mod client_security_and_body_options;
mod client_stream;
mod client_tracing;
mod client_upload;
mod integration_example;
mod scopes_compile;
mod waiter;
mod webhook;
