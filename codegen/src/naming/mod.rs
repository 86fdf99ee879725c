//! The one place for naming rules: Rust identifiers from spec names, type names
//! from schema positions, operation names, crate and feature names.
//!
//! # Type names
//!
//! Every named type has a *position*: the segments from its root to it. Roots
//! are `Response` (or `Response{status}`), `Body`, `Event`, `Error{status}` and
//! the parameter name inside an operation's module, and the component name
//! for a component schema and its inline parts. A property adds its name
//! (`gitSource` → `GitSource`); an array item turns a plural property name
//! into its singular (`deployments[]` → `Deployment`, unless a sibling
//! property already has that name) and otherwise extends the last segment
//! with `Item` (`has[]` → `HasItem`); a map value extends it with `Value`; a
//! union alternative adds its variant name (below).
//!
//! A type's name is the shortest tail of its position that no other type of
//! its *domain* also takes, with a back-to-back repeated word or phrase said
//! once (`TargetTarget` → `Target`) and a `With…` segment left out before the
//! property it names:
//!
//! | position | name |
//! | --- | --- |
//! | `Response` > `Deployment` > `Creator` | `Creator` |
//! | `Response` > `Deployment` > `GitSource`, beside `Body` > `GitSource` | `DeploymentGitSource`, `BodyGitSource` |
//! | `UserEvent` > `Payload` > `Team` (a component's part) | `UserEventTeam` |
//!
//! A domain is one operation module, or the tree of one component (whose
//! parts keep the component name in front), so adding or removing an
//! operation renames nothing in another operation's module. Names that the
//! generated code writes unqualified ([`PRELUDE_TYPES`]: `String`, `Vec`, ...)
//! and the module's own items (`Request`, `ErrorBody`) are never taken. Only
//! when no tail is unique, or the unique one is longer than 64 characters,
//! does a name take a number (`BodyOwner2`). A last segment that says too
//! little alone ([`positions::TOO_GENERIC`]: `Type`, `Value`, `Enum`, ...,
//! or a `With…` alternative) keeps the segment before it (`ConditionType`).
//!
//! A shape that several operations of one group repeat exactly is defined
//! once in the group's `types` module (`ir::hoist`) under the name most of
//! its positions give it (`AliasAssigned`; a root shape is prefixed with its
//! first operation: `GetOtherResponse`), never under a component's name; each
//! operation module keeps its own name for it as an alias.
//!
//! # Union alternatives
//!
//! A `oneOf`/`anyOf` alternative is named after what distinguishes it, in this
//! order: the tag value of an internally tagged union; the name of a
//! referenced component; its `title`; its kind for a primitive (`String`,
//! `Integer`, `Bool`, `Array`, `{Component}List`, `Map`); the value of its
//! first single-valued enum property that not every other alternative has
//! with the same value (`type: "github"` → `Github`); the
//! required property only it has (`Org`), the required property only it
//! requires, the property only it has, or the pair of properties only it
//! has both of; `Limited` for an object that every other alternative has
//! every property of and more (`getDeployment`'s public-only deployment, beside the
//! full one, `Build`, the one with a `build`). Alternatives that still share a name add what only they have
//! within that set: another single enum value, else a property
//! (`type: "github"` with `repoId` / with `org` → `GithubRepoId`, `GithubOrg`).
//! A list of inline objects is named after its items, with `List`. None of
//! this depends on the order of the alternatives; only alternatives that
//! nothing distinguishes are numbered in order (`Object2`). An alternative
//! named after a property it holds puts `With` before it in its payload's
//! position (`WithDeploymentType`), so that the property's own type keeps the
//! property's name (`DeploymentType`).
//!
//! # Operation names
//!
//! An operation's method (and module) is its operationId in snake case
//! (`getDeployments` → `get_deployments`); without one, the method and the
//! literal path segments after the version (`get_projects_custom_environments`).
//! An operationId that only spells out method and path
//! (`headByTeamSlugByProjectSlugByRepositoryNameManifestsByReference`) is
//! named by method and last literal segments instead (`head_manifest`), by
//! the rule of [`spelled_out`], which also says how collisions fall back.
//! Names the builder uses are reserved ([`reserved`]); a repeat takes `_2`.
//! The `aliases` of an operation's `x-vercel-cli` extension never name
//! methods: they are CLI command words (`ls`, `rm`, `add`) that many
//! commands share and that change with the CLI; the method docs list them.

pub mod figures;
pub mod ident;
pub mod positions;
pub mod reserved;
pub mod spelled_out;

use crate::path_template::PathTemplate;
use heck::{ToKebabCase, ToPascalCase, ToSnakeCase};
use std::collections::BTreeSet;

/// Words that cannot be used as plain identifiers. Those that can be raw
/// identifiers get `r#`, the others (`self`, `Self`, `super`, `crate`) get a `_` suffix.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits `raw` into words the way heck does, after mapping characters that
/// heck would drop silently but that carry meaning in Vercel names.
fn prepare(raw: &str) -> String {
    raw.replace('+', " plus ").replace('*', " star ")
}

/// `snake_case` field, method, module or parameter name for a spec name.
/// Never empty, never starts with a digit; keywords are escaped ([`escape_keyword`]).
pub fn snake(raw: &str) -> String {
    let mut s = prepare(raw).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    s
}

/// `PascalCase` type or variant name for a spec name. Never empty, never starts with a digit.
pub fn pascal(raw: &str) -> String {
    let mut s = prepare(raw).to_pascal_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("N{s}");
    }
    s
}

/// `kebab-case` for crate and feature names.
pub fn kebab(raw: &str) -> String {
    raw.to_kebab_case()
}

/// The identifier as it must be written in Rust source (`type` → `r#type`, `self` → `self_`).
pub fn escape_keyword(ident: &str) -> String {
    if NOT_RAW.contains(&ident) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_string()
    }
}

/// Reverses [`escape_keyword`]: `r#type` → `type`, `self_` → `self`.
pub fn unescape_keyword(ident: &str) -> String {
    if let Some(raw) = ident.strip_prefix("r#") {
        return raw.to_string();
    }
    match ident.strip_suffix('_') {
        Some(base) if NOT_RAW.contains(&base) => base.to_string(),
        _ => ident.to_string(),
    }
}

/// Method name of an operation: snake case of its operationId, or, when the spec
/// gives none, `{method}_{path words}`: the lowercase HTTP method followed by the
/// literal path segments without the leading version segment and without
/// parameters, so the name survives a move to a new path version.
/// `GET /v9/projects/{idOrName}/custom-environments` → `get_projects_custom_environments`.
pub fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id {
        return snake(id);
    }
    let mut words = vec![method.to_ascii_lowercase()];
    words.extend(PathTemplate::parse(path).literal_segments().map(snake));
    snake(&words.join("_"))
}

/// Crate name of an endpoint group (first tag): `edge-config` → `vercel-edge-config`.
pub fn group_crate(tag: &str) -> String {
    format!("vercel-{}", kebab(tag))
}

/// Client struct of an endpoint group: `edge-config` → `EdgeConfig`.
pub fn group_client(tag: &str) -> ident::RustIdent {
    ident::RustIdent::new(&pascal(tag))
}

/// Trait that adds an endpoint group's accessor to the runtime client: `EdgeConfigApi`.
pub fn group_trait(tag: &str) -> ident::RustIdent {
    ident::RustIdent::new(&format!("{}Api", pascal(tag)))
}

/// A crate's name as a Rust path segment: `vercel-log-drains` → `vercel_log_drains`.
pub fn crate_ident(crate_name: &str) -> ident::RustIdent {
    ident::RustIdent::new(&crate_name.replace('-', "_"))
}

/// Accessor method of an endpoint group on the runtime client (and its facade module): `edge_config`.
pub fn group_accessor(tag: &str) -> ident::RustIdent {
    ident::RustIdent::new(&snake(tag))
}

/// Cargo feature name of an endpoint group: `logDrains` → `log-drains`; a
/// tag whose feature would be one the facade reserves (`client`, `http2`, ...,
/// see [`reserved::FACADE_FEATURES`] and [`reserved::COMPANION_FEATURES`])
/// gets `-api`: `client` → `client-api`.
pub fn group_feature(tag: &str) -> String {
    let feature = kebab(tag);
    if reserved::FACADE_FEATURES.contains(&feature.as_str()) || reserved::COMPANION_FEATURES.contains(&feature.as_str())
    {
        format!("{feature}-api")
    } else {
        feature
    }
}

/// Names generated code writes unqualified (the prelude's types and traits, and
/// what derives and `impl Into<..>` setters name): no generated type may take
/// one, or it would shadow it in its module (`struct String` breaks every
/// `String` field beside it).
pub const PRELUDE_TYPES: &[&str] = &[
    "Self",
    "String",
    "Vec",
    "Option",
    "Some",
    "None",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "FromIterator",
    "Extend",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "TryFrom",
    "TryInto",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// Keeps names unique within one namespace (a module, a struct's fields, an
/// enum's variants): the first claim of a name gets it as is, later claims of
/// the same name get `2`, `3`, ... appended (`_2` for snake case names).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// A namespace where the names of `reserved` are already taken.
    pub fn with_reserved_set(reserved: BTreeSet<String>) -> Self {
        Namespace { taken: reserved }
    }

    /// Every name taken so far.
    pub fn taken(&self) -> &BTreeSet<String> {
        &self.taken
    }

    /// A namespace of type names: [`PRELUDE_TYPES`] are taken.
    pub fn for_types() -> Self {
        Self::with_reserved(PRELUDE_TYPES)
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let sep = if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{name}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(snake("getDeployments"), "get_deployments");
        assert_eq!(snake("update-installation"), "update_installation");
        assert_eq!(snake("exclude-ids"), snake("exclude_ids"));
        assert_eq!(snake("2fa"), "n2fa");
        assert_eq!(pascal("domain.created"), "DomainCreated");
        assert_eq!(pascal("1d"), "N1d");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(escape_keyword("type"), "r#type");
        assert_eq!(escape_keyword("self"), "self_");
        assert_eq!(escape_keyword("name"), "name");
    }

    #[test]
    fn group_features_avoid_the_facade_features() {
        assert_eq!(group_feature("logDrains"), "log-drains");
        assert_eq!(group_feature("client"), "client-api");
        assert_eq!(group_feature("test-util"), "test-util-api");
    }

    #[test]
    fn operation_names_without_id_drop_version_and_params() {
        let n = operation_name(None, "GET", "/v9/projects/{idOrName}/custom-environments");
        assert_eq!(n, "get_projects_custom_environments");
        assert_eq!(n, operation_name(None, "GET", "/v10/projects/{id}/custom-environments"));
        assert_eq!(operation_name(Some("getDeployments"), "GET", "/v6/deployments"), "get_deployments");
    }

    #[test]
    fn namespace_numbers_repeats() {
        let mut ns = Namespace::with_reserved(&["send"]);
        assert_eq!(ns.claim("send"), "send_2");
        assert_eq!(ns.claim("exclude_ids"), "exclude_ids");
        assert_eq!(ns.claim("exclude_ids"), "exclude_ids_2");
        assert_eq!(ns.claim("Target"), "Target");
        assert_eq!(ns.claim("Target"), "Target2");
    }
}
