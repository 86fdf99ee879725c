//! Every doc example a user reads is written as a user of the facade writes
//! it (`vercel_client::...`, never a group or runtime crate path) and is
//! compiled as written:
//!
//! - the generated method examples (one per operation, on the group client
//!   and again on each scope client that delegates to it) are functions of
//!   `generated-client/vercel-client/examples/operations.rs`, which `cargo
//!   test` builds (this test checks that each shown call is there, and the
//!   placeholders are values the parameters accept);
//! - the guide's examples (`codegen/guide/*.md`, the facade's
//!   `vercel_client::guide`) are doctests of the facade: this test checks that
//!   every chapter is emitted into the facade, has examples, that doctests are
//!   on, and that `cargo test --workspace` enables every feature a chapter
//!   needs (so none is skipped); rustdoc compiles them;
//! - the README's quick start is `tests/examples/readme.rs` (kept equal by
//!   `readme.rs`), and the facade README's quick start is built by
//!   `quick_start.rs` (and is a doctest of the facade too).
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

    // Hand-written: the guide's chapters (doctests of the facade) and the README's quick start.
    let guide = guide_examples();
    let guide_total: usize = guide.iter().map(|(_, n)| n).sum();
    let readme = fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let example = fs::read_to_string(workspace_root().join("tests/examples/readme.rs")).unwrap();
    let readme_blocks = readme.matches("```rust\n").count();
    assert_eq!(readme_blocks, 1, "the README's one rust block is the quick start");
    assert!(readme.contains(&format!("```rust\n{example}```")), "the README's quick start is tests/examples/readme.rs");
    let facade_readme = fs::read_to_string(root.join("vercel-client/README.md")).unwrap();
    let quick_start = facade_readme.matches("```rust,no_run\n").count();
    assert_eq!(quick_start, 1);
    let chapters: Vec<String> = guide.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!(
        "doc examples: {generated} generated ({on_groups} on group clients, {} on scope clients; {operations} \
         distinct, compiled by examples/operations.rs), {guide_total} guide doctests in {} chapters ({}), \
         {readme_blocks} README quick start, {quick_start} facade README quick start (a doctest too)",
        generated - on_groups,
        guide.len(),
        chapters.join(", ")
    );
}

/// The fenced blocks of a markdown text: (info string, contents).
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, Vec<&str>)> = None;
    for line in text.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), Vec::new())),
            (Some(_), Some(_)) => {
                let (info, lines) = open.take().unwrap();
                out.push((info, lines.join("\n")));
            }
            (Some((_, lines)), None) => lines.push(line),
            (None, None) => {}
        }
    }
    out
}

/// Whether rustdoc compiles a block with this info string as a doctest of the crate.
fn is_doctest(info: &str) -> bool {
    let tags: Vec<&str> = info.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    let rust = tags.is_empty() || tags.iter().all(|t| ["rust", "no_run", "should_panic", "compile_fail"].contains(t));
    rust && !tags.contains(&"compile_fail")
}

/// The guide's chapters (`codegen/guide/*.md`) with their number of doctests,
/// checked to be emitted into the facade and compiled by `cargo test --workspace`.
fn guide_examples() -> Vec<(String, usize)> {
    let root = workspace_root();
    let facade = root.join("generated-client/vercel-client");
    let module = fs::read_to_string(facade.join("src/guide.rs")).expect("the facade's src/guide.rs");
    let manifest = fs::read_to_string(facade.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[lib]") && manifest.contains("doctest = true") && !manifest.contains("doctest = false"),
        "the facade's doctests (the guide's examples) are turned off"
    );
    // Features `cargo test --workspace` builds the facade with: its defaults and the tests crate's.
    let defaults = manifest.lines().find(|l| l.starts_with("default = [")).expect("the facade's default features");
    let tests_manifest = fs::read_to_string(root.join("tests/Cargo.toml")).unwrap();
    let tests_dep = tests_manifest.split("vercel-client = {").nth(1).and_then(|r| r.split('}').next()).unwrap();
    let enabled = |feature: &str| {
        let quoted = format!("\"{feature}\"");
        feature == "client" || defaults.contains(&quoted) || tests_dep.contains(&quoted)
    };
    let mut chapters: Vec<_> = fs::read_dir(root.join("codegen/guide"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    assert!(!chapters.is_empty(), "codegen/guide/ has no chapters");
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for path in chapters {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        // Emitted: copied into the facade and included as the doc of `guide::<name>`.
        let copy = fs::read_to_string(facade.join(format!("guide/{name}.md"))).unwrap_or_default();
        if !copy.starts_with(text.trim_end()) {
            problems.push(format!("{name}: not copied into the facade's guide/ (run `cargo xtask regen`)"));
        }
        let include = format!("#[doc = include_str!(\"../guide/{name}.md\")]");
        let Some(before) = module.split(&include).next().filter(|b| b.len() < module.len()) else {
            problems.push(format!("{name}: not a module of vercel_client::guide"));
            continue;
        };
        // The `#[cfg(...)]` of its module: every feature in it is on in `cargo test --workspace`.
        let attrs = before.rsplit("pub mod ").next().unwrap_or_default();
        let cfg = attrs.find("#[cfg(").map_or("", |i| attrs[i..].split(")]").next().unwrap_or_default());
        for feature in cfg.split("feature = \"").skip(1).filter_map(|r| r.split('"').next()) {
            if !enabled(feature) {
                problems.push(format!("{name}: needs feature `{feature}`, which `cargo test --workspace` leaves off"));
            }
        }
        let mut doctests = 0;
        for (info, block) in fenced_blocks(&text) {
            if info.contains("ignore") {
                problems.push(format!("{name}: an `ignore` block is not compiled:\n{block}"));
            }
            if !is_doctest(&info) {
                continue;
            }
            doctests += 1;
            let foreign = ["vercel_runtime", "vercel_deploy::", "vercel_deployments::", "vercel_types::"];
            if !block.contains("vercel_client") || foreign.iter().any(|f| block.contains(f)) {
                problems.push(format!("{name}: not written for the facade:\n{block}"));
            }
        }
        if doctests == 0 {
            problems.push(format!("{name}: no compiled example"));
        }
        out.push((name, doctests));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    out
}
