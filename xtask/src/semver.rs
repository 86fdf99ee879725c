//! `cargo xtask semver SPEC SPEC [SPEC…]`: checks the drift report's
//! API-breaking classification against cargo-semver-checks, for each
//! consecutive pair of the specs given (oldest first).
//!
//! The specs are generated one after the other (`regen --out`) into one
//! folder, `target/semver/client`, and after each the rustdoc JSON of every
//! group crate and of `vercel-types` is built with one `cargo doc` into one
//! target folder, `target/semver/target`, with the flags cargo-semver-checks
//! itself uses. So the dependencies (serde, the runtime's HTTP stack, the
//! runtime) are checked once for the whole run, regen rewrites only the files
//! that differ from the previous spec, and cargo re-documents only the crates
//! whose files (or whose dependency) changed. Each crate present on both sides
//! of a pair is then checked by the tool from the two JSON files
//! (`--baseline-rustdoc`, `--current-rustdoc`), which takes seconds. (The
//! tool's own way, `--baseline-root`, builds a placeholder project per crate
//! and side, each with its dependencies: about 5 minutes a crate.)
//!
//! A crate is breaking for the tool when a lint that requires a new major
//! version fails (`--release-type minor`: what needs a semver-incompatible
//! release; lints that only require a minor release, such as a new method, are
//! not breaking). It is breaking for us when the report has an API-breaking
//! change in it; `vercel-types`, to which the report attributes no change,
//! takes the version rule of `versions::plan` (its files changed and the
//! report has an API-breaking change). The comparison is printed as the
//! Markdown section `docs/semver.md` keeps per pair (with `--write`, appended
//! there); the tool's full output per crate is kept in `target/semver/logs/`.
//!
//! The project's semver promise is made to builder calls, not to struct
//! literals of the types the client sends (every such type has a builder, and
//! a new optional field is a new setter): the failures of the lints in
//! [`OUTSIDE_PROMISE`] are listed but not counted as breaking, as a
//! lint-level override (`allow`) would do.
//!
//! cargo-semver-checks is installed from crates.io at [`TOOL_VERSION`] into
//! the tools folder ([`xtask::tools`], `.tools/` by default) on first use.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use vercel_codegen::TYPES_CRATE; // the shared types crate: checked beside the group crates
use xtask::{regen, RegenArgs};

/// The pinned cargo-semver-checks release.
pub const TOOL_VERSION: &str = "0.51.0";

/// The rustdoc flags cargo-semver-checks builds its JSON with (its
/// `data_generation/generate.rs`), so the JSON is what the tool would build.
const RUSTDOC_FLAGS: &str =
    "-Z unstable-options --document-private-items --document-hidden-items --output-format=json --cap-lints=allow";

/// Arguments of `cargo xtask semver`.
#[derive(Debug, Clone)]
pub struct SemverArgs {
    /// The specs, oldest first: files (JSON or YAML) or `pinned`. Each
    /// consecutive pair is compared.
    pub specs: Vec<String>,
    /// Only the crates whose name contains TEXT (e.g. `connect`).
    pub crates: Option<String>,
    /// Append the sections to docs/semver.md.
    pub write: bool,
    /// Exit 1 when the tool finds a crate breaking that our report does not
    /// mark API-breaking (its version bump would be too small).
    pub check: bool,
}

impl SemverArgs {
    /// Reads `SPEC SPEC [SPEC...] [--crates TEXT] [--write] [--check]`.
    pub fn from_args(mut args: xtask::cli::Args) -> Result<SemverArgs> {
        let crates = args.value("--crates")?;
        let write = args.flag("--write")?;
        let check = args.flag("--check")?;
        let specs = args.finish()?;
        if specs.len() < 2 {
            let message =
                format!("at least two specs are needed, found {}\n\nSee `cargo xtask semver --help`.", specs.len());
            return Err(xtask::cli::UsageError(message).into());
        }
        Ok(SemverArgs { specs, crates, write, check })
    }
}

/// What a run found: the Markdown sections, and the crates (`pair: crate`)
/// the tool finds breaking and our report does not.
pub struct Outcome {
    /// One section per pair.
    pub sections: String,
    /// Breaks the report misses.
    pub missed: Vec<String>,
}

/// One spec of the chain, generated and documented.
struct Side {
    /// The argument it came from.
    spec: String,
    /// The crates checked (group crates and `vercel-types`) present in its output.
    crates: BTreeSet<String>,
    /// Folder of their rustdoc JSON files (`<crate>.json`).
    json: PathBuf,
    /// SHA-256 over the files of `vercel-types/`, to tell whether it changed.
    types_hash: String,
    /// Seconds spent generating.
    generate_secs: f64,
    /// Seconds spent building the rustdoc JSON.
    rustdoc_secs: f64,
}

/// Lints whose failures break only code outside the semver promise, and why.
pub const OUTSIDE_PROMISE: &[(&str, &str)] = &[(
    "constructible_struct_adds_field",
    "a struct the client sends gained a field: its builder gained a setter; struct literals of request types are \
     outside the promise",
)];

/// What cargo-semver-checks said about one crate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Failed lints (they require a new major version) and how many items each names.
    pub failures: BTreeMap<String, usize>,
    /// Lints at warning level that fired, and how many items each names.
    pub warnings: BTreeMap<String, usize>,
    /// Failed lints of [`OUTSIDE_PROMISE`], not counted as breaking.
    pub outside: BTreeMap<String, usize>,
}

impl Verdict {
    /// The verdict under the project's promise: failures of [`OUTSIDE_PROMISE`] lints move to `outside`.
    pub fn under_promise(mut self) -> Self {
        for (lint, _) in OUTSIDE_PROMISE {
            if let Some(n) = self.failures.remove(*lint) {
                self.outside.insert(lint.to_string(), n);
            }
        }
        self
    }

    /// Breaking: some lint failed.
    pub fn breaking(&self) -> bool {
        !self.failures.is_empty()
    }
}

/// One row of a pair's table.
struct Row {
    krate: String,
    theirs: Verdict,
    ours: bool,
    /// How many API-breaking changes of the report are in the crate.
    our_count: usize,
}

/// Runs the comparison and returns its Markdown sections, one per pair, and the missed breaks.
pub fn semver(root: &Path, args: &SemverArgs) -> Result<Outcome> {
    let work = root.join("target/semver");
    let client = work.join("client");
    let target = work.join("target");
    let mut sides = Vec::new();
    for (i, spec) in args.specs.iter().enumerate() {
        eprintln!("semver: generating {spec}");
        let start = Instant::now();
        let path = (spec != "pinned").then(|| PathBuf::from(spec));
        regen(root, &RegenArgs { check: false, spec: path, out: Some(client.clone()) })?;
        fs::copy(root.join("Cargo.lock"), client.join("Cargo.lock")).context("copying Cargo.lock")?;
        let generate_secs = start.elapsed().as_secs_f64();
        let crates = checked_crates(&client, args.crates.as_deref())?;
        eprintln!("semver: rustdoc JSON of {} crates", crates.len());
        let start = Instant::now();
        rustdoc_json(&client, &target, &crates)?;
        let rustdoc_secs = start.elapsed().as_secs_f64();
        let json = work.join("json").join(i.to_string());
        match fs::remove_dir_all(&json) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing {}", json.display())),
        }
        fs::create_dir_all(&json).with_context(|| format!("creating {}", json.display()))?;
        for krate in &crates {
            let from = target.join("doc").join(format!("{}.json", krate.replace('-', "_")));
            fs::copy(&from, json.join(format!("{krate}.json")))
                .with_context(|| format!("copying {} (rustdoc JSON)", from.display()))?;
        }
        let types_hash = tree_hash(&client.join(TYPES_CRATE))?;
        eprintln!("semver: {spec}: generated in {generate_secs:.1} s, rustdoc JSON in {rustdoc_secs:.1} s");
        sides.push(Side { spec: spec.clone(), crates, json, types_hash, generate_secs, rustdoc_secs });
    }

    let tool = install(root)?;
    let mut sections = String::new();
    let mut missed = Vec::new();
    for pair in sides.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let report = xtask::diff::report(
            root,
            &xtask::diff::load_spec(root, &old.spec)?,
            &xtask::diff::load_spec(root, &new.spec)?,
        )?;
        let mut ours: BTreeMap<String, usize> = BTreeMap::new();
        for c in report.changes.iter().filter(|c| c.api_breaking) {
            *ours.entry(c.crate_name.clone()).or_default() += 1;
        }
        // The version rule for the types crate (see `versions::plan`).
        if old.types_hash != new.types_hash && !ours.is_empty() {
            ours.insert(TYPES_CRATE.into(), 0);
        }
        let logs = work.join("logs").join(format!("{}_to_{}", label(&old.spec), label(&new.spec)));
        fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
        let start = Instant::now();
        let mut rows = Vec::new();
        for krate in old.crates.intersection(&new.crates) {
            eprintln!("semver: {} → {}: {krate}", label(&old.spec), label(&new.spec));
            let output = Command::new(&tool)
                .args(["semver-checks", "check-release", "--release-type", "minor", "--baseline-rustdoc"])
                .arg(old.json.join(format!("{krate}.json")))
                .arg("--current-rustdoc")
                .arg(new.json.join(format!("{krate}.json")))
                .env("CARGO_TERM_COLOR", "never")
                .current_dir(&work)
                .output()
                .with_context(|| format!("running {}", tool.display()))?;
            // The lints go to stdout; progress and the summary to stderr.
            let stdout = String::from_utf8_lossy(&output.stdout);
            let text = format!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
            fs::write(logs.join(format!("{krate}.txt")), &text).context("writing the tool's output")?;
            let theirs = parse_output(&stdout);
            if !output.status.success() && !theirs.breaking() {
                bail!("cargo-semver-checks failed on {krate} without a lint failure:\n{text}");
            }
            if output.status.success() && theirs.breaking() {
                bail!("cargo-semver-checks passed {krate} but printed a failure:\n{text}");
            }
            let theirs = theirs.under_promise();
            let our_count = ours.get(krate).copied().unwrap_or(0);
            rows.push(Row { krate: krate.clone(), theirs, ours: ours.contains_key(krate), our_count });
        }
        let check_secs = start.elapsed().as_secs_f64();
        for row in rows.iter().filter(|r| r.theirs.breaking() && !r.ours) {
            missed.push(format!("{} → {}: {}", label(&old.spec), label(&new.spec), row.krate));
        }
        eprintln!("semver: {} crates checked in {check_secs:.1} s", rows.len());
        let cost = format!(
            "Cost on this machine: generating the new side {:.0} s, its rustdoc JSON {:.0} s (the old side's: {:.0} s \
             and {:.0} s, shared with the previous pair), the tool on {} crates {:.0} s.",
            new.generate_secs,
            new.rustdoc_secs,
            old.generate_secs,
            old.rustdoc_secs,
            rows.len(),
            check_secs
        );
        sections.push_str(&markdown(&label(&old.spec), &label(&new.spec), &rows, &cost));
    }
    if args.write {
        let path = root.join("docs/semver.md");
        let mut text = fs::read_to_string(&path).unwrap_or_else(|_| HEADER.to_string());
        text.push_str(&sections);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(Outcome { sections, missed })
}

/// The group crates and `vercel-types` of an output folder, filtered by `only`.
fn checked_crates(dir: &Path, only: Option<&str>) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let group = name.starts_with("vercel-") && !name.starts_with("vercel-scope-") && name != "vercel-client";
        if group && dir.join(&name).join("Cargo.toml").is_file() && only.is_none_or(|t| name.contains(t)) {
            out.insert(name);
        }
    }
    Ok(out)
}

/// One `cargo doc` for all `crates` of the workspace at `client`, rustdoc JSON
/// as cargo-semver-checks builds it, into `target/doc/<crate_name>.json`.
fn rustdoc_json(client: &Path, target: &Path, crates: &BTreeSet<String>) -> Result<()> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg("doc").arg("--manifest-path").arg(client.join("Cargo.toml")).args(["--no-deps", "--lib", "--quiet"]);
    for krate in crates {
        cmd.arg("--package").arg(krate);
    }
    // Rustdoc JSON is unstable output; the tool builds it on stable the same way.
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTDOCFLAGS", RUSTDOC_FLAGS)
        .env("RUSTFLAGS", "--cap-lints=allow")
        .env("CARGO_TARGET_DIR", target);
    let status = cmd.status().context("running cargo doc")?;
    if !status.success() {
        bail!("cargo doc (rustdoc JSON) failed in {} ({status})", client.display());
    }
    Ok(())
}

/// SHA-256 over the relative paths and contents of the files under `dir`.
fn tree_hash(dir: &Path) -> Result<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &format!("{name}/"), out)?;
            } else {
                out.push((name, fs::read(entry.path())?));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if dir.is_dir() {
        walk(dir, "", &mut files)?;
    }
    files.sort();
    let mut all = Vec::new();
    for (name, bytes) in files {
        all.extend_from_slice(name.as_bytes());
        all.push(0);
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(&bytes);
    }
    Ok(xtask::sha256_hex(&all))
}

/// The failed and warned lints in cargo-semver-checks' standard output, with
/// the number of items listed under each (`Failed in:` lines).
pub fn parse_output(text: &str) -> Verdict {
    let mut verdict = Verdict::default();
    let mut current: Option<(bool, String)> = None;
    let mut listing = false;
    for line in text.lines() {
        let trimmed = line.trim();
        let header = trimmed.strip_suffix("---").map(str::trim_end);
        if let Some(rest) = header.and_then(|h| h.strip_prefix("--- failure ")) {
            current = Some((true, lint_id(rest)));
            listing = false;
        } else if let Some(rest) = header.and_then(|h| h.strip_prefix("--- warning ")) {
            current = Some((false, lint_id(rest)));
            listing = false;
        } else if trimmed == "Failed in:" {
            listing = true;
            if let Some((failure, id)) = &current {
                let map = if *failure { &mut verdict.failures } else { &mut verdict.warnings };
                map.entry(id.clone()).or_insert(0);
            }
        } else if listing && line.starts_with("  ") && !trimmed.is_empty() {
            if let Some((failure, id)) = &current {
                let map = if *failure { &mut verdict.failures } else { &mut verdict.warnings };
                *map.entry(id.clone()).or_insert(0) += 1;
            }
        } else if trimmed.is_empty() || !line.starts_with("  ") {
            listing = false;
        }
    }
    verdict
}

/// `enum_missing: pub enum removed or renamed` → `enum_missing`.
fn lint_id(header: &str) -> String {
    header.split(':').next().unwrap_or(header).trim().to_string()
}

/// A spec argument's short name: the file name's date (`2025-10-20`), or `pinned`.
fn label(spec: &str) -> String {
    let name = Path::new(spec).file_stem().map_or(spec.to_string(), |n| n.to_string_lossy().into_owned());
    name.trim_start_matches("vercel-openapi-").to_string()
}

/// The title and explanation docs/semver.md starts with.
const HEADER: &str = "# The drift report against cargo-semver-checks\n\n\
    Written by `cargo xtask semver SPEC SPEC… --write`: for each pair of specs, every group crate generated from both \
    and `vercel-types`, checked by cargo-semver-checks with the older output as baseline, against the crates \
    `cargo xtask diff` marks API-breaking. Each disagreement needs a reason below its table.\n";

fn markdown(old: &str, new: &str, rows: &[Row], cost: &str) -> String {
    let date = Command::new("date").args(["-u", "+%Y-%m-%d"]).output().ok();
    let date = date.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
    let mut out = format!(
        "\n## {old} → {new}\n\n{date}, cargo-semver-checks {TOOL_VERSION}, `--release-type minor` (a failure needs a \
         semver-incompatible release).\n\n\
         | Crate | cargo-semver-checks | Our report | Agree | Failed lints (items) | Warnings (items) |\n\
         | --- | --- | --- | --- | --- | --- |\n",
    );
    let lints =
        |m: &BTreeMap<String, usize>| m.iter().map(|(l, n)| format!("{l} ({n})")).collect::<Vec<_>>().join(", ");
    for row in rows {
        let theirs = if row.theirs.breaking() { "breaking" } else { "-" };
        let ours = match (row.ours, row.krate == TYPES_CRATE) {
            (true, true) => "breaking (version rule)".to_string(),
            (true, false) => format!("breaking ({})", row.our_count),
            (false, _) => "-".to_string(),
        };
        let mut warnings = lints(&row.theirs.warnings);
        if !row.theirs.outside.is_empty() {
            let outside = format!("{} (failed, outside the promise)", lints(&row.theirs.outside));
            warnings = if warnings.is_empty() { outside } else { format!("{warnings}, {outside}") };
        }
        out.push_str(&format!(
            "| `{}` | {theirs} | {ours} | {} | {} | {warnings} |\n",
            row.krate,
            if row.theirs.breaking() == row.ours { "yes" } else { "**no**" },
            lints(&row.theirs.failures),
        ));
    }
    let agree = rows.iter().filter(|r| r.theirs.breaking() == r.ours).count();
    let theirs = rows.iter().filter(|r| r.theirs.breaking()).count();
    let ours = rows.iter().filter(|r| r.ours).count();
    out.push_str(&format!(
        "\n{agree} of {} crates agree; the tool finds {theirs} breaking, our report {ours}. {cost}\n",
        rows.len()
    ));
    out
}

/// The tool's binary, installed first if missing (`cargo install --locked`, pinned).
fn install(root: &Path) -> Result<PathBuf> {
    let dir = xtask::tools::tool_dir(root, "cargo-semver-checks", TOOL_VERSION);
    let binary = dir.join("bin").join(format!("cargo-semver-checks{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        return Ok(binary);
    }
    eprintln!("semver: installing cargo-semver-checks {TOOL_VERSION} into {} (several minutes)", dir.display());
    // The tool's release profile has `lto = true` and `codegen-units = 1`: a
    // single-threaded link-time build of about 8 minutes of CPU, most of the
    // step's cost on a fresh CI machine. Without LTO, with 16 units and at
    // opt-level 1 it builds in parallel on every core: 225 s wall on 2 cores
    // (269 s at opt-level 3), and it checks the 26 crates in 5.8 s (5.0 s).
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .args(["install", "cargo-semver-checks", "--locked", "--version"])
        .arg(format!("={TOOL_VERSION}"))
        .arg("--root")
        .arg(&dir)
        .status()
        .context("running cargo install")?;
    if !status.success() || !binary.is_file() {
        bail!("installing cargo-semver-checks {TOOL_VERSION} failed ({status})");
    }
    Ok(binary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of the standard output of cargo-semver-checks 0.51's report (`check_release.rs`).
    const SAMPLE: &str = "
--- failure enum_missing: pub enum removed or renamed ---

Description:
A publicly-visible enum cannot be imported by its prior path.
        ref: https://doc.rust-lang.org/cargo/reference/semver.html#item-remove
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/enum_missing.ron

Failed in:
  enum vercel_logs::get_runtime_logs::ErrorBody, previously in file src/get_runtime_logs.rs:10
  enum vercel_logs::get_runtime_logs::Other, previously in file src/get_runtime_logs.rs:20

--- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---

Description:
A publicly-visible struct has at least one public field that is no longer available.
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/struct_pub_field_missing.ron

Failed in:
  field level of struct Line, previously in file src/get_runtime_logs.rs:30

--- warning partial_ord_enum_variants_reordered: enum variants reordered in PartialOrd enum ---

Failed in:
  Level::Info moved from position 2 to 1, in src/get_runtime_logs.rs:40
";

    #[test]
    fn parses_failures_and_warnings_with_item_counts() {
        let v = parse_output(SAMPLE);
        let failures: Vec<(&str, usize)> = v.failures.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(failures, [("enum_missing", 2), ("struct_pub_field_missing", 1)]);
        let warnings: Vec<(&str, usize)> = v.warnings.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(warnings, [("partial_ord_enum_variants_reordered", 1)]);
        assert!(v.breaking());
    }

    #[test]
    fn a_clean_run_is_not_breaking() {
        // A clean run prints nothing on stdout (its summary goes to stderr).
        let v = parse_output("");
        assert_eq!(v, Verdict::default());
        assert!(!v.breaking());
    }

    #[test]
    fn a_field_added_to_a_sent_struct_alone_is_outside_the_promise() {
        let mut v = Verdict::default();
        v.failures.insert("constructible_struct_adds_field".into(), 3);
        assert!(v.breaking(), "the tool's own verdict");
        let v = v.under_promise();
        assert!(!v.breaking());
        assert_eq!(v.outside.get("constructible_struct_adds_field"), Some(&3));
        let mut v = Verdict::default();
        v.failures.insert("constructible_struct_adds_field".into(), 1);
        v.failures.insert("struct_missing".into(), 1);
        assert!(v.under_promise().breaking(), "other failures still count");
    }

    #[test]
    fn labels_are_dates_or_pinned() {
        assert_eq!(label("../shared/spec/history/vercel-openapi-2025-10-20.json"), "2025-10-20");
        assert_eq!(label("pinned"), "pinned");
    }
}
