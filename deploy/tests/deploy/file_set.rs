//! What is sent: ignore rules (table-driven), modes, symlinks, order, and
//! every error of the file set naming its path.

use crate::support::{created_files, fast, paths, ready_mock, tree, write};
use vercel_deploy::{Deploy, DeployError, InMemoryFile, Phase};

/// A case: its name, the files of the tree (path, contents), the paths deployed.
type Case = (&'static str, &'static [(&'static str, &'static str)], &'static [&'static str]);

const IGNORE_CASES: &[Case] = &[
    (
        "built-in ignores",
        &[
            ("index.html", "x"),
            (".git/HEAD", "x"),
            ("node_modules/a/index.js", "x"),
            (".vercel/project.json", "x"),
            (".env.local", "x"),
            (".env.production.local", "x"),
            (".env", "x"),
            ("src/.DS_Store", "x"),
            ("src/.main.rs.swp", "x"),
            ("pkg/__pycache__/m.pyc", "x"),
            (".yarn/cache/z.zip", "x"),
            (".yarn/releases/y.js", "x"),
            ("npm-debug.log", "x"),
            (".gitignore", "x"),
        ],
        &[".env", ".yarn/releases/y.js", "index.html"],
    ),
    (
        ".vercelignore patterns, negation and ./ prefix",
        &[
            (".vercelignore", "*.log\n/build\n./secret.txt\ndocs/\n!keep.log\n# comment\n"),
            ("a.log", "x"),
            ("keep.log", "x"),
            ("build/out.js", "x"),
            ("src/build/kept.js", "x"),
            ("secret.txt", "x"),
            ("docs/readme.md", "x"),
            ("src/docs", "a file named docs"),
        ],
        &[".vercelignore", "keep.log", "src/build/kept.js", "src/docs"],
    ),
    (
        "the older .nowignore",
        &[(".nowignore", "tmp\n"), ("tmp/x", "x"), ("index.js", "x")],
        &[".nowignore", "index.js"],
    ),
    (
        "a Rust project leaves out /target only at the root",
        &[("Cargo.toml", "[package]"), ("target/debug/app", "x"), ("src/target/keep.rs", "x")],
        &["Cargo.toml", "src/target/keep.rs"],
    ),
];

#[tokio::test]
async fn ignore_rules_table() {
    for (case, files, expected) in IGNORE_CASES {
        let dir = tree(files);
        let mock = ready_mock();
        fast(Deploy::directory(dir.path())).run(&mock.client()).await.unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(paths(&created_files(&mock)), *expected, "{case}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn symlinks_are_sent_as_links_and_executable_bits_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("run.sh", "#!/bin/sh\n"), ("index.html", "x")]);
    std::fs::set_permissions(dir.path().join("run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink("index.html", dir.path().join("home.html")).unwrap();
    std::os::unix::fs::symlink("missing-target", dir.path().join("dangling")).unwrap();
    let mock = ready_mock();
    fast(Deploy::directory(dir.path())).run(&mock.client()).await.unwrap();
    let files = created_files(&mock);
    assert_eq!(
        files,
        [
            ("dangling".to_owned(), 0o120_777),
            ("home.html".to_owned(), 0o120_777),
            ("index.html".to_owned(), 0o100_644),
            ("run.sh".to_owned(), 0o100_755),
        ]
    );
    // A link's content is its target.
    let calls = mock.calls_to(&vercel_deployments::create_deployment::OPERATION);
    let body: serde_json::Value = calls[0].json().unwrap();
    assert_eq!(body["files"][1]["sha"], vercel_runtime::sha1_hex(b"index.html"));
    assert_eq!(body["files"][1]["size"], 10);
}

#[tokio::test]
async fn order_is_the_paths_byte_order_and_dot_dirs_are_walked() {
    let dir = tree(&[("b/z.js", "1"), ("a-c.js", "2"), ("a/b.js", "3"), ("A.js", "4"), (".well-known/x", "5")]);
    let mock = ready_mock();
    fast(Deploy::directory(dir.path())).run(&mock.client()).await.unwrap();
    assert_eq!(paths(&created_files(&mock)), [".well-known/x", "A.js", "a-c.js", "a/b.js", "b/z.js"]);
}

#[tokio::test]
async fn in_memory_files_are_deployed_with_their_modes() {
    let mock = ready_mock();
    let files = [InMemoryFile::new("index.html", "<h1>hi</h1>"), InMemoryFile::new("bin/run", "#!").executable(true)];
    fast(Deploy::files(files).name("bot")).run(&mock.client()).await.unwrap();
    assert_eq!(created_files(&mock), [("bin/run".to_owned(), 0o100_755), ("index.html".to_owned(), 0o100_644)]);
    let err = fast(Deploy::files([InMemoryFile::new("../x", "")])).run(&mock.client()).await.unwrap_err();
    assert_eq!(err.phase(), Phase::Collect, "{err}");
}

#[tokio::test]
async fn an_empty_set_is_an_error_naming_the_directory() {
    let dir = tree(&[("node_modules/a.js", "x"), (".git/HEAD", "x")]);
    let mock = ready_mock();
    let err = fast(Deploy::directory(dir.path())).run(&mock.client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::EmptyFileSet { root } if root == dir.path()), "{err:?}");
    assert_eq!(mock.call_count(), 0, "nothing was sent");
}

#[cfg(unix)]
#[tokio::test]
async fn a_symlink_loop_is_an_error_naming_the_link() {
    let dir = tree(&[("index.html", "x")]);
    std::os::unix::fs::symlink("b", dir.path().join("a")).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    let err = fast(Deploy::directory(dir.path())).run(&ready_mock().client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::SymlinkLoop { path } if path.starts_with(dir.path())), "{err:?}");
    assert!(err.to_string().contains("symlink loop"), "{err}");
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_non_utf8_file_name_is_refused_unless_ignored() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree(&[("index.html", "x")]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), "x").unwrap();
    let err = fast(Deploy::directory(dir.path())).run(&ready_mock().client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::NonUtf8Path { path } if path.ends_with(name)), "{err:?}");
    assert_eq!(err.phase(), Phase::Collect);

    write(dir.path(), ".vercelignore", "*.txt\n");
    let mock = ready_mock();
    fast(Deploy::directory(dir.path())).run(&mock.client()).await.unwrap();
    assert_eq!(paths(&created_files(&mock)), [".vercelignore", "index.html"]);
}

#[tokio::test]
async fn an_unreadable_file_is_an_error_naming_it() {
    // A file that disappears once listed cannot be read when hashed (root
    // reads any file whatever its permissions, so removal stands in for them).
    let dir = tree(&[("index.html", "x"), ("gone.js", "y")]);
    let gone = dir.path().join("gone.js");
    let removed = gone.clone();
    let deploy = fast(Deploy::directory(dir.path())).on_event(move |event| {
        if matches!(event, vercel_deploy::Event::Collected { .. }) {
            let _ = std::fs::remove_file(&removed);
        }
    });
    let err = deploy.run(&ready_mock().client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::Unreadable { phase: Phase::Hash, path, .. } if *path == gone), "{err:?}");

    let missing = dir.path().join("no-such-dir");
    let err = fast(Deploy::directory(&missing)).run(&ready_mock().client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::Unreadable { phase: Phase::Collect, path, .. } if *path == missing), "{err:?}");
}

#[tokio::test]
async fn both_ignore_files_and_a_bad_pattern_are_errors() {
    let dir = tree(&[(".vercelignore", "a"), (".nowignore", "b"), ("x", "x")]);
    let err = fast(Deploy::directory(dir.path())).run(&ready_mock().client()).await.unwrap_err();
    assert!(matches!(err, DeployError::ConflictingIgnoreFiles { .. }), "{err:?}");

    let dir = tree(&[(".vercelignore", "src/[z-a].js\n"), ("x", "x")]);
    let err = fast(Deploy::directory(dir.path())).run(&ready_mock().client()).await.unwrap_err();
    assert!(
        matches!(&err, DeployError::IgnoreFile { path, message } if path.ends_with(".vercelignore") && message.contains("[z-a]")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_prebuilt_layout_sends_only_the_build_output_with_prebuilt_1() {
    let dir = tree(&[
        ("src/index.js", "x"),
        ("package.json", "{}"),
        (".vercel/project.json", "{}"),
        (".vercel/output/config.json", "{\"version\":3}"),
        (".vercel/output/static/index.html", "hi"),
        (".vercel/output/functions/api.func/.vc-config.json", "{}"),
    ]);
    let mock = ready_mock();
    fast(Deploy::prebuilt(dir.path())).run(&mock.client()).await.unwrap();
    assert_eq!(
        paths(&created_files(&mock)),
        [
            ".vercel/output/config.json",
            ".vercel/output/functions/api.func/.vc-config.json",
            ".vercel/output/static/index.html"
        ]
    );
    let call = &mock.calls_to(&vercel_deployments::create_deployment::OPERATION)[0];
    assert_eq!(call.query_value("prebuilt"), Some("1"));

    let err = fast(Deploy::prebuilt(tree(&[("a", "b")]).path())).run(&mock.client()).await.unwrap_err();
    assert!(matches!(&err, DeployError::NotADirectory { path } if path.ends_with(".vercel/output")), "{err:?}");
}

#[tokio::test]
async fn options_reach_the_create_body_and_query() {
    let dir = tree(&[("index.html", "x")]);
    let mock = ready_mock();
    fast(Deploy::directory(dir.path()))
        .project("my-site")
        .production()
        .meta("commit", "abc")
        .team_id("team_1")
        .force(true)
        .run(&mock.client())
        .await
        .unwrap();
    let call = &mock.calls_to(&vercel_deployments::create_deployment::OPERATION)[0];
    let body: serde_json::Value = call.json().unwrap();
    assert_eq!(body["name"], "my-site");
    assert_eq!(body["project"], "my-site");
    assert_eq!(body["target"], "production");
    assert_eq!(body["meta"]["commit"], "abc");
    assert_eq!(call.query_value("teamId"), Some("team_1"));
    assert_eq!(call.query_value("forceNew"), Some("1"));
    assert_eq!(call.query_value("prebuilt"), None);
}

#[test]
fn the_docs_show_the_example_and_every_built_in_ignore() {
    // The facade's guide (its `deploy` chapter, a doctest of `vercel-client`) shows the
    // example as a user of the facade writes it: the same code through `vercel_client`.
    let example = include_str!("../../examples/deploy_directory.rs");
    let code = example.split_once("\n\n").map_or(example, |(_doc, code)| code);
    let for_facade =
        code.replace("vercel_deploy::", "vercel_client::deploy::").replace("vercel_runtime::", "vercel_client::");
    let guide = include_str!("../../../codegen/guide/deploy.md");
    assert!(
        guide.contains(&format!("```rust,no_run\n{for_facade}```")),
        "codegen/guide/deploy.md shows examples/deploy_directory.rs, written for the facade"
    );
    let docs = include_str!("../../src/lib.rs");
    let table = docs.split("| Built-in ignore |").nth(1).expect("the crate docs have the table");
    for pattern in vercel_deploy::BUILT_IN_IGNORES {
        assert!(table.contains(&format!("`{pattern}`")), "{pattern} is missing from the table");
    }
}
