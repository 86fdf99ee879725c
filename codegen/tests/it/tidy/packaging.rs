//! Every crate a user needs can be published: crates.io's and docs.rs's
//! metadata fields are set, each README exists, and every dependency on another
//! crate of this workspace names the exact version (`=x.y.z`) of that crate.
//! The packages that are never published are exactly the maintainers' tools.

use crate::support::workspace_root;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Workspace members with `publish = false`: tools of this repository, not part of the client.
const UNPUBLISHED: &[&str] = &["vercel-bench", "vercel-check-driver", "vercel-codegen", "vercel-tests", "xtask"];

fn metadata() -> Value {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(workspace_root())
        .output()
        .expect("running cargo metadata");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

fn is_published(package: &Value) -> bool {
    // `publish = false` is an empty registry list.
    package["publish"].as_array().is_none_or(|registries| !registries.is_empty())
}

#[test]
fn published_crates_have_the_metadata_fields_and_exact_internal_versions() {
    let metadata = metadata();
    let packages = metadata["packages"].as_array().unwrap();
    let versions: BTreeMap<&str, &str> =
        packages.iter().map(|p| (p["name"].as_str().unwrap(), p["version"].as_str().unwrap())).collect();

    let unpublished: BTreeSet<&str> =
        packages.iter().filter(|p| !is_published(p)).map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(unpublished, UNPUBLISHED.iter().copied().collect(), "packages with publish = false");

    let mut problems = Vec::new();
    let mut published = 0;
    for package in packages.iter().filter(|p| is_published(p)) {
        published += 1;
        let name = package["name"].as_str().unwrap();
        for field in ["description", "license", "repository", "documentation", "readme", "rust_version"] {
            if package[field].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{name}: no `{field}`"));
            }
        }
        for field in ["keywords", "categories"] {
            let count = package[field].as_array().map_or(0, Vec::len);
            if count == 0 || count > 5 {
                problems.push(format!("{name}: {count} {field} (crates.io takes 1 to 5)"));
            }
        }
        if let Some(repository) = package["repository"].as_str() {
            if !repository.starts_with("https://") || repository.contains("OWNER") {
                problems.push(format!("{name}: repository {repository:?} is not a real address"));
            }
        }
        let manifest = std::path::Path::new(package["manifest_path"].as_str().unwrap());
        if let Some(readme) = package["readme"].as_str() {
            if !manifest.parent().unwrap().join(readme).is_file() {
                problems.push(format!("{name}: readme {readme} does not exist"));
            }
        }
        if package["metadata"]["docs"]["rs"].is_null()
            && name.starts_with("vercel-")
            && manifest.starts_with(workspace_root().join("generated-client"))
        {
            problems.push(format!("{name}: no [package.metadata.docs.rs]"));
        }
        for dep in package["dependencies"].as_array().unwrap() {
            let dep_name = dep["name"].as_str().unwrap();
            let Some(version) = versions.get(dep_name) else { continue };
            if dep["kind"].as_str() == Some("dev") {
                continue;
            }
            let requirement = dep["req"].as_str().unwrap();
            if requirement != format!("={version}") {
                problems.push(format!("{name}: dependency {dep_name} is `{requirement}`, not `={version}`"));
            }
        }
    }
    // runtime, runtime-core, types, the facade, and at least one group crate.
    assert!(published >= 5, "only {published} published crates");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// Each generated crate's README lists its operations, method, path and scopes.
#[test]
fn group_readme_lists_each_operation_with_method_path_and_scopes() {
    let readme = std::fs::read_to_string(workspace_root().join("generated-client/vercel-deployments/README.md"))
        .expect("generated-client/vercel-deployments/README.md");
    assert!(readme.contains("features = [\"deployments\", \"rustls-tls\"]"), "{readme}");
    let row = readme.lines().find(|l| l.contains("`create_deployment`")).expect("a row for create_deployment");
    assert!(row.starts_with("| `POST` | `/v13/deployments` |"), "{row}");
    assert!(row.contains("Deployments (read_write)"), "{row}");
    let rows = readme.lines().filter(|l| l.starts_with("| `")).count();
    let modules = std::fs::read_dir(workspace_root().join("generated-client/vercel-deployments/src"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name != "lib.rs" && name != "types.rs"
        })
        .count();
    assert_eq!(rows, modules, "one README row per operation module");
}
