//! [`Deploy`]: the whole flow, from a directory (or files) to a ready deployment.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use vercel_deployments::create_deployment;
use vercel_runtime::Client;

use crate::create::{self, Created};
use crate::deployment::Deployment;
use crate::error::{DeployError, Phase};
use crate::event::Event;
use crate::files::{Content, FileSet, InMemoryFile};
use crate::follow::{follow, FollowConfig};
use crate::hash::{self, CancelOnDrop};
use crate::observer::Observer;
use crate::rules::{Rules, BUILD_OUTPUT_DIR};
#[cfg(test)]
use crate::selection::Selection;
use crate::upload::{upload_all, Item, UploadConfig};

/// Uploads at once when not configured (`@vercel/client` uses 50).
pub const DEFAULT_UPLOAD_CONCURRENCY: usize = 64;
/// Attempts per upload when not configured.
pub const DEFAULT_UPLOAD_ATTEMPTS: u32 = 5;
/// The first wait before an upload is tried again, when not configured.
pub const DEFAULT_RETRY_BACKOFF: Duration = Duration::from_millis(250);
/// The pause between two polls of the deployment's state, when not configured.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How long a deploy waits for the deployment to be ready, when not configured.
pub const DEFAULT_READY_TIMEOUT: Duration = Duration::from_secs(30 * 60);
/// How many times the deployment is created at most: once, and again after
/// each round of uploads the API asked for.
const MAX_CREATE_ROUNDS: usize = 4;

/// What is deployed.
#[derive(Debug, Clone)]
enum Source {
    Directory(PathBuf),
    Prebuilt(PathBuf),
    Files(Vec<InMemoryFile>),
}

/// A deploy: what to send, where, and how; [`run`](Self::run) it with a client.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use vercel_deploy::{Deploy, Event};
///
/// let client = vercel_runtime::Client::new(std::env::var("VERCEL_TOKEN")?)?;
/// let deployment = Deploy::directory("./site")
///     .project("my-site")
///     .production()
///     .on_event(|event: &Event| eprintln!("{event}"))
///     .run(&client)
///     .await?;
/// println!("https://{}", deployment.url);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a deploy does nothing until `.run(&client).await`"]
pub struct Deploy {
    source: Source,
    body: serde_json::Map<String, serde_json::Value>,
    team_id: Option<String>,
    force: bool,
    hash_threads: usize,
    upload_concurrency: usize,
    upload_attempts: u32,
    retry_backoff: Duration,
    poll_interval: Duration,
    ready_timeout: Duration,
    build_logs: bool,
    observer: Observer,
}

impl Deploy {
    fn new(source: Source) -> Deploy {
        Deploy {
            source,
            body: serde_json::Map::new(),
            team_id: None,
            force: false,
            hash_threads: hash::default_threads(),
            upload_concurrency: DEFAULT_UPLOAD_CONCURRENCY,
            upload_attempts: DEFAULT_UPLOAD_ATTEMPTS,
            retry_backoff: DEFAULT_RETRY_BACKOFF,
            poll_interval: DEFAULT_POLL_INTERVAL,
            ready_timeout: DEFAULT_READY_TIMEOUT,
            build_logs: true,
            observer: Observer::none(),
        }
    }

    /// A source deploy of the directory `root`: every file the built-in
    /// ignores ([`BUILT_IN_IGNORES`](crate::BUILT_IN_IGNORES)) and its
    /// `.vercelignore` leave, built by Vercel.
    pub fn directory(root: impl Into<PathBuf>) -> Deploy {
        Deploy::new(Source::Directory(root.into()))
    }

    /// A prebuilt deploy of the project at `root`: only its Build Output
    /// directory (`.vercel/output`, made by `vercel build`) is sent, with
    /// `prebuilt=1`, and Vercel does not build it again.
    pub fn prebuilt(root: impl Into<PathBuf>) -> Deploy {
        Deploy::new(Source::Prebuilt(root.into()))
    }

    /// A source deploy of files given in memory.
    pub fn files(files: impl IntoIterator<Item = InMemoryFile>) -> Deploy {
        Deploy::new(Source::Files(files.into_iter().collect()))
    }

    /// The rest of `createDeployment`'s body (project settings, git
    /// metadata, ...); the fields set with this builder's other methods win,
    /// and its `files` are replaced by the deploy's. Call it first.
    pub fn body(mut self, body: create_deployment::Body) -> Deploy {
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(&body) {
            self.body.extend(map);
        }
        self
    }

    fn field(mut self, name: &str, value: impl Into<serde_json::Value>) -> Deploy {
        self.body.insert(name.to_owned(), value.into());
        self
    }

    /// The deployment's name (by default the project, or the directory's name).
    pub fn name(self, name: impl Into<String>) -> Deploy {
        self.field("name", name.into())
    }

    /// The project (id or name) to deploy to.
    pub fn project(self, project: impl Into<String>) -> Deploy {
        self.field("project", project.into())
    }

    /// Deploys to production (`target: "production"`); the default is a preview.
    pub fn production(self) -> Deploy {
        self.target("production")
    }

    /// The target: `production`, `staging`, or a custom environment's id.
    pub fn target(self, target: impl Into<String>) -> Deploy {
        self.field("target", target.into())
    }

    /// Deploys to the custom environment with this slug or id.
    pub fn custom_environment(self, slug_or_id: impl Into<String>) -> Deploy {
        self.field("customEnvironmentSlugOrId", slug_or_id.into())
    }

    /// Adds a key-value pair to the deployment's metadata.
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<String>) -> Deploy {
        let meta = self.body.entry("meta").or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let serde_json::Value::Object(map) = meta {
            map.insert(key.into(), value.into().into());
        }
        self
    }

    /// The team to deploy as (`teamId` on every call; by default the client's).
    pub fn team_id(mut self, team_id: impl Into<String>) -> Deploy {
        self.team_id = Some(team_id.into());
        self
    }

    /// Creates a new deployment even when an identical one exists (`forceNew=1`).
    pub fn force(mut self, force: bool) -> Deploy {
        self.force = force;
        self
    }

    /// How many threads hash files at once, and how many files the uploads
    /// read from disk at once (default: the machine's cores).
    pub fn hash_threads(mut self, threads: usize) -> Deploy {
        self.hash_threads = threads.max(1);
        self
    }

    /// How many uploads run at once (default [`DEFAULT_UPLOAD_CONCURRENCY`]).
    pub fn upload_concurrency(mut self, uploads: usize) -> Deploy {
        self.upload_concurrency = uploads.max(1);
        self
    }

    /// How many times one upload is tried at most (default [`DEFAULT_UPLOAD_ATTEMPTS`]).
    pub fn upload_attempts(mut self, attempts: u32) -> Deploy {
        self.upload_attempts = attempts.max(1);
        self
    }

    /// The first wait before an upload is tried again; it doubles per
    /// attempt (default [`DEFAULT_RETRY_BACKOFF`]).
    pub fn retry_backoff(mut self, backoff: Duration) -> Deploy {
        self.retry_backoff = backoff;
        self
    }

    /// The pause between two polls of the deployment's state (default [`DEFAULT_POLL_INTERVAL`]).
    pub fn poll_interval(mut self, interval: Duration) -> Deploy {
        self.poll_interval = interval;
        self
    }

    /// How long to wait for the deployment to be ready (default [`DEFAULT_READY_TIMEOUT`]).
    pub fn ready_timeout(mut self, timeout: Duration) -> Deploy {
        self.ready_timeout = timeout;
        self
    }

    /// Whether the build log is streamed as [`Event::BuildLog`] (default yes).
    pub fn build_logs(mut self, on: bool) -> Deploy {
        self.build_logs = on;
        self
    }

    /// Calls `observer` with every [`Event`] (from the hashing threads too,
    /// so it must be `Send + Sync`; keep it quick).
    pub fn on_event(mut self, observer: impl Fn(&Event) + Send + Sync + 'static) -> Deploy {
        self.observer = Observer::new(observer);
        self
    }

    /// Runs the deploy: collects and hashes the files, creates the
    /// deployment, uploads what the API is missing, creates it again, and
    /// follows it until it is ready.
    ///
    /// Dropping the future cancels the deploy (hashing threads stop at
    /// their next file, uploads are abandoned); since uploads are
    /// content-addressed, running it again uploads only what is still missing.
    pub async fn run(self, client: &Client) -> Result<Deployment, DeployError> {
        let observer = self.observer.clone();
        let cancel = CancelOnDrop(Arc::new(AtomicBool::new(false)));
        let set = self.hashed(&cancel).await.map(Arc::new)?;
        let mut body = self.body.clone();
        if !body.contains_key("name") {
            body.insert("name".into(), default_name(&self.source, &body).into());
        }
        let mut query = Vec::new();
        if let Some(team) = &self.team_id {
            query.push(("teamId", team.clone()));
        }
        if self.force {
            query.push(("forceNew", "1".to_owned()));
        }
        // The pinned spec has no `prebuilt` parameter; the API takes it.
        let extra: Vec<(String, String)> = match self.source {
            Source::Prebuilt(_) => vec![("prebuilt".into(), "1".into())],
            _ => Vec::new(),
        };
        let request = create::request(&body, &set, &query, &extra)?;
        let uploads = UploadConfig {
            concurrency: self.upload_concurrency,
            attempts: self.upload_attempts,
            backoff: self.retry_backoff,
            team_id: self.team_id.clone(),
            reads: Arc::new(Semaphore::new(self.hash_threads)),
        };
        let mut created = None;
        for _ in 0..MAX_CREATE_ROUNDS {
            match create::create(client, request.clone(), &set).await? {
                Created::Deployment(deployment) => {
                    created = Some(*deployment);
                    break;
                }
                Created::Missing(selected) => {
                    let items = selected.indices().map(|index| item(&set, index));
                    let (files, bytes) = selected.totals(&set);
                    upload_all(client, items, files, bytes, &uploads, &observer).await?;
                    drop(selected);
                    let shared = set.clone();
                    blocking(move || unchanged(&shared)).await?;
                }
            }
        }
        let created = created.ok_or_else(|| DeployError::Protocol {
            phase: Phase::Create,
            message: format!("the API still reported missing files after {MAX_CREATE_ROUNDS} rounds of uploads"),
        })?;
        drop(request);
        drop(set);
        observer.emit(&Event::Created {
            id: created.id.clone(),
            url: created.url.clone(),
            inspector_url: created.inspector_url.clone(),
        });
        let config = FollowConfig {
            interval: self.poll_interval,
            timeout: self.ready_timeout,
            logs: self.build_logs,
            team_id: self.team_id.clone(),
        };
        let result = follow(client, created, &config, &observer).await;
        drop(cancel);
        result
    }
}

impl Deploy {
    /// Collects and hashes the files without calling the API (a dry run:
    /// what would be deployed, and how long hashing takes), reporting the
    /// same events as [`run`](Self::run) up to `Hashed`.
    pub async fn dry_run(self) -> Result<DryRun, DeployError> {
        let cancel = CancelOnDrop(Arc::new(AtomicBool::new(false)));
        let set = self.hashed(&cancel).await?;
        Ok(DryRun { files: set.len() as u64, unique: set.unique_contents(), bytes: set.bytes() })
    }

    /// The file set, collected and hashed on blocking threads (stopped by `cancel`).
    async fn hashed(&self, cancel: &CancelOnDrop) -> Result<FileSet, DeployError> {
        let (source, threads, flag) = (self.source.clone(), self.hash_threads, cancel.0.clone());
        let observer = self.observer.clone();
        let set = blocking(move || {
            let mut set = collect(source)?;
            observer.emit(&Event::Collected { files: set.entries().len() as u64, bytes: set.bytes() });
            hash::hash_all(&mut set, threads, &observer, &flag)?;
            Ok(set)
        })
        .await?;
        let unique = set.unique_contents();
        self.observer.emit(&Event::Hashed { files: set.len() as u64, unique, bytes: set.bytes() });
        Ok(set)
    }
}

/// What a [`Deploy::dry_run`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DryRun {
    /// Entries that would be deployed.
    pub files: u64,
    /// Distinct contents among them.
    pub unique: u64,
    /// Their total size.
    pub bytes: u64,
}

/// The file set of `source`.
fn collect(source: Source) -> Result<FileSet, DeployError> {
    match source {
        Source::Directory(root) => FileSet::collect(&root, &Rules::source(&root)?),
        Source::Prebuilt(root) => {
            let output = root.join(BUILD_OUTPUT_DIR);
            if !output.is_dir() {
                return Err(DeployError::NotADirectory { path: output });
            }
            FileSet::collect(&root, &Rules::prebuilt(&root)?)
        }
        Source::Files(files) => FileSet::from_memory(files),
    }
}

/// The name when none is set: the project, else the directory's name.
fn default_name(source: &Source, body: &serde_json::Map<String, serde_json::Value>) -> String {
    if let Some(project) = body.get("project").and_then(|p| p.as_str()) {
        return project.to_owned();
    }
    let dir = match source {
        Source::Directory(root) | Source::Prebuilt(root) => std::fs::canonicalize(root).ok(),
        Source::Files(_) => None,
    };
    dir.and_then(|d| d.file_name().and_then(|n| n.to_str()).map(str::to_owned)).unwrap_or_else(|| "deployment".into())
}

/// The upload of the contents of the entry at `index`, made when its turn comes.
fn item(set: &FileSet, index: usize) -> Item {
    let name = set.path(index);
    Item {
        sha: set.entries()[index].sha,
        size: set.size(index),
        content: set.content(index),
        path: set.disk_path(&name),
        name: name.into(),
    }
}

/// Checks that no file on disk changed (size or modification time) since
/// it was hashed, so that the deployment never lists a stale digest for it.
fn unchanged(set: &FileSet) -> Result<(), DeployError> {
    let mut paths = set.paths(0..set.len());
    for index in 0..set.len() {
        let name = paths.next().expect("a path for every entry");
        if !matches!(set.content(index), Content::Disk) {
            continue;
        }
        let path = set.disk_path(name);
        let meta = std::fs::metadata(&path).map_err(|source| DeployError::Unreadable {
            phase: Phase::Upload,
            path: path.clone(),
            source,
        })?;
        if !set.unchanged_on_disk(index, &meta) {
            return Err(DeployError::FileChanged { phase: Phase::Upload, path });
        }
    }
    Ok(())
}

/// Runs `f` on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, DeployError> + Send + 'static,
) -> Result<T, DeployError> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashed(files: &[(&str, &str)]) -> Arc<FileSet> {
        let files = files.iter().map(|(path, contents)| InMemoryFile::new(*path, contents.to_string()));
        let mut set = FileSet::from_memory(files.collect()).unwrap();
        hash::hash_all(&mut set, 2, &Observer::none(), &AtomicBool::new(false)).unwrap();
        Arc::new(set)
    }

    #[test]
    fn a_selection_holds_the_first_entry_of_each_missing_content_once() {
        let set = hashed(&[("a", "same"), ("b", "other"), ("c", "same"), ("d", "third")]);
        let (same, third) = (hash::sha1(b"same"), hash::sha1(b"third"));
        let selected = Selection::of(&set, vec![third, same, same]).unwrap();
        let paths: Vec<String> = selected.indices().map(|i| set.path(i)).collect();
        assert_eq!(paths, ["a", "d"]);
        assert_eq!(selected.totals(&set), (2, 9));
        assert_eq!(set.unique_contents(), 3);

        let unknown = Selection::of(&set, vec![same, hash::sha1(b"nobody")]).expect_err("an unknown digest");
        assert!(unknown.to_string().contains(&hash::hex(&hash::sha1(b"nobody"))), "{unknown}");
    }

    #[test]
    fn a_selection_reaches_entries_past_the_first_word() {
        let names: Vec<String> = (0..150).map(|i| format!("f{i:03}")).collect();
        let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), n.as_str())).collect();
        let set = hashed(&files);
        let wanted = [0, 63, 64, 127, 149].map(|i| hash::sha1(names[i].as_bytes()));
        let selected = Selection::of(&set, wanted.to_vec()).unwrap();
        assert_eq!(selected.indices().collect::<Vec<_>>(), [0, 63, 64, 127, 149]);
    }
}
