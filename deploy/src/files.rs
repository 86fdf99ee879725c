//! The file set of a deploy: what is sent, with its size and mode, in a
//! deterministic order, held compactly so that memory grows as little as
//! possible with the number of files: one fixed-size [`Entry`] per file
//! (48 bytes: digest, size, mode, a time stamp and where its path is), the
//! paths back to back in one string, and the bytes of links and in-memory
//! files in one list. No per-file heap allocation.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::error::{DeployError, Phase};
use crate::rules::Rules;

/// `S_IFREG | 0644`: the mode of a regular file that is not executable.
const MODE_FILE: u32 = 0o100_644;
/// `S_IFREG | 0755`: the mode of an executable file.
const MODE_EXECUTABLE: u32 = 0o100_755;
/// `S_IFLNK | 0777`: the mode of a symbolic link where the platform has none.
#[cfg(not(unix))]
const MODE_LINK: u32 = 0o120_777;
/// The file-type bits of a mode, and the type of a symbolic link.
const MODE_TYPE_MASK: u32 = 0o170_000;
const MODE_TYPE_LINK: u32 = 0o120_000;
/// How many links a chain may have before it counts as a loop (Linux's limit).
const MAX_LINK_HOPS: usize = 40;

/// A file given in memory (for bots that generate content): its path in
/// the deployment, its contents and whether it is executable.
///
/// ```
/// let file = vercel_deploy::InMemoryFile::new("index.html", "<h1>hi</h1>");
/// let script = vercel_deploy::InMemoryFile::new("bin/run", "#!/bin/sh\n").executable(true);
/// # let _ = (file, script);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InMemoryFile {
    pub(crate) path: String,
    pub(crate) contents: Bytes,
    pub(crate) executable: bool,
}

impl InMemoryFile {
    /// A file at `path` (`/`-separated, relative to the deployment's root) with `contents`.
    pub fn new(path: impl Into<String>, contents: impl Into<Bytes>) -> InMemoryFile {
        InMemoryFile { path: path.into(), contents: contents.into(), executable: false }
    }

    /// Sets whether the file is executable (mode `0755` rather than `0644`).
    pub fn executable(mut self, executable: bool) -> InMemoryFile {
        self.executable = executable;
        self
    }
}

/// Where the bytes of an entry are.
#[derive(Debug, Clone)]
pub(crate) enum Content {
    /// In the file at the root joined with the entry's path.
    Disk,
    /// The target of a symbolic link, or a file given in memory (these bytes are what is sent).
    Bytes(Bytes),
}

/// One entry of the file set: fixed size, no heap of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The SHA-1 of the contents, once hashed.
    pub(crate) sha: [u8; 20],
    pub(crate) size: u64,
    /// `st_mode`: type and permission bits.
    pub(crate) mode: u32,
    /// Where the path is in [`FileSet::paths`].
    path_start: u32,
    path_len: u16,
    /// A disk file's modification time as seen when collected (nanoseconds
    /// since the epoch, plus one; 0 when unknown); for a link or an
    /// in-memory file, the index of its bytes in [`FileSet::contents`].
    stamp: u64,
}

/// The entries of a deploy, sorted by path.
#[derive(Debug)]
pub(crate) struct FileSet {
    /// The directory disk entries are relative to.
    pub(crate) root: PathBuf,
    entries: Vec<Entry>,
    /// The paths of the entries (relative to the root, `/`-separated), back to back.
    paths: String,
    /// The bytes of links and in-memory files.
    contents: Vec<Bytes>,
    /// Whether every entry is in memory (a deploy of [`InMemoryFile`]s).
    in_memory: bool,
}

impl FileSet {
    /// The entries, in path order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries to fill in (their digests), with the read-only view the hashing needs.
    pub(crate) fn split_mut(&mut self) -> (&mut [Entry], FileView<'_>) {
        let view =
            FileView { root: &self.root, paths: &self.paths, contents: &self.contents, in_memory: self.in_memory };
        (&mut self.entries, view)
    }

    fn view(&self) -> FileView<'_> {
        FileView { root: &self.root, paths: &self.paths, contents: &self.contents, in_memory: self.in_memory }
    }

    /// The path of `entry` in the deployment.
    pub(crate) fn path(&self, entry: &Entry) -> &str {
        path_in(&self.paths, entry)
    }

    /// Where the bytes of `entry` are.
    pub(crate) fn content(&self, entry: &Entry) -> Content {
        self.view().content(entry)
    }

    /// The file on disk of `entry`.
    pub(crate) fn disk_path(&self, entry: &Entry) -> PathBuf {
        self.view().disk_path(entry)
    }

    /// Whether the file of `entry` on disk is as it was when collected (size and time).
    pub(crate) fn unchanged_on_disk(&self, entry: &Entry, meta: &std::fs::Metadata) -> bool {
        meta.len() == entry.size && stamp(meta.modified().ok()) == entry.stamp
    }

    /// The total size of the entries.
    pub(crate) fn bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// How many distinct contents the entries have (their digests must be set).
    pub(crate) fn unique_contents(&self) -> u64 {
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        order.sort_unstable_by_key(|&i| self.entries[i as usize].sha);
        let distinct = order.windows(2).filter(|w| self.entries[w[0] as usize].sha != self.entries[w[1] as usize].sha);
        if order.is_empty() {
            0
        } else {
            1 + distinct.count() as u64
        }
    }

    /// The file set of in-memory files (sorted; duplicate paths and bad paths refused).
    pub(crate) fn from_memory(files: Vec<InMemoryFile>) -> Result<FileSet, DeployError> {
        let mut builder = Builder::default();
        for file in files {
            let path = file.path.trim_start_matches("./");
            if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p.is_empty() || p == "..") {
                return Err(DeployError::Protocol {
                    phase: Phase::Collect,
                    message: format!(
                        "in-memory file path {:?} must be relative, without empty or `..` parts",
                        file.path
                    ),
                });
            }
            let mode = if file.executable { MODE_EXECUTABLE } else { MODE_FILE };
            builder.push_bytes(path, mode, file.contents)?;
        }
        builder.finish(PathBuf::new(), true)
    }

    /// Walks `root` (not following symbolic links) and keeps what `rules` do not ignore.
    pub(crate) fn collect(root: &Path, rules: &Rules) -> Result<FileSet, DeployError> {
        let unreadable =
            |path: &Path, source| DeployError::Unreadable { phase: Phase::Collect, path: path.into(), source };
        let meta = std::fs::metadata(root).map_err(|e| unreadable(root, e))?;
        if !meta.is_dir() {
            return Err(DeployError::NotADirectory { path: root.into() });
        }
        let mut builder = Builder::default();
        let mut dirs = vec![PathBuf::new()];
        while let Some(dir) = dirs.pop() {
            let full = root.join(&dir);
            for item in std::fs::read_dir(&full).map_err(|e| unreadable(&full, e))? {
                let item = item.map_err(|e| unreadable(&full, e))?;
                let relative = dir.join(item.file_name());
                let path = item.path();
                let meta = std::fs::symlink_metadata(&path).map_err(|e| unreadable(&path, e))?;
                let kind = meta.file_type();
                if rules.ignores(&relative, kind.is_dir()) {
                    continue;
                }
                let Some(name) = relative.to_str() else {
                    return Err(DeployError::NonUtf8Path { path });
                };
                let name = name.replace(std::path::MAIN_SEPARATOR, "/");
                if kind.is_dir() {
                    dirs.push(relative);
                } else if kind.is_symlink() {
                    if is_loop(&path) {
                        return Err(DeployError::SymlinkLoop { path });
                    }
                    let target = std::fs::read_link(&path).map_err(|e| unreadable(&path, e))?;
                    let target = link_bytes(&target).ok_or_else(|| DeployError::NonUtf8Path { path: path.clone() })?;
                    builder.push_bytes(&name, link_mode(&meta), target)?;
                } else if kind.is_file() {
                    builder.push(&name, file_mode(&meta), meta.len(), stamp(meta.modified().ok()))?;
                }
                // Sockets, FIFOs and devices are not files a deployment can hold.
            }
        }
        builder.finish(root.into(), false)
    }
}

/// What reading an entry needs, borrowed apart from the entries themselves
/// (the hashing threads fill the entries in while they read through this).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileView<'a> {
    root: &'a Path,
    paths: &'a str,
    contents: &'a [Bytes],
    in_memory: bool,
}

impl<'a> FileView<'a> {
    /// The path of `entry` in the deployment.
    pub(crate) fn path(&self, entry: &Entry) -> &'a str {
        path_in(self.paths, entry)
    }

    /// Where the bytes of `entry` are.
    pub(crate) fn content(&self, entry: &Entry) -> Content {
        if self.in_memory || entry.mode & MODE_TYPE_MASK == MODE_TYPE_LINK {
            Content::Bytes(self.contents[entry.stamp as usize].clone())
        } else {
            Content::Disk
        }
    }

    /// The file on disk of `entry`.
    pub(crate) fn disk_path(&self, entry: &Entry) -> PathBuf {
        self.root.join(self.path(entry))
    }
}

/// Gathers entries while a directory is walked (or files are given).
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    paths: String,
    contents: Vec<Bytes>,
}

impl Builder {
    fn push(&mut self, path: &str, mode: u32, size: u64, stamp: u64) -> Result<(), DeployError> {
        let too_many = || DeployError::Protocol {
            phase: Phase::Collect,
            message: format!("too many files, or a path too long ({path:?}): the paths are limited to 4 GiB in all"),
        };
        let path_start = u32::try_from(self.paths.len()).map_err(|_| too_many())?;
        let path_len = u16::try_from(path.len()).map_err(|_| too_many())?;
        path_start.checked_add(path_len.into()).ok_or_else(too_many)?;
        self.paths.push_str(path);
        self.entries.push(Entry { sha: [0; 20], size, mode, path_start, path_len, stamp });
        Ok(())
    }

    /// An entry whose bytes are given (a link's target, an in-memory file).
    fn push_bytes(&mut self, path: &str, mode: u32, bytes: Bytes) -> Result<(), DeployError> {
        let index = self.contents.len() as u64;
        let size = bytes.len() as u64;
        self.contents.push(bytes);
        self.push(path, mode, size, index)
    }

    /// Sorts the entries (by path bytes, so the order is the same on every
    /// machine), lays their paths out again in that order, and refuses an
    /// empty set or a path given twice.
    fn finish(self, root: PathBuf, in_memory: bool) -> Result<FileSet, DeployError> {
        let Builder { mut entries, paths, contents } = self;
        if entries.is_empty() {
            return Err(DeployError::EmptyFileSet { root });
        }
        let path = |e: &Entry| &paths[e.path_start as usize..e.path_start as usize + e.path_len as usize];
        entries.sort_unstable_by(|a, b| path(a).cmp(path(b)));
        if let Some(pair) = entries.windows(2).find(|pair| path(&pair[0]) == path(&pair[1])) {
            return Err(DeployError::Protocol {
                phase: Phase::Collect,
                message: format!("the file {:?} is given twice", path(&pair[0])),
            });
        }
        // In entry order: the body lists them front to back from one place.
        let mut sorted = String::with_capacity(paths.len());
        for entry in &mut entries {
            let start = sorted.len() as u32;
            sorted.push_str(path(entry));
            entry.path_start = start;
        }
        drop(paths);
        entries.shrink_to_fit();
        Ok(FileSet { root, entries, paths: sorted, contents, in_memory })
    }
}

/// The path of `entry` in `paths`.
fn path_in<'a>(paths: &'a str, entry: &Entry) -> &'a str {
    let start = entry.path_start as usize;
    &paths[start..start + entry.path_len as usize]
}

/// A modification time as [`Entry::stamp`] holds it.
fn stamp(time: Option<SystemTime>) -> u64 {
    time.and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .map_or(0, |nanos| nanos.saturating_add(1))
}

/// Whether following the link at `path` comes back to a link already seen
/// (or takes more than [`MAX_LINK_HOPS`] links).
fn is_loop(path: &Path) -> bool {
    let mut seen = HashSet::new();
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {}
            _ => return false,
        }
        if !seen.insert(current.clone()) {
            return true;
        }
        let Ok(target) = std::fs::read_link(&current) else { return false };
        current = current.parent().unwrap_or(Path::new("")).join(target);
    }
    true
}

#[cfg(unix)]
fn file_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode();
    if mode & 0o111 != 0 {
        MODE_EXECUTABLE
    } else {
        MODE_FILE
    }
}

#[cfg(not(unix))]
fn file_mode(_: &std::fs::Metadata) -> u32 {
    MODE_FILE
}

#[cfg(unix)]
fn link_mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::MetadataExt;
    meta.mode()
}

#[cfg(not(unix))]
fn link_mode(_: &std::fs::Metadata) -> u32 {
    MODE_LINK
}

/// The bytes of a link target: raw on Unix, UTF-8 elsewhere (`None` when it is not).
fn link_bytes(target: &Path) -> Option<Bytes> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(Bytes::copy_from_slice(target.as_os_str().as_bytes()))
    }
    #[cfg(not(unix))]
    {
        target.to_str().map(|t| Bytes::copy_from_slice(t.replace('\\', "/").as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_small_and_paths_are_laid_out_in_order() {
        assert!(std::mem::size_of::<Entry>() <= 48, "{}", std::mem::size_of::<Entry>());
        let files = ["b/z", "a", "b/a"].map(|p| InMemoryFile::new(p, p.to_owned()));
        let set = FileSet::from_memory(files.to_vec()).unwrap();
        let paths: Vec<&str> = set.entries().iter().map(|e| set.path(e)).collect();
        assert_eq!(paths, ["a", "b/a", "b/z"]);
        assert_eq!(set.paths, "ab/ab/z");
        let Content::Bytes(bytes) = set.content(&set.entries()[2]) else { panic!("in memory") };
        assert_eq!(&bytes[..], b"b/z");
    }
}
