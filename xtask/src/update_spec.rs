//! `cargo xtask update-spec`: move the pin to another spec in one step.
//!
//! The spec comes from a commit of vercel/sdk (`--ref`), an address (`--url`)
//! or a file (`--file`, with the `--url` it came from). It is checked (UTF-8
//! JSON, `openapi: 3.0.x`, `paths`) and generated into a temporary folder
//! first; only when that succeeds does anything in the checkout change:
//! `generated-client/` is regenerated from it (overlays lenient, as `regen
//! --spec` does), which moves `versions.toml` and `CHANGELOG.md` by the drift
//! report and writes `generated-client/CHANGES.md`; then `spec/groups.toml`
//! gets the new tags, `spec/source.toml` the address and SHA-256, and
//! `spec/.work/` the verified working copy. Any failure before that leaves
//! every file as it was and says why.
//!
//! Where the new spec is kept: the pin records its address and SHA-256, so
//! `fetch-spec` downloads it on any machine with network access; on this
//! machine the working copy and the spec cache (`spec/.work/specs/`) hold it,
//! and a copy put into `../shared/spec/` (any `*.json` there or in `history/`)
//! is found by its hash, so machines without network access work too.

use crate::diff::{recorded_spec, LoadedSpec};
use crate::regen::{GENERATED_DIR, GROUPS_FILE_NAME};
use crate::spec::{download, install_verified, pinned_spec_path, sha256_hex, SpecSource, SOURCE_TOML};
use crate::versions::Bumped;
use crate::RegenArgs;
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use vercel_codegen::diff::Report;

/// Address of `vercel-spec.json` at a commit of vercel/sdk (`{commit}` is replaced).
pub const SDK_SPEC_URL: &str = "https://raw.githubusercontent.com/vercel/sdk/{commit}/vercel-spec.json";

/// Arguments of `cargo xtask update-spec`.
#[derive(Debug, Clone, Default)]
pub struct UpdateSpecArgs {
    /// A commit of vercel/sdk (40 hex digits): its `vercel-spec.json`.
    pub commit: Option<String>,
    /// The address to download the spec from (and to pin).
    pub url: Option<String>,
    /// Read the spec from this file instead of downloading `--url` (which is still the address pinned).
    pub file: Option<PathBuf>,
    /// Check, generate into a temporary folder and print the drift report; change no file.
    pub dry_run: bool,
    /// Also write the pull-request body (version moves, then the drift report, breaking changes first) to PATH.
    pub pr_body: Option<PathBuf>,
}

impl UpdateSpecArgs {
    /// Reads `(--ref COMMIT | --url URL [--file PATH]) [--dry-run] [--pr-body PATH]`.
    pub fn from_args(mut args: crate::cli::Args) -> Result<UpdateSpecArgs> {
        let parsed = UpdateSpecArgs {
            commit: args.value("--ref")?,
            url: args.value("--url")?,
            file: args.path("--file")?,
            dry_run: args.flag("--dry-run")?,
            pr_body: args.path("--pr-body")?,
        };
        args.finish_none()?;
        let usage = |message: &str| {
            crate::cli::UsageError(format!("{message}\n\nSee `cargo xtask update-spec --help`.")).into()
        };
        match (&parsed.commit, &parsed.url, &parsed.file) {
            (None, None, _) => Err(usage("one of `--ref COMMIT` and `--url URL` is required")),
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                Err(usage("`--ref` cannot be used with `--url` or `--file`"))
            }
            _ => Ok(parsed),
        }
    }
}

/// What `update-spec` did.
#[derive(Debug, Clone)]
pub struct UpdateOutcome {
    /// The address pinned (or that would be).
    pub url: String,
    /// SHA-256 of the new spec.
    pub sha256: String,
    /// The drift report from the spec `generated-client/` came from; `None` when the spec is already pinned.
    pub report: Option<Report>,
    /// The version moves (empty for a dry run).
    pub bumps: Vec<Bumped>,
    /// Tags added to `spec/groups.toml`.
    pub new_tags: Vec<String>,
    /// Notes from generating (e.g. overlay actions that no longer apply).
    pub notes: Vec<String>,
    /// Nothing was written.
    pub dry_run: bool,
}

impl UpdateOutcome {
    /// What to print: the report's summary, the version moves, what the notes mean and what was written.
    pub fn summary(&self) -> String {
        let Some(report) = &self.report else {
            return format!("update-spec: {} (sha256 {}) is already pinned; nothing to do\n", self.url, self.sha256);
        };
        let mut out = report.summary_markdown();
        out.push('\n');
        for b in &self.bumps {
            let _ = writeln!(out, "version: {b}");
        }
        for tag in &self.new_tags {
            let _ = writeln!(out, "groups: added tag `{tag}` to spec/{GROUPS_FILE_NAME}");
        }
        if !self.notes.is_empty() {
            // Each was printed as the spec generated; the pull-request body lists them.
            let _ = writeln!(out, "note: {} notes on the new spec (printed above)", self.notes.len());
        }
        if self.notes.iter().any(|n| n.contains("overlay")) {
            out.push_str(
                "note: overlay actions above no longer apply to the new spec: remove or rewrite them in spec/overlays/ \
                 (`cargo xtask regen --check` applies overlays strictly to the pinned spec and fails until then)\n",
            );
        }
        if self.dry_run {
            let _ =
                writeln!(out, "update-spec: dry run; {} (sha256 {}) generates; nothing written", self.url, self.sha256);
        } else {
            let _ = writeln!(
                out,
                "update-spec: pinned {} (sha256 {}); regenerated {GENERATED_DIR}/, moved {} versions; \
                 review CHANGELOG.md and {GENERATED_DIR}/CHANGES.md",
                self.url,
                self.sha256,
                self.bumps.len()
            );
        }
        out
    }

    /// The pull-request body: title line, version moves (breaking first), then the report with breaking changes first.
    pub fn pr_body(&self) -> String {
        let Some(report) = &self.report else { return String::new() };
        let mut out = format!(
            "Moves the pinned spec to {} {} (`{}`, sha256 `{}`), by `cargo xtask update-spec`.\n\n",
            report.new.title, report.new.version, self.url, self.sha256
        );
        out.push_str("## Version moves\n\n");
        if self.dry_run {
            out.push_str("Not computed (dry run).\n\n");
        } else if self.bumps.is_empty() {
            out.push_str("None.\n\n");
        } else {
            out.push_str(&crate::versions::moves_table(&self.bumps));
            out.push('\n');
        }
        if !self.notes.is_empty() {
            out.push_str("## Notes\n\n");
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
            out.push('\n');
        }
        out.push_str(&report.to_markdown_breaking_first());
        out
    }
}

/// The address to pin: `--url`, or vercel/sdk's spec at `--ref`.
fn address(args: &UpdateSpecArgs) -> Result<String> {
    match (&args.commit, &args.url) {
        (Some(commit), _) => {
            if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!("--ref {commit:?}: give a full commit of vercel/sdk (40 hex digits), so the pin never moves");
            }
            Ok(SDK_SPEC_URL.replace("{commit}", &commit.to_ascii_lowercase()))
        }
        (None, Some(url)) => Ok(url.clone()),
        (None, None) => bail!("give --ref COMMIT or --url URL"),
    }
}

/// Checks that `bytes` are an OpenAPI 3.0 document in JSON; returns the text.
pub fn check_openapi(bytes: &[u8], source: &str) -> Result<String> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
        anyhow::anyhow!("the spec from {source} is not UTF-8 text (byte {})", e.utf8_error().valid_up_to())
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        let why = if e.is_eof() { "truncated JSON" } else { "not JSON" };
        anyhow::anyhow!("the spec from {source} ({} bytes) is {why}: {e}", bytes.len())
    })?;
    let version = value.get("openapi").and_then(serde_json::Value::as_str);
    match version {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => bail!("the spec from {source} is OpenAPI {v}; the generator reads OpenAPI 3.0 (at /openapi)"),
        None => bail!("the spec from {source} has no `openapi` version string (at /openapi): not an OpenAPI document"),
    }
    if !value.get("paths").is_some_and(serde_json::Value::is_object) {
        bail!("the spec from {source} has no `paths` object (at /paths)");
    }
    Ok(text)
}

/// Runs `cargo xtask update-spec` in the checkout at `root`.
pub fn update_spec(root: &Path, args: &UpdateSpecArgs) -> Result<UpdateOutcome> {
    let url = address(args)?;
    let bytes = match &args.file {
        Some(path) => fs::read(path).with_context(|| format!("reading {}; nothing was changed", path.display()))?,
        None => download(&url).context("nothing was changed")?,
    };
    let source = args.file.as_ref().map_or_else(|| url.clone(), |p| p.display().to_string());
    let text = check_openapi(&bytes, &source).context("nothing was changed")?;
    let sha256 = sha256_hex(&bytes);
    let mut outcome = UpdateOutcome {
        url: url.clone(),
        sha256: sha256.clone(),
        report: None,
        bumps: Vec::new(),
        new_tags: Vec::new(),
        notes: Vec::new(),
        dry_run: args.dry_run,
    };
    let pin = SpecSource::load(root)?;
    if pin.sha256 == sha256 && pin.url == url {
        return Ok(outcome);
    }

    // The report needs the spec the committed output came from.
    let out_dir = root.join(GENERATED_DIR);
    let old = recorded_spec(root, &out_dir)?.with_context(|| {
        format!(
            "{GENERATED_DIR}/SPEC.toml names a spec not found on this machine (run `cargo xtask fetch-spec`, or \
             `cargo xtask regen` on the pinned spec first); nothing was changed"
        )
    })?;

    // Stage: generate into a temporary folder; nothing in the checkout changes.
    let stage = crate::scratch::TempDir::new("update-spec").context("creating a temporary folder")?;
    let staged_spec = stage.path().join("spec.json");
    fs::write(&staged_spec, &bytes).with_context(|| format!("writing {}", staged_spec.display()))?;
    let staged = RegenArgs { check: false, spec: Some(staged_spec.clone()), out: Some(stage.path().join("client")) };
    crate::regen(root, &staged).context("the new spec does not generate; nothing was changed")?;
    let new = LoadedSpec { text, sha256: sha256.clone(), strict: false };
    let report = crate::diff::report(root, &old, &new).context("comparing the specs; nothing was changed")?;
    outcome.notes = report.notes.iter().filter(|n| n.starts_with("new: ")).map(|n| n[5..].to_string()).collect();
    if args.dry_run {
        outcome.report = Some(report);
        return Ok(outcome);
    }

    // Write: the client, versions and changelog (as `regen --spec` does), then the tables and the pin.
    let regen = crate::regen(root, &RegenArgs { check: false, spec: Some(staged_spec), out: None })?;
    outcome.bumps = regen.bumps;
    outcome.new_tags = add_group_tags(root, &report)?;
    write_pin(root, &url, &sha256)?;
    install_verified(&bytes, &sha256, &pinned_spec_path(root), &source)?;
    outcome.report = Some(report);
    Ok(outcome)
}

/// Adds every new crate's tag, with its default names, to `spec/groups.toml`
/// (so the table keeps listing every tag of the pinned spec). Returns the tags added.
fn add_group_tags(root: &Path, report: &Report) -> Result<Vec<String>> {
    let path = root.join("spec").join(GROUPS_FILE_NAME);
    let Ok(mut text) = fs::read_to_string(&path) else { return Ok(Vec::new()) };
    let table =
        vercel_codegen::groups::GroupTable::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut added = Vec::new();
    for new_crate in &report.new_crates {
        if table.lists(&new_crate.tag) {
            continue;
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let names = vercel_codegen::groups::GroupName {
            crate_name: new_crate.crate_name.clone(),
            feature: new_crate.feature.clone(),
        };
        text.push_str(&names.table_line(&new_crate.tag));
        text.push('\n');
        added.push(new_crate.tag.clone());
    }
    if !added.is_empty() {
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(added)
}

/// Rewrites the `url` and `sha256` lines of `spec/source.toml`, keeping everything else.
fn write_pin(root: &Path, url: &str, sha256: &str) -> Result<()> {
    let path = root.join(SOURCE_TOML);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = String::new();
    let (mut saw_url, mut saw_sha) = (false, false);
    for line in text.lines() {
        if line.starts_with("url =") || line.starts_with("url=") {
            let _ = writeln!(out, "url = {url:?}");
            saw_url = true;
        } else if line.starts_with("sha256 =") || line.starts_with("sha256=") {
            let _ = writeln!(out, "sha256 = \"{sha256}\"");
            saw_sha = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !saw_url || !saw_sha {
        bail!("{} has no `url = ` or `sha256 = ` line to rewrite", path.display());
    }
    fs::write(&path, out).with_context(|| format!("writing {}", path.display()))?;
    SpecSource::load(root).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_gives_the_sdk_address_and_must_be_a_full_commit() {
        let commit = "1aada4a8c647055674701491c76a6ff2ff645cfb";
        let args = UpdateSpecArgs { commit: Some(commit.into()), ..UpdateSpecArgs::default() };
        assert_eq!(
            address(&args).unwrap(),
            format!("https://raw.githubusercontent.com/vercel/sdk/{commit}/vercel-spec.json")
        );
        let short = UpdateSpecArgs { commit: Some("main".into()), ..UpdateSpecArgs::default() };
        assert!(address(&short).unwrap_err().to_string().contains("40 hex digits"));
    }

    #[test]
    fn checks_name_what_is_wrong() {
        let cases: [(&[u8], &str); 6] = [
            (b"{\"openapi\": \"3.0.3\", \"paths\": {\"/a\": {", "truncated JSON"),
            (b"<html>rate limited</html>", "not JSON"),
            (b"\xff\xfe", "not UTF-8"),
            (b"{\"openapi\": \"3.1.0\", \"paths\": {}}", "OpenAPI 3.1.0"),
            (b"{\"swagger\": \"2.0\"}", "no `openapi`"),
            (b"{\"openapi\": \"3.0.3\"}", "no `paths`"),
        ];
        for (bytes, words) in cases {
            let err = check_openapi(bytes, "here").unwrap_err().to_string();
            assert!(err.contains(words) && err.contains("here"), "{words}: {err}");
        }
        assert!(check_openapi(b"{\"openapi\": \"3.0.3\", \"paths\": {}}", "here").is_ok());
    }

    #[test]
    fn pin_lines_are_rewritten_and_comments_kept() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("spec")).unwrap();
        let sha = "a".repeat(64);
        fs::write(
            root.path().join(SOURCE_TOML),
            format!("# comment\nurl = \"https://old\"\n# more\nsha256 = \"{}\"\nshared_copy = \"x\"\n", "b".repeat(64)),
        )
        .unwrap();
        write_pin(root.path(), "https://new", &sha).unwrap();
        let text = fs::read_to_string(root.path().join(SOURCE_TOML)).unwrap();
        assert_eq!(
            text,
            format!("# comment\nurl = \"https://new\"\n# more\nsha256 = \"{sha}\"\nshared_copy = \"x\"\n")
        );
    }
}
