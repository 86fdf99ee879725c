//! Crate scaffolding: `Cargo.toml`s, each crate's `lib.rs`, the facade, and the
//! optional standalone workspace manifest.

use super::docs::{doc, API_NAME};
use super::operations;
use super::package;
use super::types::type_def;
use super::HEADER;
use crate::ir::facade::{self, companions, FACADE_CRATE, TYPES_CRATE};
use crate::ir::guide::facade_dev_dependencies;
use crate::ir::paths::ident;
use crate::ir::{Api, Group, Placement};
use crate::naming::reserved::CLIENT_FEATURE;
use crate::Options;
use proc_macro2::TokenStream;
use quote::quote;

/// Lints allowed in generated crates, each because the spec dictates the shape.
pub fn crate_attrs() -> TokenStream {
    quote! {
        // Doc text is copied from the spec, whose Markdown does not follow rustdoc's conventions.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::tabs_in_doc_comments)]
        // Operations take their required parameters as arguments, as many as the spec declares.
        #![allow(clippy::too_many_arguments)]
        // Variant names repeat their enum's name when the spec's values do.
        #![allow(clippy::enum_variant_names)]
        // Request builders carry one field per parameter and body field.
        #![allow(clippy::large_enum_variant)]
    }
}

/// `Cargo.toml` of one generated crate: `[package]` (its fields written by
/// [`package::package_fields`]), docs.rs metadata, `[lib]` (doctests off,
/// unless the crate has `dev_deps`: the guide's examples, see
/// `ir::guide::facade_dev_dependencies`), the dependencies `deps`, `extra`
/// (the facade's features) and the dev-dependencies.
pub fn manifest(
    name: &str,
    description: &str,
    keywords: &[&str],
    deps: &str,
    extra: &str,
    dev_deps: Option<&[(&str, &str)]>,
    options: &Options,
) -> String {
    // `test = false`: generated code has no unit tests; without it `cargo test
    // --workspace` compiled every generated crate a second time as an empty
    // test binary (152 s of compile time over the pinned spec's 40 crates).
    // Doc examples of generated crates are compiled by the facade's
    // `examples/operations.rs`; the facade's own doctests are the guide's.
    let (lib, dev) = match dev_deps {
        None => ("test = false\ndoctest = false\n".to_string(), String::new()),
        Some(dev_deps) => {
            let lines: String = dev_deps.iter().map(|(name, req)| format!("{name} = {req}\n")).collect();
            (
                "test = false\n\
                 # The guide's examples (`vercel_client::guide`) and the README's quick start are doctests.\n\
                 doctest = true\n"
                    .to_string(),
                format!("\n[dev-dependencies]\n# What the guide's examples use besides this crate.\n{lines}"),
            )
        }
    };
    format!(
        "# {HEADER}\n[package]\nname = \"{name}\"\n{package}{docs_rs}\n[lib]\n{lib}\n[dependencies]\n{deps}{extra}{dev}",
        package = package::package_fields(name, description, keywords, options),
        docs_rs = package::docs_rs_metadata(options),
    )
}

/// The runtime and its core, as every crate but the types crate depends on them.
/// The runtime comes without its default features: TLS and HTTP/2 are chosen
/// once, by the facade's features (which forward to the runtime's), so that no
/// group crate turns rustls or `h2` back on.
pub fn runtime_dep(options: &Options) -> String {
    runtime_deps(&[], &[], options)
}

/// [`runtime_dep`] with `runtime_keys` after the runtime's `default-features
/// = false` (the facade's `optional = true`) and `core_keys` after the
/// core's path (the facade's `features = ["webhook"]`).
fn runtime_deps(runtime_keys: &[&str], core_keys: &[&str], options: &Options) -> String {
    let path = options.runtime_path.replace('\\', "/");
    let keys: Vec<&str> = [NO_DEFAULT_FEATURES].iter().chain(runtime_keys).copied().collect();
    let runtime = package::project_dep("vercel-runtime", &path, &keys, options);
    format!("{runtime}{}", core_dep(core_keys, options))
}

/// A dependency's key that leaves its default features off.
const NO_DEFAULT_FEATURES: &str = "default-features = false";
/// A dependency's key that makes it optional (a facade feature turns it on).
const OPTIONAL: &str = "optional = true";

/// The facade's features that forward to the runtime's: TLS, HTTP/2, the test mock,
/// and `client` ([`CLIENT_FEATURE`]), which they all imply. Without `client`
/// the facade is the types and the webhook verifier only: no reqwest in the tree.
const FACADE_RUNTIME_FEATURES: &str =
    "# The HTTP client (`Client`, the runtime). Every feature below and every endpoint group implies it;\n\
# without it (`default-features = false` and no group) the crate is the types and `webhook` only.\n\
client = [\"dep:vercel-runtime\"]\n\
# TLS through rustls (default) or the platform's library; HTTP/2 through ALPN (default).\n\
rustls-tls = [\"client\", \"vercel-runtime/rustls-tls\"]\n\
native-tls = [\"client\", \"vercel-runtime/native-tls\"]\n\
http2 = [\"client\", \"vercel-runtime/http2\"]\n\
# `vercel_client::mock`: an in-process mock of the API for tests of code that takes a `Client`.\n\
test-util = [\"client\", \"vercel-runtime/test-util\"]\n";

/// The serde-only runtime core, all the types crate needs, with `keys` after its path.
fn core_dep(keys: &[&str], options: &Options) -> String {
    package::project_dep("vercel-runtime-core", &facade::core_path(options), keys, options)
}

/// A dependency on the generated crate `name` (see [`facade::sibling_path`]).
pub fn sibling_dep(name: &str, optional: bool, options: &Options) -> String {
    let keys: &[&str] = if optional { &[OPTIONAL] } else { &[] };
    package::project_dep(name, &facade::sibling_path(name), keys, options)
}

const SERDE_DEPS: &str = "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n";

/// `Cargo.toml` of the shared types crate.
pub fn types_manifest(options: &Options) -> String {
    manifest(
        TYPES_CRATE,
        "Vercel API component types shared by the endpoint-group crates (generated).",
        &["types"],
        &format!("{}{SERDE_DEPS}", core_dep(&[], options)),
        "",
        None,
        options,
    )
}

/// `lib.rs` of the shared types crate.
pub fn types_lib(api: &Api) -> TokenStream {
    let attrs = crate_attrs();
    let items = api.defined_in(&Placement::Shared).map(|t| type_def(api, t));
    let builders = super::builders::module(api, &Placement::Shared);
    let title = format!(" Component types of the {API_NAME}, shared by every endpoint-group crate.");
    quote! {
        #![doc = #title]
        #attrs
        #(#items)*
        #builders
    }
}

/// `Cargo.toml` of one endpoint-group crate.
pub fn group_manifest(group: &Group, options: &Options) -> String {
    manifest(
        &group.crate_name,
        &format!("Vercel API: the `{}` endpoint group (generated).", group.tag),
        &[group.feature.as_str()],
        &format!("{}{}{SERDE_DEPS}", runtime_dep(options), sibling_dep(TYPES_CRATE, false, options)),
        "",
        None,
        options,
    )
}

/// `lib.rs` of one endpoint-group crate.
pub fn group_lib(api: &Api, index: usize) -> TokenStream {
    let group = &api.groups[index];
    let attrs = crate_attrs();
    let ops: Vec<_> = api.operations.iter().filter(|o| o.group == index).collect();
    let mods = ops.iter().map(|o| {
        let m = o.name.ident();
        quote!(pub mod #m;)
    });
    let types_mod = api.has_group_types(index).then(|| {
        quote! {
            /// Component types of the spec that only this group's operations use
            /// (also re-exported as `vercel_client::types`).
            pub mod types;
        }
    });
    let methods = ops.iter().map(|o| operations::client_method(api, o));
    let client = group.client.ident();
    let trait_name = group.api_trait.ident();
    let accessor = group.accessor.ident();
    let crate_doc = format!(
        " The `{}` endpoint group of the {API_NAME}: {} operations.\n\n Start from [`{}`], or call `.{}()` on a `vercel_runtime::Client` with [`{}`] in scope.",
        group.tag,
        ops.len(),
        group.client,
        accessor,
        trait_name
    );
    let client_doc = doc(&format!("Client for the `{}` endpoint group. Cheap to clone.", group.tag));
    let accessor_doc = doc(&format!("The `{}` endpoint group.", group.tag));
    quote! {
        #![doc = #crate_doc]
        #attrs

        #types_mod
        #(#mods)*

        #client_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            client: vercel_runtime::Client,
        }

        impl #client {
            /// Wraps a runtime client.
            pub fn new(client: vercel_runtime::Client) -> Self {
                #client { client }
            }

            /// The runtime client requests are sent with.
            pub fn client(&self) -> &vercel_runtime::Client {
                &self.client
            }

            #(#methods)*
        }

        /// Adds this endpoint group's accessor to the runtime client.
        pub trait #trait_name {
            #accessor_doc
            fn #accessor(&self) -> #client;
        }

        impl #trait_name for vercel_runtime::Client {
            fn #accessor(&self) -> #client {
                #client::new(self.clone())
            }
        }
    }
}

/// The `types` module of one group crate.
pub fn group_types(api: &Api, index: usize) -> TokenStream {
    let scope = Placement::Group { group: index };
    let items = api.defined_in(&scope).map(|t| type_def(api, t));
    let doc = format!(" Component types of the spec that only the `{}` operations use.", api.groups[index].tag);
    let builders = super::builders::module(api, &scope);
    quote! {
        #![doc = #doc]
        #(#items)*
        #builders
    }
}

/// `Cargo.toml` of the facade: one optional dependency and feature per group, all on by default.
pub fn facade_manifest(api: &Api, options: &Options) -> String {
    // The runtime is optional here (feature `client`), unlike in the group crates;
    // the facade's `webhook` module needs the core's verifier, and no group feature.
    let core_keys: &[&str] = if api.webhook_events().is_some() { &["features = [\"webhook\"]"] } else { &[] };
    let runtime = runtime_deps(&[OPTIONAL], core_keys, options);
    let mut deps = format!("{runtime}{}", sibling_dep(TYPES_CRATE, false, options));
    for g in &api.groups {
        deps.push_str(&sibling_dep(&g.crate_name, true, options));
    }
    for s in &api.scopes {
        deps.push_str(&sibling_dep(&s.crate_name, true, options));
    }
    let companions = companions(api, options);
    for (c, _) in &companions {
        // Without its command-line features: the facade wants the library only.
        let keys = [OPTIONAL, NO_DEFAULT_FEATURES];
        deps.push_str(&package::project_dep(c.crate_name, &facade::companion_path(c, options), &keys, options));
    }
    let defaults: Vec<String> = facade::default_features(api).iter().map(|f| format!("\"{f}\"")).collect();
    let mut features = format!("\n[features]\ndefault = [{}]\n{FACADE_RUNTIME_FEATURES}", defaults.join(", "));
    for g in &api.groups {
        features.push_str(&format!("{} = [\"{CLIENT_FEATURE}\", \"dep:{}\"]\n", g.feature, g.crate_name));
    }
    for s in &api.scopes {
        features.push_str(&format!("{} = [\"{CLIENT_FEATURE}\", \"dep:{}\"]\n", s.feature, s.crate_name));
    }
    for (c, groups) in &companions {
        let implied: Vec<String> = groups.iter().map(|g| format!("\"{g}\"")).collect();
        features.push_str(&format!(
            "# `vercel_client::{}`: the hand-written `{}` crate (off by default).\n{} = [\"{CLIENT_FEATURE}\", {}, \"dep:{}\"]\n",
            c.module,
            c.crate_name,
            c.feature,
            implied.join(", "),
            c.crate_name
        ));
    }
    manifest(
        FACADE_CRATE,
        "Typed client for the Vercel REST API (generated facade).",
        &["sdk"],
        &deps,
        &features,
        facade_dev_dependencies(api, options),
        options,
    )
}

/// The attributes of an item that exists with `feature` only: the `cfg`, and
/// for docs.rs (built with `--cfg docsrs` on nightly) the note in rustdoc that
/// says which feature enables it.
fn feature_gate(feature: &str) -> [TokenStream; 2] {
    [quote!(#[cfg(feature = #feature)]), quote!(#[cfg_attr(docsrs, doc(cfg(feature = #feature)))])]
}

/// The doc of a group's module in the facade: what the group is, how to
/// reach it, and its operations (`METHOD /path`, Rust method, scopes).
fn facade_group_doc(api: &Api, index: usize) -> String {
    let g = &api.groups[index];
    let ops: Vec<_> = api.operations.iter().filter(|o| o.group == index).collect();
    format!(
        "The `{tag}` endpoint group of the {API_NAME} (feature `{feature}`, crate `{krate}`): {count}.\n\n\
         Call `client.{accessor}()` with [`crate::prelude`] in scope; each operation's module here holds its \
         request builder and its types.\n\n{table}",
        tag = g.tag,
        feature = g.feature,
        krate = g.crate_name,
        count = if ops.len() == 1 { "1 operation".to_string() } else { format!("{} operations", ops.len()) },
        accessor = g.accessor.unraw(),
        table = package::operations_table(ops),
    )
}

/// `lib.rs` of the facade.
///
/// With packaging, the crate docs are its README (the quick start and the
/// feature table), so docs.rs and crates.io show the same text.
pub fn facade_lib(api: &Api, options: &Options) -> TokenStream {
    let uses = api.groups.iter().enumerate().map(|(i, g)| {
        let feature = &g.feature;
        let gate = feature_gate(feature);
        let krate = g.crate_ident().ident();
        let module = g.accessor.ident();
        let d = doc(&facade_group_doc(api, i));
        quote! {
            #(#gate)*
            #d
            pub mod #module {
                pub use #krate::*;
            }
        }
    });
    let traits = api.groups.iter().map(|g| {
        let feature = &g.feature;
        let gate = feature_gate(feature);
        let krate = g.crate_ident().ident();
        let t = g.api_trait.ident();
        quote! {
            #(#gate)*
            pub use #krate::#t;
        }
    });
    let shared_types = facade::exports_shared_types(api).then(|| {
        quote!(
            pub use vercel_types::*;
        )
    });
    // The component types of each group (not the shapes hoisted from its
    // operations, whose names are only unique within their crate).
    let group_types = api.groups.iter().enumerate().filter_map(|(i, g)| {
        let names: Vec<_> = facade::group_type_exports(api, i).iter().map(|t| t.name.ident()).collect();
        let feature = &g.feature;
        let gate = feature_gate(feature);
        let krate = g.crate_ident().ident();
        (!names.is_empty()).then(|| {
            quote! {
                #(#gate)*
                pub use #krate::types::{#(#names),*};
            }
        })
    });
    let scope_uses = api.scopes.iter().map(|s| {
        let feature = &s.feature;
        let gate = feature_gate(feature);
        let krate = s.crate_ident().ident();
        let module = s.module.ident();
        let d = format!(" The `{}` integration scope (feature `{feature}`).", s.name);
        quote! {
            #(#gate)*
            #[doc = #d]
            pub use #krate as #module;
        }
    });
    let scopes = (!api.scopes.is_empty()).then(|| {
        quote! {
            /// Clients limited to what one integration scope grants: `scopes::deployments::Read::new(client)`.
            /// Each scope is a cargo feature (`scope-deployments`, ...), off by default.
            pub mod scopes {
                #(#scope_uses)*
            }
        }
    });
    let companion_uses = companions(api, options).into_iter().map(|(c, _)| {
        let gate = feature_gate(c.feature);
        let krate = ident(&c.crate_name.replace('-', "_"));
        let module = ident(c.module);
        let d = c.doc;
        quote! {
            #(#gate)*
            #[doc = #d]
            pub use #krate as #module;
        }
    });
    let webhook = api.webhook_events().map(webhook_module);
    let crate_doc = format!(
        " Typed client for the {API_NAME}.\n\n Build a [`Client`], bring the [`prelude`] into scope, and call an endpoint group:\n\n ```no_run\n use vercel_client::prelude::*;\n\n # async fn run() -> Result<(), vercel_client::Error> {{\n let client = vercel_client::Client::builder().token(\"...\").build()?;\n let user = client.user().get_auth_user().send().await?;\n # let _ = user;\n # Ok(())\n # }}\n ```\n\n Each endpoint group is a cargo feature (all on by default) and a module re-exporting its crate.",
    );
    let crate_doc = match options.packaging {
        Some(_) => quote!(#![doc = include_str!("../README.md")]),
        None => quote!(#![doc = #crate_doc]),
    };
    let client_gate = feature_gate(CLIENT_FEATURE);
    let runtime_exports = facade::RUNTIME_EXPORTS.iter().map(|name| ident(name));
    let core_exports = facade::CORE_EXPORTS.iter().map(|name| ident(name));
    let mock_gate = feature_gate("test-util");
    let (guide_doc, guide) = super::guide::facade_items(api, options);
    quote! {
        #crate_doc
        #guide_doc
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #(#client_gate)*
        pub use vercel_runtime::{#(#runtime_exports),*};

        /// What body setters take (a value or its builder, `Type::builder()`) and what building fails with.
        pub use vercel_runtime_core::{#(#core_exports),*};

        /// An in-process mock of the API for tests of code that takes a [`Client`] (feature `test-util`).
        #(#mock_gate)*
        pub use vercel_runtime::mock;

        /// Every component type of the spec, wherever it is defined: in the shared
        /// `vercel-types` crate, or in the group crate whose operations alone use it.
        /// This path stays the same if a type later moves between the two.
        pub mod types {
            #shared_types
            #(#group_types)*
        }

        #(#uses)*

        #(#companion_uses)*

        #scopes

        #webhook

        #guide

        /// One accessor per enabled endpoint group on [`Client`] (`client.deployments()`).
        pub mod prelude {
            #(#traits)*
        }
    }
}

/// The facade's `webhook` module: the event types of the spec as an open
/// enum, and the runtime core's verifier typed with it (see `ir::webhook`).
fn webhook_module(events: &[crate::ir::EnumValue]) -> TokenStream {
    let name = crate::ir::webhook::event_type_name();
    let event_type = super::types::open_enum_def(
        &name,
        events,
        quote! {
            /// What a webhook event is about: the event types the spec lists for
            /// webhook subscriptions (`Unknown` keeps any other).
        },
    );
    quote! {
        /// Verifying and reading webhook deliveries (always available: no endpoint-group or TLS feature needed).
        ///
        /// Vercel signs each delivery with HMAC-SHA1 of the raw body, hex in the
        /// `x-vercel-signature` header, keyed with the integration's client secret
        /// (integration webhooks) or the webhook's secret (account webhooks).
        /// [`verify`](crate::webhook::verify) checks it in constant time and decodes the
        /// [`Event`](crate::webhook::Event); [`sign`](crate::webhook::sign) makes the
        /// signature for your handler's tests.
        pub mod webhook {
            pub use vercel_runtime_core::webhook::{sign, verify_signature, WebhookError, SIGNATURE_HEADER};

            #event_type

            /// A verified webhook delivery.
            pub type Event = vercel_runtime_core::webhook::Event<#name>;

            /// Checks `signature` (the `x-vercel-signature` header) against the raw
            /// `body` with `secret` in constant time, then decodes the event.
            ///
            /// Fails with [`WebhookError::MissingSignature`] (empty),
            /// [`WebhookError::MalformedSignature`] (not 40 hex digits),
            /// [`WebhookError::WrongSignature`] or [`WebhookError::InvalidEvent`].
            pub fn verify(secret: &[u8], body: &[u8], signature: &str) -> Result<Event, WebhookError> {
                vercel_runtime_core::webhook::verify(secret, body, signature)
            }
        }
    }
}

/// Manifest making the output folder a workspace of its own (`regen --out`).
pub fn standalone_workspace() -> String {
    format!("# {HEADER}\n[workspace]\nresolver = \"2\"\nmembers = [\"vercel-*\"]\n")
}

/// The generated `rustfmt.toml`: the workspace's settings, with which `cargo xtask regen` formats the output.
pub fn rustfmt_config() -> String {
    format!(
        "# {HEADER}\n# `cargo xtask regen` formats the generated files with these settings (the workspace's),\n\
         # so `cargo fmt --all --check` finds nothing to change in them.\nmax_width = 120\nuse_small_heuristics = \"Max\"\n"
    )
}
