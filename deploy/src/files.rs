//! The file set of a deploy: what is sent, with its size and mode, in a
//! deterministic order, held compactly so that memory grows as little as
//! possible with the number of files: one fixed-size [`Entry`] per file
//! (32 bytes: digest, where its path is, kind and size, a time stamp), the
//! paths back to back in one string (each ended by a NUL), and on the side
//! the bytes and modes of links and in-memory files and the sizes of files
//! of 1 GiB or more. No per-file heap allocation.

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
/// How many links a chain may have before it counts as a loop (Linux's limit).
const MAX_LINK_HOPS: usize = 40;
/// What ends each path in [`FileSet::paths`] (no file name holds it).
const PATH_END: char = '\0';

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

/// One entry of the file set: 32 bytes, no heap of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The SHA-1 of the contents, once hashed.
    pub(crate) sha: [u8; 20],
    /// Where the path starts in [`FileSet::paths`] (it ends at the next [`PATH_END`]).
    path_start: u32,
    /// The [`Kind`] (top two bits) and the size (the other bits; [`LARGE`]:
    /// the size is in [`FileSet::large`]).
    kind_size: u32,
    /// A disk file's modification time as seen when collected (a 32-bit
    /// fingerprint of it, see [`stamp`]); for an entry whose bytes are
    /// given, the index of its bytes in [`FileSet::contents`].
    stamp: u32,
}

/// What an entry is, in the top two bits of [`Entry::kind_size`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A regular file on disk, mode `0644`.
    File = 0,
    /// An executable file on disk, mode `0755`.
    Executable = 1,
    /// A link's target or an in-memory file: bytes and mode in [`FileSet::contents`].
    Given = 2,
}

/// The bits of [`Entry::kind_size`] that hold the size.
const SIZE_BITS: u32 = 30;
/// The size that says the real one is in [`FileSet::large`] (1 GiB - 1 and more).
const LARGE: u32 = (1 << SIZE_BITS) - 1;

impl Entry {
    fn kind(&self) -> Kind {
        match self.kind_size >> SIZE_BITS {
            0 => Kind::File,
            1 => Kind::Executable,
            _ => Kind::Given,
        }
    }
}

/// The bytes and mode of an entry whose contents are given.
#[derive(Debug)]
struct Given {
    bytes: Bytes,
    /// `st_mode`: type and permission bits.
    mode: u32,
}

/// The entries of a deploy, sorted by path.
#[derive(Debug)]
pub(crate) struct FileSet {
    /// The directory disk entries are relative to.
    pub(crate) root: PathBuf,
    entries: Vec<Entry>,
    /// The paths of the entries (relative to the root, `/`-separated), each ended by [`PATH_END`].
    paths: String,
    /// The bytes of links and in-memory files.
    contents: Vec<Given>,
    /// The sizes of the [`LARGE`] entries, by their path's start (in
    /// order: paths are only ever appended).
    large: Vec<(u32, u64)>,
}

impl FileSet {
    /// The entries, in path order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries to fill in (their digests), with the read-only view the hashing needs.
    pub(crate) fn split_mut(&mut self) -> (&mut [Entry], FileView<'_>) {
        let view = FileView { root: &self.root, paths: &self.paths, contents: &self.contents, large: &self.large };
        (&mut self.entries, view)
    }

    fn view(&self) -> FileView<'_> {
        FileView { root: &self.root, paths: &self.paths, contents: &self.contents, large: &self.large }
    }

    /// The path of `entry` in the deployment.
    pub(crate) fn path(&self, entry: &Entry) -> &str {
        path_in(&self.paths, entry)
    }

    /// The size of `entry`'s contents.
    pub(crate) fn size(&self, entry: &Entry) -> u64 {
        self.view().size(entry)
    }

    /// The mode of `entry` (`st_mode`: type and permission bits).
    pub(crate) fn mode(&self, entry: &Entry) -> u32 {
        match entry.kind() {
            Kind::File => MODE_FILE,
            Kind::Executable => MODE_EXECUTABLE,
            Kind::Given => self.contents[entry.stamp as usize].mode,
        }
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
        meta.len() == self.size(entry) && stamp(meta.modified().ok()) == entry.stamp
    }

    /// The total size of the entries.
    pub(crate) fn bytes(&self) -> u64 {
        self.entries.iter().map(|e| self.size(e)).sum()
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
            builder.push_given(path, mode, file.contents)?;
        }
        builder.finish(PathBuf::new())
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
                    builder.push_given(&name, link_mode(&meta), target)?;
                } else if kind.is_file() {
                    builder.push(&name, file_kind(&meta), meta.len(), stamp(meta.modified().ok()))?;
                }
                // Sockets, FIFOs and devices are not files a deployment can hold.
            }
        }
        builder.finish(root.into())
    }
}

/// What reading an entry needs, borrowed apart from the entries themselves
/// (the hashing threads fill the entries in while they read through this).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileView<'a> {
    root: &'a Path,
    paths: &'a str,
    contents: &'a [Given],
    large: &'a [(u32, u64)],
}

impl<'a> FileView<'a> {
    /// The path of `entry` in the deployment.
    pub(crate) fn path(&self, entry: &Entry) -> &'a str {
        path_in(self.paths, entry)
    }

    /// The size of `entry`'s contents.
    pub(crate) fn size(&self, entry: &Entry) -> u64 {
        match entry.kind_size & LARGE {
            LARGE => {
                let at = self.large.partition_point(|&(start, _)| start < entry.path_start);
                self.large[at].1
            }
            small => small.into(),
        }
    }

    /// Where the bytes of `entry` are.
    pub(crate) fn content(&self, entry: &Entry) -> Content {
        match entry.kind() {
            Kind::Given => Content::Bytes(self.contents[entry.stamp as usize].bytes.clone()),
            Kind::File | Kind::Executable => Content::Disk,
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
    contents: Vec<Given>,
    /// The sizes of the [`LARGE`] entries, by their path's start in `paths`.
    large: Vec<(u32, u64)>,
}

impl Builder {
    fn push(&mut self, path: &str, kind: Kind, size: u64, stamp: u32) -> Result<(), DeployError> {
        let too_many = || DeployError::Protocol {
            phase: Phase::Collect,
            message: format!("too many files, or a path too long ({path:?}): the paths are limited to 4 GiB in all"),
        };
        if path.contains(PATH_END) {
            return Err(DeployError::Protocol {
                phase: Phase::Collect,
                message: format!("the path {path:?} holds a NUL character"),
            });
        }
        let path_start = u32::try_from(self.paths.len()).map_err(|_| too_many())?;
        u32::try_from(self.paths.len() + path.len() + 1).map_err(|_| too_many())?;
        self.paths.push_str(path);
        self.paths.push(PATH_END);
        let small = match u32::try_from(size) {
            Ok(small) if small < LARGE => small,
            _ => {
                self.large.push((path_start, size));
                LARGE
            }
        };
        let kind_size = ((kind as u32) << SIZE_BITS) | small;
        self.entries.push(Entry { sha: [0; 20], path_start, kind_size, stamp });
        Ok(())
    }

    /// An entry whose bytes are given (a link's target, an in-memory file).
    fn push_given(&mut self, path: &str, mode: u32, bytes: Bytes) -> Result<(), DeployError> {
        let index = u32::try_from(self.contents.len()).map_err(|_| DeployError::Protocol {
            phase: Phase::Collect,
            message: "too many links and in-memory files (at most 4 Gi)".into(),
        })?;
        let size = bytes.len() as u64;
        self.contents.push(Given { bytes, mode });
        self.push(path, Kind::Given, size, index)
    }

    /// Sorts the entries (by path bytes, so the order is the same on every
    /// machine) and refuses an empty set or a path given twice. The paths
    /// stay where they are (in the order they were found): laying them out
    /// again would hold them twice for a moment.
    fn finish(self, root: PathBuf) -> Result<FileSet, DeployError> {
        let Builder { mut entries, mut paths, contents, mut large } = self;
        if entries.is_empty() {
            return Err(DeployError::EmptyFileSet { root });
        }
        let path = |e: &Entry| path_in(&paths, e);
        entries.sort_unstable_by(|a, b| path(a).cmp(path(b)));
        if let Some(pair) = entries.windows(2).find(|pair| path(&pair[0]) == path(&pair[1])) {
            return Err(DeployError::Protocol {
                phase: Phase::Collect,
                message: format!("the file {:?} is given twice", path(&pair[0])),
            });
        }
        entries.shrink_to_fit();
        paths.shrink_to_fit();
        large.shrink_to_fit();
        Ok(FileSet { root, entries, paths, contents, large })
    }
}

/// The path of `entry` in `paths`.
fn path_in<'a>(paths: &'a str, entry: &Entry) -> &'a str {
    let rest = &paths[entry.path_start as usize..];
    rest.find(PATH_END).map_or(rest, |end| &rest[..end])
}

/// A modification time as [`Entry::stamp`] holds it: the nanoseconds since
/// the epoch (plus one; 0 when unknown) folded to 32 bits (high half XOR
/// low half). A change of a file that keeps both its size and this
/// fingerprint takes a rare coincidence of times; the contents uploaded are
/// checked against their digests anyway.
fn stamp(time: Option<SystemTime>) -> u32 {
    let nanos = time
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
        .map_or(0, |nanos| nanos.saturating_add(1));
    (nanos ^ (nanos >> 32)) as u32
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

/// Whether a regular file is executable (by anyone).
#[cfg(unix)]
fn file_kind(meta: &std::fs::Metadata) -> Kind {
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o111 != 0 {
        Kind::Executable
    } else {
        Kind::File
    }
}

#[cfg(not(unix))]
fn file_kind(_: &std::fs::Metadata) -> Kind {
    Kind::File
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
    fn an_entry_is_32_bytes_and_entries_are_in_path_order() {
        assert_eq!(std::mem::size_of::<Entry>(), 32);
        let files = ["b/z", "a", "b/a"].map(|p| InMemoryFile::new(p, p.to_owned()));
        let set = FileSet::from_memory(files.to_vec()).unwrap();
        let paths: Vec<&str> = set.entries().iter().map(|e| set.path(e)).collect();
        assert_eq!(paths, ["a", "b/a", "b/z"]);
        assert_eq!(set.paths, "b/z\0a\0b/a\0", "as given, each ended by a NUL");
        let Content::Bytes(bytes) = set.content(&set.entries()[2]) else { panic!("in memory") };
        assert_eq!(&bytes[..], b"b/z");
    }

    #[test]
    fn sizes_of_1_gib_and_more_are_kept_whole_after_sorting() {
        // Pushed out of path order, so that sorting moves them and the side table must follow.
        let sizes = [("d", 5 << 30), ("a", 7), ("c", u64::from(LARGE)), ("b", (4 << 30) + 1), ("e", u64::MAX)];
        let mut builder = Builder::default();
        for (path, size) in sizes {
            builder.push(path, Kind::File, size, 0).unwrap();
        }
        let set = builder.finish(PathBuf::new()).unwrap();
        let got: Vec<(&str, u64)> = set.entries().iter().map(|e| (set.path(e), set.size(e))).collect();
        let mut want = sizes.to_vec();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(set.large.len(), 4);
        assert!(set.entries().iter().all(|e| set.mode(e) == MODE_FILE));
    }

    #[test]
    fn a_path_with_a_nul_is_refused() {
        let error = FileSet::from_memory(vec![InMemoryFile::new("a\0b", "x")]).unwrap_err();
        assert!(error.to_string().contains("NUL"), "{error}");
    }
}
