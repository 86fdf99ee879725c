//! Reads what the generated crates' manifests carry besides code: the shared
//! package fields, the runtime's version and the generated crates' versions.
//!
//! Each value has one home: license, repository and rust-version are the root
//! `Cargo.toml`'s `[workspace.package]` (the hand-written crates inherit them
//! with `field.workspace = true`); the runtime's version is `runtime/Cargo.toml`'s
//! (`vercel-runtime-core` has the same version, checked here); the generated
//! crates' versions are [`VERSIONS_FILE`].

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use vercel_codegen::Packaging;

/// The committed versions file, relative to the workspace root.
pub const VERSIONS_FILE: &str = "versions.toml";

/// The packaging of the generated crates of the checkout at `root`.
pub fn read_packaging(root: &Path) -> Result<Packaging> {
    let workspace = read_toml(&root.join("Cargo.toml"))?;
    let package = workspace
        .get("workspace")
        .and_then(|w| w.get("package"))
        .context("Cargo.toml has no [workspace.package] table")?;
    let field = |name: &str| -> Result<String> {
        package
            .get(name)
            .and_then(toml::Value::as_str)
            .map(str::to_string)
            .with_context(|| format!("Cargo.toml: [workspace.package] has no `{name}`"))
    };
    let runtime_version = package_version(&root.join("runtime/Cargo.toml"))?;
    let core_version = package_version(&root.join("runtime/core/Cargo.toml"))?;
    if runtime_version != core_version {
        bail!(
            "vercel-runtime is {runtime_version} but vercel-runtime-core is {core_version}: they are released together \
             with one version"
        );
    }
    for name in ["vercel-runtime", "vercel-runtime-core"] {
        let requirement = workspace
            .get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.get(name))
            .and_then(|d| d.get("version"))
            .and_then(toml::Value::as_str);
        let expected = format!("={runtime_version}");
        if requirement != Some(expected.as_str()) {
            bail!(
                "Cargo.toml: [workspace.dependencies] {name} must have version = \"{expected}\" (runtime/Cargo.toml's \
                 version), found {requirement:?}"
            );
        }
    }
    // The hand-written companion crates the facade depends on carry their own version.
    let mut versions = read_versions(root)?;
    for companion in vercel_codegen::COMPANIONS {
        let manifest = root.join(companion.folder).join("Cargo.toml");
        if manifest.is_file() {
            versions.insert(companion.crate_name.to_string(), package_version(&manifest)?);
        }
    }
    Ok(Packaging {
        license: field("license")?,
        repository: field("repository")?,
        rust_version: field("rust-version")?,
        runtime_version,
        versions,
    })
}

/// The generated crates' versions from [`VERSIONS_FILE`] (`[crates]` table); none when the file is missing.
pub fn read_versions(root: &Path) -> Result<BTreeMap<String, String>> {
    let path = root.join(VERSIONS_FILE);
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    let table = read_toml(&path)?;
    let Some(crates) = table.get("crates") else { return Ok(BTreeMap::new()) };
    let crates = crates.as_table().with_context(|| format!("{}: `crates` is not a table", path.display()))?;
    crates
        .iter()
        .map(|(name, version)| {
            let version = version
                .as_str()
                .with_context(|| format!("{}: crates.{name} is not a version string", path.display()))?;
            Ok((name.clone(), version.to_string()))
        })
        .collect()
}

/// `[package] version` of one manifest.
pub(crate) fn package_version(manifest: &Path) -> Result<String> {
    read_toml(manifest)?
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_string)
        .with_context(|| format!("{}: no [package] version", manifest.display()))
}

fn read_toml(path: &Path) -> Result<toml::Table> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_root(workspace_runtime_req: &str, core_version: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let p = root.path();
        fs::write(
            p.join("Cargo.toml"),
            format!(
                "[workspace]\n[workspace.package]\nlicense = \"MIT\"\nrepository = \"https://example.org/r\"\n\
                 rust-version = \"1.80\"\n[workspace.dependencies]\n\
                 vercel-runtime = {{ version = \"{workspace_runtime_req}\", path = \"runtime\" }}\n\
                 vercel-runtime-core = {{ version = \"=0.2.0\", path = \"runtime/core\" }}\n"
            ),
        )
        .unwrap();
        fs::create_dir_all(p.join("runtime/core")).unwrap();
        fs::write(p.join("runtime/Cargo.toml"), "[package]\nname = \"vercel-runtime\"\nversion = \"0.2.0\"\n").unwrap();
        fs::write(
            p.join("runtime/core/Cargo.toml"),
            format!("[package]\nname = \"vercel-runtime-core\"\nversion = \"{core_version}\"\n"),
        )
        .unwrap();
        fs::write(p.join(VERSIONS_FILE), "[crates]\nvercel-types = \"0.3.1\"\n").unwrap();
        root
    }

    #[test]
    fn reads_each_value_from_its_one_place() {
        let root = fake_root("=0.2.0", "0.2.0");
        let packaging = read_packaging(root.path()).unwrap();
        assert_eq!(packaging.repository, "https://example.org/r");
        assert_eq!(packaging.license, "MIT");
        assert_eq!(packaging.rust_version, "1.80");
        assert_eq!(packaging.runtime_version, "0.2.0");
        assert_eq!(packaging.version("vercel-types"), "0.3.1");
        assert_eq!(packaging.version("vercel-not-listed"), "0.1.0");
    }

    #[test]
    fn runtime_versions_out_of_step_are_errors() {
        let err = read_packaging(fake_root("=0.2.0", "0.1.0").path()).unwrap_err().to_string();
        assert!(err.contains("vercel-runtime-core is 0.1.0"), "{err}");
        let err = read_packaging(fake_root("0.2", "0.2.0").path()).unwrap_err().to_string();
        assert!(err.contains("[workspace.dependencies] vercel-runtime must have version = \"=0.2.0\""), "{err}");
    }

    #[test]
    fn this_checkout_has_packaging() {
        let packaging = read_packaging(&crate::workspace_root()).unwrap();
        assert!(packaging.repository.starts_with("https://"), "{}", packaging.repository);
        assert!(!packaging.versions.is_empty());
    }
}
