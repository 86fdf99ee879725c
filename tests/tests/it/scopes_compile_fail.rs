//! A scope client exposes only what its access level grants: calling an
//! operation the level does not grant is a compile error (trybuild), and
//! what the level grants compiles (this module, built with the binary).

use vercel_client::scopes::deployments::{Read, ReadWrite};

/// What each level grants compiles: Read reads, ReadWrite reads and writes.
/// (Was trybuild's `pass` case `ui/scope_clients_compile.rs`; compiled here
/// with the test binary, trybuild only runs `cargo check` for the
/// compile-fail cases instead of a full build of the client for this one.)
#[test]
fn calls_inside_a_scope_compile() {
    let client = vercel_client::Client::builder().token("t").build().unwrap();
    let _ = Read::new(client.clone()).get_deployments().limit(10);
    let write = ReadWrite::new(client);
    let _ = write.get_deployments();
    let _ = write.create_deployment();
    let _ = write.cancel_deployment("dpl_123");
}

#[test]
fn calls_outside_a_scope_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/deployments_read_cannot_create.rs");
    t.compile_fail("ui/projects_read_cannot_delete.rs");
    t.compile_fail("ui/edge_config_read_cannot_create.rs");
}
