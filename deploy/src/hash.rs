//! SHA-1 of every entry, streamed from disk by a bounded number of threads,
//! each with one fixed-size buffer, the digests written into the entries:
//! memory does not grow with file sizes, nor beyond the entries with the
//! number of files.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sha1::{Digest, Sha1};

use crate::error::{DeployError, Phase};
use crate::event::Event;
use crate::files::{Content, FileSet};
use crate::observer::Observer;

/// The size of each thread's read buffer.
pub(crate) const READ_BUFFER: usize = 256 * 1024;

/// The SHA-1 of `bytes`.
pub(crate) fn sha1(bytes: &[u8]) -> [u8; 20] {
    Sha1::digest(bytes).into()
}

/// Lowercase hex of a digest.
pub(crate) fn hex(sha: &[u8; 20]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for b in sha {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Hashes a whole file with `buffer`; its size must be `expected` bytes.
pub(crate) fn hash_file(path: &Path, expected: u64, buffer: &mut [u8]) -> Result<[u8; 20], DeployError> {
    let unreadable = |source| DeployError::Unreadable { phase: Phase::Hash, path: path.into(), source };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let mut hasher = Sha1::new();
    let mut read = 0u64;
    loop {
        let n = match file.read(buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(e)),
        };
        hasher.update(&buffer[..n]);
        read += n as u64;
    }
    if read != expected {
        return Err(DeployError::FileChanged { phase: Phase::Hash, path: path.into() });
    }
    Ok(hasher.finalize().into())
}

/// How many entries a hashing thread takes at a time.
const BATCH: usize = 32;

/// Sets the SHA-1 of every entry of `set` in place, on `threads` threads
/// (at least one), reporting each file hashed. Stops early when `cancel` is
/// set. The threads take the entries in batches and write each digest into
/// its entry: nothing is gathered on the side.
pub(crate) fn hash_all(
    set: &mut FileSet,
    threads: usize,
    observer: &Observer,
    cancel: &AtomicBool,
) -> Result<(), DeployError> {
    let (files_done, bytes_done) = (AtomicU64::new(0), AtomicU64::new(0));
    let files_total = set.entries().len() as u64;
    let bytes_total = set.bytes();
    let failed = AtomicBool::new(false);
    let (entries, view) = set.split_mut();
    let batches = Mutex::new(entries.chunks_mut(BATCH).enumerate());
    let results: Vec<Result<(), DeployError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut buffer = vec![0u8; READ_BUFFER];
                    loop {
                        let next = batches.lock().unwrap_or_else(|p| p.into_inner()).next();
                        let Some((number, batch)) = next else { return Ok(()) };
                        let start = number * BATCH;
                        let mut paths = view.paths(start..start + batch.len());
                        for (index, entry) in (start..).zip(batch) {
                            let path = paths.next().expect("a path for every entry");
                            if cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed) {
                                return Ok(());
                            }
                            let size = view.size(index, entry);
                            let sha = match view.content(entry) {
                                Content::Disk => hash_file(&view.disk_path(path), size, &mut buffer),
                                Content::Bytes(bytes) => Ok(sha1(&bytes)),
                            };
                            entry.sha = match sha {
                                Ok(sha) => sha,
                                Err(e) => {
                                    failed.store(true, Ordering::Relaxed);
                                    return Err(e);
                                }
                            };
                            let files = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                            let bytes = bytes_done.fetch_add(size, Ordering::Relaxed) + size;
                            observer.emit(&Event::Hashing {
                                files_done: files,
                                files_total,
                                bytes_done: bytes,
                                bytes_total,
                            });
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    results.into_iter().collect()
}

/// The number of hashing threads when not configured: the machine's cores.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(4)
}

/// A flag that is set when dropped: tells the hashing threads that the
/// deploy was dropped.
pub(crate) struct CancelOnDrop(pub(crate) Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_of_a_known_digest() {
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
