//! No import cycles between the modules of the hand-written crates (the
//! developers' guide; issue 15 found `client -> error -> transport -> client`
//! in the runtime and `emit::crates <-> emit::operations` in codegen).
//!
//! File by file: every `.rs` file is a module (`emit/crates.rs` is
//! `emit::crates`, `emit/mod.rs` is `emit`). A module depends on another when
//! its code (outside comments and its `#[cfg(test)] mod tests`) names it: a
//! `crate::`, `super::` or `self::` path (in a `use` tree or in code)
//! resolved to the longest module it starts with. A module may name its
//! ancestors (a parent holds what its children share), so those edges do
//! not count; every other cycle fails the test, naming its modules, unless
//! it is listed in [`KNOWN_CYCLES`]; a listed cycle that no longer exists
//! fails it too, so the list cannot go stale.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The crates checked (their `src/` folders, relative to the workspace root).
const CRATES: &[&str] = &["runtime/src", "runtime/core/src", "codegen/src", "xtask/src", "deploy/src"];

/// Cycles that exist and are being removed: (crate folder, the cycle's
/// modules, sorted). Each entry says who removes it; the test fails when a
/// listed cycle is gone, so remove the entry with the change that breaks the
/// cycle.
const KNOWN_CYCLES: &[(&str, &[&str])] = &[];

/// A module path: `emit::crates` is `["emit", "crates"]`; the crate root is empty.
type ModulePath = Vec<String>;

/// The module of a file `relative` to `src/` (`emit/mod.rs` -> `emit`,
/// `lib.rs` and `main.rs` -> the root).
fn module_of(relative: &Path) -> ModulePath {
    let mut parts: ModulePath =
        relative.with_extension("").components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod"))
        || (parts.len() == 1 && (parts[0] == "lib" || parts[0] == "main"))
    {
        parts.pop();
    }
    parts
}

/// Every `.rs` file below `root` with its module path.
fn modules(root: &Path) -> BTreeMap<ModulePath, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                let module = module_of(path.strip_prefix(root).unwrap());
                // `lib.rs` and `main.rs` are both the root (of two crates, as in xtask/).
                files.entry(module).or_insert_with(String::new).push_str(&code_of(&text));
            }
        }
    }
    files
}

/// `text` without comments and without its `#[cfg(test)] mod tests`.
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    let mut out = String::new();
    for line in code.lines() {
        let line = match line.find("//") {
            // `//` inside a string (a URL) is kept: only whole-line and trailing comments after code are cut.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every path that starts with `crate`, `super` or `self` in `code`, as
/// segments: the paths of `use` declarations expanded (`use super::{a, b::c};`
/// gives `super::a` and `super::b::c`), and the paths written in code.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut lines = code.lines();
    while let Some(line) = lines.next() {
        if let Some(tree) = use_declaration(line) {
            let mut statement = tree.to_string();
            while !statement.contains(';') {
                let Some(next) = lines.next() else { break };
                statement.push(' ');
                statement.push_str(next);
            }
            let tree = statement.split(';').next().unwrap_or_default();
            expand_use(&compact(tree), &mut Vec::new(), &mut out);
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
            let root = ["crate", "super", "self"].into_iter().find(|root| code_at(&chars, i, root));
            match root {
                Some(root) if starts_word && code_at(&chars, i + root.len(), "::") => {
                    let (path, end) = path_at(&chars, i);
                    out.push(path);
                    i = end;
                }
                _ => i += 1,
            }
        }
    }
    out.retain(|p| matches!(p.first().map(String::as_str), Some("crate" | "super" | "self")));
    out
}

/// The use tree of a line that begins a `use` declaration (`use a::b;`,
/// `pub use`, `pub(crate) use`), up to the end of the line.
fn use_declaration(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if let Some(after) = rest.strip_prefix("pub") {
        rest = after.trim_start();
        if rest.starts_with('(') {
            rest = rest[rest.find(')')? + 1..].trim_start();
        }
    }
    rest.strip_prefix("use ")
}

/// `tree` with white space only between words (`x as y`), none around `::`, braces and commas.
fn compact(tree: &str) -> String {
    let words = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = words.chars().collect();
    let punctuation = |c: Option<&char>| c.is_some_and(|c| matches!(c, ':' | '{' | '}' | ','));
    let mut out = String::new();
    for (at, &c) in chars.iter().enumerate() {
        if c == ' ' && (punctuation(out.chars().last().as_ref()) || punctuation(chars.get(at + 1))) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `chars[at..]` starts with `word`.
fn code_at(chars: &[char], at: usize, word: &str) -> bool {
    word.chars().enumerate().all(|(k, w)| chars.get(at + k) == Some(&w))
}

/// The path `a::b::c` that starts at `at`, as segments, and where it ends.
fn path_at(chars: &[char], mut at: usize) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    loop {
        let start = at;
        while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
            at += 1;
        }
        if at == start {
            break;
        }
        segments.push(chars[start..at].iter().collect());
        if code_at(chars, at, "::") {
            at += 2;
        } else {
            break;
        }
    }
    (segments, at)
}

/// Expands a `use` tree without white space (`crate::a::{b,c::{d,e}}`) into
/// full paths, each prefixed by `prefix`.
fn expand_use(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.strip_prefix("::").unwrap_or(tree);
    match tree.find('{') {
        Some(open) if tree[..open].chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') => {
            let head: Vec<String> = tree[..open].split("::").filter(|s| !s.is_empty()).map(String::from).collect();
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let depth = prefix.len();
            prefix.extend(head);
            for part in split_top_level(inner) {
                expand_use(part, prefix, out);
            }
            prefix.truncate(depth);
        }
        _ => {
            let path = tree.split(" as ").next().unwrap_or(tree);
            let mut full = prefix.clone();
            full.extend(path.split("::").filter(|s| !s.is_empty() && *s != "*").map(String::from));
            // `use super::paths::{self, ...}` names `super::paths`.
            if full.len() > 1 && full.last().is_some_and(|s| s == "self") {
                full.pop();
            }
            out.push(full);
        }
    }
}

/// The comma-separated parts of a use-tree group, at brace depth 0.
fn split_top_level(inner: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (at, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Module -> the modules it depends on, for the crate whose `src/` is `root`.
fn module_graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = modules(root);
    let known: BTreeSet<&ModulePath> = files.keys().collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &files {
        let deps: &mut BTreeSet<String> = graph.entry(module.join("::")).or_default();
        for path in paths(code) {
            let Some(target) = resolve(module, &path, &known) else { continue };
            // Naming oneself or an ancestor (a parent, the crate root) is no dependency.
            if !module.starts_with(&target) {
                deps.insert(target.join("::"));
            }
        }
    }
    graph
}

/// The longest known module that `path` (written in `module`) starts with.
fn resolve(module: &ModulePath, path: &[String], known: &BTreeSet<&ModulePath>) -> Option<ModulePath> {
    let mut absolute = module.clone();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            absolute.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                absolute.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    absolute.extend(rest.iter().cloned());
    (0..=absolute.len()).rev().map(|n| absolute[..n].to_vec()).find(|candidate| known.contains(candidate))
}

/// The strongly connected components of `graph` with more than one module.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Modules that reach each other both ways share a component.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for next in graph.get(&m).into_iter().flatten() {
                if graph.contains_key(next) && seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> = graph.keys().map(|m| (m, reach(m))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for m in graph.keys() {
        if done.contains(m) {
            continue;
        }
        let component: Vec<String> =
            graph.keys().filter(|o| *o == m || (reaches[m].contains(*o) && reaches[*o].contains(m))).cloned().collect();
        done.extend(component.iter().cloned());
        if component.len() > 1 {
            out.push(component);
        }
    }
    out
}

/// The cycles of the crate whose `src/` is `root`, each as `a <-> b <-> c`.
fn crate_cycles(root: &Path) -> Vec<String> {
    let graph = module_graph(root);
    assert!(graph.len() > 3, "{}: only {} modules found", root.display(), graph.len());
    cycles(&graph).into_iter().map(|cycle| cycle.join(" <-> ")).collect()
}

#[test]
fn hand_written_crates_have_no_module_cycles() {
    let root = xtask::workspace_root();
    let mut found = BTreeSet::new();
    for krate in CRATES {
        found.extend(crate_cycles(&root.join(krate)).into_iter().map(|cycle| format!("{krate}: {cycle}")));
    }
    let known: BTreeSet<String> =
        KNOWN_CYCLES.iter().map(|(krate, cycle)| format!("{krate}: {}", cycle.join(" <-> "))).collect();
    let new: Vec<&String> = found.difference(&known).collect();
    let gone: Vec<&String> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "import cycles between modules:\n{}",
        new.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("\n")
    );
    assert!(
        gone.is_empty(),
        "KNOWN_CYCLES lists cycles that no longer exist (remove them):\n{}",
        gone.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("\n")
    );
}

/// The fixture crates in `tidy/cycle_fixtures/`: `with_cycle/` has a cycle
/// between two sibling files of one folder (the shape the old, folded check
/// could not see: `emit::crates <-> emit::package`), reached through a
/// `super::` path in code on one side and a grouped `use crate::{...}` on the
/// other; `without_cycle/` has the same files with only one of the two
/// directions, children naming their parent, and a parent naming its children.
#[test]
fn the_check_reports_a_cycle_between_sibling_files_and_only_that() {
    let fixtures = xtask::workspace_root().join("codegen/tests/it/tidy/cycle_fixtures");
    assert_eq!(crate_cycles(&fixtures.join("with_cycle")), ["emit::crates <-> emit::package"]);
    assert_eq!(crate_cycles(&fixtures.join("without_cycle")), Vec::<String>::new());
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> =
        [("a", &["b"][..]), ("b", &["c"][..]), ("c", &["a"][..]), ("d", &["a"][..])]
            .into_iter()
            .map(|(m, deps)| (m.to_string(), deps.iter().map(|d| d.to_string()).collect()))
            .collect();
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}

#[test]
fn use_trees_expand_to_full_paths() {
    let code = "pub(crate) use crate::{\n    emit::{crates, package::{self, x as y}},\n    ir,\n};\nfn f() { super::paths::ident(); self::a::b(); }\n";
    let found: Vec<String> = paths(code).into_iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "crate::emit::crates",
            "crate::emit::package",
            "crate::emit::package::x",
            "crate::ir",
            "super::paths::ident",
            "self::a::b"
        ]
    );
}
