//! The public API surface of the committed client: one line per operation
//! (method, HTTP method, path, parameters, body and response types), per type
//! (fields, variants) and per scope crate, sorted (`vercel_codegen::surface`).
//!
//! It is computed for the spec `generated-client/` was generated from (its
//! `SPEC.toml`), so after `cargo xtask regen --spec NEWER` this snapshot fails
//! until the API change is reviewed and accepted
//! (`INSTA_UPDATE=always cargo test -p vercel-codegen --test it api_surface`).

use crate::support::{overlays, workspace_root, IN_TREE_RUNTIME_PATH};
use std::fs;
use vercel_codegen::{surface, Options};

#[test]
fn api_surface() {
    let root = workspace_root();
    let out_dir = root.join(xtask::regen::GENERATED_DIR);
    let spec = match xtask::diff::recorded_spec(&root, &out_dir).expect("looking up the recorded spec") {
        Some(spec) => spec,
        None => {
            assert!(
                xtask::diff::recorded_sha256(&out_dir).is_none(),
                "generated-client/SPEC.toml names a spec that is neither the pinned one nor in spec/.work/specs/ \
                 or ../shared/spec/history/; run `cargo xtask regen`"
            );
            xtask::diff::load_spec(&root, "pinned").expect("loading the pinned spec")
        }
    };
    let scopes = xtask::read_scope_table(&root).expect("reading the scope table");
    let options = Options::new(IN_TREE_RUNTIME_PATH)
        .strict_overlays(spec.strict)
        .scopes(scopes)
        .groups(xtask::read_group_table(&root).unwrap());
    let text = surface(&spec.text, &overlays(), &options).unwrap_or_else(|e| panic!("surface: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "surface lines are sorted");
    let ops = lines.iter().filter(|l| l.starts_with("op ")).count();
    let facade = fs::read_to_string(out_dir.join("vercel-client/Cargo.toml")).expect("reading the facade manifest");
    assert!(ops > 0 && !facade.is_empty());
    insta::assert_snapshot!("api_surface", text);
}
