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

/// The README's "Seams" section shows each `tests/examples/seam_*.rs` example
/// and the downstream mock tests (`tests/tests/it/downstream_mock.rs`,
/// `tests/tests/it/downstream_oauth.rs`) verbatim.
#[test]
fn readme_shows_every_seam_example() {
    let root = xtask::workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("seam_"))
        .collect();
    files.push(root.join("tests/tests/it/downstream_mock.rs"));
    files.push(root.join("tests/tests/it/downstream_oauth.rs"));
    assert!(files.len() >= 6, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(readme.contains(&format!("```rust\n{text}```")), "README.md does not show {} verbatim", file.display());
    }
}
