//! Temporary folders and files, with the standard library only.
//!
//! The xtask's first build on a fresh clone should compile as little as it
//! can (see `cargo xtask bench --only first-run`); the `tempfile` crate
//! brings `rustix`, `getrandom` and `linux-raw-sys` with it, for the two
//! things done here: a folder removed when dropped, and a file written
//! beside its destination and renamed into place.

use anyhow::{bail, Context, Result};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Numbers the names made by this process (with the process id and the time, unique).
static NEXT: AtomicU32 = AtomicU32::new(0);

/// A name no other call (in this process or another) makes: `PREFIX-PID-NANOS-N`.
fn unique_name(prefix: &str) -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("{prefix}-{}-{nanos:09}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A new empty folder, removed with everything in it when dropped.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates a new folder named `PREFIX-…` in the system's temporary folder.
    pub fn new(prefix: &str) -> Result<TempDir> {
        TempDir::new_in(&std::env::temp_dir(), prefix)
    }

    /// Creates a new folder named `PREFIX-…` in `parent` (which must exist).
    pub fn new_in(parent: &Path, prefix: &str) -> Result<TempDir> {
        for _ in 0..100 {
            let path = parent.join(unique_name(prefix));
            match fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e).with_context(|| format!("creating {}", path.display())),
            }
        }
        bail!("could not create a new folder in {}", parent.display())
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// A file beside its destination, renamed onto it by [`TempFile::persist`]
/// and removed when dropped before that.
#[derive(Debug)]
pub struct TempFile {
    path: Option<PathBuf>,
}

impl TempFile {
    /// Writes `bytes` (synced to disk) to a new file named `.PREFIX-….tmp` in `dir`.
    pub fn write_in(dir: &Path, prefix: &str, bytes: &[u8]) -> Result<TempFile> {
        use std::io::Write as _;
        for _ in 0..100 {
            let path = dir.join(format!(".{}.tmp", unique_name(prefix)));
            let mut file = match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e).with_context(|| format!("creating a temp file in {}", dir.display())),
            };
            let temp = TempFile { path: Some(path) };
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", temp.path().display()))?;
            return Ok(temp);
        }
        bail!("could not create a temp file in {}", dir.display())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        self.path.as_deref().expect("a temp file not yet persisted")
    }

    /// Renames the file to `dest` (replacing it).
    pub fn persist(mut self, dest: &Path) -> Result<()> {
        let path = self.path.take().expect("a temp file not yet persisted");
        fs::rename(&path, dest)
            .with_context(|| format!("renaming {} to {}", path.display(), dest.display()))
            .inspect_err(|_| {
                let _ = fs::remove_file(&path);
            })
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = &self.path {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_dirs_are_new_distinct_and_removed_on_drop() {
        let a = TempDir::new("xtask-test").unwrap();
        let b = TempDir::new("xtask-test").unwrap();
        assert_ne!(a.path(), b.path());
        assert!(a.path().is_dir() && fs::read_dir(a.path()).unwrap().next().is_none());
        fs::write(a.path().join("file"), "x").unwrap();
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
    }

    #[test]
    fn a_temp_file_is_renamed_into_place_or_removed() {
        let dir = TempDir::new("xtask-test").unwrap();
        let dest = dir.path().join("dest.json");
        let kept = TempFile::write_in(dir.path(), "spec", b"kept").unwrap();
        assert_eq!(fs::read(kept.path()).unwrap(), b"kept");
        kept.persist(&dest).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"kept");
        let dropped = TempFile::write_in(dir.path(), "spec", b"dropped").unwrap();
        let path = dropped.path().to_path_buf();
        drop(dropped);
        assert!(!path.exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["dest.json"]);
    }
}
