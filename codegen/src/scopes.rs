//! Integration scopes: the table of `spec/scopes.toml` (transcribed from the
//! Vercel integrations guide) and its resolution to operations of a spec.
//!
//! The guide is older than the spec, so its endpoints often name an older path
//! version (`GET /v9/projects` is now `GET /v10/projects`) or another spelling of
//! a parameter (`:token`, `{keyOrId}` for `{id}`). An entry resolves by this rule:
//!
//! 1. same HTTP method;
//! 2. same path once the leading version segment (`/v9`) is removed and every
//!    parameter is reduced to a placeholder, whatever its name (`{id}`,
//!    `{idOrName}` and `:token` are all the same parameter);
//! 3. of the operations that match, the one with the highest version wins
//!    (an unversioned path counts as version 0);
//! 4. no match, or several operations at that highest version, leaves the entry
//!    unresolved with the reason: the rule never guesses.
//!
//! A `[[decision]]` in the table names the operation of an entry by hand and
//! overrides the rule for it.

use crate::naming;
use crate::path_template::PathTemplate;
use crate::{load, Error, OverlaySource};
use openapiv3::{OpenAPI, ReferenceOr};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// HTTP methods a table entry may use (upper case, as the guide prints them).
const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH"];

/// The scope table: every scope with its endpoint lists, and the hand decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeTable {
    /// Scopes in the order of the guide.
    pub scopes: Vec<Scope>,
    /// Hand decisions: seed endpoint → operationId, overriding the rule.
    pub decisions: Vec<Decision>,
}

/// One integration scope and the endpoints each access level grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Title as the guide prints it (`Project Environmental Variables`).
    pub name: String,
    /// The guide's "Read" list, as printed (empty when the scope has no Read level).
    pub read: Vec<Endpoint>,
    /// The guide's "Read/Write" list, as printed (it repeats the Read endpoints; the
    /// guide lists one Domain endpoint twice, kept here as printed).
    pub read_write: Vec<Endpoint>,
}

impl Scope {
    /// The list of an access level.
    pub fn endpoints(&self, access: Access) -> &[Endpoint] {
        match access {
            Access::Read => &self.read,
            Access::ReadWrite => &self.read_write,
        }
    }
}

/// An endpoint as the guide prints it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Endpoint {
    /// Upper-case HTTP method (`GET`).
    pub method: String,
    /// Path as printed (`/v9/projects/{idOrName}`, `/v1/edge-config/{edgeConfigId}/token/:token`).
    pub path: String,
}

impl Endpoint {
    /// Parses `"GET /v6/deployments"`.
    pub fn parse(text: &str) -> Result<Endpoint, String> {
        let (method, path) =
            text.split_once(' ').ok_or_else(|| format!("`{text}` is not `METHOD /path` (no space)"))?;
        if !METHODS.contains(&method) {
            return Err(format!("`{text}`: method `{method}` is not one of {}", METHODS.join(", ")));
        }
        if !path.starts_with('/') || path.contains(char::is_whitespace) {
            return Err(format!("`{text}`: path `{path}` must start with `/` and contain no spaces"));
        }
        Ok(Endpoint { method: method.to_string(), path: path.to_string() })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// A hand decision: which operation a seed endpoint means, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The seed endpoint as written in the scope lists.
    pub seed: Endpoint,
    /// operationId (or, for an operation without one, its generated method name).
    pub operation_id: String,
    /// How the decision was made.
    pub why: String,
}

/// Access level of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The guide's "Read" level.
    Read,
    /// The guide's "Read/Write" level.
    ReadWrite,
}

impl Access {
    /// Both levels, Read first.
    pub const ALL: [Access; 2] = [Access::Read, Access::ReadWrite];

    /// The level as the integrations guide names it (`Read`, `Read/Write`), in grant labels.
    pub fn label(self) -> &'static str {
        match self {
            Access::Read => "Read",
            Access::ReadWrite => "Read/Write",
        }
    }

    /// The client struct a scope crate has for this level (`Read`, `ReadWrite`).
    pub fn client(self) -> &'static str {
        match self {
            Access::Read => "Read",
            Access::ReadWrite => "ReadWrite",
        }
    }

    /// `read` or `read_write` (the toml key and the JSON value).
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::ReadWrite => "read_write",
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A seed entry resolved to an operation of the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// Scope title.
    pub scope: String,
    /// Access level whose list holds the entry.
    pub access: Access,
    /// The entry as the guide prints it (`GET /v9/projects`).
    pub seed: String,
    /// The operation's runtime id: its operationId, or its generated method name when it has none.
    pub operation_id: String,
    /// Upper-case method of the operation.
    pub method: String,
    /// Current path of the operation in the spec (`/v10/projects`).
    pub path: String,
}

/// A seed entry the rule (or its hand decision) could not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Scope title.
    pub scope: String,
    /// Access level whose list holds the entry.
    pub access: Access,
    /// The entry as the guide prints it.
    pub seed: String,
    /// Why: `no operation ...`, `several operations at v2: a, b`, or a bad hand decision.
    pub reason: String,
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}: {}", self.scope, self.access, self.seed, self.reason)
    }
}

/// The outcome of resolving a table against a spec: one row per entry of each
/// scope's lists (an entry repeated within one list appears once), in table order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Entries resolved to an operation.
    pub resolved: Vec<Resolved>,
    /// Entries that are not, with the reason.
    pub unresolved: Vec<Unresolved>,
    /// Notes from loading the spec (overlay actions skipped).
    pub notes: Vec<String>,
}

impl Resolution {
    /// True when every entry resolved.
    pub fn is_complete(&self) -> bool {
        self.unresolved.is_empty()
    }

    /// Number of distinct seed endpoints in the table (one listed under several scopes counts once).
    pub fn distinct_total(&self) -> usize {
        let all: BTreeSet<&str> = self
            .resolved
            .iter()
            .map(|r| r.seed.as_str())
            .chain(self.unresolved.iter().map(|u| u.seed.as_str()))
            .collect();
        all.len()
    }

    /// Number of distinct seed endpoints resolved.
    pub fn distinct_resolved(&self) -> usize {
        let failed: BTreeSet<&str> = self.unresolved.iter().map(|u| u.seed.as_str()).collect();
        let ok: BTreeSet<&str> =
            self.resolved.iter().map(|r| r.seed.as_str()).filter(|s| !failed.contains(s)).collect();
        ok.len()
    }

    /// The resolved rows as a JSON array of `{"scope","access","seed","operation_id","method","path"}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.resolved).expect("plain strings always serialise")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    scope: Vec<RawScope>,
    #[serde(default)]
    decision: Vec<RawDecision>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: String,
    #[serde(default)]
    read: Vec<String>,
    #[serde(default)]
    read_write: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    seed: String,
    operation_id: String,
    why: String,
}

/// Parses the scope table (`spec/scopes.toml`). Errors name the entry by a
/// pointer into the table (`/scope/4/read/1`, `/decision/0`).
pub fn parse(text: &str) -> Result<ScopeTable, Error> {
    let raw: RawTable = toml::from_str(text).map_err(|e| Error::new("", format!("invalid scope table: {e}")))?;
    let mut names = BTreeSet::new();
    let mut scopes = Vec::new();
    for (i, s) in raw.scope.into_iter().enumerate() {
        let at = format!("/scope/{i}");
        if s.name.trim().is_empty() {
            return Err(Error::new(at, "scope without a name"));
        }
        if !names.insert(s.name.clone()) {
            return Err(Error::new(at, format!("scope `{}` is listed twice", s.name)));
        }
        if s.read.is_empty() && s.read_write.is_empty() {
            return Err(Error::new(at, format!("scope `{}` lists no endpoints", s.name)));
        }
        let list = |entries: Vec<String>, key: &str| -> Result<Vec<Endpoint>, Error> {
            entries
                .iter()
                .enumerate()
                .map(|(j, e)| Endpoint::parse(e).map_err(|m| Error::new(format!("{at}/{key}/{j}"), m)))
                .collect()
        };
        let read = list(s.read, "read")?;
        let read_write = list(s.read_write, "read_write")?;
        scopes.push(Scope { name: s.name, read, read_write });
    }
    let listed: BTreeSet<&Endpoint> = scopes.iter().flat_map(|s| s.read.iter().chain(&s.read_write)).collect();
    let mut decided = BTreeSet::new();
    let mut decisions = Vec::new();
    for (i, d) in raw.decision.into_iter().enumerate() {
        let at = format!("/decision/{i}");
        let seed = Endpoint::parse(&d.seed).map_err(|m| Error::new(&at, m))?;
        if !listed.contains(&seed) {
            return Err(Error::new(at, format!("decision for `{seed}`, which no scope lists")));
        }
        if !decided.insert(seed.clone()) {
            return Err(Error::new(at, format!("`{seed}` has more than one decision")));
        }
        if d.operation_id.trim().is_empty() || d.why.trim().is_empty() {
            return Err(Error::new(at, format!("decision for `{seed}` needs an operation_id and a why")));
        }
        decisions.push(Decision { seed, operation_id: d.operation_id, why: d.why });
    }
    Ok(ScopeTable { scopes, decisions })
}

/// An operation of the spec, as the resolver sees it.
struct Op<'d> {
    id: String,
    method: &'static str,
    path: &'d str,
    /// Version and shape of `path` (see [`shape`]).
    version: u32,
    shape: String,
}

/// Splits a path into its version (0 when it has no leading version segment) and
/// its shape: the remaining segments with every parameter as `{}` (see
/// [`PathTemplate::shape`]). The scope table writes parameters as `:name`
/// segments as well as `{name}`.
fn shape(path: &str) -> (u32, String) {
    let braced: Vec<String> = path
        .split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => seg.to_string(),
        })
        .collect();
    let template = PathTemplate::parse(&braced.join("/"));
    (template.version().unwrap_or(0), template.shape())
}

/// Every operation of the spec (path items given by `$ref` are skipped: the generator rejects them).
fn operations(doc: &OpenAPI) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        let methods = [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("OPTIONS", &item.options),
            ("HEAD", &item.head),
            ("PATCH", &item.patch),
        ];
        for (method, op) in methods {
            let Some(op) = op else { continue };
            let id = match &op.operation_id {
                Some(id) => id.clone(),
                None => naming::operation_name(None, method, path),
            };
            let (version, shape) = shape(path);
            out.push(Op { id, method, path, version, shape });
        }
    }
    out
}

/// Resolves one entry by the rule (or its decision).
fn resolve_one<'o, 'd>(ops: &'o [Op<'d>], seed: &Endpoint, decision: Option<&Decision>) -> Result<&'o Op<'d>, String> {
    if let Some(d) = decision {
        let found: Vec<&Op> = ops.iter().filter(|o| o.id == d.operation_id).collect();
        return match found.as_slice() {
            [op] => Ok(op),
            [] => Err(format!("hand decision names `{}`, which is not an operation of this spec", d.operation_id)),
            _ => Err(format!("hand decision names `{}`, which several operations use", d.operation_id)),
        };
    }
    let (seed_version, wanted) = shape(&seed.path);
    let candidates: Vec<&Op> = ops.iter().filter(|o| o.method == seed.method && o.shape == wanted).collect();
    let Some(newest) = candidates.iter().map(|o| o.version).max() else {
        return Err(format!("no operation `{} {}` in any version", seed.method, display_shape(seed_version, &wanted)));
    };
    let best: Vec<&Op> = candidates.into_iter().filter(|o| o.version == newest).collect();
    match best.as_slice() {
        [op] => Ok(op),
        _ => {
            let names: Vec<String> = best.iter().map(|o| format!("{} ({} {})", o.id, o.method, o.path)).collect();
            Err(format!("several operations at the newest version: {}", names.join(", ")))
        }
    }
}

/// `/v*/projects/{}`: the shape the rule looked for (`/v*` only when the seed is versioned).
fn display_shape(seed_version: u32, shape: &str) -> String {
    if seed_version == 0 {
        format!("/{shape}")
    } else {
        format!("/v*/{shape}")
    }
}

/// Resolves every entry of `table` against `doc`.
pub fn resolve(doc: &OpenAPI, table: &ScopeTable) -> Resolution {
    let ops = operations(doc);
    let decisions: BTreeMap<&Endpoint, &Decision> = table.decisions.iter().map(|d| (&d.seed, d)).collect();
    let mut resolution = Resolution::default();
    for scope in &table.scopes {
        for access in Access::ALL {
            let mut seen = BTreeSet::new();
            for seed in scope.endpoints(access) {
                if !seen.insert(seed) {
                    continue;
                }
                match resolve_one(&ops, seed, decisions.get(seed).copied()) {
                    Ok(op) => resolution.resolved.push(Resolved {
                        scope: scope.name.clone(),
                        access,
                        seed: seed.to_string(),
                        operation_id: op.id.clone(),
                        method: op.method.to_string(),
                        path: op.path.to_string(),
                    }),
                    Err(reason) => resolution.unresolved.push(Unresolved {
                        scope: scope.name.clone(),
                        access,
                        seed: seed.to_string(),
                        reason,
                    }),
                }
            }
        }
    }
    resolution
}

/// Loads `spec_text` with `overlays` (an overlay whose target is missing is an
/// error when `strict_overlays`, a note otherwise), parses `table_text` and
/// resolves the table against the spec.
pub fn resolve_spec(
    spec_text: &str,
    overlays: &[OverlaySource],
    strict_overlays: bool,
    table_text: &str,
) -> Result<Resolution, Error> {
    let table = parse(table_text)?;
    let loaded = load::load(spec_text, overlays, strict_overlays)?;
    let mut resolution = resolve(&loaded.doc, &table);
    resolution.notes = loaded.notes;
    Ok(resolution)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec with the given `(method, path, operationId)` operations (empty id: none).
    fn spec(ops: &[(&str, &str, &str)]) -> OpenAPI {
        let mut paths = serde_json::Map::new();
        for (method, path, id) in ops {
            let entry = paths.entry(path.to_string()).or_insert_with(|| serde_json::json!({}));
            let mut op = serde_json::json!({ "responses": { "200": { "description": "" } } });
            if !id.is_empty() {
                op["operationId"] = serde_json::json!(id);
            }
            entry[method.to_ascii_lowercase()] = op;
        }
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": paths,
        });
        serde_json::from_value(doc).unwrap()
    }

    fn table(text: &str) -> ScopeTable {
        parse(text).unwrap()
    }

    const ONE: &str = r#"
[[scope]]
name = "Projects"
read = ["GET /v9/projects"]
read_write = ["GET /v9/projects", "POST /v9/projects"]
"#;

    #[test]
    fn prefers_newest_version() {
        let doc = spec(&[
            ("GET", "/v8/projects", "getProjectsOld"),
            ("GET", "/v10/projects", "getProjects"),
            ("GET", "/v9/projects", "getProjectsV9"),
            ("POST", "/v11/projects", "createProject"),
        ]);
        let r = resolve(&doc, &table(ONE));
        assert!(r.is_complete(), "{:?}", r.unresolved);
        let rows: Vec<_> = r.resolved.iter().map(|r| (r.access, r.operation_id.as_str(), r.path.as_str())).collect();
        assert_eq!(
            rows,
            [
                (Access::Read, "getProjects", "/v10/projects"),
                (Access::ReadWrite, "getProjects", "/v10/projects"),
                (Access::ReadWrite, "createProject", "/v11/projects"),
            ]
        );
        assert_eq!(r.resolved[2].seed, "POST /v9/projects");
        assert_eq!((r.distinct_resolved(), r.distinct_total()), (2, 2));
    }

    #[test]
    fn colon_token_and_parameter_names() {
        let text = r#"
[[scope]]
name = "Edge Config"
read = ["GET /v1/edge-config/{edgeConfigId}/token/:token", "DELETE /v9/projects/{idOrName}/env/{keyOrId}"]
"#;
        let doc = spec(&[
            ("GET", "/v1/edge-config/{id}/token/{token}", "getEdgeConfigToken"),
            ("DELETE", "/v9/projects/{idOrName}/env/{id}", "removeProjectEnv"),
            // Same shape, other method: not a candidate.
            ("GET", "/v9/projects/{idOrName}/env/{id}", "getProjectEnv"),
        ]);
        let r = resolve(&doc, &table(text));
        assert!(r.is_complete(), "{:?}", r.unresolved);
        assert_eq!(r.resolved[0].operation_id, "getEdgeConfigToken");
        assert_eq!(r.resolved[0].path, "/v1/edge-config/{id}/token/{token}");
        assert_eq!(r.resolved[1].operation_id, "removeProjectEnv");
    }

    #[test]
    fn parameter_is_not_a_literal() {
        // `{domain}` must not match the literal `records`, nor the reverse.
        let text = r#"
[[scope]]
name = "Domain"
read = ["GET /v4/domains/{domain}/records"]
"#;
        let doc = spec(&[("GET", "/v4/domains/records/records", "x"), ("GET", "/v4/domains/{d}/{r}", "y")]);
        let r = resolve(&doc, &table(text));
        assert_eq!(r.resolved.len(), 0);
        assert_eq!(r.unresolved.len(), 1);
        assert!(r.unresolved[0].reason.starts_with("no operation"), "{}", r.unresolved[0].reason);
    }

    #[test]
    fn operation_without_id_uses_method_name() {
        let text = r#"
[[scope]]
name = "User"
read = ["GET /v2/user"]
"#;
        let doc = spec(&[("GET", "/v3/user", "")]);
        let r = resolve(&doc, &table(text));
        assert_eq!(r.resolved[0].operation_id, "get_user");
        assert_eq!(r.resolved[0].path, "/v3/user");
    }

    #[test]
    fn unresolved_and_ambiguous() {
        let text = r#"
[[scope]]
name = "Teams"
read = ["GET /v2/teams/{teamId}/members", "GET /v2/user", "GET /v2/teams/{teamId}"]
"#;
        let doc = spec(&[
            ("GET", "/v3/teams/{teamId}/members", "getTeamMembers"),
            ("GET", "/v3/teams/{slug}/members", "getTeamMembersBySlug"),
            ("GET", "/v1/teams/{teamId}/members", "old"),
            ("GET", "/v2/teams/{teamId}", "getTeam"),
        ]);
        let r = resolve(&doc, &table(text));
        assert_eq!(r.resolved.len(), 1);
        assert_eq!(r.resolved[0].operation_id, "getTeam");
        assert_eq!(r.unresolved.len(), 2);
        let members = &r.unresolved[0];
        assert_eq!(members.seed, "GET /v2/teams/{teamId}/members");
        assert_eq!(
            members.reason,
            "several operations at the newest version: getTeamMembers (GET /v3/teams/{teamId}/members), \
             getTeamMembersBySlug (GET /v3/teams/{slug}/members)"
        );
        assert_eq!(r.unresolved[1].seed, "GET /v2/user");
        assert_eq!(r.unresolved[1].reason, "no operation `GET /v*/user` in any version");
        assert_eq!(
            r.unresolved[1].to_string(),
            "Teams (read): GET /v2/user: no operation `GET /v*/user` in any version"
        );
        assert_eq!((r.distinct_resolved(), r.distinct_total()), (1, 3));
    }

    #[test]
    fn decision_overrides_rule() {
        let text = r#"
[[scope]]
name = "Teams"
read = ["GET /v2/teams/{teamId}/members", "GET /v2/user"]

[[decision]]
seed = "GET /v2/teams/{teamId}/members"
operation_id = "getTeamMembers"
why = "test"

[[decision]]
seed = "GET /v2/user"
operation_id = "gone"
why = "test"
"#;
        let doc = spec(&[
            ("GET", "/v3/teams/{teamId}/members", "getTeamMembers"),
            ("GET", "/v3/teams/{slug}/members", "getTeamMembersBySlug"),
            ("GET", "/v2/user", "getAuthUser"),
        ]);
        let r = resolve(&doc, &table(text));
        assert_eq!(r.resolved.len(), 1);
        assert_eq!(r.resolved[0].operation_id, "getTeamMembers");
        assert_eq!(r.unresolved[0].reason, "hand decision names `gone`, which is not an operation of this spec");
    }

    #[test]
    fn repeated_entry_in_one_list_appears_once() {
        let text = r#"
[[scope]]
name = "Domain"
read_write = ["POST /v1/registrar/domains/{domain}/transfer", "POST /v1/registrar/domains/{domain}/transfer"]
"#;
        let doc = spec(&[("POST", "/v1/registrar/domains/{domain}/transfer", "transferInDomain")]);
        let r = resolve(&doc, &table(text));
        assert_eq!(r.resolved.len(), 1);
        assert_eq!(table(text).scopes[0].read_write.len(), 2, "the table keeps the list as printed");
    }

    #[test]
    fn json_shape() {
        let doc = spec(&[("GET", "/v10/projects", "getProjects"), ("POST", "/v11/projects", "createProject")]);
        let r = resolve(&doc, &table(ONE));
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(
            v[0],
            serde_json::json!({
                "scope": "Projects", "access": "read", "seed": "GET /v9/projects",
                "operation_id": "getProjects", "method": "GET", "path": "/v10/projects"
            })
        );
        assert_eq!(v[2]["access"], "read_write");
    }

    #[test]
    fn parse_errors_name_the_entry() {
        let err = parse("[[scope]]\nname = \"A\"\nread = [\"GET /v1/a\", \"get /v1/b\"]\n").unwrap_err();
        assert_eq!(err.pointer, "/scope/0/read/1");
        let err = parse("[[scope]]\nname = \"A\"\nread = [\"GET v1/a\"]\n").unwrap_err();
        assert_eq!(err.pointer, "/scope/0/read/0");
        let err = parse("[[scope]]\nname = \"A\"\n").unwrap_err();
        assert!(err.message.contains("no endpoints"));
        let err = parse("[[scope]]\nname = \"A\"\nread = [\"GET /a\"]\n[[scope]]\nname = \"A\"\nread = [\"GET /a\"]\n")
            .unwrap_err();
        assert_eq!(err.pointer, "/scope/1");
        let err = parse(
            "[[scope]]\nname = \"A\"\nread = [\"GET /a\"]\n[[decision]]\nseed = \"GET /b\"\noperation_id = \"x\"\nwhy = \"y\"\n",
        )
        .unwrap_err();
        assert_eq!(err.pointer, "/decision/0");
        assert!(parse("[[scope]]\nname = \"A\"\nreads = [\"GET /a\"]\n").is_err(), "unknown keys are errors");
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("/v9/projects/{idOrName}"), (9, "projects/{}".into()));
        assert_eq!(shape("/v1/edge-config/{id}/token/:token"), (1, "edge-config/{}/token/{}".into()));
        assert_eq!(shape("/registrar/{a}.json"), (0, "registrar/{}.json".into()));
        assert_eq!(shape("/v13/deployments"), (13, "deployments".into()));
    }

    #[test]
    fn the_table_parses() {
        let text = include_str!("../../spec/scopes.toml");
        let t = parse(text).unwrap();
        let names: Vec<&str> = t.scopes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Integration Configuration",
                "Deployments",
                "Deployment Checks",
                "Edge Config",
                "Projects",
                "Project Environmental Variables",
                "Global Project Environmental Variables",
                "Teams",
                "User",
                "Log Drains",
                "Drains",
                "Domain",
            ]
        );
        let distinct: BTreeSet<&Endpoint> = t.scopes.iter().flat_map(|s| s.read.iter().chain(&s.read_write)).collect();
        assert_eq!(distinct.len(), 72);
        let entries: usize = t.scopes.iter().map(|s| s.read.len() + s.read_write.len()).sum();
        assert_eq!(entries, 102, "entries as printed, repeats included");
    }
}
