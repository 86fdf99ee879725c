//! Spec drift: what changes in the generated API between two specs.
//!
//! Both specs go through the same pipeline as generation (load, overlays, IR,
//! scope grants); the two IRs are then compared operation by operation
//! (`compare`), every change is classified for wire and Rust API
//! compatibility (`rules`), and the report is rendered as markdown or JSON
//! (`render`). The kinds of change are listed in [`Kind`].

mod compare;
mod kind;
mod render;
mod rules;

pub use kind::Kind;

use crate::{Error, Options, OverlaySource};
use std::collections::BTreeSet;

/// One side of a comparison: a spec's text and how to treat it.
#[derive(Debug, Clone)]
pub struct SpecInput<'a> {
    /// The spec text (JSON or YAML).
    pub text: &'a str,
    /// SHA-256 of the text (hex), reported as given (the library does no hashing).
    pub sha256: String,
    /// Overlay actions whose target is missing are an error (the pinned spec)
    /// rather than skipped (any other spec), as in [`Options::strict_overlays`].
    pub strict_overlays: bool,
}

/// Title, version and hash of one spec of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecInfo {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// SHA-256 of the spec text.
    pub sha256: String,
}

/// One change of the API surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// The operation's endpoint group (first tag). A change inside a component
    /// schema is reported once, under the first operation that reaches it.
    pub group: String,
    /// The crate of that endpoint group (`vercel-deployments`), which a version bump applies to.
    pub crate_name: String,
    /// The operation's Rust method name (new name when it changed).
    pub rust_name: String,
    /// The spec's operationId (new one when it changed), if any.
    pub operation_id: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path (the new one for a moved operation, the old one for a removed one).
    pub path: String,
    /// Where in the operation (`query.limit`, `request.body.name`,
    /// `response.deployments[].state`, `Project.framework` for a component type),
    /// empty for the operation itself.
    pub location: String,
    /// An existing client would break against a server that follows the new spec.
    pub wire_breaking: bool,
    /// Regenerating the client breaks downstream code that compiles today.
    pub api_breaking: bool,
    /// What exactly changed, in a few words.
    pub detail: String,
}

impl Change {
    /// Sort rank: wire+API breaking, wire only, API only, neither.
    fn rank(&self) -> u8 {
        match (self.wire_breaking, self.api_breaking) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }
    }
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Changes that break existing clients on the wire.
    pub wire_breaking: usize,
    /// Changes that break downstream Rust code.
    pub api_breaking: usize,
    /// All changes.
    pub total: usize,
}

/// An endpoint-group crate (and facade feature) the new spec adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCrate {
    /// Crate name (`vercel-sandboxes`).
    pub crate_name: String,
    /// The facade's Cargo feature that enables it (`sandboxes`).
    pub feature: String,
    /// The tag its operations have (the first, when the group table maps several to it).
    pub tag: String,
    /// How many operations it holds.
    pub operations: usize,
    /// When the crate looks like an old group under a renamed tag (its
    /// operations all come from one old group that is gone, none went
    /// elsewhere): that group's tag and names. Mapping the new tag to them in
    /// `spec/groups.toml` keeps the old crate.
    pub renamed_from: Option<(String, crate::groups::GroupName)>,
}

/// The changes from one spec to another.
#[derive(Debug, Clone)]
pub struct Report {
    /// The old spec.
    pub old: SpecInfo,
    /// The new spec.
    pub new: SpecInfo,
    /// Changes, ordered by group, then breaking first, then method name and location.
    pub changes: Vec<Change>,
    /// The crates a regeneration from the new spec would add, in crate-name order.
    pub new_crates: Vec<NewCrate>,
    /// Notes from loading the specs (overlay actions or scope entries skipped).
    pub notes: Vec<String>,
}

impl Report {
    /// Counts of the changes.
    pub fn summary(&self) -> Summary {
        Summary {
            wire_breaking: self.changes.iter().filter(|c| c.wire_breaking).count(),
            api_breaking: self.changes.iter().filter(|c| c.api_breaking).count(),
            total: self.changes.len(),
        }
    }

    /// The whole report as markdown: heading, summary table, then the changes
    /// grouped by endpoint group, breaking ones first, one line each.
    pub fn to_markdown(&self) -> String {
        render::markdown(self, true)
    }

    /// The heading, summary table and new crates of [`Report::to_markdown`] only.
    pub fn summary_markdown(&self) -> String {
        render::markdown(self, false)
    }

    /// The summary and new crates, then the breaking changes of every group,
    /// then the other changes by group (the body of `update-spec`'s pull request).
    pub fn to_markdown_breaking_first(&self) -> String {
        render::breaking_first(self)
    }

    /// The report as pretty-printed JSON (shape documented in the README).
    pub fn to_json(&self) -> String {
        render::json(self)
    }
}

/// The tables of this repository both specs are read with: each is the text of
/// its `spec/` file, or `None` when there is none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tables<'a> {
    /// The scope table (`spec/scopes.toml`), so scope membership is compared too.
    pub scopes: Option<&'a str>,
    /// The group table (`spec/groups.toml`), so an operation whose tag changed
    /// but whose crate did not is a compatible change.
    pub groups: Option<&'a str>,
}

/// Compares two specs at the level of the generated API. Both are loaded with
/// `overlays` (strict or lenient as each [`SpecInput`] says) and the `tables`.
pub fn diff(
    old: &SpecInput<'_>,
    new: &SpecInput<'_>,
    overlays: &[OverlaySource],
    tables: Tables<'_>,
) -> Result<Report, Error> {
    let options = |strict: bool| {
        Options::new("")
            .strict_overlays(strict)
            .scopes(tables.scopes.map(str::to_string))
            .groups(tables.groups.map(str::to_string))
    };
    let (old_api, old_notes) = crate::build_api(old.text, overlays, &options(old.strict_overlays))?;
    let (new_api, new_notes) = crate::build_api(new.text, overlays, &options(new.strict_overlays))?;
    let mut changes = compare::compare(&old_api, &new_api);
    changes.sort_by(|a, b| {
        (a.group.as_str(), a.rank(), a.rust_name.as_str(), a.location.as_str(), a.kind.as_str(), a.detail.as_str()).cmp(
            &(
                b.group.as_str(),
                b.rank(),
                b.rust_name.as_str(),
                b.location.as_str(),
                b.kind.as_str(),
                b.detail.as_str(),
            ),
        )
    });
    changes.dedup();
    let notes = old_notes
        .into_iter()
        .map(|n| format!("old: {n}"))
        .chain(new_notes.into_iter().map(|n| format!("new: {n}")))
        .collect();
    Ok(Report {
        old: SpecInfo { title: old_api.title.clone(), version: old_api.version.clone(), sha256: old.sha256.clone() },
        new: SpecInfo { title: new_api.title.clone(), version: new_api.version.clone(), sha256: new.sha256.clone() },
        changes,
        new_crates: new_crates(&old_api, &new_api),
        notes,
    })
}

/// The endpoint-group crates of `new` that `old` does not have, with their operation counts.
fn new_crates(old: &crate::ir::Api, new: &crate::ir::Api) -> Vec<NewCrate> {
    let pairs = compare::matched(old, new);
    new.groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !old.groups.iter().any(|o| o.crate_name == g.crate_name))
        .map(|(i, g)| NewCrate {
            crate_name: g.crate_name.clone(),
            feature: g.feature.clone(),
            tag: g.tag.clone(),
            operations: new.operations.iter().filter(|op| op.group == i).count(),
            renamed_from: renamed_from(old, new, &pairs, i),
        })
        .collect()
}

/// The old group whose tag new group `i` looks like a rename of: every matched
/// operation of `i` comes from that one old group, its crate is gone from
/// `new`, and none of its matched operations went to another group.
fn renamed_from(
    old: &crate::ir::Api,
    new: &crate::ir::Api,
    pairs: &[(usize, usize)],
    i: usize,
) -> Option<(String, crate::groups::GroupName)> {
    let from: BTreeSet<usize> =
        pairs.iter().filter(|(_, b)| new.operations[*b].group == i).map(|(a, _)| old.operations[*a].group).collect();
    let [g] = from.into_iter().collect::<Vec<_>>()[..] else { return None };
    let group = &old.groups[g];
    let gone = !new.groups.iter().any(|n| n.crate_name == group.crate_name);
    let whole = pairs.iter().filter(|(a, _)| old.operations[*a].group == g).all(|(_, b)| new.operations[*b].group == i);
    let names = crate::groups::GroupName { crate_name: group.crate_name.clone(), feature: group.feature.clone() };
    (gone && whole).then(|| (group.tag.clone(), names))
}
