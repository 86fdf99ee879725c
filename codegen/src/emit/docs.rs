//! Doc comments: spec text → `#[doc]` attributes.
//!
//! Spec descriptions are Markdown written for a web page, not for rustdoc.
//! [`spec_text`] is the one place that makes them rustdoc-clean (so the
//! generated crates need no `allow(rustdoc::…)`): bare URLs become
//! autolinks, `<` outside code becomes `&lt;` (no stray HTML tags), a
//! backtick without a partner on its line is escaped, and square brackets
//! that are not a Markdown link are escaped (rustdoc would read `[x]` as an
//! intra-doc link). Fenced code blocks without a language are marked `text`
//! (rustdoc would compile them as Rust doctests); indented code blocks keep
//! their text but lose the indentation that made them Rust code.

use proc_macro2::TokenStream;
use quote::quote;

/// What the generated docs call the API. Not the spec's `info.title` ("Vercel
/// SDK API"), which names Vercel's own SDK, nor its `info.version` (`0.0.1`),
/// which says nothing about the API; the pinned spec's SHA-256 is in
/// `generated-client/SPEC.toml`.
pub const API_NAME: &str = "Vercel REST API";

/// One `#[doc = "..."]` attribute per line of `text` (trailing spaces and `\r` removed).
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| format!(" {}", l.trim_end()).trim_end().to_string());
    quote! { #( #[doc = #lines] )* }
}

/// Doc attributes for optional spec text (made rustdoc-clean by [`spec_text`]).
pub fn doc_opt(text: Option<&str>) -> TokenStream {
    text.map(|t| doc(&spec_text(t))).unwrap_or_default()
}

/// Joins paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// A spec description made rustdoc-clean (see the module docs for the rules).
pub fn spec_text(text: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let info = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            // Only a block that says it is Rust is compiled as a doctest; everything else is text.
            let info = if info.is_empty() || !info.split(',').any(|a| a.trim() == "rust") { "text" } else { info };
            out.push(format!("{indent}{marker}{info}"));
            fence = Some(marker);
            continue;
        }
        // Four spaces of indentation would make an indented (Rust) code block.
        let indent = line.len() - trimmed.len();
        let line = if indent >= 4 { format!("   {trimmed}") } else { line.to_string() };
        out.push(inline(&line));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out.join("\n")
}

/// One line outside code blocks: code spans kept, the rest escaped by [`prose`].
fn inline(line: &str) -> String {
    let ticks = line.matches('`').count();
    let mut out = String::new();
    // Segments alternate prose, code, prose, ...; with an odd number of
    // backticks, the last one has no partner and is escaped.
    let mut parts = line.split('`').enumerate().peekable();
    while let Some((i, part)) = parts.next() {
        let last = parts.peek().is_none();
        if i % 2 == 0 {
            out.push_str(&prose(part));
        } else if last && ticks % 2 == 1 {
            out.push_str("\\`");
            out.push_str(&prose(part));
        } else {
            out.push('`');
            out.push_str(part);
            out.push('`');
        }
    }
    out
}

/// Prose outside code spans: bare URLs become `<…>` autolinks, `<` becomes
/// `&lt;` (except an autolink's), brackets not part of a `[text](url)` link are escaped.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let len = url_len(&rest);
            let url: String = chars[i..i + len].iter().collect();
            // A link target `(url)`, or an autolink `<url>` already.
            if matches!(prev, Some('(' | '<')) {
                out.push_str(&url);
            } else {
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i += len;
            continue;
        }
        match chars[i] {
            '<' if rest[1..].starts_with("http://") || rest[1..].starts_with("https://") => out.push('<'),
            '<' => out.push_str("&lt;"),
            '[' => match link_end(&chars, i) {
                Some(end) => {
                    // `[text](`: keep the link; its text is prose too.
                    let inner: String = chars[i + 1..end].iter().collect();
                    out.push('[');
                    out.push_str(&prose(&inner));
                    out.push_str("](");
                    i = end + 2;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Length (in chars) of the URL at the start of `text`: up to whitespace or a
/// closing bracket, without trailing punctuation.
fn url_len(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.iter().take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | ')' | ']' | '"')).count();
    while len > 0 && matches!(chars[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    len
}

/// For `[` at `start`: the index of the `]` of a Markdown link `[text](…)` (no nested brackets).
fn link_end(chars: &[char], start: usize) -> Option<usize> {
    let close = chars[start + 1..].iter().position(|c| matches!(c, '[' | ']'))? + start + 1;
    (chars[close] == ']' && chars.get(close + 1) == Some(&'(')).then_some(close)
}

#[cfg(test)]
mod tests {
    use super::spec_text;

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            spec_text("See https://vercel.com/docs/git. Or <https://a.b> or [docs](https://c.d)."),
            "See <https://vercel.com/docs/git>. Or <https://a.b> or [docs](https://c.d)."
        );
    }

    #[test]
    fn html_and_brackets_are_escaped_outside_code() {
        assert_eq!(spec_text("a <b> c [x] `<T>[y]`"), "a &lt;b> c \\[x\\] `<T>[y]`");
    }

    #[test]
    fn a_lone_backtick_is_escaped() {
        assert_eq!(spec_text("`a` and `b"), "`a` and \\`b");
    }

    #[test]
    fn code_blocks_are_text_and_indentation_is_not_code() {
        assert_eq!(spec_text("x\n```\n[a] <b>\n```\n\n    indented"), "x\n```text\n[a] <b>\n```\n\n   indented");
        assert_eq!(spec_text("```json\n{}"), "```text\n{}\n```");
    }
}
