//! Package metadata of the generated crates, in one place: the `[package]`
//! fields crates.io and docs.rs need, the version requirement of every
//! dependency on another crate of this project, and each crate's README.md.
//!
//! Without [`Packaging`] (`Options::packaging` is `None`, as for the fixture
//! tests) manifests carry only what building needs: version `0.1.0` and
//! path dependencies.

use crate::ir::facade::{companions, FACADE_CRATE, TYPES_CRATE};
use crate::ir::{Api, Operation};
use crate::Options;
use std::collections::BTreeMap;

/// What the published crates share and the version each carries.
///
/// `cargo xtask regen` fills it from the workspace's `Cargo.toml`
/// (`[workspace.package]`: license, repository, rust-version), the runtime's
/// `Cargo.toml` (its version) and `versions.toml` (the generated crates' versions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packaging {
    /// SPDX license expression (`MIT OR Apache-2.0`).
    pub license: String,
    /// URL of the source repository.
    pub repository: String,
    /// Minimum supported Rust version (`1.80`).
    pub rust_version: String,
    /// Version of `vercel-runtime` and `vercel-runtime-core` the crates are generated against.
    pub runtime_version: String,
    /// Version of each generated crate, by crate name; a crate not listed is `0.1.0`.
    pub versions: BTreeMap<String, String>,
}

/// Version of a generated crate that `versions.toml` does not list yet.
pub const FIRST_VERSION: &str = "0.1.0";

impl Packaging {
    /// The version of generated crate `name`.
    pub fn version(&self, name: &str) -> &str {
        self.versions.get(name).map_or(FIRST_VERSION, String::as_str)
    }
}

/// The `[package]` lines after `name`: version and, with packaging, the
/// metadata fields every published crate has.
pub fn package_fields(name: &str, description: &str, keywords: &[&str], options: &Options) -> String {
    let Some(p) = &options.packaging else {
        return format!(
            "version = \"{FIRST_VERSION}\"\nedition = \"2021\"\nlicense = \"MIT OR Apache-2.0\"\ndescription = \"{description}\"\n"
        );
    };
    let mut all_keywords = vec!["vercel", "api", "client"];
    all_keywords.extend(keywords.iter().filter(|k| valid_keyword(k)));
    all_keywords.truncate(5);
    let keywords: Vec<String> = all_keywords.iter().map(|k| format!("\"{k}\"")).collect();
    format!(
        "version = \"{version}\"\nedition = \"2021\"\nrust-version = \"{rust}\"\nlicense = \"{license}\"\n\
         description = \"{description}\"\nrepository = \"{repository}\"\ndocumentation = \"https://docs.rs/{name}\"\n\
         readme = \"README.md\"\nkeywords = [{keywords}]\ncategories = [\"api-bindings\", \"web-programming::http-client\"]\n",
        version = p.version(name),
        rust = p.rust_version,
        license = p.license,
        repository = p.repository,
        keywords = keywords.join(", "),
    )
}

/// crates.io's rule for a keyword: at most 20 ASCII characters, letters,
/// digits, `_`, `-` and `+`, starting with a letter.
fn valid_keyword(keyword: &str) -> bool {
    keyword.len() <= 20
        && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
        && keyword.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
}

/// `[package.metadata.docs.rs]`: docs.rs builds every feature and passes
/// `--cfg docsrs`, under which feature-gated items show the feature they need.
pub fn docs_rs_metadata(options: &Options) -> &'static str {
    if options.packaging.is_some() {
        "\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n"
    } else {
        ""
    }
}

/// A dependency on another crate of this project at `path`: with packaging,
/// also the exact version (`=x.y.z`) it was generated with, which crates.io
/// needs and which keeps a published set of crates from being mixed.
pub fn project_dep(name: &str, path: &str, optional: bool, options: &Options) -> String {
    let version = options.packaging.as_ref().map(|p| match name {
        "vercel-runtime" | "vercel-runtime-core" => p.runtime_version.clone(),
        _ => p.version(name).to_string(),
    });
    let mut fields = Vec::new();
    if let Some(version) = version {
        fields.push(format!("version = \"={version}\""));
    }
    fields.push(format!("path = \"{}\"", path.replace('\\', "/")));
    if optional {
        fields.push("optional = true".into());
    }
    format!("{name} = {{ {} }}\n", fields.join(", "))
}

/// Markdown table of operations: method and path, Rust method, integration scopes.
pub fn operations_table<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> String {
    let mut out = String::from("| Method | Path | Rust method | Scopes |\n| --- | --- | --- | --- |\n");
    for op in ops {
        let scopes: Vec<String> = op.grants.iter().map(|(scope, access)| format!("{scope} ({access})")).collect();
        let scopes = if scopes.is_empty() { "-".to_string() } else { scopes.join(", ") };
        out.push_str(&format!(
            "| `{}` | `{}` | `{}`{} | {} |\n",
            op.method.as_str(),
            op.path,
            op.name,
            if op.deprecated { " (deprecated)" } else { "" },
            scopes.replace('|', "\\|")
        ));
    }
    out
}

/// README.md of one endpoint-group crate.
pub fn group_readme(api: &Api, index: usize, options: &Options) -> String {
    let group = &api.groups[index];
    let ops: Vec<&Operation> = api.operations.iter().filter(|o| o.group == index).collect();
    format!(
        "# {name}\n\nThe `{tag}` endpoint group of the {title}: {count} operations, \
         generated from Vercel's OpenAPI spec by `cargo xtask regen`. Do not edit.\n\n\
         Most users depend on the facade crate [`vercel-client`](https://docs.rs/vercel-client) instead, \
         where this crate is the feature `{feature}` and the module `vercel_client::{module}`:\n\n\
         ```toml\nvercel-client = {{ version = \"{facade_version}\", default-features = false, features = [\"{feature}\", \"rustls-tls\"] }}\n```\n\n\
         ## Operations\n\n{table}",
        name = group.crate_name,
        tag = group.tag,
        title = super::docs::API_NAME,
        count = ops.len(),
        feature = group.feature,
        module = group.accessor,
        facade_version = facade_version(options),
        table = operations_table(ops),
    )
}

/// The facade's version, as a dependency requirement in a README.
fn facade_version(options: &Options) -> &str {
    options.packaging.as_ref().map_or(FIRST_VERSION, |p| p.version(FACADE_CRATE))
}

/// README.md of the shared types crate.
pub fn types_readme() -> String {
    format!(
        "# {name}\n\nComponent types of the {title} that more than one endpoint-group \
         crate uses, generated from Vercel's OpenAPI spec by `cargo xtask regen`. Do not edit.\n\n\
         Users reach them as `vercel_client::types` through the facade crate \
         [`vercel-client`](https://docs.rs/vercel-client).\n",
        name = TYPES_CRATE,
        title = super::docs::API_NAME,
    )
}

/// README.md of one integration-scope crate.
pub fn scope_readme(api: &Api, scope: &crate::ir::ScopeDef) -> String {
    let mut ops: Vec<usize> = scope.read.iter().flatten().chain(&scope.read_write).copied().collect();
    ops.sort_unstable();
    ops.dedup();
    format!(
        "# {name}\n\nClients limited to what the `{scope}` integration scope of the {title} grants, \
         generated by `cargo xtask regen`. Do not edit.\n\n\
         In the facade crate [`vercel-client`](https://docs.rs/vercel-client) this crate is the feature \
         `{feature}` (off by default) and the module `vercel_client::scopes::{module}`.\n\n## Operations\n\n{table}",
        name = scope.crate_name,
        scope = scope.name,
        title = super::docs::API_NAME,
        feature = scope.feature,
        module = scope.module,
        table = operations_table(ops.iter().map(|&i| &api.operations[i])),
    )
}

/// README.md of the facade: what it is, the quick start, and one row per feature.
pub fn facade_readme(api: &Api, options: &Options) -> String {
    let mut features = String::from("| Feature | Crate | Operations |\n| --- | --- | --- |\n");
    for (i, group) in api.groups.iter().enumerate() {
        let count = api.operations.iter().filter(|o| o.group == i).count();
        features.push_str(&format!("| `{}` (default) | `{}` | {count} |\n", group.feature, group.crate_name));
    }
    for scope in &api.scopes {
        features.push_str(&format!("| `{}` | `{}` | scope `{}` |\n", scope.feature, scope.crate_name, scope.name));
    }
    for (companion, _) in companions(api, options) {
        features.push_str(&format!(
            "| `{}` | `{}` | `vercel_client::{}` (hand-written) |\n",
            companion.feature, companion.crate_name, companion.module
        ));
    }
    format!(
        "# {name}\n\nTyped async client for the {title}, generated from Vercel's \
         OpenAPI spec by `cargo xtask regen`. Do not edit.\n\n## Quick start\n\n\
         ```toml\n[dependencies]\nvercel-client = {{ version = \"{facade}\", default-features = false, features = [\"deployments\", \"rustls-tls\"] }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```\n\n\
         ```rust,no_run\n{example}```\n\n## Features\n\n\
         The HTTP stack: `rustls-tls` (default) or `native-tls`, `http2` (default), and `test-util` \
         (`vercel_client::mock`, an in-process mock for your tests). Each of them, and each endpoint group, \
         turns on `client` (the `Client` and the runtime); with none of them (`default-features = false`) the crate \
         is the types and `webhook` (verifying deliveries) with no HTTP dependency.\n\n\
         One feature per endpoint group (all on by default) and per integration scope:\n\n{features}",
        name = FACADE_CRATE,
        title = super::docs::API_NAME,
        facade = facade_version(options),
        example = QUICK_START,
    )
}

/// The quick start: the facade's crate docs and README show it, and a test builds it
/// in a crate outside the workspace.
pub const QUICK_START: &str = r#"use vercel_client::prelude::*;

#[tokio::main]
async fn main() -> Result<(), vercel_client::Error> {
    let token = std::env::var("VERCEL_TOKEN").expect("VERCEL_TOKEN");
    let client = vercel_client::Client::builder().token(token).build()?;
    let page = client.deployments().get_deployments().limit(10).send().await?;
    for deployment in &page.deployments {
        println!("{} {}", deployment.uid, deployment.url);
    }
    Ok(())
}
"#;

/// The `[lib]` section of every generated manifest: no unit-test harness and
/// no doctests. Generated code has no unit tests, and its doc examples are
/// compiled by the facade's `examples/operations.rs`; without `test = false`,
/// `cargo test --workspace` compiled every generated crate a second time, as
/// an empty test binary (152 s of compile time, summed over the pinned
/// spec's 40 crates). The facade turns its doctests back on
/// (`guide::facade_manifest`).
pub const LIB_SECTION: &str = "[lib]\ntest = false\ndoctest = false\n";
