//! One insta snapshot per valid fixture (`tests/fixtures/*.yaml`): every
//! generated `.rs` file, in path order, each preceded by `==> path <==`.
//!
//! Review changed snapshots against `tests/fixtures/README.md` (what each
//! fixture expects of the generator) before accepting them.

use crate::support::{concat_rust_files, fixture_names, generate_fixture};

/// Declares one snapshot test per fixture, and [`FIXTURES`], the list of
/// fixtures that have a snapshot test.
macro_rules! fixture_snapshots {
    ($($name:ident),* $(,)?) => {
        /// Every fixture with a snapshot test, sorted.
        const FIXTURES: &[&str] = &[$(stringify!($name)),*];

        $(
            #[test]
            fn $name() {
                let output = generate_fixture(stringify!($name), false);
                insta::assert_snapshot!(stringify!($name), concat_rust_files(&output));
            }
        )*
    };
}

fixture_snapshots!(
    all_of,
    any_of,
    binary_body,
    binary_response,
    bodies,
    builder_names,
    const_not,
    empty_combinators,
    enums,
    error_bodies,
    extensions,
    json_lines,
    loose_schemas,
    maps,
    missing_operation_id,
    multi_tag,
    names,
    naming_rules,
    nullable,
    odd_responses,
    one_of,
    pagination,
    parameters,
    recursion,
    registry,
);

/// A fixture added to `tests/fixtures/` without a snapshot test here (or a
/// test left behind for a removed fixture) fails this test.
#[test]
fn every_fixture_has_a_snapshot_test() {
    assert_eq!(fixture_names(), FIXTURES, "fixtures in tests/fixtures/ vs. snapshot tests in this file");
}

/// No snapshot file is left over from a removed or renamed fixture: the
/// snapshots of this file are exactly `generator_snapshots__<fixture>.snap`.
#[test]
fn no_unreferenced_snapshots() {
    let dir = crate::support::workspace_root().join("codegen/tests/it/snapshots");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading the snapshot folder").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("it__generator_snapshots__"))
        .collect();
    found.sort();
    let expected: Vec<String> = FIXTURES.iter().map(|name| format!("it__generator_snapshots__{name}.snap")).collect();
    assert_eq!(found, expected, "snapshot files in {} (pending `.snap.new` files count too)", dir.display());
}
