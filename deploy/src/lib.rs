//! Deploy a directory to Vercel, the job deploy tools and CI bots do: the
//! file set (Vercel's built-in ignores and `.vercelignore`), SHA-1 of every
//! file streamed from disk on a bounded number of threads, the deployment
//! created with the file list, exactly the missing contents uploaded (at
//! most [`DEFAULT_UPLOAD_CONCURRENCY`] at once, streamed, retried with
//! backoff on connection errors and `5xx`), then the deployment followed
//! until it is ready, with its build log.
//!
//! Progress is reported as [`Event`]s to an observer
//! ([`Deploy::on_event`]); the result is the ready [`Deployment`] or a
//! [`DeployError`] naming the [`Phase`] that failed and keeping the API
//! error.
//!
//! # Deploy a directory
//!
//! (`examples/deploy_directory.rs`; with the facade, the same types are
//! `vercel_client::deploy::{Deploy, Event}` under its `deploy` feature.)
//!
#![doc = concat!("```no_run\n", include_str!("../examples/deploy_directory.rs"), "```")]
//!
//! [`Deploy::prebuilt`] sends a Build Output directory (`.vercel/output`)
//! with `prebuilt=1`; [`Deploy::files`] sends files generated in memory.
//!
//! # The file set
//!
//! A source deploy leaves out what matches Vercel's built-in ignores (the
//! table below, read from [`BUILT_IN_IGNORES_SOURCE`]), then the patterns
//! of the directory's `.vercelignore` (or the older `.nowignore`; both is
//! an error), in gitignore syntax. A directory that is ignored is left out
//! whole, without an entry. Symbolic links are sent as links (their target
//! is the content, their mode says link); executable files keep mode
//! `0755`, other files are `0644`. The order is the paths' byte order. A
//! file that cannot be read, a symbolic link loop, a non-UTF-8 file name
//! (the API takes names as JSON strings) or an empty set is an error naming
//! the path.
//!
//! | Built-in ignore | What it is |
//! | --- | --- |
//! | `.hg`, `.git`, `.gitmodules`, `.svn`, `CVS` | version control |
//! | `.cache`, `.next`, `.now`, `.vercel` | build caches and local Vercel state |
//! | `.npmignore`, `.dockerignore`, `.gitignore` | other tools' ignore files |
//! | `.*.swp`, `.DS_Store` | editor and desktop files |
//! | `.wafpicke-*`, `.lock-wscript`, `config.gypi`, `npm-debug.log` | node-gyp and npm leftovers |
//! | `.env.local`, `.env.*.local` | local secrets |
//! | `.venv`, `venv`, `__pycache__` | Python environments and caches |
//! | `.yarn/cache`, `.pnp*`, `node_modules` | installed packages |
//! | `/target` (only with a root `Cargo.toml`) | Rust build output |
//!
//! Source: `@vercel/client` 18.4.2 (npm), `dist/utils/index.js`, `getVercelIgnore`.
//!
//! # Memory
//!
//! Memory does not grow with file sizes (files are hashed and uploaded
//! through fixed-size buffers, at most [`DEFAULT_UPLOAD_CONCURRENCY`]
//! uploads at once) and grows with the number of files only by what the
//! API needs listed: a compact file list (a 28-byte entry per file and the
//! paths front-coded, each holding only what it does not share with the
//! path before it; no allocation per file). The create body, which lists every file,
//! is written from the file list while it is sent when it is over 64 KiB
//! (the `test-util` mock records no streamed body: a test that reads the
//! create body deploys fewer than about 600 files); the API's answer that
//! lists every missing digest is read as it arrives, each digest into a bit
//! per entry ([`vercel_runtime::Client::send_with_error_stream`]), never
//! held whole.
#![warn(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod create;
mod deploy;
mod deployment;
mod error;
mod event;
mod files;
mod follow;
mod hash;
mod missing;
#[cfg(feature = "mock-server")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock-server")))]
pub mod mock_server;
mod observer;
mod paths;
mod rules;
mod selection;
mod upload;

pub use deploy::{
    Deploy, DryRun, DEFAULT_POLL_INTERVAL, DEFAULT_READY_TIMEOUT, DEFAULT_RETRY_BACKOFF, DEFAULT_UPLOAD_ATTEMPTS,
    DEFAULT_UPLOAD_CONCURRENCY,
};
pub use deployment::Deployment;
pub use error::{DeployError, Phase};
pub use event::Event;
pub use files::InMemoryFile;
pub use rules::{BUILD_OUTPUT_DIR, BUILT_IN_IGNORES, BUILT_IN_IGNORES_SOURCE};
