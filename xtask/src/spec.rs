//! The pinned spec: `spec/source.toml` and `cargo xtask fetch-spec`.
//!
//! The working copy at [`pinned_spec_path`] is only ever put in place by an
//! atomic rename of a temp file whose SHA-256 matched the pin, so a present
//! working copy is a verified one (unless edited by hand, which the next
//! `fetch-spec` notices and repairs).

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Path of the pin file, relative to the workspace root.
pub const SOURCE_TOML: &str = "spec/source.toml";

/// Path of the verified working copy, relative to the workspace root.
pub const PINNED_SPEC: &str = "spec/.work/vercel-openapi.json";

/// Folder (relative to the workspace root, gitignored) where `regen` and
/// `update-spec` keep a copy of every spec they generated from, by SHA-256
/// (`<sha256>.spec`), so a later run finds it without a download.
pub const SPEC_CACHE_DIR: &str = "spec/.work/specs";

/// Largest download accepted (the spec is about 4 MB).
const MAX_DOWNLOAD_BYTES: u64 = 256 * 1024 * 1024;

/// Where the verified working copy of the pinned spec lives (gitignored).
pub fn pinned_spec_path(root: &Path) -> PathBuf {
    root.join(PINNED_SPEC)
}

/// Contents of `spec/source.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSource {
    /// Download address of the spec at a fixed commit.
    pub url: String,
    /// Expected SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// A local copy (relative to the workspace root) preferred over the download when present.
    #[serde(default)]
    pub shared_copy: Option<String>,
}

impl SpecSource {
    /// Reads and checks `spec/source.toml` under `root`.
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join(SOURCE_TOML);
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let mut source: SpecSource = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        source.sha256 = source.sha256.trim().to_ascii_lowercase();
        if source.sha256.len() != 64 || !source.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("{}: sha256 must be 64 hex digits, found {:?}", path.display(), source.sha256);
        }
        Ok(source)
    }
}

/// What [`fetch_spec`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The working copy was already there with the pinned hash.
    AlreadyPresent {
        /// The working copy.
        path: PathBuf,
    },
    /// The working copy was copied from the shared copy.
    Copied {
        /// The shared copy it came from.
        from: PathBuf,
        /// The working copy.
        path: PathBuf,
    },
    /// The working copy was downloaded.
    Downloaded {
        /// The address it came from.
        url: String,
        /// The working copy.
        path: PathBuf,
    },
}

impl fmt::Display for FetchOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchOutcome::AlreadyPresent { path } => {
                write!(f, "fetch-spec: {} is present and matches the pin", path.display())
            }
            FetchOutcome::Copied { from, path } => {
                write!(f, "fetch-spec: copied {} to {} (sha256 verified)", from.display(), path.display())
            }
            FetchOutcome::Downloaded { url, path } => {
                write!(f, "fetch-spec: downloaded {url} to {} (sha256 verified)", path.display())
            }
        }
    }
}

/// Puts a verified copy of the pinned spec at [`pinned_spec_path`].
///
/// Does nothing if a copy with the pinned hash is already there. Otherwise
/// takes the shared copy if it has the pinned hash, else another local copy
/// with that hash ([`local_copy`]), else downloads the pinned address, and
/// fails (naming the sources, the expected and the actual hash) if no bytes
/// match the pin. A copy with the wrong hash is never left in place.
pub fn fetch_spec(root: &Path) -> Result<FetchOutcome> {
    let source = SpecSource::load(root)?;
    let dest = pinned_spec_path(root);

    if dest.is_file() {
        let actual = sha256_file(&dest)?;
        if actual == source.sha256 {
            return Ok(FetchOutcome::AlreadyPresent { path: dest });
        }
        // Remove it first: should the fetch below fail, no stale spec stays in use.
        fs::remove_file(&dest).with_context(|| format!("removing {}", dest.display()))?;
        eprintln!(
            "fetch-spec: {} had sha256 {actual}, expected {}; removed it, fetching again",
            dest.display(),
            source.sha256
        );
    }

    let shared = source.shared_copy.as_deref().map(|rel| root.join(rel)).filter(|p| p.is_file());
    let from = match &shared {
        Some(path) if sha256_file(path)? == source.sha256 => Some(path.clone()),
        _ => local_copy(root, &source, &source.sha256)?,
    };
    if let Some(from) = from {
        let bytes = fs::read(&from).with_context(|| format!("reading {}", from.display()))?;
        install_verified(&bytes, &source.sha256, &dest, &from.display().to_string())?;
        return Ok(FetchOutcome::Copied { from, path: dest });
    }
    // Not here under its hash (the pin moved past the shared copy, or there is none): download it.
    let shared_note = match &shared {
        Some(path) => format!("the shared copy {} has sha256 {}", path.display(), sha256_file(path)?),
        None => "no shared copy".to_string(),
    };
    eprintln!("fetch-spec: {shared_note}; downloading {}", source.url);
    let bytes = download(&source.url).with_context(|| {
        format!("no copy of the pinned spec (sha256 {}) on this machine: {shared_note}", source.sha256)
    })?;
    install_verified(&bytes, &source.sha256, &dest, &source.url)?;
    Ok(FetchOutcome::Downloaded { url: source.url, path: dest })
}

/// A file on this machine whose SHA-256 is `sha256`, other than the pinned
/// working copy: the cache of specs generated from ([`SPEC_CACHE_DIR`]), then
/// the `*.json` files beside the shared copy and in its `history/` folder.
/// This is how a pin moved past the shared copy (by `update-spec`) stays
/// readable without a download where that spec was once used.
pub fn local_copy(root: &Path, source: &SpecSource, sha256: &str) -> Result<Option<PathBuf>> {
    let cached = root.join(SPEC_CACHE_DIR).join(format!("{sha256}.spec"));
    if cached.is_file() && sha256_file(&cached)? == sha256 {
        return Ok(Some(cached));
    }
    let Some(shared_dir) = source.shared_copy.as_deref().and_then(|rel| root.join(rel).parent().map(Path::to_path_buf))
    else {
        return Ok(None);
    };
    for dir in [shared_dir.clone(), shared_dir.join("history")] {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            if sha256_file(&path)? == sha256 {
                return Ok(Some(path));
            }
        }
    }
    Ok(None)
}

/// Returns the path of a verified working copy of the pinned spec, fetching it first if needed.
pub fn ensure_spec(root: &Path) -> Result<PathBuf> {
    match fetch_spec(root)? {
        FetchOutcome::AlreadyPresent { path } => Ok(path),
        outcome @ (FetchOutcome::Copied { .. } | FetchOutcome::Downloaded { .. }) => {
            eprintln!("{outcome}");
            Ok(pinned_spec_path(root))
        }
    }
}

/// Writes `bytes` to a temp file beside `dest`, checks the file's SHA-256
/// against `expected` and only then renames it to `dest`. On any failure the
/// temp file is removed and `dest` is untouched.
pub(crate) fn install_verified(bytes: &[u8], expected: &str, dest: &Path, source: &str) -> Result<()> {
    let dir = dest.parent().context("the working copy's path has no parent folder")?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp = crate::scratch::TempFile::write_in(dir, "fetch-spec", bytes)?;

    let actual = sha256_file(tmp.path())?;
    if actual != expected {
        // Dropping `tmp` deletes the temp file.
        bail!(
            "sha256 mismatch for the spec from {source}\n  expected: {expected} (spec/source.toml)\n  actual:   {actual}\nnothing was written to {}",
            dest.display()
        );
    }
    tmp.persist(dest).context("installing the verified spec")
}

/// Downloads `url` into memory with `curl`.
///
/// curl honours the usual proxy variables (`https_proxy`/`HTTPS_PROXY`,
/// `http_proxy`, `ALL_PROXY`, `NO_PROXY`); loopback addresses are added to the
/// no-proxy list, since no proxy can reach this machine's loopback.
///
/// `curl` (on every current Linux, macOS and Windows) rather than an HTTP
/// crate: the download is needed only on a machine without the shared copy,
/// and an HTTP client with TLS (ureq, rustls, ring) was a quarter of the
/// xtask's cold build, which every first `cargo xtask` pays.
pub(crate) fn download(url: &str) -> Result<Vec<u8>> {
    let output = Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location", "--proto", "=https,http"])
        .args(["--max-time", "300", "--max-filesize", &MAX_DOWNLOAD_BYTES.to_string()])
        .args(["--noproxy", &no_proxy_list()])
        .arg(url)
        .output()
        .with_context(|| {
            format!("downloading {url}: running curl (install curl, or put the spec's shared copy in place)")
        })?;
    if !output.status.success() {
        bail!("downloading {url}: curl failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

/// `NO_PROXY` (or `no_proxy`) with the loopback names added (`--noproxy` replaces the variable).
fn no_proxy_list() -> String {
    let from_env = std::env::var("NO_PROXY").or_else(|_| std::env::var("no_proxy")).unwrap_or_default();
    let mut hosts: Vec<&str> = from_env.split(',').map(str::trim).filter(|h| !h.is_empty()).collect();
    hosts.extend(["127.0.0.1", "localhost", "::1"]);
    hosts.join(",")
}

/// SHA-256 of a file's bytes, lowercase hex.
fn sha256_file(path: &Path) -> Result<String> {
    let mut file = fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace root whose pin points at `shared.json` beside it; the URL is
    /// only contacted (and refused) when a test removes the shared copy.
    fn fake_root(shared: &[u8], pinned_sha: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("spec")).unwrap();
        fs::write(
            root.path().join(SOURCE_TOML),
            format!(
                "url = \"http://127.0.0.1:9/never-used.json\"\nsha256 = \"{pinned_sha}\"\nshared_copy = \"shared.json\"\n"
            ),
        )
        .unwrap();
        fs::write(root.path().join("shared.json"), shared).unwrap();
        root
    }

    fn sha(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    fn work_dir_entries(root: &Path) -> Vec<String> {
        match fs::read_dir(root.join("spec/.work")) {
            Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
            Err(_) => Vec::new(),
        }
    }

    #[test]
    fn sha_mismatch_is_an_error_and_leaves_no_file() {
        let pinned = sha(b"the real spec");
        let root = fake_root(b"something else", &pinned);
        let err = fetch_spec(root.path()).unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.contains(&pinned), "names the expected hash: {msg}");
        assert!(msg.contains(&sha(b"something else")), "names the actual hash: {msg}");
        assert!(msg.contains("shared.json"), "names the source: {msg}");
        assert!(!pinned_spec_path(root.path()).exists());
        assert!(work_dir_entries(root.path()).is_empty(), "no temp file left behind");
    }

    #[test]
    fn copies_verifies_then_reports_present() {
        let root = fake_root(b"the real spec", &sha(b"the real spec"));
        let dest = pinned_spec_path(root.path());
        assert!(matches!(fetch_spec(root.path()).unwrap(), FetchOutcome::Copied { .. }));
        assert_eq!(fs::read(&dest).unwrap(), b"the real spec");
        assert_eq!(fetch_spec(root.path()).unwrap(), FetchOutcome::AlreadyPresent { path: dest.clone() });
        assert_eq!(ensure_spec(root.path()).unwrap(), dest);
        assert_eq!(work_dir_entries(root.path()), ["vercel-openapi.json"]);
    }

    #[test]
    fn bad_working_copy_is_replaced() {
        let root = fake_root(b"the real spec", &sha(b"the real spec"));
        let dest = pinned_spec_path(root.path());
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(&dest, b"edited by hand").unwrap();
        assert!(matches!(fetch_spec(root.path()).unwrap(), FetchOutcome::Copied { .. }));
        assert_eq!(fs::read(&dest).unwrap(), b"the real spec");
    }

    #[test]
    fn bad_working_copy_is_removed_even_when_refetch_fails() {
        let root = fake_root(b"wrong shared copy", &sha(b"the real spec"));
        let dest = pinned_spec_path(root.path());
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(&dest, b"edited by hand").unwrap();
        assert!(fetch_spec(root.path()).is_err());
        assert!(!dest.exists());
        assert!(work_dir_entries(root.path()).is_empty());
    }

    #[test]
    fn failed_download_names_the_url_and_leaves_no_file() {
        // No shared copy, so the (loopback, closed-port) URL is tried and fails.
        let root = fake_root(b"", &sha(b"the real spec"));
        fs::remove_file(root.path().join("shared.json")).unwrap();
        let msg = format!("{:#}", fetch_spec(root.path()).unwrap_err());
        assert!(msg.contains("http://127.0.0.1:9/never-used.json"), "{msg}");
        assert!(!pinned_spec_path(root.path()).exists());
        assert!(work_dir_entries(root.path()).is_empty());
    }

    #[test]
    fn malformed_hash_in_pin_is_rejected() {
        let root = fake_root(b"x", "not-a-hash");
        let msg = format!("{:#}", fetch_spec(root.path()).unwrap_err());
        assert!(msg.contains("64 hex digits"), "{msg}");
    }

    #[test]
    fn real_pin_parses() {
        let source = SpecSource::load(&crate::workspace_root()).unwrap();
        assert!(source.url.contains("1aada4a8c647055674701491c76a6ff2ff645cfb"));
        assert_eq!(source.sha256.len(), 64);
    }
}
