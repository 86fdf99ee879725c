//! The group table (`spec/groups.toml`): which crate and facade feature the
//! operations of each tag generate.
//!
//! An endpoint group is named after its operations' first tag by default
//! (`edge-config` → crate `vercel-edge-config`, feature `edge-config`). The
//! table fixes those names: a tag listed in it generates the crate and feature
//! it names, so a tag Vercel renames while keeping its operationIds
//! (`edge-config` → `global-config`) can keep its crate by mapping the new tag
//! to the old names. The group's client struct, API trait and accessor follow
//! the crate name (`vercel-edge-config` → `EdgeConfig`, `EdgeConfigApi`,
//! `edge_config`). Tags the table does not list keep the default names.
//!
//! Several tags may map to one crate (the operations of both then share it),
//! but then they must name the same feature.

use crate::{naming, Error};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Prefix of every group crate's name.
const CRATE_PREFIX: &str = "vercel-";

/// The crate and facade feature of one endpoint group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct GroupName {
    /// Crate name (`vercel-edge-config`).
    pub crate_name: String,
    /// Cargo feature of the facade (`edge-config`).
    pub feature: String,
}

impl GroupName {
    /// The default names of a tag's group: `logDrains` → `vercel-log-drains`, `log-drains`.
    pub fn default_for(tag: &str) -> GroupName {
        GroupName { crate_name: naming::group_crate(tag), feature: naming::group_feature(tag) }
    }

    /// The crate name without its `vercel-` prefix, from which the client
    /// struct, API trait and accessor are named (`edge-config`).
    pub fn base(&self) -> &str {
        self.crate_name.strip_prefix(CRATE_PREFIX).unwrap_or(&self.crate_name)
    }

    /// The table line that pins these names for `tag`
    /// (`"edge-config" = { crate = "vercel-edge-config", feature = "edge-config" }`).
    pub fn table_line(&self, tag: &str) -> String {
        format!("{tag:?} = {{ crate = {:?}, feature = {:?} }}", self.crate_name, self.feature)
    }
}

/// The parsed group table: tag → names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTable {
    tags: BTreeMap<String, GroupName>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    tags: BTreeMap<String, RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(rename = "crate")]
    crate_name: String,
    feature: String,
}

/// `[a-z0-9]+(-[a-z0-9]+)*`.
fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

impl GroupTable {
    /// Parses the table text. Errors name the entry by a pointer into the
    /// table (`/tags/edge-config`).
    pub fn parse(text: &str) -> Result<GroupTable, Error> {
        let raw: RawTable = toml::from_str(text).map_err(|e| Error::new("", format!("invalid group table: {e}")))?;
        let mut feature_of_crate: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut tags = BTreeMap::new();
        for (tag, entry) in raw.tags {
            let at = crate::pointer::join("/tags", &tag);
            let base = entry.crate_name.strip_prefix(CRATE_PREFIX).unwrap_or("");
            if !is_kebab(base) {
                return Err(Error::new(
                    at,
                    format!("crate `{}` must be `vercel-` followed by kebab-case words", entry.crate_name),
                ));
            }
            if !is_kebab(&entry.feature) {
                return Err(Error::new(at, format!("feature `{}` must be kebab-case", entry.feature)));
            }
            if let Some((other_tag, feature)) = feature_of_crate.get(&entry.crate_name) {
                if *feature != entry.feature {
                    return Err(Error::new(
                        at,
                        format!(
                            "crate `{}` has feature `{}` here but feature `{feature}` for tag `{other_tag}`",
                            entry.crate_name, entry.feature
                        ),
                    ));
                }
            }
            feature_of_crate.insert(entry.crate_name.clone(), (tag.clone(), entry.feature.clone()));
            tags.insert(tag, GroupName { crate_name: entry.crate_name, feature: entry.feature });
        }
        Ok(GroupTable { tags })
    }

    /// The names of a tag's group: the table's, else the defaults.
    pub fn names(&self, tag: &str) -> GroupName {
        self.tags.get(tag).cloned().unwrap_or_else(|| GroupName::default_for(tag))
    }

    /// Whether the table lists `tag`.
    pub fn lists(&self, tag: &str) -> bool {
        self.tags.contains_key(tag)
    }

    /// The table from optional text (no text: an empty table, every tag default-named).
    pub(crate) fn from_option(text: Option<&str>) -> Result<GroupTable, Error> {
        text.map_or_else(|| Ok(GroupTable::default()), GroupTable::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_tags_take_the_table_names_others_the_defaults() {
        let table = GroupTable::parse(
            "[tags]\n\"global-config\" = { crate = \"vercel-edge-config\", feature = \"edge-config\" }\n",
        )
        .unwrap();
        let renamed = table.names("global-config");
        assert_eq!(renamed.crate_name, "vercel-edge-config");
        assert_eq!(renamed.feature, "edge-config");
        assert_eq!(renamed.base(), "edge-config");
        assert_eq!(table.names("logDrains"), GroupName::default_for("logDrains"));
        assert_eq!(table.names("logDrains").crate_name, "vercel-log-drains");
        assert!(table.lists("global-config") && !table.lists("logDrains"));
    }

    #[test]
    fn table_line_parses_back() {
        let name = GroupName::default_for("accessGroups");
        let table = GroupTable::parse(&format!("[tags]\n{}\n", name.table_line("accessGroups"))).unwrap();
        assert_eq!(table.names("accessGroups"), name);
    }

    #[test]
    fn bad_entries_are_errors_at_their_tag() {
        for (text, pointer, words) in [
            ("[tags]\na = { crate = \"edge\", feature = \"edge\" }", "/tags/a", "vercel-"),
            ("[tags]\na = { crate = \"vercel-Edge\", feature = \"edge\" }", "/tags/a", "kebab"),
            ("[tags]\na = { crate = \"vercel-edge\", feature = \"\" }", "/tags/a", "feature"),
            (
                "[tags]\na = { crate = \"vercel-x\", feature = \"x\" }\nb = { crate = \"vercel-x\", feature = \"y\" }",
                "/tags/b",
                "feature `x` for tag `a`",
            ),
            ("[tags]\na = { crate = \"vercel-x\" }", "", "feature"),
            ("[groups]\n", "", "unknown field"),
        ] {
            let err = GroupTable::parse(text).unwrap_err();
            assert_eq!(err.pointer, pointer, "{text}: {err}");
            assert!(err.message.contains(words), "{text}: {err}");
        }
    }
}
