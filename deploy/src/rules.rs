//! Which paths a deploy leaves out: Vercel's built-in ignores, the
//! project's `.vercelignore` (gitignore syntax), or for a prebuilt deploy
//! everything outside the Build Output directory.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::DeployError;

/// The `@vercel/client` version [`BUILT_IN_IGNORES`] is read from.
pub const BUILT_IN_IGNORES_SOURCE: &str = "@vercel/client 18.4.2 (dist/utils/index.js, getVercelIgnore)";

/// The patterns a source deploy always ignores, in gitignore syntax, as
/// `@vercel/client` applies them ([`BUILT_IN_IGNORES_SOURCE`]). A project
/// with a `Cargo.toml` at its root also ignores `/target`.
pub const BUILT_IN_IGNORES: &[&str] = &[
    ".hg",
    ".git",
    ".gitmodules",
    ".svn",
    ".cache",
    ".next",
    ".now",
    ".vercel",
    ".npmignore",
    ".dockerignore",
    ".gitignore",
    ".*.swp",
    ".DS_Store",
    ".wafpicke-*",
    ".lock-wscript",
    ".env.local",
    ".env.*.local",
    ".venv",
    ".yarn/cache",
    ".pnp*",
    "npm-debug.log",
    "config.gypi",
    "node_modules",
    "__pycache__",
    "venv",
    "CVS",
];

/// The Build Output directory a prebuilt deploy sends, relative to the project root.
pub const BUILD_OUTPUT_DIR: &str = ".vercel/output";

/// The ignore rules of one deploy.
pub(crate) struct Rules {
    matcher: Gitignore,
}

impl Rules {
    /// The rules of a source deploy of `root`: the built-in ones, then
    /// `.vercelignore` (or the older `.nowignore`; both is an error).
    pub(crate) fn source(root: &Path) -> Result<Rules, DeployError> {
        let mut builder = GitignoreBuilder::new(root);
        for pattern in BUILT_IN_IGNORES {
            add(&mut builder, root, pattern)?;
        }
        if root.join("Cargo.toml").is_file() {
            add(&mut builder, root, "/target")?;
        }
        let (vercel, now) = (root.join(".vercelignore"), root.join(".nowignore"));
        let file = match (vercel.is_file(), now.is_file()) {
            (true, true) => return Err(DeployError::ConflictingIgnoreFiles { root: root.to_path_buf() }),
            (true, false) => Some(vercel),
            (false, true) => Some(now),
            (false, false) => None,
        };
        if let Some(file) = file {
            let text = std::fs::read(&file).map_err(|source| DeployError::Unreadable {
                phase: crate::error::Phase::Collect,
                path: file.clone(),
                source,
            })?;
            let text = String::from_utf8(text)
                .map_err(|_| DeployError::IgnoreFile { path: file.clone(), message: "not UTF-8 text".into() })?;
            for line in text.lines() {
                // `./dist` means `dist` at the root, as `@vercel/client` reads it.
                let line = line.strip_prefix("./").unwrap_or(line);
                builder
                    .add_line(Some(file.clone()), line)
                    .map_err(|e| DeployError::IgnoreFile { path: file.clone(), message: format!("{line:?}: {e}") })?;
            }
        }
        build(builder, root)
    }

    /// The rules of a prebuilt deploy: everything outside [`BUILD_OUTPUT_DIR`].
    pub(crate) fn prebuilt(root: &Path) -> Result<Rules, DeployError> {
        let mut builder = GitignoreBuilder::new(root);
        for pattern in ["*", "!/.vercel", "!/.vercel/output", "!/.vercel/output/**"] {
            add(&mut builder, root, pattern)?;
        }
        build(builder, root)
    }

    /// Whether `relative` (a path below the root) is left out.
    pub(crate) fn ignores(&self, relative: &Path, is_dir: bool) -> bool {
        self.matcher.matched(relative, is_dir).is_ignore()
    }
}

fn add(builder: &mut GitignoreBuilder, root: &Path, pattern: &str) -> Result<(), DeployError> {
    builder
        .add_line(None, pattern)
        .map(drop)
        .map_err(|e| DeployError::IgnoreFile { path: root.to_path_buf(), message: format!("{pattern:?}: {e}") })
}

fn build(builder: GitignoreBuilder, root: &Path) -> Result<Rules, DeployError> {
    let matcher =
        builder.build().map_err(|e| DeployError::IgnoreFile { path: root.to_path_buf(), message: e.to_string() })?;
    Ok(Rules { matcher })
}
