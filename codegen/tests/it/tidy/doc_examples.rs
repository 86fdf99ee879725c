//! Every doc example a user reads is written as a user of the facade writes
//! it (`vercel_client::...`, never a group or runtime crate path) and is
//! compiled as written:
//!
//! - the generated method examples (one per operation, on the group client
//!   and again on each scope client that delegates to it) are functions of
//!   `generated-client/vercel-client/examples/operations.rs`, which `cargo
//!   test` builds (this test checks that each shown call is there, and the
//!   placeholders are values the parameters accept);
//! - the hand-written ones are the README's `rust` blocks, each a file of
//!   `tests/examples/` (compiled as an example, kept equal by `readme.rs`),
//!   and the facade README's quick start (built by `quick_start.rs`).
//!
//! It prints the count (`doc examples: ...`).

use crate::support::workspace_root;
use std::collections::BTreeSet;
use std::fs;

/// The `ignore` blocks under `# Example` of a generated file: (shown call statement, whole block).
fn generated_examples(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().map(|l| l.trim_start().trim_start_matches("///").trim_start()).collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] == "```ignore" {
            let block: Vec<&str> = lines[i + 1..].iter().take_while(|l| **l != "```").copied().collect();
            let call = block.iter().find(|l| l.contains("client.") && l.ends_with(".send().await?;"));
            let call = call.map(|l| l.to_string());
            out.push((call.unwrap_or_default(), block.join("\n")));
            i += block.len() + 1;
        }
        i += 1;
    }
    out
}

#[test]
fn every_doc_example_is_written_for_the_facade_and_compiled() {
    let root = workspace_root().join("generated-client");
    let compiled =
        fs::read_to_string(root.join("vercel-client/examples/operations.rs")).expect("examples/operations.rs");
    // rustfmt wraps long calls: compare without whitespace.
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let compiled_calls: BTreeSet<String> = squash(&compiled)
        .split("usevercel_client::prelude::*;")
        .skip(1)
        .map(|rest| format!("{};", rest.split(';').next().unwrap_or("")))
        .collect();
    let mut generated = 0;
    let mut on_groups = 0;
    let mut problems = Vec::new();
    for krate in fs::read_dir(&root).unwrap() {
        let krate = krate.unwrap().path();
        let name = krate.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(text) = fs::read_to_string(krate.join("src/lib.rs")) else { continue };
        for (call, block) in generated_examples(&text) {
            generated += 1;
            if !name.starts_with("vercel-scope-") {
                on_groups += 1;
            }
            if !compiled_calls.contains(&squash(&call)) {
                problems.push(format!("{name}: `{call}` is not in examples/operations.rs"));
            }
            let foreign = block.contains("vercel_runtime") || block.contains(&format!("{}::", name.replace('-', "_")));
            if !block.contains("use vercel_client::prelude::*;") || foreign {
                problems.push(format!("{name}: not written for the facade:\n{block}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // One example per operation on the group clients, each compiled once.
    let operations = compiled.lines().filter(|l| l.starts_with("async fn ")).count();
    assert_eq!(on_groups, operations, "every operation's method shows one example");
    assert_eq!(compiled_calls.len(), operations, "the compiled file has one call per operation");
    // Placeholders are values the parameter accepts: `view` of getConfigurations is an enum.
    assert!(compiled.contains("get_configurations(\"account\")"), "getConfigurations' view is a known value");

    // Hand-written: the README's rust blocks (each a compiled file of tests/examples/ or deploy/examples/) and the quick start.
    let readme = fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let readme_blocks = readme.matches("```rust\n").count();
    // Compiled example files: the tests crate's, and the deploy crate's (its example is
    // also its crate docs' doctest).
    let example_files: Vec<String> = ["tests/examples", "deploy/examples"]
        .iter()
        .flat_map(|dir| fs::read_dir(workspace_root().join(dir)).unwrap())
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let shown = readme
        .split("```rust\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| example_files.iter().any(|f| f == block) || block.contains("#[tokio::test]"))
        .count();
    assert_eq!(shown, readme_blocks, "every README rust block is a compiled example or test");
    let facade_readme = fs::read_to_string(root.join("vercel-client/README.md")).unwrap();
    let quick_start = facade_readme.matches("```rust,no_run\n").count();
    assert_eq!(quick_start, 1);
    println!(
        "doc examples: {generated} generated ({on_groups} on group clients, {} on scope clients; {operations} \
         distinct, compiled by examples/operations.rs), {readme_blocks} README blocks, {quick_start} quick start",
        generated - on_groups
    );
}
