//! Versions follow the spec: `cargo xtask regen` on another spec (a history
//! spec, into a temporary copy of this checkout) moves each crate's version by
//! the drift report and writes a CHANGELOG.md entry.

use crate::support::{overlays, workspace_root};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use vercel_codegen::diff::SpecInput;

#[test]
fn regen_on_another_spec_bumps_versions_by_the_drift_report() {
    let root = workspace_root();
    let history = root.join("../shared/spec/history/vercel-openapi-2025-10-20.json");
    if !history.is_file() {
        crate::support::skip_without_input(&history.display().to_string(), "the version-bump test");
        return;
    }
    let copy_parent = tempfile::tempdir().unwrap();
    let copy = copy_parent.path().join("clone");
    crate::support::copy_tracked_files(&root, &copy);
    let pinned = "spec/.work/vercel-openapi.json";
    fs::create_dir_all(copy.join("spec/.work")).unwrap();
    fs::copy(root.join(pinned), copy.join(pinned)).expect("the pinned spec (run `cargo xtask fetch-spec`)");

    let args = xtask::RegenArgs { check: false, spec: Some(history.clone()), out: None };
    let report = xtask::regen(&copy, &args).unwrap_or_else(|e| panic!("regen --spec: {e:#}"));
    assert!(!report.bumps.is_empty(), "a different spec moved no version");

    // The drift report, computed on its own.
    let old_text = fs::read_to_string(root.join(pinned)).unwrap();
    let new_text = fs::read_to_string(&history).unwrap();
    let scopes = xtask::read_scope_table(&root).unwrap();
    let groups = xtask::read_group_table(&root).unwrap();
    let drift = vercel_codegen::diff::diff(
        &SpecInput { text: &old_text, sha256: String::new(), strict_overlays: true },
        &SpecInput { text: &new_text, sha256: String::new(), strict_overlays: false },
        &overlays(),
        vercel_codegen::diff::Tables { scopes: scopes.as_deref(), groups: groups.as_deref() },
    )
    .unwrap();
    let breaking: BTreeSet<&str> =
        drift.changes.iter().filter(|c| c.api_breaking).map(|c| c.crate_name.as_str()).collect();
    let changed: BTreeSet<&str> = drift.changes.iter().map(|c| c.crate_name.as_str()).collect();
    assert!(!breaking.is_empty(), "the history spec has API-breaking changes");

    let before = xtask::read_versions(&root).unwrap();
    let after = xtask::read_versions(&copy).unwrap();
    let version = |v: &BTreeMap<String, String>, name: &str| v.get(name).cloned().unwrap_or_else(|| "0.1.0".into());
    for name in after.keys() {
        let (old, new) = (version(&before, name), version(&after, name));
        if breaking.contains(name.as_str()) {
            assert_eq!(new, "0.2.0", "{name} has API-breaking changes: {old} -> {new}");
        } else if !changed.contains(name.as_str())
            && name.starts_with("vercel-")
            && !name.starts_with("vercel-scope-")
            && name != "vercel-types"
            && name != "vercel-client"
        {
            // No change of its own: at most a patch, for the new `=` requirement on a moved dependency.
            assert!(new == old || new == "0.1.1", "{name} has no changes of its own: {old} -> {new}");
        }
    }
    assert_eq!(version(&after, "vercel-client"), "0.2.0", "the facade takes the largest bump");
    // The generated manifests carry the new versions, and each other's exact requirement.
    let types_version = version(&after, "vercel-types");
    // (A crate of the old spec's only can be in `breaking` too: one whose group is gone.)
    let breaking: BTreeSet<&str> = breaking.into_iter().filter(|name| after.contains_key(*name)).collect();
    assert!(!breaking.is_empty(), "no crate of the new output has API-breaking changes");
    // (`vercel-types` can be in it too, for a shared type path that is gone; it requires no sibling.)
    for name in breaking.iter().filter(|name| **name != "vercel-types") {
        let manifest = fs::read_to_string(copy.join(format!("generated-client/{name}/Cargo.toml"))).unwrap();
        assert!(manifest.contains("version = \"0.2.0\""), "{name}/Cargo.toml:\n{manifest}");
        assert!(manifest.contains(&format!("version = \"={types_version}\", path = \"../vercel-types\"")));
    }

    // The moved versions are recorded for the new spec: `regen --check` finds them in step.
    let check = xtask::RegenArgs { check: true, spec: Some(history.clone()), out: None };
    let checked = xtask::regen(&copy, &check).unwrap_or_else(|e| panic!("regen --check after the bump: {e:#}"));
    assert!(!checked.is_stale(), "stale after regen: {:?}", checked.changes);

    let changelog = fs::read_to_string(copy.join("CHANGELOG.md")).expect("CHANGELOG.md written");
    let rows: Vec<&str> = changelog.lines().filter(|l| l.starts_with("| `vercel-")).collect();
    assert_eq!(rows.len(), report.bumps.len(), "one CHANGELOG row per moved crate:\n{changelog}");
    assert!(rows[0].contains("| breaking |"), "breaking first:\n{changelog}");
    for name in &breaking {
        assert!(changelog.contains(&format!("| `{name}` | 0.1.0 → 0.2.0 | breaking |")), "{name}:\n{changelog}");
    }
}
