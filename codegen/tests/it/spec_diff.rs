//! The spec diff (`cargo xtask diff`): reports for hand-written fixture pairs
//! (`tests/fixtures/diff/<case>/{old,new}.yaml`, one snapshot each, together
//! covering every kind of change with each classification it can have) and for
//! consecutive history specs (`../shared/spec/history/`).

use crate::support::{fixture_dir, workspace_root};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use vercel_codegen::diff::{diff, Kind, Report, SpecInput, Tables};

fn pair_dir() -> PathBuf {
    fixture_dir().join("diff")
}

/// Case names (folders of `tests/fixtures/diff/`), sorted.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(pair_dir())
        .expect("reading tests/fixtures/diff")
        .map(|e| e.expect("reading tests/fixtures/diff").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().expect("a folder has a name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The report of one fixture pair: no overlays, lenient, with the case's
/// `scopes.toml` and `groups.toml` when it has them.
fn case_report(case: &str) -> Report {
    let dir = pair_dir().join(case);
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    let table = |name: &str| Some(dir.join(name)).filter(|p| p.is_file()).map(|p| read(&p));
    let (scopes, groups) = (table("scopes.toml"), table("groups.toml"));
    let tables = Tables { scopes: scopes.as_deref(), groups: groups.as_deref() };
    diff(&input(&old), &input(&new), &[], tables).unwrap_or_else(|e| panic!("{case}: diff failed: {e}"))
}

/// A fixture spec as the diff takes it: overlays lenient, as for any spec but the pinned one.
fn input(text: &str) -> SpecInput<'_> {
    SpecInput { text, sha256: xtask::sha256_hex(text.as_bytes()), strict_overlays: false }
}

#[test]
fn fixture_pair_reports() {
    let cases = cases();
    assert!(cases.len() >= 5, "fixture pairs missing: {cases:?}");
    for case in cases {
        let report = case_report(&case);
        assert!(report.notes.iter().all(|n| !n.contains("error")), "{case}: {:?}", report.notes);
        insta::assert_snapshot!(format!("diff_{case}"), report.to_markdown());
    }
}

/// Every kind of change, with every `(wire_breaking, api_breaking)` pair the
/// rules give it under the generation rules, is produced by some fixture pair.
#[test]
fn fixture_pairs_cover_every_kind_and_classification() {
    use Kind::*;
    const NONE: (bool, bool) = (false, false);
    const API: (bool, bool) = (false, true);
    const WIRE: (bool, bool) = (true, false);
    const BOTH: (bool, bool) = (true, true);
    let expected: &[(Kind, &[(bool, bool)])] = &[
        (OperationAdded, &[NONE]),
        (OperationRemoved, &[BOTH]),
        (OperationMoved, &[NONE, API]),
        (OperationRenamed, &[API]),
        (OperationGroupChanged, &[API]),
        (OperationTagChanged, &[NONE]),
        (OperationDeprecated, &[NONE]),
        (OperationAnonymous, &[NONE]),
        (OperationAuthenticated, &[WIRE]),
        (ParameterAdded, &[NONE, BOTH]),
        (ParameterRemoved, &[API]),
        (ParameterRequiredChanged, &[API, BOTH]),
        (ParameterTypeChanged, &[API, BOTH]),
        (RequestBodyAdded, &[NONE, BOTH]),
        (RequestBodyRemoved, &[API, BOTH]),
        (RequestBodyRequiredChanged, &[NONE, WIRE]),
        (RequestContentTypeChanged, &[WIRE, BOTH]),
        (ResponseContentTypeChanged, &[API, BOTH]),
        (RequestFieldAdded, &[NONE, BOTH]),
        (RequestFieldRemoved, &[API, BOTH]),
        (RequestFieldRequiredChanged, &[API, BOTH]),
        (RequestFieldNullableChanged, &[API, BOTH]),
        (RequestTypeChanged, &[API, BOTH]),
        (ResponseFieldAdded, &[NONE]),
        (ResponseFieldRemoved, &[API, BOTH]),
        (ResponseFieldRequiredChanged, &[API, BOTH]),
        (ResponseFieldNullableChanged, &[NONE, API, BOTH]),
        (ResponseTypeChanged, &[API, BOTH]),
        (RequestEnumValueAdded, &[NONE]),
        (RequestEnumValueRemoved, &[BOTH]),
        (ResponseEnumValueAdded, &[NONE]),
        (ResponseEnumValueRemoved, &[API]),
        (RequestUnionVariantAdded, &[NONE]),
        (RequestUnionVariantRemoved, &[BOTH]),
        (ResponseUnionVariantAdded, &[NONE]),
        (ResponseUnionVariantRemoved, &[API]),
        (ErrorResponseAdded, &[NONE]),
        (ErrorResponseRemoved, &[API]),
        (TypeRenamed, &[API]),
        (TypePathRemoved, &[API]),
        (ScopeAdded, &[NONE]),
        (ScopeRemoved, &[BOTH]),
    ];
    let listed: BTreeSet<Kind> = expected.iter().map(|(k, _)| *k).collect();
    let all: BTreeSet<Kind> = Kind::ALL.iter().copied().collect();
    assert_eq!(listed, all, "the expectation table must list every kind");

    let mut seen: BTreeMap<Kind, BTreeSet<(bool, bool)>> = BTreeMap::new();
    for case in cases() {
        for c in case_report(&case).changes {
            seen.entry(c.kind).or_default().insert((c.wire_breaking, c.api_breaking));
        }
    }
    let mut problems = Vec::new();
    for (kind, classes) in expected {
        let want: BTreeSet<(bool, bool)> = classes.iter().copied().collect();
        let got = seen.get(kind).cloned().unwrap_or_default();
        if want != got {
            problems.push(format!("{}: expected (wire, api) {want:?}, fixtures give {got:?}", kind.as_str()));
        }
    }
    assert!(problems.is_empty(), "classification coverage:\n{}", problems.join("\n"));
}

/// `security: []` gained and lost (`tests/fixtures/diff/security/`): the
/// operation that becomes anonymous is a compatible change, the one that
/// now needs the token is wire-breaking only, the unchanged one is not
/// listed, and the markdown report names both kinds.
#[test]
fn anonymity_changes_are_reported_with_their_effect() {
    let report = case_report("security");
    let changes: Vec<(&str, Kind, bool, bool)> =
        report.changes.iter().map(|c| (c.rust_name.as_str(), c.kind, c.wire_breaking, c.api_breaking)).collect();
    assert_eq!(
        changes,
        [
            ("get_registry_base", Kind::OperationAuthenticated, true, false),
            ("head_manifest", Kind::OperationAnonymous, false, false),
        ],
        "{}",
        report.to_markdown()
    );
    let text = report.to_markdown();
    assert!(text.contains("**wire-breaking** `get_registry_base` (GET `/v2/`) operation-authenticated"), "{text}");
    assert!(
        text.contains("compatible `head_manifest` (HEAD `/v2/{teamSlug}/manifests/{reference}`) operation-anonymous"),
        "{text}"
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let report = case_report("parameters");
    let value: serde_json::Value = serde_json::from_str(&report.to_json()).expect("the JSON report parses");
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object().expect("an object").keys().cloned().collect::<BTreeSet<_>>().into_iter().collect()
    };
    assert_eq!(keys(&value), ["changes", "new", "new_crates", "old", "summary"]);
    assert_eq!(keys(&value["old"]), ["sha256", "title", "version"]);
    assert_eq!(value["new"]["version"], "0.0.2");
    assert_eq!(keys(&value["summary"]), ["api_breaking", "total", "wire_breaking"]);
    let changes = value["changes"].as_array().expect("changes is an array");
    assert_eq!(changes.len(), report.changes.len());
    assert_eq!(value["summary"]["total"], changes.len());
    let wire = changes.iter().filter(|c| c["wire_breaking"] == true).count();
    assert_eq!(value["summary"]["wire_breaking"], wire);
    for c in changes {
        assert_eq!(
            keys(c),
            ["api_breaking", "detail", "kind", "location", "method", "operation_id", "path", "wire_breaking"]
        );
        assert!(Kind::ALL.iter().any(|k| k.as_str() == c["kind"]), "unknown kind {}", c["kind"]);
    }
}

/// A tag renamed with its operationIds unchanged: with the group table mapping
/// the new tag to the old crate, every operation stays in `vercel-edge-config`
/// and the rename is a compatible `operation-tag-changed`; without the table it
/// is the API-breaking `operation-group-changed`, into a new crate.
#[test]
fn tag_rename_keeps_the_crate_by_the_group_table() {
    let report = case_report("tag_rename");
    let moved: Vec<&str> =
        report.changes.iter().filter(|c| c.kind == Kind::OperationTagChanged).map(|c| c.rust_name.as_str()).collect();
    assert_eq!(moved, ["list_stores", "restore_store_backup"], "{}", report.to_markdown());
    assert!(report.changes.iter().all(|c| !c.api_breaking && !c.wire_breaking), "{}", report.to_markdown());
    assert!(report.changes.iter().all(|c| c.kind != Kind::OperationGroupChanged));
    assert!(report.changes.iter().all(|c| c.crate_name != "vercel-global-config"));
    assert!(report.new_crates.is_empty(), "no new crate: {:?}", report.new_crates);

    let dir = pair_dir().join("tag_rename");
    let (old, new) = (read(&dir.join("old.yaml")), read(&dir.join("new.yaml")));
    let without = diff(&input(&old), &input(&new), &[], Tables::default()).unwrap();
    let group_changed: Vec<&str> = without
        .changes
        .iter()
        .filter(|c| c.kind == Kind::OperationGroupChanged && c.api_breaking)
        .map(|c| c.crate_name.as_str())
        .collect();
    assert_eq!(group_changed, ["vercel-global-config", "vercel-global-config"], "{}", without.to_markdown());
    // Without the table entry, the report names the rename and the line that keeps the crate.
    let [new_crate] = &without.new_crates[..] else { panic!("{:?}", without.new_crates) };
    let (old_tag, names) = new_crate.renamed_from.as_ref().expect("the rename is recognised");
    assert_eq!(
        (old_tag.as_str(), names.crate_name.as_str(), names.feature.as_str()),
        ("edge-config", "vercel-edge-config", "edge-config")
    );
    let line = r#""global-config" = { crate = "vercel-edge-config", feature = "edge-config" }"#;
    assert!(without.summary_markdown().contains(line), "{}", without.summary_markdown());
    assert!(groups_line_in_fixture(&dir, line));

    // The generator reads the same table: the new spec generates the old crate and feature.
    let groups = read(&dir.join("groups.toml"));
    let options = crate::support::fixture_options(false).groups(Some(groups));
    let output = vercel_codegen::generate(&new, &[], &options).unwrap();
    assert!(output.files.contains_key("vercel-edge-config/src/lib.rs"), "{:?}", output.files.keys());
    assert!(!output.files.keys().any(|p| p.starts_with("vercel-global-config/")));
    let facade = &output.files["vercel-client/Cargo.toml"];
    assert!(facade.contains("edge-config = [\"client\", \"dep:vercel-edge-config\""), "{facade}");
    assert!(output.files["vercel-edge-config/src/lib.rs"].contains("pub struct EdgeConfig"));
}

fn groups_line_in_fixture(dir: &Path, line: &str) -> bool {
    read(&dir.join("groups.toml")).lines().any(|l| l == line)
}

/// A spec with new tags: the report lists the crates and facade features a
/// regeneration would add, with their operation counts, in every format.
#[test]
fn new_groups_are_listed_as_new_crates() {
    let report = case_report("new_groups");
    let crates: Vec<(&str, &str, &str, usize)> = report
        .new_crates
        .iter()
        .map(|c| (c.crate_name.as_str(), c.feature.as_str(), c.tag.as_str(), c.operations))
        .collect();
    assert_eq!(
        crates,
        [
            ("vercel-feature-flags", "feature-flags", "featureFlags", 1),
            ("vercel-sandboxes", "sandboxes", "sandboxes", 2)
        ]
    );
    for text in [report.to_markdown(), report.summary_markdown(), report.to_markdown_breaking_first()] {
        assert!(text.contains("## New crates"), "{text}");
        assert!(text.contains("| `vercel-sandboxes` | `sandboxes` | sandboxes | 2 |"), "{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["new_crates"][1]["crate"], "vercel-sandboxes");
    assert_eq!(json["new_crates"][1]["operations"], 2);
    // New tags whose operations are new are not renames.
    assert!(report.new_crates.iter().all(|c| c.renamed_from.is_none()), "{:?}", report.new_crates);
    assert!(json["new_crates"][1]["renamed_from"].is_null());
}

/// `update-spec`'s pull-request body: every breaking change of every group
/// comes before any compatible one.
#[test]
fn breaking_first_report_puts_breaking_changes_first() {
    let report = case_report("operations");
    let text = report.to_markdown_breaking_first();
    let first_compatible = text.find("- compatible").expect("the fixture has compatible changes");
    let last_breaking = text.rfind("-breaking**").expect("the fixture has breaking changes");
    assert!(last_breaking < first_compatible, "{text}");
    let breaking = report.changes.iter().filter(|c| c.api_breaking || c.wire_breaking).count();
    assert!(text.contains(&format!("## Breaking changes ({breaking})")), "{text}");
    assert_eq!(text.matches("\n- ").count(), report.changes.len(), "every change once:\n{text}");
}

#[test]
fn spec_drift_doc_documents_every_kind() {
    let doc = read(&workspace_root().join("docs/spec-drift.md"));
    let missing: Vec<&str> =
        Kind::ALL.iter().map(|k| k.as_str()).filter(|k| !doc.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "docs/spec-drift.md does not document these change kinds: {missing:?}");
}

fn date_of(path: &Path) -> String {
    let stem = path.file_stem().expect("a file has a name").to_string_lossy();
    stem.trim_start_matches("vercel-openapi-").to_string()
}

/// Reports for each consecutive pair of history specs, and from the newest
/// one to the pinned spec, with the repository's overlays and scope table,
/// exactly as `cargo xtask diff OLD NEW` prints them.
#[test]
fn history_pair_reports() {
    // Missing history specs fail the test on CI (the `CI` variable set) and skip it elsewhere.
    let Some(specs) = crate::support::history_specs(1, "the history-pair reports") else { return };
    let root = workspace_root();
    let load = |arg: &str| xtask::diff::load_spec(&root, arg).unwrap_or_else(|e| panic!("loading {arg}: {e:#}"));
    let mut args: Vec<(String, String)> = specs.iter().map(|p| (p.display().to_string(), date_of(p))).collect();
    args.push(("pinned".into(), "pinned".into()));
    for pair in args.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let report = xtask::diff::report(&root, &load(&old.0), &load(&new.0))
            .unwrap_or_else(|e| panic!("diff {} {}: {e:#}", old.1, new.1));
        let sum = report.summary();
        eprintln!(
            "{} → {}: {} changes, {} wire-breaking, {} API-breaking",
            old.1, new.1, sum.total, sum.wire_breaking, sum.api_breaking
        );
        insta::assert_snapshot!(format!("history_{}_to_{}", old.1, new.1), report.to_markdown());
    }
}
