//! Doc comments: spec text → `#[doc]` attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// One `#[doc = "..."]` attribute per line of `text` (trailing spaces and `\r` removed).
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|l| format!(" {}", l.trim_end()).trim_end().to_string());
    quote! { #( #[doc = #lines] )* }
}

/// Doc attributes for optional text.
pub fn doc_opt(text: Option<&str>) -> TokenStream {
    text.map(doc).unwrap_or_default()
}

/// Joins paragraphs, skipping empty ones.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}
