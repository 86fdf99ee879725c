//! [`RustIdent`]: an identifier the generator writes, keyword-safe by
//! construction, instead of a string whose `r#` prefix every printer must
//! remember to strip (typify and progenitor keep valid identifiers the same way).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};
use std::fmt;

/// A valid Rust identifier: a name the generator chose, escaped when it is a
/// keyword (`type` is written `r#type`; `self`, which cannot be raw, `self_`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RustIdent(String);

impl RustIdent {
    /// The identifier for `name` (a snake- or Pascal-case name), escaped if it is a keyword.
    pub fn new(name: &str) -> RustIdent {
        RustIdent(super::escape_keyword(name))
    }

    /// As written in code: `r#type`, `self_`, `get_project`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Without the raw prefix: what rustdoc, serde and file names call it (`type`, `self_`).
    pub fn unraw(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// The name it was made from (`type`, `self`), before escaping.
    pub fn name(&self) -> String {
        super::unescape_keyword(&self.0)
    }

    /// The identifier token.
    pub fn ident(&self) -> Ident {
        match self.0.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(&self.0, Span::call_site()),
        }
    }
}

impl fmt::Display for RustIdent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The identifier as written (`r#type`), so code that takes `&str` takes it.
impl std::ops::Deref for RustIdent {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RustIdent {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for RustIdent {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl PartialEq<&str> for RustIdent {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl AsRef<str> for RustIdent {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl ToTokens for RustIdent {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(self.ident());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped_and_printed_as_raw_identifiers() {
        let t = RustIdent::new("type");
        assert_eq!((t.as_str(), t.unraw(), t.name().as_str()), ("r#type", "type", "type"));
        assert_eq!(quote::quote!(#t).to_string(), "r#type");
        let s = RustIdent::new("self");
        assert_eq!((s.as_str(), s.unraw(), s.name().as_str()), ("self_", "self_", "self"));
        let plain = RustIdent::new("get_project");
        assert_eq!(
            (plain.as_str(), plain.unraw(), plain.to_string()),
            ("get_project", "get_project", "get_project".into())
        );
    }
}
