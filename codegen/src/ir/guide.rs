//! The user guide's plan: which chapters of `codegen/guide/` the facade
//! carries (`vercel_client::guide`), which features each needs, and what
//! its examples need as the facade's dev-dependencies. Decided here;
//! `emit::guide` prints the module and `emit::crates` the manifest.
//!
//! A chapter whose examples need cargo features exists only with them
//! (`cfg`), and says so on docs.rs (`doc(cfg)`) for the features that are
//! not on by default; a chapter that needs something the spec does not
//! generate (a group, a scope, the deploy companion, the webhook module) is
//! left out. The guide comes with packaging only (the crates to publish).

use super::facade::companions;
use super::Api;
use crate::naming::reserved::CLIENT_FEATURE;
use crate::Options;

/// One chapter of the guide.
pub struct Chapter {
    /// The module under `vercel_client::guide`, also the markdown file's stem.
    pub module: &'static str,
    /// The markdown text, starting with its `# Title` line.
    pub text: &'static str,
    /// The facade features its examples need.
    pub features: &'static [&'static str],
    /// Whether its examples use the facade's `webhook` module.
    pub webhook: bool,
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
    pub fn title(&self) -> &'static str {
        self.text.lines().next().unwrap_or_default().trim_start_matches('#').trim()
    }
}

/// The facade's module holding the guide.
pub const GUIDE_MODULE: &str = "guide";

/// The chapters this facade has: with packaging only, when no endpoint group
/// takes the module's name (as for the companions), and each only when the
/// facade has every feature (and the webhook module) its examples need.
pub fn chapters<'a>(api: &Api, options: &Options) -> Vec<&'a Chapter> {
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
pub fn off_by_default(api: &Api, feature: &str) -> bool {
    feature != CLIENT_FEATURE && api.groups.iter().all(|g| g.feature != feature)
}

/// What the guide's examples use besides the facade, as the facade's
/// dev-dependencies (name, requirement as TOML).
pub const DEV_DEPENDENCIES: &[(&str, &str)] = &[
    ("reqwest", "{ version = \"0.13\", default-features = false }"),
    ("serde_json", "\"1\""),
    ("tokio", "{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }"),
];

/// Whether the facade's doctests run (the guide's examples, and the README's
/// quick start): with a guide only, and then with [`DEV_DEPENDENCIES`].
/// Every other generated crate has no doctests.
pub fn facade_dev_dependencies(api: &Api, options: &Options) -> Option<&'static [(&'static str, &'static str)]> {
    (!chapters(api, options).is_empty()).then_some(DEV_DEPENDENCIES)
}
