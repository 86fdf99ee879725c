//! Checks the reserved-name table (`naming::reserved`) against what the
//! emitter really writes: every builder method and field, and every group
//! client method, that does not come from the spec is in the table, and every
//! table entry but `wait` (written only for waiter operations) is written somewhere.

use crate::ir::{Api, BodyKind, Operation};
use crate::naming::reserved::{BUILDER_FIELDS, BUILDER_METHODS, GROUP_CLIENT_METHODS};
use std::collections::BTreeSet;

/// Fixtures that between them make every kind of builder (JSON fields, whole
/// JSON, bytes with a digest setter, pages, event streams, no body, `HEAD`).
const FIXTURES: &[&str] = &[
    include_str!("../../../tests/fixtures/builder_names.yaml"),
    include_str!("../../../tests/fixtures/bodies.yaml"),
    include_str!("../../../tests/fixtures/binary_body.yaml"),
    include_str!("../../../tests/fixtures/pagination.yaml"),
    include_str!("../../../tests/fixtures/nullable.yaml"),
    include_str!("../../../tests/fixtures/parameters.yaml"),
    include_str!("../../../tests/fixtures/registry.yaml"),
];

/// Methods the emitter writes only for operations none of the fixtures has
/// (`wait`: operations with an `x-rust-waiter` extension).
const RESERVED_AHEAD: &[&str] = &["wait"];

fn options() -> crate::Options {
    crate::Options::new("../../runtime")
}

fn api(spec: &str) -> Api {
    crate::build_api(spec, &[], &options()).expect("fixture builds").0
}

/// The names of `impl Request`'s methods and `struct Request`'s fields in an operation module.
fn builder_items(file: &syn::File) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut methods = BTreeSet::new();
    let mut fields = BTreeSet::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if s.ident == "Request" => {
                for f in s.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    assert!(fields.insert(unraw(f)), "builder field `{f}` is declared twice");
                }
            }
            syn::Item::Impl(i) if is_request(&i.self_ty) && i.trait_.is_none() => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        methods.insert(unraw(&f.sig.ident));
                    }
                }
            }
            _ => {}
        }
    }
    (methods, fields)
}

fn is_request(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("Request"))
}

fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_string()
}

/// The builder methods and fields the IR named for `op` (from the spec).
fn spec_names(op: &Operation) -> (BTreeSet<String>, BTreeSet<String>) {
    let un = |s: &str| s.trim_start_matches("r#").to_string();
    let mut methods: BTreeSet<String> =
        op.params.iter().filter(|p| !p.required).map(|p| un(p.rust_name.as_str())).collect();
    let mut fields: BTreeSet<String> = op.params.iter().map(|p| un(p.rust_name.as_str())).collect();
    if let Some(body) = &op.body {
        if let BodyKind::Fields { setters, null_setters, stores, .. } = &body.kind {
            methods.extend(setters.iter().map(|s| un(s)));
            methods.extend(null_setters.iter().flatten().map(|s| un(s)));
            fields.extend(stores.iter().map(|s| un(s)));
        }
        methods.extend(body.digest.iter().map(|d| un(&d.setter)));
    }
    (methods, fields)
}

#[test]
fn every_name_the_emitter_writes_into_a_builder_is_reserved() {
    let mut written_methods = BTreeSet::new();
    let mut written_fields = BTreeSet::new();
    for spec in FIXTURES {
        let api = api(spec);
        for op in &api.operations {
            let file: syn::File = syn::parse2(super::operations::module(&api, op)).expect("module parses");
            let (methods, fields) = builder_items(&file);
            let (spec_methods, spec_fields) = spec_names(op);
            assert!(spec_methods.is_subset(&methods), "{}: IR setters {spec_methods:?} not all written", op.name);
            for m in methods.difference(&spec_methods) {
                assert!(
                    BUILDER_METHODS.contains(&m.as_str()),
                    "{}: builder method `{m}` is not in BUILDER_METHODS",
                    op.name
                );
                written_methods.insert(m.clone());
            }
            for f in fields.difference(&spec_fields) {
                assert!(
                    BUILDER_FIELDS.contains(&f.as_str()),
                    "{}: builder field `{f}` is not in BUILDER_FIELDS",
                    op.name
                );
                written_fields.insert(f.clone());
            }
        }
        for (i, _) in api.groups.iter().enumerate() {
            let file: syn::File = syn::parse2(super::crates::group_lib(&api, i)).expect("lib parses");
            let ops: BTreeSet<String> =
                api.operations.iter().filter(|o| o.group == i).map(|o| o.module().to_string()).collect();
            for item in &file.items {
                let syn::Item::Impl(imp) = item else { continue };
                if imp.trait_.is_some() {
                    continue;
                }
                for it in &imp.items {
                    let syn::ImplItem::Fn(f) = it else { continue };
                    let name = unraw(&f.sig.ident);
                    assert!(
                        ops.contains(&name) || GROUP_CLIENT_METHODS.contains(&name.as_str()),
                        "group client method `{name}` is neither an operation nor in GROUP_CLIENT_METHODS"
                    );
                }
            }
        }
    }
    let stale: Vec<&&str> = BUILDER_METHODS
        .iter()
        .filter(|m| !written_methods.contains(**m) && !RESERVED_AHEAD.contains(m))
        .chain(BUILDER_FIELDS.iter().filter(|f| !written_fields.contains(**f)))
        .collect();
    assert!(stale.is_empty(), "reserved names the emitter never writes: {stale:?}");
}

#[test]
fn spec_names_never_take_a_reserved_name() {
    let api = api(FIXTURES[0]);
    let create = api.operations.iter().find(|o| o.runtime_id == "createThing").unwrap();
    let params: Vec<&str> = create.params.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(params, ["body_name", "send_2", "options_2", "into_parts_2", "client_2"]);
    let Some(BodyKind::Fields { setters, stores, .. }) = create.body.as_ref().map(|b| &b.kind) else {
        panic!("createThing has a fields body")
    };
    // A body field named like a taken input gets `body_` in front of its setter.
    assert_eq!(setters, &["name", "body_body", "body_new", "body_send_with_response", "body_into_stream"]);
    // `body_name` is the query parameter's field: the body field `name` is stored elsewhere.
    assert_eq!(stores[0], "body_name_2");
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert!(names.contains(&"new_2") && names.contains(&"client_2") && names.contains(&"types_2"), "{names:?}");
}

#[test]
fn facade_features_are_the_reserved_ones() {
    use crate::naming::reserved::FACADE_FEATURES;
    let api = api(FIXTURES[0]);
    let manifest = super::crates::facade_manifest(&api, &options());
    let features = manifest.split("\n[features]\n").nth(1).expect("the facade has features");
    let groups: BTreeSet<&str> = api.groups.iter().map(|g| g.feature.as_str()).collect();
    let written: BTreeSet<&str> = features
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(" = "))
        .map(|l| l.split(" = ").next().unwrap())
        .filter(|f| !groups.contains(f) && !f.starts_with("scope-"))
        .collect();
    let companions: Vec<&str> =
        crate::ir::facade::companions(&api, &options()).iter().map(|(c, _)| c.feature).collect();
    assert_eq!(written, FACADE_FEATURES.iter().chain(&companions).copied().collect::<BTreeSet<_>>());
    // Every group feature turns the client on, so a group never builds without the runtime.
    for g in &api.groups {
        let line = features.lines().find(|l| l.starts_with(&format!("{} = ", g.feature))).unwrap();
        assert!(line.contains("\"client\""), "{line}");
    }
}
