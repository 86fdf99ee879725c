//! The README is the short front page (at most 150 lines): its one Rust block
//! is the quick start, `tests/examples/readme.rs`, which the build compiles;
//! the rest of the documentation is the facade's guide (`codegen/guide/`,
//! checked by `doc_examples.rs`), CONTRIBUTING.md and docs/. These tests keep
//! the README and the compiled example equal, and every relative link of the
//! README, CONTRIBUTING.md and docs/ pointing at something that exists.

use std::fs;
use std::path::Path;

/// The contents of every fenced block of `text` whose info string is `lang`.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    text.split(&format!("```{lang}\n")).skip(1).filter_map(|rest| rest.split("```").next()).collect()
}

#[test]
fn readme_is_short_and_its_quick_start_is_the_compiled_example() {
    let root = xtask::workspace_root();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 150, "README.md has {lines} lines; the details belong in the guide, CONTRIBUTING.md or docs/");
    let example = fs::read_to_string(root.join("tests/examples/readme.rs")).unwrap();
    let rust = blocks(&readme, "rust");
    assert_eq!(rust, [example.as_str()], "README.md's one rust block differs from tests/examples/readme.rs");
    assert!(example.lines().count() <= 15, "the quick start is at most 15 lines");
}

#[test]
fn readme_shows_the_set_up_commands_and_links_the_guides() {
    let root = xtask::workspace_root();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let sh = blocks(&readme, "sh").concat();
    for command in ["cargo xtask regen", "cargo test --workspace"] {
        assert!(sh.contains(command), "README.md's set-up block does not show `{command}`");
    }
    for target in ["https://docs.rs/vercel-client", "CONTRIBUTING.md", "docs/architecture.md", "docs/releasing.md"] {
        assert!(readme.contains(&format!("]({target}")), "README.md does not link {target}");
    }
}

/// The GitHub anchor of a heading: lower case, spaces to dashes, other punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every `](target)` of `text` that is not a web address.
fn relative_links(text: &str) -> Vec<&str> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| !t.starts_with("http") && !t.contains("::") && !t.contains('`') && !t.contains(' '))
        .collect()
}

#[test]
fn relative_links_of_the_maintainer_guide_resolve() {
    let root = xtask::workspace_root();
    let mut files = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    files.extend(fs::read_dir(root.join("docs")).unwrap().map(|e| e.unwrap().path()));
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap();
        for link in relative_links(&text) {
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if path.is_empty() { file.clone() } else { dir.join(path) };
            checked += 1;
            if !Path::new(&target).exists() {
                broken.push(format!("{}: {link} (no such file)", file.display()));
            } else if !fragment.is_empty() {
                let target_text = fs::read_to_string(&target).unwrap_or_default();
                let anchors: Vec<String> = target_text
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .map(|l| anchor(l.trim_start_matches('#')))
                    .collect();
                if !anchors.iter().any(|a| a == fragment) {
                    broken.push(format!("{}: {link} (no such heading)", file.display()));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} relative links found: the link pattern no longer matches");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
