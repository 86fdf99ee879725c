//! What a deploy reports while it runs.

use std::fmt;

use crate::deployment::Deployment;

/// One step of a deploy, given to the observer set with
/// [`Deploy::on_event`](crate::Deploy::on_event), in this order: `Collected`,
/// `Hashing`…, `Hashed`, then for each round of uploads `Uploading`… and
/// `Uploaded`, then `Created`, `BuildLog`… and `State`…, and last `Ready`,
/// `Error` or `Canceled`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// The file set is known.
    Collected {
        /// Entries to deploy.
        files: u64,
        /// Their total size.
        bytes: u64,
    },
    /// One more file hashed.
    Hashing {
        /// Files hashed so far.
        files_done: u64,
        /// Files to hash.
        files_total: u64,
        /// Bytes hashed so far.
        bytes_done: u64,
        /// Bytes to hash.
        bytes_total: u64,
    },
    /// Every file is hashed.
    Hashed {
        /// Entries.
        files: u64,
        /// Distinct contents (what could need an upload).
        unique: u64,
        /// Total size of the entries.
        bytes: u64,
    },
    /// One more content uploaded (or an upload started, with `files_done` unchanged).
    Uploading {
        /// Contents uploaded so far in this round.
        files_done: u64,
        /// Contents the API asked for in this round.
        files_total: u64,
        /// Bytes uploaded so far in this round.
        bytes_done: u64,
        /// Bytes the API asked for in this round.
        bytes_total: u64,
    },
    /// An upload failed and is tried again.
    UploadRetry {
        /// The file uploaded.
        file: String,
        /// The attempt that failed (1 for the first).
        attempt: u32,
        /// Why it failed.
        error: String,
    },
    /// Every content the API asked for is uploaded.
    Uploaded {
        /// Contents uploaded.
        files: u64,
        /// Bytes uploaded.
        bytes: u64,
    },
    /// The deployment exists.
    Created {
        /// Its id.
        id: String,
        /// Its URL (without scheme, as the API gives it).
        url: String,
        /// Where to inspect it in the dashboard.
        inspector_url: Option<String>,
    },
    /// A line of the build log.
    BuildLog {
        /// The text.
        text: String,
    },
    /// The deployment's `readyState` changed (`QUEUED`, `BUILDING`, ...).
    State {
        /// The new state.
        ready_state: String,
    },
    /// The deployment is ready.
    Ready(Box<Deployment>),
    /// The deployment failed.
    Error {
        /// Its `errorCode`.
        code: String,
        /// Its `errorMessage`.
        message: String,
    },
    /// The deployment was canceled.
    Canceled,
}

impl fmt::Display for Event {
    /// One line for logs: `hashing 10/20 files`, `created dpl_1 my-app.vercel.app`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Collected { files, bytes } => write!(f, "collected {files} files ({bytes} bytes)"),
            Event::Hashing { files_done, files_total, .. } => write!(f, "hashing {files_done}/{files_total} files"),
            Event::Hashed { files, unique, bytes } => {
                write!(f, "hashed {files} files ({unique} distinct contents, {bytes} bytes)")
            }
            Event::Uploading { files_done, files_total, bytes_done, bytes_total } => {
                write!(f, "uploading {files_done}/{files_total} files ({bytes_done}/{bytes_total} bytes)")
            }
            Event::UploadRetry { file, attempt, error } => {
                write!(f, "upload of {file} failed (attempt {attempt}), retrying: {error}")
            }
            Event::Uploaded { files, bytes } => write!(f, "uploaded {files} files ({bytes} bytes)"),
            Event::Created { id, url, .. } => write!(f, "created {id} https://{url}"),
            Event::BuildLog { text } => f.write_str(text),
            Event::State { ready_state } => write!(f, "state {ready_state}"),
            Event::Ready(deployment) => write!(f, "ready https://{}", deployment.url),
            Event::Error { code, message } => write!(f, "error {code}: {message}"),
            Event::Canceled => f.write_str("canceled"),
        }
    }
}
