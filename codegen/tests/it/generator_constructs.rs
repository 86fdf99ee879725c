//! The generated code of the 2026-spec construct fixtures does what
//! `tests/fixtures/README.md` says, run rather than read: `registry`,
//! `json_lines`, `odd_responses` and `binary_response` are merged into one
//! spec (their tags and component names differ), generated as a standalone
//! workspace under `target/fixture-workspaces/constructs/`, and the program
//! `tests/drivers/constructs.rs` is added to it and run against the
//! runtime's in-process mock (exact paths sent, HEAD `exists()`, JSON lines
//! and JSON-or-lines by `Content-Type`, 204, no 2xx, 502/504 bodies,
//! downloads). It shares `target/fixture-check/` with `generator_compiles`
//! ([`child_cargo`]).

use std::path::Path;

use crate::support::{child_cargo, fixture_options, fixture_text, workspace_root};
use serde_json::Value;

/// The fixtures the driver calls (each its own endpoint group).
const FIXTURES: &[&str] = &["registry", "json_lines", "odd_responses", "binary_response"];

/// The driver's manifest: the four group crates, the runtime with its mock.
fn driver_manifest(runtime: &Path) -> String {
    format!(
        r#"[package]
name = "vercel-constructs-driver"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
vercel-boxes = {{ path = "../vercel-boxes" }}
vercel-jobs = {{ path = "../vercel-jobs" }}
vercel-registry = {{ path = "../vercel-registry" }}
vercel-settings = {{ path = "../vercel-settings" }}
vercel-runtime = {{ path = {runtime:?}, default-features = false, features = ["test-util"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt"] }}
"#,
        runtime = runtime.to_str().expect("the workspace path is valid UTF-8"),
    )
}

/// The fixtures' paths and component schemas in one document.
fn merged_spec() -> String {
    let mut merged: Option<Value> = None;
    for name in FIXTURES {
        let (doc, _) = vercel_codegen::corrected_spec(&fixture_text(name), &[], true)
            .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
        let Some(into) = merged.as_mut() else {
            merged = Some(doc);
            continue;
        };
        for section in ["/paths", "/components/schemas"] {
            let Some(from) = doc.pointer(section).and_then(Value::as_object) else { continue };
            if into.pointer(section).is_none() {
                into["components"]["schemas"] = Value::Object(Default::default());
            }
            let target = into.pointer_mut(section).and_then(Value::as_object_mut).expect("an object");
            for (key, value) in from {
                assert!(target.insert(key.clone(), value.clone()).is_none(), "{name}: {section} {key} repeats");
            }
        }
    }
    merged.expect("at least one fixture").to_string()
}

#[test]
fn generated_code_of_the_construct_fixtures_behaves_as_documented() {
    let root = workspace_root();
    let dir = root.join("target/fixture-workspaces/constructs");
    let output = vercel_codegen::generate(&merged_spec(), &[], &fixture_options(true))
        .unwrap_or_else(|e| panic!("the merged fixtures do not generate: {e}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("removing {}: {e}", dir.display()));
    }
    xtask::write_output(&dir, &output).unwrap_or_else(|e| panic!("writing {}: {e:#}", dir.display()));
    let lock = std::fs::read(root.join("Cargo.lock")).expect("reading the workspace Cargo.lock");
    std::fs::write(dir.join("Cargo.lock"), lock).expect("writing Cargo.lock");
    let driver = dir.join("vercel-constructs-driver");
    std::fs::create_dir_all(driver.join("src")).expect("creating the driver folder");
    std::fs::write(driver.join("Cargo.toml"), driver_manifest(&root.join("runtime"))).expect("driver manifest");
    std::fs::copy(root.join("tests/drivers/constructs.rs"), driver.join("src/main.rs")).expect("driver source");

    let run = child_cargo()
        .args(["run", "--quiet", "--offline", "-p", "vercel-constructs-driver", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("running cargo");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && stdout.contains("every check passed"),
        "the driver failed ({}):\n{stdout}{}",
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
}
