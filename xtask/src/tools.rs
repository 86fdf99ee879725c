//! Where the pinned third-party tools (cargo-semver-checks, Prism, the bench's
//! peers) are installed on first use.
//!
//! One folder per tool and version, so that moving a pin installs the new
//! version beside the old one instead of running a stale binary. The parent is
//! `$VERCEL_SDK_TOOLS` when set, else the git-ignored `.tools/` of the
//! checkout. CI (`.ci/run`) sets it to a folder under `CARGO_HOME`, which CI
//! hosts keep between runs together with cargo's registry cache: a fresh
//! clone then reuses the tools instead of building cargo-semver-checks again
//! (about 4 minutes on 2 cores).

use std::path::{Path, PathBuf};

/// The environment variable naming the tools folder.
pub const TOOLS_ENV: &str = "VERCEL_SDK_TOOLS";

/// The folder that holds `tool` at `version`: `<tools>/<tool>-<version>`.
pub fn tool_dir(root: &Path, tool: &str, version: &str) -> PathBuf {
    tools_root(root, std::env::var_os(TOOLS_ENV).map(PathBuf::from)).join(format!("{tool}-{version}"))
}

/// The tools folder: `configured` (from [`TOOLS_ENV`]) if set and not empty,
/// else `.tools/` in the checkout at `root`.
fn tools_root(root: &Path, configured: Option<PathBuf>) -> PathBuf {
    match configured {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => root.join(".tools"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_sit_in_the_checkout_unless_a_folder_is_configured() {
        let root = Path::new("/checkout");
        assert_eq!(tools_root(root, None), Path::new("/checkout/.tools"));
        assert_eq!(tools_root(root, Some(PathBuf::new())), Path::new("/checkout/.tools"));
        assert_eq!(tools_root(root, Some("/cache/tools".into())), Path::new("/cache/tools"));
    }
}
