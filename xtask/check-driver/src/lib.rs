//! The compiled part of the check programs the generator writes.
//!
//! A check program is a crate of its own, generated for one client (the
//! committed `generated-client/`, or one generated from another spec): its
//! `src/main.rs` holds only what depends on that client, a table with one
//! entry per operation (the request built with the client's typed builders,
//! the Rust type a response decodes into), and a `main` that hands the table
//! to a driver here:
//!
//! - [`conformance`]: calls every operation against a mock server of the
//!   spec (`cargo xtask conformance`);
//! - [`response_decode`]: decodes mutated response bodies with each
//!   operation's success type (the response part of `cargo xtask fuzz`);
//! - [`forward_compat`]: decodes responses of a newer spec with an older
//!   client's types (`tests/tests/forward_compat.rs`).
//!
//! The output of each program is what the xtask reads: its line formats are
//! documented on each driver.

#![warn(missing_docs)]

pub mod conformance;
pub mod forward_compat;
pub mod response_decode;

/// Everything on one line: newlines and tabs (which separate fields) become spaces.
pub fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// Builds the current-thread runtime the drivers run their calls on.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime")
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_replaces_line_breaks_and_tabs() {
        assert_eq!(super::one_line("a\nb\r\nc\td"), "a b  c d");
    }
}
