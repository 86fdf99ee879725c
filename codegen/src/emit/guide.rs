//! The user guide in the facade's rustdoc: `vercel_client::guide`, one
//! doc-only module per chapter.
//!
//! The chapters are hand-written markdown in `codegen/guide/` (one file per
//! chapter, its first line the `# Title`); which of them the facade carries
//! is decided by `ir::guide`. Each is copied into the facade as
//! `guide/<chapter>.md`, so the published crate stands alone, and
//! `src/guide.rs` includes it as the doc of an empty module. Their Rust code
//! blocks are the facade's doctests (the facade's manifest turns doctests on
//! and gives them `ir::guide::DEV_DEPENDENCIES`).

use super::RustFile;
use super::HEADER;
use crate::ir::facade::FACADE_CRATE;
use crate::ir::guide::{chapters, off_by_default, GUIDE_MODULE};
use crate::ir::Api;
use crate::Options;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The `cfg` predicate of a chapter's features (`None`: always compiled).
fn predicate(features: &[&str]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(all(#(feature = #many),*))),
    }
}

/// Adds the guide to the facade's files: each chapter's markdown and `src/guide.rs`.
pub(super) fn emit<'a>(
    api: &'a Api,
    options: &'a Options,
    files: &mut BTreeMap<String, String>,
    rust: &mut Vec<RustFile<'a>>,
) {
    let chapters = chapters(api, options);
    if chapters.is_empty() {
        return;
    }
    for c in &chapters {
        let source = format!("codegen/guide/{}.md", c.module);
        // The marker goes last: the first line is the chapter's title, its summary in rustdoc's module list.
        let text = format!("{}\n<!-- {HEADER} (from {source}) -->\n", c.text.trim_end());
        files.insert(format!("{FACADE_CRATE}/guide/{}.md", c.module), text);
    }
    rust.push(RustFile::new(format!("{FACADE_CRATE}/src/{GUIDE_MODULE}.rs"), move || module(api, options)));
}

/// `src/guide.rs`: the overview (a list of the chapters, each line there
/// only with the chapter's features) and one doc-only module per chapter.
fn module(api: &Api, options: &Options) -> TokenStream {
    let chapters = chapters(api, options);
    let overview = chapters.iter().map(|c| {
        let line = format!(" - [{}]({})", c.title(), c.module);
        match predicate(c.features) {
            Some(p) => quote!(#![cfg_attr(#p, doc = #line)]),
            None => quote!(#![doc = #line]),
        }
    });
    let modules = chapters.iter().map(|c| {
        let name = format_ident!("{}", c.module);
        let path = format!("../guide/{}.md", c.module);
        let cfg = predicate(c.features).map(|p| quote!(#[cfg(#p)]));
        let shown: Vec<&str> = c.features.iter().copied().filter(|f| off_by_default(api, f)).collect();
        let doc_cfg = predicate(&shown).map(|p| quote!(#[cfg_attr(docsrs, doc(cfg(#p)))]));
        quote! {
            #cfg
            #doc_cfg
            #[doc = include_str!(#path)]
            pub mod #name {}
        }
    });
    quote! {
        //! The guide: how to use this crate, chapter by chapter. Every example
        //! is compiled as a doctest of the crate (`no_run` where it would reach
        //! the API); the chapters here are those the enabled features cover
        //! (docs.rs builds with all of them).
        //!
        #(#overview)*
        #(#modules)*
    }
}

/// The facade's `mod guide;` and the crate-level pointer to it (nothing without a guide).
pub fn facade_items(api: &Api, options: &Options) -> (TokenStream, TokenStream) {
    if chapters(api, options).is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let pointer = "\n## Guide\n\nThe [`guide`] module explains the client chapter by chapter: set-up, calls and\n\
                   request bodies, errors and retries, what the client tolerates, pagination, streaming, uploads,\n\
                   seams (your HTTP client, interceptors, per-call options, tokens), testing with the mock,\n\
                   waiting, deploying, webhooks, and integrations (OAuth and scopes); every example is a doctest.";
    let lines = pointer.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let module = format_ident!("{GUIDE_MODULE}");
    (quote!(#(#![doc = #lines])*), quote!(pub mod #module;))
}
