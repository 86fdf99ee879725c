//! Properties of the generator on the real, pinned Vercel spec (with the
//! overlays in `spec/overlays/`): deterministic output, names that do not
//! depend on unrelated operations, the expected operation and group counts.
//! (That the committed `generated-client/` is up to date is a tidy check:
//! `tidy::committed_client_is_up_to_date`.)

use crate::support::{generate_modified, generate_pinned};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use vercel_codegen::Output;

/// HTTP methods of an OpenAPI path item, as the spec spells them.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Crates of the output that are not endpoint groups.
const NON_GROUP_CRATES: &[&str] = &["vercel-types", "vercel-client"];

/// The pinned spec's text, read once per test binary.
fn spec_text() -> &'static str {
    crate::support::pinned_spec()
}

/// The pinned spec, parsed.
fn spec_json() -> Value {
    serde_json::from_str(spec_text()).expect("the pinned spec is JSON")
}

/// The generator's output for the pinned spec, generated once per test binary.
fn baseline() -> &'static Output {
    crate::support::pinned_output()
}

/// One operation of the spec.
#[derive(Debug, Clone)]
struct SpecOp {
    path: String,
    method: String,
    operation_id: Option<String>,
    group: String,
}

/// Every operation of `spec`, in document order.
fn spec_operations(spec: &Value) -> Vec<SpecOp> {
    let paths = spec["paths"].as_object().expect("`paths` is a map");
    let mut ops = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(*method) else { continue };
            let group = op["tags"].get(0).and_then(Value::as_str).unwrap_or("other").to_string();
            ops.push(SpecOp {
                path: path.clone(),
                method: method.to_string(),
                operation_id: op["operationId"].as_str().map(str::to_string),
                group,
            });
        }
    }
    ops
}

/// Operation module files (`vercel-<group>/src/<operation>.rs`) of an output, with their contents.
fn operation_modules(output: &Output) -> BTreeMap<&str, &str> {
    output
        .files
        .iter()
        .filter(|(path, _)| {
            let parts: Vec<&str> = path.split('/').collect();
            parts.len() == 3
                && parts[0].starts_with("vercel-")
                && !NON_GROUP_CRATES.contains(&parts[0])
                && parts[1] == "src"
                && parts[2].ends_with(".rs")
                && parts[2] != "lib.rs"
                // A group's own component types, not an operation.
                && parts[2] != "types.rs"
        })
        .map(|(path, contents)| (path.as_str(), contents.as_str()))
        .collect()
}

/// The line pair of an operation module's `OPERATION` constant that says which operation it is.
fn operation_marker(op: &SpecOp) -> String {
    format!("method: vercel_runtime::Method::{},\n    path: {:?},", op.method.to_ascii_uppercase(), op.path)
}

/// The operation module of `op` among `modules`; panics unless there is exactly one.
fn module_of<'a>(modules: &BTreeMap<&'a str, &str>, op: &SpecOp) -> &'a str {
    let marker = operation_marker(op);
    let found: Vec<&str> = modules.iter().filter(|(_, c)| c.contains(&marker)).map(|(p, _)| *p).collect();
    assert_eq!(found.len(), 1, "{} {}: expected exactly one module, found {found:?}", op.method, op.path);
    found[0]
}

#[test]
fn generation_is_deterministic() {
    let again = generate_pinned(spec_text());
    let first = baseline();
    assert_eq!(first.stats, again.stats);
    let first_paths: Vec<&String> = first.files.keys().collect();
    let again_paths: Vec<&String> = again.files.keys().collect();
    assert_eq!(first_paths, again_paths, "the two runs produced different file lists");
    let differing: Vec<&String> = first.files.iter().filter(|(p, c)| again.files[*p] != **c).map(|(p, _)| p).collect();
    assert!(differing.is_empty(), "files that differ between two runs: {differing:?}");
}

#[test]
fn counts_match_the_pinned_spec() {
    let output = baseline();
    assert_eq!(output.stats.operations, 216, "operations");
    assert_eq!(output.stats.groups, 26, "endpoint groups");

    let spec = spec_json();
    let ops = spec_operations(&spec);
    assert_eq!(ops.len(), 216, "operations in the spec itself");
    let groups: BTreeSet<&str> = ops.iter().map(|op| op.group.as_str()).collect();
    assert_eq!(groups.len(), 26, "first tags in the spec itself");

    // One module per operation, and each operation's module is in its group's crate.
    let modules = operation_modules(output);
    assert_eq!(modules.len(), 216, "operation module files");
    let mut seen = BTreeSet::new();
    for op in &ops {
        let file = module_of(&modules, op);
        assert!(seen.insert(file), "{file} claimed by two operations");
        let krate = file.split('/').next().unwrap();
        let normalized: String =
            op.group.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
        let crate_letters: String = krate["vercel-".len()..].chars().filter(char::is_ascii_alphanumeric).collect();
        assert_eq!(crate_letters, normalized, "{} {} (group {}) is in {file}", op.method, op.path, op.group);
        if let Some(id) = &op.operation_id {
            assert!(modules[file].contains(&format!("id: {id:?},")), "{file} is not operation {id}");
        }
    }
    // Every group crate has a manifest and a lib.rs.
    for krate in modules.keys().map(|f| f.split('/').next().unwrap()).collect::<BTreeSet<_>>() {
        for file in ["Cargo.toml", "src/lib.rs"] {
            assert!(output.files.contains_key(&format!("{krate}/{file}")), "{krate}/{file} missing");
        }
    }
}

#[test]
fn operations_without_operation_id_get_version_free_names() {
    let spec = spec_json();
    let modules = operation_modules(baseline());
    let without_id: Vec<SpecOp> = spec_operations(&spec).into_iter().filter(|op| op.operation_id.is_none()).collect();
    assert_eq!(without_id.len(), 7, "operations without operationId in the pinned spec: {without_id:?}");

    let mut names = BTreeSet::new();
    for op in &without_id {
        let file = module_of(&modules, op);
        let name = file.rsplit('/').next().unwrap().trim_end_matches(".rs");
        assert!(name.starts_with(&format!("{}_", op.method)), "{file}: the name starts with the HTTP method");
        let has_version =
            name.split('_').any(|w| w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit()));
        assert!(!has_version, "{file}: the name carries a version number");
        assert!(
            name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{file}: not snake_case"
        );
        // Without an operationId, the runtime identifies the operation by its method name.
        assert!(modules[file].contains(&format!("id: {name:?},")), "{file}: OPERATION.id is not {name:?}");
        assert!(names.insert(name), "two operations without operationId are both named {name}");
    }
    let files: BTreeSet<&str> = modules.keys().map(|f| f.rsplit('/').next().unwrap()).collect();
    assert!(
        files.contains("get_projects_custom_environments.rs"),
        "GET /v9/projects/{{idOrName}}/custom-environments is get_projects_custom_environments"
    );
}

/// Names of the types a generated module declares (`pub struct`, `pub enum`,
/// `pub type`, including those inside `open_enum!`), in order.
fn declared_types(module: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["pub struct ", "pub enum ", "pub type "] {
        for (at, _) in module.match_indices(keyword) {
            let rest = &module[at + keyword.len()..];
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len());
            names.push((at, &rest[..end]));
        }
    }
    names.sort();
    names.into_iter().map(|(_, name)| name).collect()
}

#[test]
fn removing_unrelated_operations_renames_nothing() {
    let mut spec = spec_json();
    let ops = spec_operations(&spec);

    // One operation: the first of the `aliases` group (its path keeps its other operations).
    let op = ops.iter().find(|op| op.group == "aliases").expect("the spec has an `aliases` group").clone();
    // One whole path, of another group.
    let other_path = ops
        .iter()
        .find(|o| o.group != "aliases" && ops.iter().filter(|p| p.path == o.path).all(|p| p.group == o.group))
        .map(|o| o.path.clone())
        .expect("a path outside the aliases group");
    let removed: Vec<SpecOp> =
        ops.iter().filter(|o| o.path == other_path || (o.path == op.path && o.method == op.method)).cloned().collect();
    assert!(removed.len() >= 2, "{removed:?}");

    let paths = spec["paths"].as_object_mut().unwrap();
    paths[&op.path].as_object_mut().unwrap().shift_remove(&op.method).expect("the operation exists");
    paths.shift_remove(&other_path).expect("the path exists");
    let smaller = generate_modified(&serde_json::to_string(&spec).unwrap());
    assert_eq!(smaller.stats.operations, 216 - removed.len());

    let before = operation_modules(baseline());
    let after = operation_modules(&smaller);
    let removed_files: BTreeSet<&str> = removed.iter().map(|o| module_of(&before, o)).collect();
    let expected: BTreeSet<&str> = before.keys().copied().filter(|f| !removed_files.contains(f)).collect();
    let actual: BTreeSet<&str> = after.keys().copied().collect();
    assert_eq!(actual, expected, "operation modules after removing {removed:?}");

    // A shape that several operations of a group repeat is defined once in the
    // group's `types` module; when removing operations leaves it in one module
    // only, it is defined there again (with its parts), and a hoisted shape
    // that had to take a number beside it (`Role2`) takes the plain name. A
    // module that names such a hoisted type (one that is gone from its
    // crate's `types.rs` afterwards) may change. No other module may.
    let unhoisted = |f: &str| -> bool {
        let krate = f.split('/').next().unwrap();
        let types_file = format!("{krate}/src/types.rs");
        let still = smaller.files.get(&types_file).map(String::as_str).unwrap_or("");
        let still = declared_types(still);
        let before_types = baseline().files.get(&types_file).map(String::as_str).unwrap_or("");
        declared_types(before_types)
            .into_iter()
            .filter(|name| !still.contains(name))
            .any(|n| before[f].contains(&format!("crate::types::{n};")))
    };

    // Every other remaining module declares the same types under the same names, in the same order.
    let renamed: Vec<String> = after
        .iter()
        .filter(|(f, c)| declared_types(before[*f]) != declared_types(c) && !unhoisted(f))
        .map(|(f, c)| format!("{f}: {:?} -> {:?}", declared_types(before[*f]), declared_types(c)))
        .collect();
    assert!(renamed.is_empty(), "types renamed, added or dropped after removing {removed:?}:\n{}", renamed.join("\n"));

    // And is byte-identical.
    let changed: Vec<&str> =
        after.iter().filter(|(f, c)| before[*f] != **c && !unhoisted(f)).map(|(f, _)| *f).collect();
    assert!(changed.is_empty(), "modules of unrelated operations changed after removing {removed:?}: {changed:?}");
    // The exemption is not vacuous: removing these operations does un-hoist a shape.
    assert!(after.keys().any(|f| unhoisted(f)), "no module shared a hoisted shape with a removed one");
    assert_eq!(
        baseline().files["vercel-types/src/lib.rs"],
        smaller.files["vercel-types/src/lib.rs"],
        "the shared types changed after removing unrelated operations"
    );
}

/// Operation modules never alias into another operation's module: shapes that
/// several operations repeat are defined in the group's `types` module.
#[test]
fn operation_modules_never_refer_into_each_other() {
    let modules = operation_modules(baseline());
    let mut offenders = Vec::new();
    for (file, text) in &modules {
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let segment = &rest[..rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len())];
            let is_module = rest[segment.len()..].starts_with("::");
            if is_module && segment != "types" {
                offenders.push(format!("{file}: crate::{segment}::"));
            }
        }
    }
    offenders.dedup();
    assert!(
        offenders.is_empty(),
        "{} references into other operation modules:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
}
