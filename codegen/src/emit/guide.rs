//! The user guide in the facade's rustdoc: `vercel_client::guide`, one
//! doc-only module per chapter.
//!
//! The chapters are hand-written markdown in `codegen/guide/` (one file per
//! chapter, its first line the `# Title`). With packaging (the crates to
//! publish), each is copied into the facade as `guide/<chapter>.md`, so the
//! published crate stands alone, and `src/guide.rs` includes it as the doc of
//! an empty module. Their Rust code blocks are the facade's doctests (the
//! facade's manifest turns doctests on and gives them `tokio`, `serde_json`
//! and `reqwest` as dev-dependencies). A chapter whose examples need cargo
//! features exists only with them (`cfg`), and says so on docs.rs
//! (`doc(cfg)`) for the features that are not on by default; a chapter that
//! needs something the spec does not generate (a group, a scope, the deploy
//! companion, the webhook module) is left out.

use super::RustFile;
use super::HEADER;
use crate::ir::facade::{companions, FACADE_CRATE};
use crate::ir::Api;
use crate::naming::reserved::CLIENT_FEATURE;
use crate::Options;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// One chapter of the guide.
struct Chapter {
    /// The module under `vercel_client::guide`, also the markdown file's stem.
    module: &'static str,
    /// The markdown text, starting with its `# Title` line.
    text: &'static str,
    /// The facade features its examples need.
    features: &'static [&'static str],
    /// Whether its examples use the facade's `webhook` module.
    webhook: bool,
}

/// The chapters, in reading order.
const CHAPTERS: &[Chapter] = &[
    Chapter { module: "setup", text: include_str!("../../guide/setup.md"), features: &["deployments"], webhook: false },
    Chapter {
        module: "calls",
        text: include_str!("../../guide/calls.md"),
        features: &["projects", "user"],
        webhook: false,
    },
    Chapter {
        module: "errors",
        text: include_str!("../../guide/errors.md"),
        features: &["projects", "domains-registrar"],
        webhook: false,
    },
    Chapter {
        module: "tolerance",
        text: include_str!("../../guide/tolerance.md"),
        features: &["deployments"],
        webhook: false,
    },
    Chapter {
        module: "pagination",
        text: include_str!("../../guide/pagination.md"),
        features: &["deployments", "projects"],
        webhook: false,
    },
    Chapter {
        module: "streaming",
        text: include_str!("../../guide/streaming.md"),
        features: &["logs", "deployments", "artifacts"],
        webhook: false,
    },
    Chapter {
        module: "uploads",
        text: include_str!("../../guide/uploads.md"),
        features: &["deployments"],
        webhook: false,
    },
    Chapter {
        module: "seams",
        text: include_str!("../../guide/seams.md"),
        features: &["user", "deployments", "projects"],
        webhook: false,
    },
    Chapter {
        module: "testing",
        text: include_str!("../../guide/testing.md"),
        features: &["test-util", "deployments"],
        webhook: false,
    },
    Chapter {
        module: "waiting",
        text: include_str!("../../guide/waiting.md"),
        features: &["deployments"],
        webhook: false,
    },
    Chapter { module: "deploy", text: include_str!("../../guide/deploy.md"), features: &["deploy"], webhook: false },
    Chapter { module: "webhooks", text: include_str!("../../guide/webhooks.md"), features: &[], webhook: true },
    Chapter {
        module: "integrations",
        text: include_str!("../../guide/integrations.md"),
        features: &["scope-deployments", "test-util", "integrations"],
        webhook: false,
    },
];

impl Chapter {
    /// The text of its first line, `# Title`.
    fn title(&self) -> &'static str {
        self.text.lines().next().unwrap_or_default().trim_start_matches('#').trim()
    }
}

/// The facade's module holding the guide.
const GUIDE_MODULE: &str = "guide";

/// The chapters this facade has: with packaging only, when no endpoint group
/// takes the module's name (as for the companions), and each only when the
/// facade has every feature (and the webhook module) its examples need.
fn chapters<'a>(api: &Api, options: &Options) -> Vec<&'a Chapter> {
    if options.packaging.is_none() || api.groups.iter().any(|g| g.accessor.unraw() == GUIDE_MODULE) {
        return Vec::new();
    }
    let companions = companions(api, options);
    let has_feature = |f: &str| {
        [CLIENT_FEATURE, "test-util"].contains(&f)
            || api.groups.iter().any(|g| g.feature == f)
            || api.scopes.iter().any(|s| s.feature == f)
            || companions.iter().any(|(c, _)| c.feature == f)
    };
    CHAPTERS
        .iter()
        .filter(|c| c.features.iter().all(|f| has_feature(f)) && (!c.webhook || api.webhook_events().is_some()))
        .collect()
}

/// Whether `feature` is off by default (so docs.rs should say that a chapter needs it).
fn off_by_default(api: &Api, feature: &str) -> bool {
    feature != CLIENT_FEATURE && api.groups.iter().all(|g| g.feature != feature)
}

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

/// The facade's manifest with doctests on and the guide examples' dev-dependencies (unchanged without a guide).
pub fn facade_manifest(manifest: String, api: &Api, options: &Options) -> String {
    if chapters(api, options).is_empty() {
        return manifest;
    }
    let lib = "[lib]\ntest = false\n\
               # The guide's examples (`vercel_client::guide`) and the README's quick start are doctests.\n\
               doctest = true\n";
    let dev = "\n[dev-dependencies]\n# What the guide's examples use besides this crate.\n\
               reqwest = { version = \"0.13\", default-features = false }\n\
               serde_json = \"1\"\n\
               tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";
    format!("{}{dev}", manifest.replacen(super::package::LIB_SECTION, lib, 1))
}
