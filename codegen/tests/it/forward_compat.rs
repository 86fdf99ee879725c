//! Forward compatibility: a client generated from the OLDEST history spec
//! (`../shared/spec/history/`) must decode responses that are valid for the
//! NEWEST (pinned) spec, for every operation present in both (matched by
//! operationId): unknown fields and unknown enum values must not break it.
//!
//! The responses are sampled from the pinned spec's success schemas with
//! `vercel_codegen::sample` (every property down to the sampler's depth, so new
//! fields are present; the last value of each enum, so appended values are too), then decoded by a generated program built against the
//! old client. Operations whose response really changed type between the two
//! specs are listed in [`TYPE_CHANGES`] with the reason; the test fails on any
//! other failure, and on a listed one that no longer fails.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use vercel_codegen::sample::Sampler;
use vercel_codegen::{ConformanceOptions, Options};

/// Operations whose old response type cannot hold the new response, because a
/// field's type truly changed between the oldest history spec and the pinned
/// one: (operationId, what changed).
/// (Checked against the 2024-11-25 and pinned specs; each is a real schema change.)
const TYPE_CHANGES: &[(&str, &str)] = &[
    (
        "createConfigurableLogDrain",
        "200 body: an object with id, url, name, ... required → `{type: object}` with no properties",
    ),
    ("createTeam", "200 body: required `billing` removed"),
    ("getAlias", "200 body: one alias object → an array of aliases"),
    (
        "getAllLogDrains",
        "200 body: array of drains with required `id` → oneOf of `{drains: [...]}` and an array of another item shape",
    ),
    ("getConfigurableLogDrain", "200 body: required id, url, name, ... no longer listed (only 4 metadata properties)"),
    ("getEdgeConfigItems", "200 body: one item object → an array of items"),
    ("getProjects", "`pagination.next`: number (timestamp) → string continuation token (moved to GET /v10/projects)"),
    ("listAuthTokens", "`tokens[].scopes[].origin`: required → optional"),
];

#[test]
fn oldest_client_decodes_newest_responses() {
    let root = crate::support::workspace_root();
    let history = root.join("../shared/spec/history");
    let Some(oldest) = oldest_spec(&history) else {
        // Fails on CI (the `CI` variable set), skips elsewhere.
        crate::support::skip_without_input(
            &format!("a spec in {}", history.display()),
            "the forward-compatibility test",
        );
        return;
    };
    let old_text = std::fs::read_to_string(&oldest).unwrap();
    let overlays = crate::support::overlays();

    // The old client, as `cargo xtask regen --spec OLDEST --out DIR` makes it.
    let work = root.join("target/forward-compat");
    let client_dir = work.join("client");
    let options = Options::new(root.join("runtime").display().to_string())
        .standalone_workspace(true)
        .strict_overlays(false)
        .groups(xtask::read_group_table(&root).unwrap());
    let client = vercel_codegen::generate(&old_text, &overlays, &options).unwrap();
    xtask::write_output(&client_dir, &client).unwrap();

    // Responses valid for the pinned spec, keyed by operationId.
    let new_text = crate::support::pinned_spec_text();
    let (new_doc, _) = vercel_codegen::corrected_spec(&new_text, &overlays, true).unwrap();
    let (old_doc, _) = vercel_codegen::corrected_spec(&old_text, &overlays, false).unwrap();
    let old_ids = operation_ids(&old_doc);
    let samples = response_samples(&new_doc, &old_ids);
    assert!(samples.len() > 100, "only {} operations with a JSON response in both specs", samples.len());

    let program_dir = work.join("program");
    let program_options = ConformanceOptions {
        client_dir: client_dir.display().to_string(),
        runtime_path: root.join("runtime").display().to_string(),
        driver_path: root.join(xtask::program::DRIVER_DIR).display().to_string(),
        strict_overlays: false,
        error_checks: false,
        groups: xtask::read_group_table(&root).unwrap(),
    };
    let program = vercel_codegen::forward_compat_program(&old_text, &overlays, &program_options, &samples).unwrap();
    xtask::write_output(&program_dir, &program).unwrap();
    std::fs::copy(root.join("Cargo.lock"), program_dir.join("Cargo.lock")).unwrap();

    let binary = xtask::program::build(&root, &program_dir, "vercel-forward-compat", "forward-compatibility program")
        .unwrap_or_else(|e| panic!("{e:#}"));
    let output = Command::new(binary).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");

    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("forward-compat: "), "no summary line in:\n{stdout}");
    let failed: BTreeSet<&str> =
        stdout.lines().filter_map(|l| l.strip_prefix("FAIL ")).filter_map(|l| l.split(':').next()).collect();
    let expected: BTreeSet<&str> = TYPE_CHANGES.iter().map(|(id, _)| *id).collect();
    let unexpected: Vec<_> = failed.difference(&expected).collect();
    let fixed: Vec<_> = expected.difference(&failed).collect();
    assert!(
        unexpected.is_empty(),
        "responses of the pinned spec the oldest client cannot decode: {unexpected:?}\n{stdout}"
    );
    assert!(fixed.is_empty(), "listed as type changes but decode now: {fixed:?}");
}

/// The oldest spec of the history folder (file names carry the date).
fn oldest_spec(dir: &Path) -> Option<std::path::PathBuf> {
    let mut specs: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "yaml"))
        .collect();
    specs.sort();
    specs.into_iter().next()
}

fn operations(doc: &Value) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(Value::as_object)
        .filter(|op| op.contains_key("responses"))
}

fn operation_ids(doc: &Value) -> BTreeSet<String> {
    operations(doc).filter_map(|op| op.get("operationId").and_then(Value::as_str).map(String::from)).collect()
}

/// For each operation of `doc` whose id is in `ids`: a sample of its first 2xx
/// JSON (or JSON-lines) response schema.
fn response_samples(doc: &Value, ids: &BTreeSet<String>) -> BTreeMap<String, Value> {
    // The last enum values: those added since the old spec are usually appended.
    let sampler = Sampler::new(doc).with_last_enum_values();
    let mut samples = BTreeMap::new();
    for op in operations(doc) {
        let Some(id) = op.get("operationId").and_then(Value::as_str).filter(|id| ids.contains(*id)) else { continue };
        let mut codes: Vec<(&String, &Value)> =
            op["responses"].as_object().unwrap().iter().filter(|(code, _)| code.starts_with('2')).collect();
        codes.sort_by_key(|(code, _)| code.as_str());
        let schema = codes.iter().find_map(|(_, response)| {
            let (response, _) = sampler.resolve(response, "").ok()?;
            let content = response.get("content")?;
            ["application/json", "application/stream+json"].iter().find_map(|t| content.get(*t)?.get("schema"))
        });
        if let Some(schema) = schema {
            let value = sampler.sample(schema, "").unwrap();
            samples.insert(id.to_string(), value);
        }
    }
    samples
}
