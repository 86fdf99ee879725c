//! Uploading contents the API is missing: small files read whole, larger
//! ones streamed from disk in chunks, each re-hashed before its last byte
//! is sent (a file that changed since it was hashed is never sent under its
//! old digest), at most `concurrency` at once, each retried
//! with backoff on connection errors, `429` and `5xx` answers.
//!
//! Reads from disk go through tokio's blocking threads, at most
//! [`UploadConfig::reads`] at once: unbounded, 64 uploads of small files
//! kept about 80 blocking threads alive, each with its stack and (glibc)
//! its own heap arena, and peak RSS grew with the number of files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, TryStreamExt};
use sha1::{Digest, Sha1};
use std::io::Read as _;
use tokio::io::AsyncReadExt;
use tokio::sync::Semaphore;
use vercel_deployments::upload_file;
use vercel_runtime::{BodyStream, Client, Error, Request, RequestOptions, RetryConfig};

use crate::error::{DeployError, Phase};
use crate::event::Event;
use crate::files::Content;
use crate::hash::hex;
use crate::observer::Observer;

/// The size of the chunks a file is sent in.
const CHUNK: usize = 64 * 1024;
/// Files up to this size are read whole rather than streamed.
const WHOLE: u64 = CHUNK as u64;
/// The longest wait between two attempts of one upload.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// How uploads are made.
#[derive(Debug, Clone)]
pub(crate) struct UploadConfig {
    pub(crate) concurrency: usize,
    pub(crate) attempts: u32,
    pub(crate) backoff: Duration,
    pub(crate) team_id: Option<String>,
    /// Permits for reading from disk (one per read call in flight).
    pub(crate) reads: Arc<Semaphore>,
}

/// One content to upload.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) sha: [u8; 20],
    pub(crate) size: u64,
    pub(crate) content: Content,
    /// The file on disk, for [`Content::Disk`].
    pub(crate) path: PathBuf,
    /// The entry's path in the deployment, for events.
    pub(crate) name: Box<str>,
}

/// Uploads every item (`files_total` of them, `bytes_total` in all),
/// reporting progress; the first failure (after its retries) ends the round
/// and cancels the uploads still running. Items are taken from `items` only
/// as uploads start: at most `concurrency` exist at once.
pub(crate) async fn upload_all(
    client: &Client,
    items: impl Iterator<Item = Item> + Send,
    files_total: u64,
    bytes_total: u64,
    config: &UploadConfig,
    observer: &Observer,
) -> Result<(), DeployError> {
    let (files_done, bytes_done) = (AtomicU64::new(0), AtomicU64::new(0));
    observer.emit(&Event::Uploading { files_done: 0, files_total, bytes_done: 0, bytes_total });
    stream::iter(items.map(Ok))
        .try_for_each_concurrent(config.concurrency.max(1), |item| {
            let (files_done, bytes_done) = (&files_done, &bytes_done);
            async move {
                upload_with_retries(client, &item, config, observer).await?;
                let files = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                let bytes = bytes_done.fetch_add(item.size, Ordering::Relaxed) + item.size;
                observer.emit(&Event::Uploading { files_done: files, files_total, bytes_done: bytes, bytes_total });
                Ok(())
            }
        })
        .await?;
    observer.emit(&Event::Uploaded { files: files_total, bytes: bytes_total });
    Ok(())
}

async fn upload_with_retries(
    client: &Client,
    item: &Item,
    config: &UploadConfig,
    observer: &Observer,
) -> Result<(), DeployError> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let changed = Arc::new(AtomicBool::new(false));
        let whole = match &item.content {
            Content::Disk if item.size <= WHOLE => Some(read_whole(item, &config.reads).await?),
            _ => None,
        };
        let result = client.send_empty(request(item, config, &changed, whole)).await;
        if changed.load(Ordering::SeqCst) {
            return Err(DeployError::FileChanged { phase: Phase::Upload, path: item.path.clone() });
        }
        let error = match result {
            Ok(()) => return Ok(()),
            Err(error) if attempt < config.attempts && retryable(&error) => error,
            Err(source) => return Err(DeployError::Api { phase: Phase::Upload, source }),
        };
        observer.emit(&Event::UploadRetry { file: item.name.to_string(), attempt, error: error.to_string() });
        tokio::time::sleep(backoff(config.backoff, attempt)).await;
    }
}

/// Whether another attempt may succeed: the connection failed or broke, or
/// the server was overloaded or failed (`429`, `5xx`).
fn retryable(error: &Error) -> bool {
    match error {
        Error::Transport(_) | Error::Timeout { .. } | Error::Body(_) => true,
        _ => error.status().is_some_and(|s| s.is_server_error() || s.as_u16() == 429),
    }
}

/// The wait after the `attempt`th failure: `base` doubled per attempt,
/// capped at [`MAX_BACKOFF`], at a random point of its upper half.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let full = base.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(MAX_BACKOFF);
    full / 2 + full.mul_f64(fastrand::f64() / 2.0)
}

/// The `uploadFile` request of `item` (the retries are this module's: the
/// runtime's own are off, as a streamed body is opened per attempt anyway).
/// A file of `whole` is sent from those bytes (read by [`read_whole`]), a
/// larger one streamed.
fn request(item: &Item, config: &UploadConfig, changed: &Arc<AtomicBool>, whole: Option<Bytes>) -> Request {
    let digest = hex(&item.sha);
    let mut req = Request::new(&upload_file::OPERATION, "/v2/files".into());
    req.header("x-vercel-digest", &digest);
    req.header("x-now-digest", &digest);
    req.header("x-now-size", &item.size);
    if let Some(team) = &config.team_id {
        req.query("teamId", team);
    }
    match (&item.content, whole) {
        (Content::Bytes(bytes), _) => req.bytes(bytes.clone(), "application/octet-stream"),
        (Content::Disk, Some(bytes)) => req.bytes(bytes, "application/octet-stream"),
        (Content::Disk, None) => {
            let (path, size, sha) = (item.path.clone(), item.size, item.sha);
            let (changed, reads) = (changed.clone(), config.reads.clone());
            req.stream(size, "application/octet-stream", move || {
                file_stream(path.clone(), size, sha, changed.clone(), reads.clone())
            })
        }
    }
    req.set_options(Some(RequestOptions::new().retry(RetryConfig::disabled())));
    req
}

/// Reads a small file whole, in one blocking call, and checks it against
/// its size and digest before anything is sent: a file that changed since
/// it was hashed is [`DeployError::FileChanged`], one that cannot be read
/// [`DeployError::Unreadable`]. (Streaming it would take a chunk buffer and
/// three blocking calls per file, for a few bytes.)
async fn read_whole(item: &Item, reads: &Semaphore) -> Result<Bytes, DeployError> {
    let (path, size) = (item.path.clone(), item.size);
    let _permit = reads.acquire().await.expect("the read permits are never closed");
    let read = tokio::task::spawn_blocking(move || -> std::io::Result<Vec<u8>> {
        // One byte more than expected, to see a file that grew.
        let mut contents = Vec::with_capacity(size as usize + 1);
        std::fs::File::open(&path)?.take(size + 1).read_to_end(&mut contents)?;
        Ok(contents)
    })
    .await
    .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let contents =
        read.map_err(|source| DeployError::Unreadable { phase: Phase::Upload, path: item.path.clone(), source })?;
    if contents.len() as u64 != size || crate::hash::sha1(&contents) != item.sha {
        return Err(DeployError::FileChanged { phase: Phase::Upload, path: item.path.clone() });
    }
    Ok(Bytes::from(contents))
}

/// The file changed since it was hashed.
#[derive(Debug, thiserror::Error)]
#[error("{} changed since it was hashed", .0.display())]
struct Changed(PathBuf);

/// Reading state of one upload.
struct Reader {
    file: Option<tokio::fs::File>,
    path: PathBuf,
    hasher: Sha1,
    read: u64,
    size: u64,
    sha: [u8; 20],
    changed: Arc<AtomicBool>,
    reads: Arc<Semaphore>,
    buffer: Vec<u8>,
}

/// The chunks of the file at `path`, hashed on the way: the last chunk is
/// given only once the file is known to end there with the digest it was
/// hashed to, so the server never receives a whole body whose digest is stale.
fn file_stream(path: PathBuf, size: u64, sha: [u8; 20], changed: Arc<AtomicBool>, reads: Arc<Semaphore>) -> BodyStream {
    let buffer = vec![0; CHUNK];
    let reader = Reader { file: None, path, hasher: Sha1::new(), read: 0, size, sha, changed, reads, buffer };
    Box::pin(stream::unfold(Some(reader), |state| async move {
        let mut r = state?;
        match r.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(r))),
            Ok(None) => None,
            Err(e) => Some((Err(e), None)),
        }
    }))
}

impl Reader {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, vercel_runtime::BoxError> {
        if self.read == self.size && self.file.is_some() {
            return Ok(None);
        }
        let reads = self.reads.clone();
        let _permit = reads.acquire().await.expect("the read permits are never closed");
        if self.file.is_none() {
            self.file = Some(tokio::fs::File::open(&self.path).await?);
        }
        let file = self.file.as_mut().expect("opened above");
        let n = file.read(&mut self.buffer).await?;
        self.read += n as u64;
        if (n == 0 && self.size > 0) || self.read > self.size {
            return Err(self.changed());
        }
        self.hasher.update(&self.buffer[..n]);
        if self.read == self.size {
            // The file must end here, with the digest it was hashed to.
            let mut probe = [0u8; 1];
            let extra = file.read(&mut probe).await?;
            let digest: [u8; 20] = std::mem::take(&mut self.hasher).finalize().into();
            if extra != 0 || digest != self.sha {
                return Err(self.changed());
            }
        }
        Ok(Some(Bytes::copy_from_slice(&self.buffer[..n])))
    }

    fn changed(&self) -> vercel_runtime::BoxError {
        self.changed.store(true, Ordering::SeqCst);
        Box::new(Changed(self.path.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn uploads_read_from_disk_only_with_a_read_permit() {
        let dir = tempfile::tempdir().unwrap();
        let mut items = Vec::new();
        // One file read whole, one streamed in chunks.
        for (name, size) in [("small", 10), ("large", WHOLE as usize * 2 + 1)] {
            let contents = vec![b'x'; size];
            let path = dir.path().join(name);
            std::fs::write(&path, &contents).unwrap();
            let sha = crate::hash::sha1(&contents);
            items.push(Item { sha, size: size as u64, content: Content::Disk, path, name: name.into() });
        }
        // A server that reads each upload's body and checks its digest.
        let server = crate::mock_server::MockServer::start(Default::default()).await.unwrap();
        let client = Client::builder().token("t").base_url(server.url()).build().unwrap();
        let reads = Arc::new(Semaphore::new(0));
        let config =
            UploadConfig { concurrency: 2, attempts: 1, backoff: Duration::ZERO, team_id: None, reads: reads.clone() };
        let observer = Observer::none();
        let upload = upload_all(&client, items.into_iter(), 2, 0, &config, &observer);
        tokio::pin!(upload);
        let waited = tokio::time::timeout(Duration::from_millis(200), &mut upload).await;
        assert!(waited.is_err(), "no upload may read without a permit");
        assert_eq!(server.uploaded(), Vec::<String>::new());
        reads.add_permits(1);
        upload.await.expect("both uploads, one read at a time");
        assert_eq!(server.uploaded().len(), 2);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(100);
        for _ in 0..20 {
            let first = backoff(base, 1);
            assert!(first >= Duration::from_millis(50) && first <= base, "{first:?}");
            let third = backoff(base, 3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400), "{third:?}");
            assert!(backoff(base, 30) <= MAX_BACKOFF);
        }
    }
}
