//! What compiles: the twins of the `compile_fail` doctests in
//! `tests/src/lib.rs` (the same lines, only the marked line different), so
//! those blocks fail to compile for the one reason they show. A scope client
//! exposes what its access level grants: Read reads, ReadWrite reads and
//! writes; an open enum's `Unknown` holds only an `UnknownValue` that
//! decoding (or `From<&str>`) made.

use vercel_client::deployments::get_deployments::ReadyState;
use vercel_client::scopes::{deployments, edge_config, projects};
use vercel_client::Client;

fn client() -> Client {
    vercel_client::Client::builder().token("t").build().unwrap()
}

/// The deployments block: Read's `create_deployment` is ReadWrite's.
#[test]
fn deployments_read_reads_and_read_write_creates() {
    let read = deployments::Read::new(client());
    let _ = read.get_deployments().limit(10); // granted by Read
    let write = deployments::ReadWrite::new(client());
    let _ = write.get_deployments();
    let _ = write.create_deployment(); // only ReadWrite grants it
    let _ = write.cancel_deployment("dpl_123");
}

/// The projects block: Read's `delete_project` is ReadWrite's.
#[test]
fn projects_read_reads_and_read_write_deletes() {
    let read = projects::Read::new(client());
    let _ = read.get_project("my-project"); // granted by Read
    let write = projects::ReadWrite::new(client());
    let _ = write.get_project("my-project");
    let _ = write.delete_project("my-project"); // only ReadWrite grants it
}

/// The Edge Config block: Read's `create_edge_config` is ReadWrite's.
#[test]
fn edge_config_read_reads_and_read_write_creates() {
    let read = edge_config::Read::new(client());
    let _ = read.get_edge_configs(); // granted by Read
    let write = edge_config::ReadWrite::new(client());
    let _ = write.get_edge_configs();
    let _ = write.create_edge_config(); // only ReadWrite grants it
}

/// The open-enum block: `Unknown` is built from an `UnknownValue` that the
/// conversion made, never from a string by hand.
#[test]
fn unknown_holds_only_values_the_enum_does_not_know() {
    let state = ReadyState::from("SOMETHING_NEW");
    let ReadyState::Unknown(value) = &state else { panic!("an unknown value decodes to Unknown: {state:?}") };
    assert_eq!(ReadyState::Unknown(value.clone()), state); // an UnknownValue from decoding
    assert_eq!(ReadyState::from("READY"), ReadyState::Ready, "a known value is never Unknown");
}
