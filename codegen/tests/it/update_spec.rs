//! `cargo xtask update-spec` end to end, in a temporary copy of this checkout
//! (a git repository of its own), against a local HTTP server on 127.0.0.1
//! that serves the history specs (`../shared/spec/history/*.json`, read at
//! test time) and the failure cases: 404, a connection dropped mid-body, a
//! truncated JSON body, a non-JSON body, a spec that parses but does not
//! generate. Each failure must leave the copy's files as they were (`git
//! status --porcelain` empty, the working copy of the spec unchanged); each
//! success must leave the files, versions and changelog `regen --spec` makes
//! from the same spec (done in a second copy), and the new pin.

use crate::support::workspace_root;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use xtask::update_spec::{update_spec, UpdateSpecArgs};

/// The history specs, oldest first. Missing ones fail the test on CI (the
/// `CI` variable set) and skip it elsewhere.
fn history_specs() -> Option<Vec<PathBuf>> {
    crate::support::history_specs(2, "the update-spec end-to-end test")
}

/// One canned answer of the server.
#[derive(Clone)]
enum Answer {
    /// `200` with the body and its full `Content-Length`.
    Body(Vec<u8>),
    /// `404`.
    NotFound,
    /// `200` announcing the full length, then half the body, then the connection closes.
    Dropped(Vec<u8>),
}

/// Serves `routes` on 127.0.0.1 for at most `requests` connections (each read
/// with a timeout), on a thread of its own; returns the base address.
fn serve(routes: BTreeMap<String, Answer>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(stream) = stream else { continue };
            answer(stream, &routes);
        }
    });
    base
}

fn answer(mut stream: TcpStream, routes: &BTreeMap<String, Answer>) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read the headers (bounded: at most 100 lines).
    for _ in 0..100 {
        let mut line = String::new();
        if reader.read_line(&mut line).map_or(true, |n| n == 0) || line == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("");
    let head =
        |status: &str, len: usize| format!("HTTP/1.1 {status}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
    let _ = match routes.get(path) {
        Some(Answer::Body(body)) => {
            stream.write_all(head("200 OK", body.len()).as_bytes()).and_then(|()| stream.write_all(body))
        }
        Some(Answer::Dropped(body)) => stream
            .write_all(head("200 OK", body.len()).as_bytes())
            .and_then(|()| stream.write_all(&body[..body.len() / 2])),
        Some(Answer::NotFound) | None => {
            stream.write_all(head("404 Not Found", 9).as_bytes()).and_then(|()| stream.write_all(b"not found"))
        }
    };
    let _ = stream.flush();
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=update-spec test", "-c", "user.email=test@127.0.0.1", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("running git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of this checkout at `parent/name`, committed in a repository of its
/// own, with the verified pinned spec, and `parent/shared` pointing at the
/// shared folder (so the old specs are found by their hash, as here).
fn checkout_copy(parent: &Path, name: &str) -> PathBuf {
    let root = workspace_root();
    let copy = parent.join(name);
    crate::support::copy_tracked_files(&root, &copy);
    let pinned = "spec/.work/vercel-openapi.json";
    fs::create_dir_all(copy.join("spec/.work")).unwrap();
    fs::copy(root.join(pinned), copy.join(pinned)).expect("the pinned spec (run `cargo xtask fetch-spec`)");
    let shared = parent.join("shared");
    if !shared.exists() {
        std::os::unix::fs::symlink(root.join("../shared").canonicalize().unwrap(), &shared).unwrap();
    }
    git(&copy, &["init", "-q"]);
    git(&copy, &["add", "-A"]);
    git(&copy, &["commit", "-q", "-m", "base"]);
    copy
}

/// Every file of `dir` (relative path → bytes), `target/` and hidden folders left out.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{prefix}{name}");
            if entry.file_type().unwrap().is_dir() {
                if name != "target" && !name.starts_with('.') {
                    walk(&entry.path(), &format!("{rel}/"), out);
                }
            } else {
                out.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn by_url(url: String) -> UpdateSpecArgs {
    UpdateSpecArgs { url: Some(url), ..UpdateSpecArgs::default() }
}

/// A document that parses as OpenAPI 3.0 but does not generate: one operationId used twice.
const NOT_GENERATING: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
  "/v1/a": {"get": {"operationId": "twice", "tags": ["a"], "responses": {"204": {"description": ""}}}},
  "/v1/b": {"get": {"operationId": "twice", "tags": ["a"], "responses": {"204": {"description": ""}}}}}}"#;

#[test]
fn update_spec_end_to_end_against_a_local_server() {
    let Some(history) = history_specs() else { return };
    let (older, newer) = (&history[history.len() - 2], &history[history.len() - 1]);
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let mut routes = BTreeMap::new();
    for spec in [older, newer] {
        routes.insert(format!("/history/{}", name(spec)), Answer::Body(fs::read(spec).unwrap()));
    }
    let newer_bytes = fs::read(newer).unwrap();
    routes.insert("/gone.json".into(), Answer::NotFound);
    routes.insert("/dropped.json".into(), Answer::Dropped(newer_bytes.clone()));
    routes.insert("/truncated.json".into(), Answer::Body(newer_bytes[..newer_bytes.len() / 3].to_vec()));
    routes.insert("/rate-limited.html".into(), Answer::Body(b"<html><body>Too many requests</body></html>".to_vec()));
    routes.insert("/not-generating.json".into(), Answer::Body(NOT_GENERATING.as_bytes().to_vec()));
    let base = serve(routes, 20);

    let parent = tempfile::tempdir().unwrap();
    let copy = checkout_copy(parent.path(), "update");
    let reference = checkout_copy(parent.path(), "reference");
    // The working copy of the pinned spec (git-ignored), by its SHA-256.
    let working_copy = |dir: &Path| xtask::sha256_hex(&fs::read(dir.join("spec/.work/vercel-openapi.json")).unwrap());
    let pinned_before = working_copy(&copy);

    // Failures: each says why and changes nothing.
    for (path, words) in [
        ("/gone.json", "404"),
        ("/dropped.json", "curl failed"),
        ("/truncated.json", "truncated JSON"),
        ("/rate-limited.html", "not JSON"),
        ("/not-generating.json", "does not generate"),
    ] {
        let err = update_spec(&copy, &by_url(format!("{base}{path}"))).expect_err(path);
        let msg = format!("{err:#}");
        assert!(msg.contains(words) && msg.contains("nothing was changed"), "{path}: {msg}");
        assert_eq!(git(&copy, &["status", "--porcelain"]), "", "{path} changed files");
        assert_eq!(working_copy(&copy), pinned_before, "{path} changed the working copy of the spec");
    }
    let err = format!("{:#}", update_spec(&copy, &by_url(format!("{base}/not-generating.json"))).unwrap_err());
    assert!(err.contains("twice") && err.contains("/paths/"), "the generator's error with its pointer: {err}");

    // Successes: the pinned spec -> the older history spec -> the newer one, each as `regen --spec` makes it.
    for spec in [older, newer] {
        let url = format!("{base}/history/{}", name(spec));
        let outcome = update_spec(&copy, &by_url(url.clone())).unwrap_or_else(|e| panic!("{url}: {e:#}"));
        let regen = xtask::RegenArgs { check: false, spec: Some(spec.clone()), out: None };
        let expected = xtask::regen(&reference, &regen).unwrap_or_else(|e| panic!("regen --spec: {e:#}"));
        assert!(!outcome.bumps.is_empty(), "{url}: no version moved");
        assert_eq!(outcome.bumps, expected.bumps, "{url}: the version moves of regen --spec");
        for part in ["generated-client", "versions.toml", "CHANGELOG.md"] {
            let (got, want) = (copy.join(part), reference.join(part));
            if want.is_dir() {
                let (got, want) = (tree(&got), tree(&want));
                let differ: Vec<&String> =
                    want.keys().chain(got.keys()).filter(|k| got.get(*k) != want.get(*k)).collect();
                assert!(differ.is_empty(), "{url}: {part} differs from regen --spec's: {differ:?}");
            } else {
                assert_eq!(fs::read_to_string(got).unwrap(), fs::read_to_string(want).unwrap(), "{url}: {part}");
            }
        }
        let spec_bytes = fs::read(spec).unwrap();
        let sha = xtask::sha256_hex(&spec_bytes);
        let pin = xtask::SpecSource::load(&copy).unwrap();
        assert_eq!((pin.url.as_str(), pin.sha256.as_str()), (url.as_str(), sha.as_str()), "the new pin");
        assert_eq!(working_copy(&copy), sha, "the verified working copy is the new spec");
        assert_eq!(
            xtask::fetch_spec(&copy).unwrap(),
            xtask::FetchOutcome::AlreadyPresent { path: xtask::pinned_spec_path(&copy) }
        );
        // The drift report is the one regen printed, and the PR body puts the version moves first.
        let report = outcome.report.as_ref().expect("a report");
        assert_eq!(Some(report.summary_markdown()), expected.spec_changes, "{url}: the report's summary");
        let body = outcome.pr_body();
        assert!(body.find("## Version moves") < body.find("## Breaking changes"), "{body}");
        let status = git(&copy, &["status", "--porcelain"]);
        for changed in ["spec/source.toml", "versions.toml", "generated-client/SPEC.toml"] {
            assert!(status.contains(changed), "{changed} not changed: {status}");
        }
        git(&copy, &["add", "-A"]);
        git(&copy, &["commit", "-q", "-m", "update-spec"]);
    }

    // Already pinned: nothing to do, nothing written.
    let again = update_spec(&copy, &by_url(format!("{base}/history/{}", name(newer)))).unwrap();
    assert!(again.report.is_none());
    assert_eq!(git(&copy, &["status", "--porcelain"]), "");
}

/// `spec/groups.toml` lists every tag of the pinned spec (`update-spec` adds
/// the new tags of a new spec), so every crate name is fixed by the table.
#[test]
fn group_table_lists_every_tag_of_the_pinned_spec() {
    let root = workspace_root();
    let spec = xtask::ensure_spec(&root).expect("the pinned spec");
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(spec).unwrap()).unwrap();
    let table = xtask::read_group_table(&root).unwrap().expect("spec/groups.toml");
    let table = vercel_codegen::groups::GroupTable::parse(&table).unwrap_or_else(|e| panic!("spec/groups.toml: {e}"));
    let mut tags = std::collections::BTreeSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("a path item").values().filter_map(|op| op.get("responses").map(|_| op)) {
            tags.insert(op["tags"].get(0).and_then(|t| t.as_str()).unwrap_or("other").to_string());
        }
    }
    assert!(tags.len() > 20, "{tags:?}");
    let missing: Vec<&String> = tags.iter().filter(|t| !table.lists(t)).collect();
    assert!(missing.is_empty(), "tags of the pinned spec missing from spec/groups.toml: {missing:?}");
}
