//! Two clones, one target folder: every command acts on the checkout it is run in.
//!
//! Cargo treats an identical xtask (or test binary) in a second clone as fresh
//! when both clones share a target folder and the second clone's files are not
//! newer than the build (a global `build.target-dir`, a CI cache restoring
//! both). A root compiled in with `env!("CARGO_MANIFEST_DIR")` then points at
//! the first clone. This test makes a second clone of this checkout's tracked
//! files with their modification times kept, then, with this checkout's target
//! folder, runs `cargo xtask regen --check` and one test binary in it, and
//! checks that each looked at the second clone.

use crate::support::workspace_root;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A generated file that exists only in the second clone: `regen --check` run
/// there must report it as extra.
const STRAY: &str = "generated-client/vercel-client/src/stray_in_second_clone.rs";

/// The snapshot the probe writes, relative to the workspace root insta uses.
const PROBE_SNAPSHOT: &str = "codegen/tests/it/snapshots/it__checkout_root__checkout_root_probe.snap";

#[test]
fn xtask_and_tests_act_on_the_checkout_they_run_in() {
    let first = workspace_root();
    let target = target_dir();
    let second_parent = tempfile::tempdir().unwrap();
    let second = second_parent.path().join("clone");
    crate::support::copy_tracked_files(&first, &second);
    let spec = "spec/.work/vercel-openapi.json";
    fs::create_dir_all(second.join("spec/.work")).unwrap();
    // Put in place first if needed: the other tests of this binary run alongside and may not have yet.
    let pinned = xtask::ensure_spec(&first).unwrap_or_else(|e| panic!("the pinned spec is not available: {e:#}"));
    fs::copy(pinned, second.join(spec)).expect("copying the pinned spec");
    fs::write(second.join(STRAY), "// only in the second clone\n").unwrap();

    // Built in the first clone...
    let build = cargo(&first, &target).args(["xtask", "--help"]).output().unwrap();
    assert!(build.status.success(), "cargo xtask --help in {}: {}", first.display(), stderr(&build));

    // ...run in the second.
    let check = cargo(&second, &target).args(["xtask", "regen", "--check"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        stdout.contains("stray_in_second_clone.rs"),
        "regen --check in the second clone did not see its extra file (it checked another checkout):\n{stdout}\n{}",
        stderr(&check)
    );
    assert!(!check.status.success(), "regen --check passed with an extra file:\n{stdout}");

    // The same for a test binary: its workspace_root() and insta's snapshot folder.
    let probe = cargo(&second, &target)
        .args(["test", "--quiet", "-p", "vercel-codegen", "--test", "it", "--", "--ignored", "--exact"])
        .arg("checkout_root::checkout_root_probe")
        .env("INSTA_UPDATE", "always")
        .env("CHECKOUT_ROOT_EXPECTED", &second)
        .output()
        .unwrap();
    assert!(probe.status.success(), "the probe in the second clone failed:\n{}\n{}", stdout_of(&probe), stderr(&probe));
    assert!(second.join(PROBE_SNAPSHOT).is_file(), "insta wrote the probe's snapshot outside the second clone");
    assert!(!first.join(PROBE_SNAPSHOT).exists(), "insta wrote the second clone's snapshot into the first clone");
}

/// Run by [`xtask_and_tests_act_on_the_checkout_they_run_in`] inside the second
/// clone (it needs `CHECKOUT_ROOT_EXPECTED`): the helpers find that clone, and
/// insta writes its snapshot there.
#[test]
#[ignore = "run inside a second clone by xtask_and_tests_act_on_the_checkout_they_run_in"]
fn checkout_root_probe() {
    let expected = PathBuf::from(std::env::var_os("CHECKOUT_ROOT_EXPECTED").expect("CHECKOUT_ROOT_EXPECTED"));
    assert_eq!(workspace_root(), expected);
    assert!(crate::support::fixture_dir().starts_with(&expected));
    insta::assert_snapshot!("checkout_root_probe", "written in the second clone");
}

/// This test binary's target folder (`<target>/<profile>/deps/<binary>`), shared with the second clone.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).expect("the test binary lives in <target>/<profile>/deps").to_path_buf()
}

fn cargo(dir: &Path, target: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(dir);
    // What cargo set for this test (CARGO_MANIFEST_DIR, CARGO_PKG_NAME, ...) must not
    // leak into the commands: the first would name this checkout, and build scripts
    // that watch the others (ring's) would rebuild half the dependency tree.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if (name.starts_with("CARGO_") && name != "CARGO_HOME") || name.starts_with("INSTA_") {
            command.env_remove(&*name);
        }
    }
    command.env("CARGO_TARGET_DIR", target);
    command
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
