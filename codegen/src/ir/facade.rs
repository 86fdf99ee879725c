//! The crates' names and folders, and the facade's contents: what `vercel-client`
//! re-exports at its root, which companion crates it carries, which component
//! types its `types` module gathers, and which features it turns on by
//! default. Decided here; `emit::crates` and `emit::package` print it.

use super::{Api, Placement, TypeDef};
use crate::naming::reserved::DEPLOY_FEATURE;
use crate::Options;

/// Name of the shared types crate.
pub const TYPES_CRATE: &str = "vercel-types";
/// Name of the facade crate.
pub const FACADE_CRATE: &str = "vercel-client";

/// The runtime items the facade re-exports at its root (feature `client`):
/// every runtime type a generated signature names (`Waiter`, `JsonOrLines`,
/// `Pages`, `ItemStream`, `ByteStream`, ...) and every type a user of the seams needs
/// (interceptors, token providers, options, the mock's `Operation`), so that
/// a user writes `vercel_client::...` paths only.
pub const RUNTIME_EXPORTS: &[&str] = &[
    "ApiError",
    "AttemptContext",
    "AttemptRequest",
    "BodyError",
    "BodyErrorKind",
    "BoxError",
    "ByteStream",
    "Bytes",
    "Client",
    "ClientBuilder",
    "Correction",
    "DecodeError",
    "Error",
    "HeaderMap",
    "Interceptor",
    "ItemStream",
    "JsonOrLines",
    "Method",
    "Nullable",
    "OAuthApp",
    "Operation",
    "Pages",
    "RateLimit",
    "RequestOptions",
    "Response",
    "RetryConfig",
    "StatusCode",
    "StreamExt",
    "TokenFuture",
    "TokenProvider",
    "TokenRequest",
    "TokenResponse",
    "TransportError",
    "TypedErrorBody",
    "Waiter",
    "DEFAULT_WAIT_INTERVAL",
    "DEFAULT_WAIT_MAX_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
];

/// The runtime core's items the facade re-exports at its root (needing no
/// feature): what body setters take and what building a body fails with.
pub const CORE_EXPORTS: &[&str] = &["BuildError", "IntoBody"];

/// The facade's features that choose the HTTP stack and are on by default (beside every endpoint group).
pub const DEFAULT_STACK_FEATURES: &[&str] = &["rustls-tls", "http2"];

/// The facade's default features: the HTTP stack, then every endpoint group.
pub fn default_features(api: &Api) -> Vec<&str> {
    DEFAULT_STACK_FEATURES.iter().copied().chain(api.groups.iter().map(|g| g.feature.as_str())).collect()
}

/// Whether the facade's `types` module re-exports the shared types crate (it defines a type).
pub fn exports_shared_types(api: &Api) -> bool {
    api.defined_in(&Placement::Shared).next().is_some()
}

/// The component types of group `group` that the facade's `types` module
/// re-exports (not the shapes hoisted from its operations, whose names are
/// only unique within their crate).
pub fn group_type_exports(api: &Api, group: usize) -> Vec<&TypeDef> {
    api.defined_in(&Placement::Group { group }).filter(|t| super::is_component(t)).collect()
}

/// A hand-written crate that builds on generated group crates and that the
/// facade re-exports behind a feature of its own. It lives beside the
/// runtime (its folder is the runtime path's sibling `folder`), and is
/// written into the facade only when the spec has every operation it calls;
/// its feature turns on the groups of those operations.
#[derive(Debug, Clone, Copy)]
pub struct Companion {
    /// Package name.
    pub crate_name: &'static str,
    /// Its folder, a sibling of the runtime's.
    pub folder: &'static str,
    /// The facade's feature (reserved in `naming::reserved::COMPANION_FEATURES`).
    pub feature: &'static str,
    /// The facade's module re-exporting it.
    pub module: &'static str,
    /// The operation ids it calls.
    pub operations: &'static [&'static str],
    /// What the facade's module docs say.
    pub doc: &'static str,
}

/// The hand-written companion crates.
pub const COMPANIONS: &[Companion] = &[Companion {
    crate_name: "vercel-deploy",
    folder: "deploy",
    feature: DEPLOY_FEATURE,
    module: "deploy",
    operations: &["createDeployment", "uploadFile", "getDeployment", "getDeploymentEvents"],
    doc: " Deploying a directory (or files): ignore rules, streamed hashing, bounded uploads with retries, the build log and the ready deployment (feature `deploy`, the `vercel-deploy` crate).",
}];

/// The companions `api` can carry, with the features of the groups holding the operations each calls.
///
/// None in a standalone workspace (`regen --out DIR`): a companion is a crate of
/// the repository that depends on the repository's own generated group crates,
/// so beside another copy of those crates cargo would see each package twice.
pub fn companions<'a>(api: &'a Api, options: &Options) -> Vec<(&'static Companion, Vec<&'a str>)> {
    if options.standalone_workspace {
        return Vec::new();
    }
    COMPANIONS
        .iter()
        .filter_map(|c| {
            let mut features = Vec::new();
            for id in c.operations {
                let op = api.operations.iter().find(|o| o.operation_id.as_deref() == Some(*id))?;
                let feature = api.groups[op.group].feature.as_str();
                if !features.contains(&feature) {
                    features.push(feature);
                }
            }
            let module_free = api.groups.iter().all(|g| g.accessor.as_str() != c.module);
            module_free.then_some((c, features))
        })
        .collect()
}

/// Where the generated crate `name` is, from another generated crate's
/// folder: every generated crate is a folder named after it, beside the others.
pub fn sibling_path(name: &str) -> String {
    format!("../{name}")
}

/// Where the runtime core (`vercel-runtime-core`) is, from a generated crate:
/// the `core` folder of the runtime's.
pub fn core_path(options: &Options) -> String {
    format!("{}/core", options.runtime_path.replace('\\', "/"))
}

/// Where `companion` is, from the facade: the runtime's sibling folder `companion.folder`.
pub fn companion_path(companion: &Companion, options: &Options) -> String {
    let runtime = options.runtime_path.replace('\\', "/");
    match runtime.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{}", companion.folder),
        None => companion.folder.to_owned(),
    }
}
