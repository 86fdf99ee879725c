//! No import cycles between the modules of the hand-written crates (the
//! developers' guide; issue 15 found `client -> error -> transport -> client`
//! in the runtime and `emit::crates <-> emit::operations` in codegen).
//!
//! A module depends on another when its code (outside comments and its
//! `#[cfg(test)] mod tests`) names `crate::other`. Submodules count as their
//! top-level module (`client::limits` is `client`), so a child may use its
//! parent. The test fails naming every cycle it finds.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Top-level module → the top-level modules it names, for the crate whose `src/` is `root`.
fn module_graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().with_extension("");
            let top = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
            if top == "lib" || top == "main" {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
            let deps = graph.entry(top.clone()).or_default();
            for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + "crate::".len()..];
                    let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    // A lowercase name followed by `::` is a module (`crate::error::Error`);
                    // `crate::sha1_hex(..)` is an item of the crate root.
                    if !name.is_empty() && name != top && rest[name.len()..].starts_with("::") {
                        deps.insert(name);
                    }
                }
            }
        }
    }
    graph
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

#[test]
fn hand_written_crates_have_no_module_cycles() {
    let root = vercel_tests::workspace_root();
    let mut found = Vec::new();
    for krate in ["runtime/src", "runtime/core/src", "codegen/src", "xtask/src"] {
        let graph = module_graph(&root.join(krate));
        assert!(graph.len() > 3, "{krate}: only {} modules found", graph.len());
        for cycle in cycles(&graph) {
            found.push(format!("{krate}: {}", cycle.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import cycles between modules:\n{}", found.join("\n"));
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
