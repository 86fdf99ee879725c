//! What can go wrong, and in which phase.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The phase of a deploy an error comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Walking the directory and applying the ignore rules.
    Collect,
    /// Computing the SHA-1 of every file.
    Hash,
    /// Creating the deployment (`POST /v13/deployments`).
    Create,
    /// Uploading the contents the API is missing (`POST /v2/files`).
    Upload,
    /// Following the deployment until it is ready.
    Build,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Collect => "collecting files",
            Phase::Hash => "hashing",
            Phase::Create => "creating the deployment",
            Phase::Upload => "uploading",
            Phase::Build => "building",
        })
    }
}

/// Why a deploy failed. [`phase`](Self::phase) says where; an API failure
/// keeps the [`vercel_runtime::Error`] (status, code and body of the answer).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeployError {
    /// A file or directory could not be read (or its metadata not taken).
    #[error("{phase}: cannot read {}: {source}", path.display())]
    Unreadable {
        /// Where it happened.
        phase: Phase,
        /// The path that could not be read.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A symbolic link that resolves to itself through other links.
    #[error("collecting files: symlink loop at {}", path.display())]
    SymlinkLoop {
        /// The link.
        path: PathBuf,
    },
    /// A file name that is not UTF-8: the API takes file names as JSON strings.
    #[error("collecting files: {} is not a UTF-8 file name; rename it or ignore it in .vercelignore", path.display())]
    NonUtf8Path {
        /// The path (shown lossily).
        path: PathBuf,
    },
    /// Nothing left to deploy after the ignore rules.
    #[error("collecting files: no files to deploy in {} (after the ignore rules)", root.display())]
    EmptyFileSet {
        /// The deployed directory.
        root: PathBuf,
    },
    /// The root is not a directory, or a prebuilt deploy has no `.vercel/output`.
    #[error("collecting files: {} is not a directory", path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// Both `.vercelignore` and the older `.nowignore` are present.
    #[error("collecting files: both .vercelignore and .nowignore are in {}; delete .nowignore", root.display())]
    ConflictingIgnoreFiles {
        /// The deployed directory.
        root: PathBuf,
    },
    /// A line of the ignore file is not a valid gitignore pattern.
    #[error("collecting files: {}: {message}", path.display())]
    IgnoreFile {
        /// The ignore file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A file changed between hashing and uploading (its size, time or
    /// contents differ): it is never deployed under the digest it had.
    #[error("{phase}: {} changed while deploying; run the deploy again", path.display())]
    FileChanged {
        /// Where it was noticed.
        phase: Phase,
        /// The file.
        path: PathBuf,
    },
    /// An API call failed (after the retries that apply).
    #[error("{phase}: {source}")]
    Api {
        /// Where it happened.
        phase: Phase,
        /// The error, with the status, code and body of the answer.
        #[source]
        source: vercel_runtime::Error,
    },
    /// The API answered something a deploy cannot go on from.
    #[error("{phase}: unexpected answer: {message}")]
    Protocol {
        /// Where it happened.
        phase: Phase,
        /// What was wrong.
        message: String,
    },
    /// The deployment ended in the `ERROR` state.
    #[error("building: deployment {id} failed: {code}: {message}")]
    Failed {
        /// The deployment id.
        id: String,
        /// The deployment's `errorCode` (empty when it has none).
        code: String,
        /// The deployment's `errorMessage` (empty when it has none).
        message: String,
    },
    /// The deployment was canceled.
    #[error("building: deployment {id} was canceled")]
    Canceled {
        /// The deployment id.
        id: String,
    },
    /// The deployment was not ready in time.
    #[error("building: deployment {id} not ready after {after:?}")]
    Timeout {
        /// The deployment id.
        id: String,
        /// The configured bound ([`Deploy::ready_timeout`](crate::Deploy::ready_timeout)).
        after: Duration,
    },
}

impl DeployError {
    /// The phase the deploy failed in.
    pub fn phase(&self) -> Phase {
        match self {
            DeployError::Unreadable { phase, .. }
            | DeployError::FileChanged { phase, .. }
            | DeployError::Api { phase, .. }
            | DeployError::Protocol { phase, .. } => *phase,
            DeployError::SymlinkLoop { .. }
            | DeployError::NonUtf8Path { .. }
            | DeployError::EmptyFileSet { .. }
            | DeployError::NotADirectory { .. }
            | DeployError::ConflictingIgnoreFiles { .. }
            | DeployError::IgnoreFile { .. } => Phase::Collect,
            DeployError::Failed { .. } | DeployError::Canceled { .. } | DeployError::Timeout { .. } => Phase::Build,
        }
    }

    /// The API error, when an API call failed.
    pub fn api_error(&self) -> Option<&vercel_runtime::Error> {
        match self {
            DeployError::Api { source, .. } => Some(source),
            _ => None,
        }
    }
}
