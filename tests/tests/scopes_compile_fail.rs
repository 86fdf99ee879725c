//! A scope client exposes only what its access level grants: calling an
//! operation the level does not grant is a compile error (trybuild).

#[test]
fn calls_outside_a_scope_do_not_compile() {
    let t = trybuild::TestCases::new();
    t.pass("ui/scope_clients_compile.rs");
    t.compile_fail("ui/deployments_read_cannot_create.rs");
    t.compile_fail("ui/projects_read_cannot_delete.rs");
    t.compile_fail("ui/edge_config_read_cannot_create.rs");
}
