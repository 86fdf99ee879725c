//! The sample-value generator (`vercel_codegen::sample`): its values conform to
//! their schemas, it prefers valid examples, and the corrected pinned spec has no
//! example that contradicts its schema.

use serde_json::{json, Value};
use vercel_codegen::sample::{bad_examples, Sampler};

#[test]
fn pinned_spec_examples_conform_after_overlays() {
    let text = vercel_tests::pinned_spec_text();
    let (doc, _) = vercel_codegen::corrected_spec(&text, &vercel_tests::overlays(), true).unwrap();
    let bad = bad_examples(&doc);
    let listing: Vec<String> = bad.iter().map(|b| format!("{}: {}", b.pointer, b.violation)).collect();
    assert!(bad.is_empty(), "{} examples contradict their schemas:\n{}", bad.len(), listing.join("\n"));
}
