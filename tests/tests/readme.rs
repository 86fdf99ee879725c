//! The README's usage example is `tests/examples/readme.rs`, which the build compiles;
//! this test keeps the two from drifting apart.

#[test]
fn readme_example_is_the_compiled_example() {
    let root = xtask::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let example = std::fs::read_to_string(root.join("tests/examples/readme.rs")).unwrap();
    let block = readme
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README.md has a ```rust block");
    assert_eq!(block, example, "README.md's rust block differs from tests/examples/readme.rs");
}
