//! Trees in temporary directories, the scripted in-process mock and the
//! local server's client.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tempfile::TempDir;
use vercel_client::mock::Mock;
use vercel_deploy::mock_server::MockServer;
use vercel_deploy::{Deploy, Event};
use vercel_deployments::{create_deployment, get_deployment, get_deployment_events};
use vercel_runtime::Client;

/// An empty temporary directory, in memory (`/dev/shm`) where there is
/// one: creating thousands of files on a shared disk is slow.
pub fn scratch() -> TempDir {
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() };
    dir.expect("a temporary directory")
}

/// A directory holding `files` (path, contents).
pub fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = scratch();
    for (path, contents) in files {
        write(dir.path(), path, contents);
    }
    dir
}

/// Writes `contents` to `root/path`, creating its directories.
pub fn write(root: &Path, path: &str, contents: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("a parent")).expect("create directories");
    std::fs::write(full, contents).expect("write a file");
}

/// An in-process mock where every create succeeds and the deployment is ready at once.
pub fn ready_mock() -> Mock {
    let mock = Mock::new();
    let deployment = json!({"id": "dpl_1", "url": "app-1.vercel.app", "readyState": "READY"});
    mock.on(&create_deployment::OPERATION).respond_json(&deployment);
    mock.on(&get_deployment::OPERATION).respond_json(&deployment);
    mock.on(&get_deployment_events::OPERATION).respond_json(&json!([]));
    mock
}

/// The files of the first create call the mock received: (path, mode).
pub fn created_files(mock: &Mock) -> Vec<(String, u64)> {
    let calls = mock.calls_to(&create_deployment::OPERATION);
    let body: Value = calls.first().and_then(|c| c.json()).expect("a create call with a JSON body");
    files_of(&body)
}

/// (path, mode) of each file of a create body.
pub fn files_of(body: &Value) -> Vec<(String, u64)> {
    body["files"]
        .as_array()
        .expect("a files list")
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_owned(), f["mode"].as_u64().unwrap()))
        .collect()
}

/// The paths of `files`.
pub fn paths(files: &[(String, u64)]) -> Vec<&str> {
    files.iter().map(|(p, _)| p.as_str()).collect()
}

/// A client of the local server, without waits between its own retries.
pub fn client(server: &MockServer) -> Client {
    Client::builder().token("t").base_url(server.url()).build().expect("a client of the local server")
}

/// A deploy tuned for tests: short waits, and a bound on the wait for a
/// final state (a test never hangs on a state it does not recognise).
pub fn fast(deploy: Deploy) -> Deploy {
    deploy
        .poll_interval(Duration::from_millis(5))
        .retry_backoff(Duration::from_millis(5))
        .ready_timeout(Duration::from_secs(10))
}

/// Collects the events a deploy reports.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Event>>>);

impl Recorder {
    pub fn attach(&self, deploy: Deploy) -> Deploy {
        let events = self.0.clone();
        deploy.on_event(move |e| events.lock().unwrap().push(e.clone()))
    }

    pub fn events(&self) -> Vec<Event> {
        self.0.lock().unwrap().clone()
    }
}
