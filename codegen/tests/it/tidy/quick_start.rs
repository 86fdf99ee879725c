//! The quick start of `vercel-client`'s README works for a new user: a crate
//! outside this workspace, with the README's dependency line (a `path` added,
//! standing in for crates.io) and the README's example as `main.rs`, builds
//! without warnings.

use crate::support::{child_cargo, workspace_root};
use std::fs;

#[test]
fn readme_quick_start_builds_in_a_new_crate_outside_the_workspace() {
    let root = workspace_root();
    let facade = root.join("generated-client/vercel-client");
    let readme = fs::read_to_string(facade.join("README.md")).expect("the facade's README.md");
    let dependency = readme
        .lines()
        .find(|l| l.starts_with("vercel-client = { version = "))
        .expect("a `vercel-client = { version = ... }` line in the README");
    assert!(
        dependency.contains("default-features = false, features = [\"deployments\", \"rustls-tls\"]"),
        "{dependency}"
    );
    let tokio = readme.lines().find(|l| l.starts_with("tokio = ")).expect("a tokio line in the README");
    let example = readme
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a ```rust,no_run block in the README");

    let dir = tempfile::tempdir().unwrap();
    let path = facade.display().to_string().replace('\\', "/");
    let dependency = dependency.replacen("{ version", &format!("{{ path = \"{path}\", version"), 1);
    fs::write(
        dir.path().join("Cargo.toml"),
        format!("[package]\nname = \"quick-start\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\n{dependency}\n{tokio}\n"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("src")).unwrap();
    fs::write(dir.path().join("src/main.rs"), example).unwrap();
    // The workspace's lock file: the same dependency versions, already downloaded.
    fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();

    // The target folder of the fixture checks: the same dependencies, checked once.
    let output =
        child_cargo().args(["check", "--quiet", "--offline"]).current_dir(dir.path()).output().expect("running cargo");
    assert!(output.status.success(), "the quick start does not build:\n{}", String::from_utf8_lossy(&output.stderr));
}
