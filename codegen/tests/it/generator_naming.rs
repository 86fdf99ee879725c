//! One test per type-naming rule (codegen/src/naming), on
//! `tests/fixtures/naming_rules.yaml` (whose output is also snapshotted and
//! compiled with the other fixtures).

use crate::support::{fixture_text, generate_fixture};
use vercel_codegen::Output;

fn output() -> Output {
    generate_fixture("naming_rules", false)
}

fn module(output: &Output, name: &str) -> String {
    output.files[&format!("vercel-things/src/{name}.rs")].clone()
}

/// The variant names of `pub enum {name}` in `text`, in order.
fn variants(text: &str, name: &str) -> Vec<String> {
    let start = text.find(&format!("pub enum {name} {{")).unwrap_or_else(|| panic!("no enum {name} in\n{text}"));
    let body = &text[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .map(str::trim)
        // Variant lines start with the variant's name (doc comments and attributes,
        // which may span lines, do not).
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| l.split('(').next().unwrap().trim_end_matches(',').to_string())
        .filter(|v| v != "Unknown")
        .collect()
}

/// Names of the types `text` declares.
fn declared(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for keyword in ["pub struct ", "pub enum ", "pub type "] {
        for (at, _) in text.match_indices(keyword) {
            let rest = &text[at + keyword.len()..];
            let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len());
            names.push(rest[..end].to_string());
        }
    }
    names
}

#[test]
fn union_alternatives_are_named_after_what_distinguishes_them() {
    let thing = module(&output(), "get_thing");
    // A single-valued `type`, then what only each of the two `github` ones has;
    // a referenced component by its name.
    let mut git = variants(&thing, "GitSource");
    git.sort();
    assert_eq!(git, ["CustomSource", "GithubOrg", "GithubRepoId", "Gitlab"]);
    // A `title`.
    let mut titled = variants(&thing, "Titled");
    titled.sort();
    assert_eq!(titled, ["LongForm", "ShortForm"]);
    // The required property only it has; its payload is `…With{Property}`, so
    // the property's own type keeps the property's name.
    let mut by = variants(&thing, "ByProperty");
    by.sort();
    assert_eq!(by, ["Team", "User"]);
    assert!(thing.contains("User(Box<ByPropertyWithUser>)") && thing.contains("pub user: User,"), "{thing}");
    // A single enum value both share names neither; the full shape is named by
    // the property only it has, the other is its `Limited` form.
    let mut release = variants(&thing, "Release");
    release.sort();
    assert_eq!(release, ["Build", "Limited"]);
    // No alternative took a positional number.
    assert!(declared(&thing).iter().all(|n| !n.ends_with(|c: char| c.is_ascii_digit())), "{:?}", declared(&thing));
}

#[test]
fn alternative_names_do_not_depend_on_their_order() {
    let text = fixture_text("naming_rules");
    let start = text.find("                  gitSource:\n                    oneOf:\n").unwrap();
    let end = text.find("                  titled:").unwrap();
    let block = &text[start..end];
    let (head, alternatives) = block.split_once("oneOf:\n").unwrap();
    let mut alts: Vec<&str> = alternatives.split("                      - ").filter(|a| !a.trim().is_empty()).collect();
    assert_eq!(alts.len(), 4);
    alts.reverse();
    let reversed: String = alts.iter().map(|a| format!("                      - {a}")).collect();
    let spec = format!("{}{head}oneOf:\n{reversed}{}", &text[..start], &text[end..]);
    assert_ne!(spec, text);
    let options = crate::support::fixture_options(false);
    let out = vercel_codegen::generate(&spec, &[], &options).expect("reversed fixture generates");
    let mut names = variants(&module(&out, "get_thing"), "GitSource");
    names.sort();
    assert_eq!(names, ["CustomSource", "GithubOrg", "GithubRepoId", "Gitlab"]);
}

#[test]
fn no_word_repeats_back_to_back() {
    let thing = module(&output(), "get_thing");
    // `target.target`: the inner one is `Target`, not `TargetTarget`.
    assert!(thing.contains("pub target: Option<Target>,"), "{thing}");
    for name in declared(&thing) {
        let mut words: Vec<String> = Vec::new();
        for c in name.chars() {
            match words.last_mut() {
                Some(w) if !c.is_ascii_uppercase() => w.push(c),
                _ => words.push(c.to_string()),
            }
        }
        assert!(words.windows(2).all(|w| w[0] != w[1]), "{name} repeats a word");
    }
}

#[test]
fn plural_arrays_have_singular_items_unless_a_sibling_has_that_name() {
    let thing = module(&output(), "get_thing");
    assert!(thing.contains("pub deployments: Option<Vec<Deployment>>,"), "{thing}");
    // `alias` is a sibling of `aliases`: its items stay `AliasesItem`.
    assert!(thing.contains("pub alias: Option<Alias>,"), "{thing}");
    assert!(thing.contains("pub aliases: Option<Vec<AliasesItem>>,"), "{thing}");
}

#[test]
fn names_take_only_as_much_of_the_path_as_tells_them_apart() {
    let thing = module(&output(), "get_thing");
    // Two positions end in `creator`: each takes its parent too; `Meta` alone is unique.
    assert!(thing.contains("pub creator: Option<ResponseCreator>,"), "{thing}");
    assert!(thing.contains("pub creator: Option<MetaCreator>,"), "{thing}");
    assert!(thing.contains("pub meta: Option<Meta>,"), "{thing}");
}

#[test]
fn shapes_repeated_across_operations_are_hoisted_not_aliased_across_modules() {
    let out = output();
    let types = &out.files["vercel-things/src/types.rs"];
    assert!(declared(types).contains(&"Assigned".to_string()), "{types}");
    for op in ["get_thing", "get_other", "get_third"] {
        let m = module(&out, op);
        assert!(m.contains("pub type Assigned = crate::types::Assigned;"), "{op}:\n{m}");
        assert!(!m.contains("crate::get_"), "{op} refers into another operation module:\n{m}");
    }
    // Its part is hoisted with it and referred to from the hoisted type.
    assert!(types.contains("pub by: Option<By>,"), "{types}");
    // A hoisted body keeps its operation's names for its parts (stable paths),
    // and its builder's setters name the hoisted types themselves (one hop).
    for op in ["put_first", "put_second"] {
        let m = module(&out, op);
        assert!(m.contains("pub type Body = crate::types::"), "{op}:\n{m}");
        assert!(m.contains("pub type BodyMode = crate::types::BodyMode;"), "{op}:\n{m}");
        assert!(m.contains("value: impl Into<crate::types::BodyMode>"), "{op}:\n{m}");
    }
}
