//! The one place for naming rules: Rust identifiers from spec names, type names
//! from schema positions, operation names, crate and feature names.

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

/// Cargo feature name of an endpoint group: `logDrains` → `log-drains`.
pub fn group_feature(tag: &str) -> String {
    kebab(tag)
}

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
