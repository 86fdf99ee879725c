//! What the generator's tests share: where the fixtures are, the generator
//! run with the options each test needs (fixtures, the pinned spec once per
//! test binary, modified copies), the history specs, and what a test does
//! when an input is missing.
//!
//! The generator tests (`generator_*.rs`) read the fixture specs in
//! `tests/fixtures/`, run [`vercel_codegen::generate`] over them and inspect
//! or compile the output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use vercel_codegen::{Options, Output};

/// Runtime path written into generated crates that sit in
/// `generated-client/<crate>/` (as `cargo xtask regen` writes them).
pub const IN_TREE_RUNTIME_PATH: &str = "../../runtime";

/// The workspace root (the folder holding the root `Cargo.toml`) of the checkout
/// the tests run in, found at run time (see [`xtask::root`]).
pub fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

/// `tests/fixtures/`: one valid OpenAPI document per generator feature.
pub fn fixture_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// `tests/fixtures/invalid/`: documents the generator must refuse.
pub fn invalid_fixture_dir() -> PathBuf {
    fixture_dir().join("invalid")
}

/// Names (file stems) of the valid fixtures, `tests/fixtures/*.yaml`, sorted.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixture_dir())
        .expect("reading tests/fixtures")
        .map(|entry| entry.expect("reading tests/fixtures").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| path.file_stem().expect("a file has a name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// File names (with extension) in `tests/fixtures/invalid/`, sorted.
pub fn invalid_fixture_files() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(invalid_fixture_dir())
        .expect("reading tests/fixtures/invalid")
        .map(|entry| entry.expect("reading tests/fixtures/invalid").path())
        .filter(|path| path.is_file())
        .map(|path| path.file_name().expect("a file has a name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The text of the valid fixture `name` (`tests/fixtures/<name>.yaml`).
pub fn fixture_text(name: &str) -> String {
    let path = fixture_dir().join(format!("{name}.yaml"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The options for generating a fixture: in-tree layout (`../../runtime`),
/// or, with `standalone`, a self-contained workspace that refers to this
/// workspace's runtime crate by absolute path. Overlays are strict (an
/// action whose target is missing is an error), as for the pinned spec.
pub fn fixture_options(standalone: bool) -> Options {
    if standalone {
        let runtime = workspace_root().join("runtime");
        let runtime = runtime.to_str().expect("the workspace path is valid UTF-8").to_owned();
        Options::new(runtime).standalone_workspace(true)
    } else {
        Options::new(IN_TREE_RUNTIME_PATH)
    }
}

/// Generates the valid fixture `name` without overlays; panics with the
/// generator's error (which a valid fixture must not produce).
pub fn generate_fixture(name: &str, standalone: bool) -> Output {
    vercel_codegen::generate(&fixture_text(name), &[], &fixture_options(standalone))
        .unwrap_or_else(|e| panic!("fixture {name}: generate failed: {e}"))
}

/// The generated `.rs` files of `output`, in path order, each preceded by a
/// line `==> path <==` and followed by a blank line: the text snapshotted
/// for each fixture.
pub fn concat_rust_files(output: &Output) -> String {
    let mut text = String::new();
    for (path, contents) in output.files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        text.push_str(&format!("==> {path} <==\n"));
        text.push_str(contents);
        if !contents.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

/// The pinned spec's text (copied into place by [`xtask::ensure_spec`] if needed).
pub fn pinned_spec_text() -> String {
    let root = workspace_root();
    let path = xtask::ensure_spec(&root).unwrap_or_else(|e| panic!("the pinned spec is not available: {e:#}"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The overlays in `spec/overlays/`, as `cargo xtask regen` applies them.
pub fn overlays() -> Vec<vercel_codegen::OverlaySource> {
    xtask::read_overlays(&workspace_root()).unwrap_or_else(|e| panic!("reading overlays: {e:#}"))
}

/// Generates the pinned spec with the overlays and the scope table, in the
/// in-tree layout (the options `cargo xtask regen` uses for
/// `generated-client/`: strict overlays); panics if the generator fails or
/// skips an overlay action.
pub fn generate_pinned(spec_text: &str) -> Output {
    let scopes =
        xtask::read_scope_table(&workspace_root()).unwrap_or_else(|e| panic!("reading the scope table: {e:#}"));
    // The crate versions and package metadata, as `cargo xtask regen` reads them.
    let packaging =
        xtask::read_packaging(&workspace_root()).unwrap_or_else(|e| panic!("reading the packaging settings: {e:#}"));
    let options = fixture_options(false).scopes(scopes).packaging(Some(packaging));
    let output = vercel_codegen::generate(spec_text, &overlays(), &options)
        .unwrap_or_else(|e| panic!("generating the pinned spec failed: {e}"));
    assert!(output.notes.is_empty(), "notes from generating the pinned spec: {:?}", output.notes);
    output
}

/// Generates a modified copy of the pinned spec with the same overlays and
/// scope table, leniently: overlay actions and scope entries whose target the
/// modification removed are skipped (as `regen --spec` does for other specs).
pub fn generate_modified(spec_text: &str) -> Output {
    let scopes =
        xtask::read_scope_table(&workspace_root()).unwrap_or_else(|e| panic!("reading the scope table: {e:#}"));
    let options = fixture_options(false).scopes(scopes).strict_overlays(false);
    vercel_codegen::generate(spec_text, &overlays(), &options).unwrap_or_else(|e| panic!("generating failed: {e}"))
}

/// Copies every file git tracks in `from` to `to`, keeping modification times
/// (as a clone restored from a cache, or made before the build, has them).
pub fn copy_tracked_files(from: &Path, to: &Path) {
    let listing = std::process::Command::new("git")
        .arg("-C")
        .arg(from)
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .output()
        .expect("running git");
    assert!(listing.status.success(), "git ls-files: {}", String::from_utf8_lossy(&listing.stderr));
    for name in listing.stdout.split(|&b| b == 0).filter(|name| !name.is_empty()) {
        let name = std::str::from_utf8(name).unwrap();
        let source = from.join(name);
        let Ok(metadata) = fs::metadata(&source) else { continue }; // deleted in the work tree
        let dest = to.join(name);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(&source, &dest).unwrap_or_else(|e| panic!("copying {name}: {e}"));
        fs::File::options().write(true).open(&dest).unwrap().set_modified(metadata.modified().unwrap()).unwrap();
    }
}

/// A `cargo` command for a build the tests start themselves (a fixture's
/// standalone workspace, the constructs driver, the facade README's quick
/// start), all with one target folder, `target/fixture-check/`, so that
/// their dependencies are built once: `RUSTFLAGS=-Dwarnings` for every one
/// (it is part of each crate's fingerprint, so it must be the same), and
/// none of the `CARGO_*` variables cargo set for this test (some build
/// scripts, ring's, rerun when they change, which would rebuild half the
/// dependency tree for whichever build differs).
pub fn child_cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_") && name != "CARGO_HOME" {
            command.env_remove(&*name);
        }
    }
    command
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-check"))
        .env("RUSTFLAGS", "-Dwarnings")
        // Would take precedence over RUSTFLAGS, or lint the dependencies, if inherited.
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    command
}

/// The pinned spec's text, read once per test binary.
pub fn pinned_spec() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(pinned_spec_text)
}

/// The generator's output for the pinned spec ([`generate_pinned`]),
/// generated once per test binary and shared by the tests that read it.
pub fn pinned_output() -> &'static Output {
    static OUTPUT: OnceLock<Output> = OnceLock::new();
    OUTPUT.get_or_init(|| generate_pinned(pinned_spec()))
}

/// What a test does when its input (`missing`, e.g. the history specs beside
/// the checkout) is not there: with the `CI` environment variable set it
/// fails, since CI must provide every input (README, "Continuous
/// integration"); elsewhere it prints a note and the caller skips `test`.
pub fn skip_without_input(missing: &str, test: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {missing} is missing; CI must provide it (see README, Continuous integration)"
    );
    eprintln!("note: {missing} is missing; {test} skipped");
}

/// The history specs beside the checkout (`../shared/spec/history/*.json`),
/// oldest first (their names carry the date), if there are at least
/// `at_least`; otherwise [`skip_without_input`] (fails on CI) and `None`.
pub fn history_specs(at_least: usize, test: &str) -> Option<Vec<PathBuf>> {
    let dir = workspace_root().join("../shared/spec/history");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    if paths.len() < at_least {
        skip_without_input(&format!("{} (at least {at_least} specs, found {})", dir.display(), paths.len()), test);
        return None;
    }
    Some(paths)
}
