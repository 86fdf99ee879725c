//! Reports as markdown (for people) and JSON (for tools).

use super::{Change, Report, SpecInfo};
use serde_json::json;
use std::collections::BTreeMap;

fn spec_label(s: &SpecInfo) -> String {
    let short = s.sha256.get(..12).unwrap_or(&s.sha256);
    format!("**{} {}** (sha256 `{short}`)", s.title, s.version)
}

fn marker(c: &Change) -> &'static str {
    match (c.wire_breaking, c.api_breaking) {
        (true, true) => "**wire+API-breaking**",
        (true, false) => "**wire-breaking**",
        (false, true) => "**API-breaking**",
        (false, false) => "compatible",
    }
}

fn line(c: &Change) -> String {
    let at = if c.location.is_empty() { String::new() } else { format!(" `{}`", c.location) };
    if c.method.is_empty() {
        // A change of a crate's type paths, not of one operation.
        return format!("- {} {}{at}: {}\n", marker(c), c.kind.as_str(), c.detail);
    }
    format!("- {} `{}` ({} `{}`) {}{at}: {}\n", marker(c), c.rust_name, c.method, c.path, c.kind.as_str(), c.detail)
}

/// Heading, totals and the per-group table; with `full`, then every change.
pub fn markdown(report: &Report, full: bool) -> String {
    let sum = report.summary();
    let mut out = format!(
        "# API changes\n\nFrom {} to {}.\n\n{} changes: {} wire-breaking, {} API-breaking.\n",
        spec_label(&report.old),
        spec_label(&report.new),
        sum.total,
        sum.wire_breaking,
        sum.api_breaking
    );
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &report.changes {
        groups.entry(c.group.as_str()).or_default().push(c);
    }
    if !groups.is_empty() {
        out.push_str("\n| Group | Changes | Wire-breaking | API-breaking |\n| --- | ---: | ---: | ---: |\n");
        for (group, changes) in &groups {
            let wire = changes.iter().filter(|c| c.wire_breaking).count();
            let api = changes.iter().filter(|c| c.api_breaking).count();
            out.push_str(&format!("| {group} | {} | {wire} | {api} |\n", changes.len()));
        }
    }
    out.push_str(&new_crates(report));
    if !full {
        return out;
    }
    for (group, changes) in &groups {
        out.push_str(&format!("\n## {group}\n\n"));
        for c in changes {
            out.push_str(&line(c));
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for n in &report.notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}

/// The crates and features a regeneration would add, as a markdown section (empty when none).
fn new_crates(report: &Report) -> String {
    if report.new_crates.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n## New crates\n\nEndpoint-group crates that regenerating from the new spec adds, each behind a facade feature of `vercel-client`:\n\n| Crate | Feature | Tag | Operations |\n| --- | --- | --- | ---: |\n",
    );
    for c in &report.new_crates {
        out.push_str(&format!("| `{}` | `{}` | {} | {} |\n", c.crate_name, c.feature, c.tag, c.operations));
    }
    for c in &report.new_crates {
        if let Some((tag, names)) = &c.renamed_from {
            out.push_str(&format!(
                "\n`{}` looks like the tag `{tag}` renamed to `{}` (its operations, and no others, moved): to keep \
                 `{}` and make the move compatible, add to `spec/groups.toml`: `{}`\n",
                c.crate_name,
                c.tag,
                names.crate_name,
                names.table_line(&c.tag)
            ));
        }
    }
    out
}

/// The summary (with the new crates), then every breaking change of all
/// groups, then the other changes by group: what a reviewer reads first.
pub fn breaking_first(report: &Report) -> String {
    let mut out = markdown(report, false);
    let (breaking, other): (Vec<&Change>, Vec<&Change>) =
        report.changes.iter().partition(|c| c.wire_breaking || c.api_breaking);
    out.push_str(&format!("\n## Breaking changes ({})\n\n", breaking.len()));
    if breaking.is_empty() {
        out.push_str("None.\n");
    }
    let mut breaking = breaking;
    breaking.sort_by_key(|c| c.rank());
    for c in breaking {
        out.push_str(&format!("- {}: {}", c.group, &line(c)[2..]));
    }
    let mut groups: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in other {
        groups.entry(c.group.as_str()).or_default().push(c);
    }
    for (group, changes) in &groups {
        out.push_str(&format!("\n## {group}\n\n"));
        for c in changes {
            out.push_str(&line(c));
        }
    }
    out
}

/// `{"old", "new", "changes", "new_crates", "summary"}` as pretty-printed JSON.
pub fn json(report: &Report) -> String {
    let spec = |s: &SpecInfo| json!({"title": s.title, "version": s.version, "sha256": s.sha256});
    let changes: Vec<_> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.as_str(),
                "operation_id": c.operation_id,
                "method": c.method,
                "path": c.path,
                "location": c.location,
                "wire_breaking": c.wire_breaking,
                "api_breaking": c.api_breaking,
                "detail": c.detail,
            })
        })
        .collect();
    let new_crates: Vec<_> = report
        .new_crates
        .iter()
        .map(|c| {
            let renamed_from = c.renamed_from.as_ref().map(
                |(tag, names)| json!({"tag": tag, "crate": names.crate_name, "feature": names.feature}),
            );
            json!({"crate": c.crate_name, "feature": c.feature, "tag": c.tag, "operations": c.operations, "renamed_from": renamed_from})
        })
        .collect();
    let sum = report.summary();
    let value = json!({
        "old": spec(&report.old),
        "new": spec(&report.new),
        "changes": changes,
        "new_crates": new_crates,
        "summary": {"wire_breaking": sum.wire_breaking, "api_breaking": sum.api_breaking, "total": sum.total},
    });
    serde_json::to_string_pretty(&value).expect("a JSON value always serializes")
}
