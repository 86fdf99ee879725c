//! The file set of a deploy: what is sent, with its size and mode, in a
//! deterministic order (by path bytes), held compactly so that memory grows
//! as little as possible with the number of files: one fixed-size [`Entry`]
//! per file (28 bytes: digest, kind and size, a time stamp), the paths
//! front-coded in the same order ([`Paths`]), and on the side the bytes and
//! modes of links and in-memory files and the sizes of files of 1 GiB or
//! more. No per-file heap allocation. Entries are named by their index.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::error::{DeployError, Phase};
use crate::paths::{Cursor, Paths, PushError};
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

/// One entry of the file set: 28 bytes, no heap of its own. Its path is the
/// one at the same index in [`FileSet::paths`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The SHA-1 of the contents, once hashed.
    pub(crate) sha: [u8; 20],
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

/// The entries of a deploy, in path order.
#[derive(Debug)]
pub(crate) struct FileSet {
    /// The directory disk entries are relative to.
    pub(crate) root: PathBuf,
    entries: Vec<Entry>,
    /// The paths of the entries (relative to the root, `/`-separated), by index.
    paths: Paths,
    /// The bytes of links and in-memory files.
    contents: Vec<Given>,
    /// The sizes of the [`LARGE`] entries, by index (in order).
    large: Vec<(u32, u64)>,
}

impl FileSet {
    /// The entries, in path order.
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many entries there are.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The entries to fill in (their digests), with the read-only view the hashing needs.
    pub(crate) fn split_mut(&mut self) -> (&mut [Entry], FileView<'_>) {
        let view = FileView { root: &self.root, paths: &self.paths, contents: &self.contents, large: &self.large };
        (&mut self.entries, view)
    }

    fn view(&self) -> FileView<'_> {
        FileView { root: &self.root, paths: &self.paths, contents: &self.contents, large: &self.large }
    }

    /// The path in the deployment of the entry at `index`.
    pub(crate) fn path(&self, index: usize) -> String {
        self.paths.get(index)
    }

    /// The paths of the entries at `range`, decoded in order.
    pub(crate) fn paths(&self, range: std::ops::Range<usize>) -> Cursor<'_> {
        self.paths.cursor(range)
    }

    /// The size of the contents of the entry at `index`.
    pub(crate) fn size(&self, index: usize) -> u64 {
        self.view().size(index, &self.entries[index])
    }

    /// The mode of the entry at `index` (`st_mode`: type and permission bits).
    pub(crate) fn mode(&self, index: usize) -> u32 {
        let entry = &self.entries[index];
        match entry.kind() {
            Kind::File => MODE_FILE,
            Kind::Executable => MODE_EXECUTABLE,
            Kind::Given => self.contents[entry.stamp as usize].mode,
        }
    }

    /// Where the bytes of the entry at `index` are.
    pub(crate) fn content(&self, index: usize) -> Content {
        self.view().content(&self.entries[index])
    }

    /// The file on disk of the entry whose path is `path`.
    pub(crate) fn disk_path(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }

    /// Whether the file of the entry at `index` on disk is as it was when collected (size and time).
    pub(crate) fn unchanged_on_disk(&self, index: usize, meta: &std::fs::Metadata) -> bool {
        meta.len() == self.size(index) && stamp(meta.modified().ok()) == self.entries[index].stamp
    }

    /// The total size of the entries.
    pub(crate) fn bytes(&self) -> u64 {
        (0..self.len()).map(|i| self.size(i)).sum()
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
    pub(crate) fn from_memory(mut files: Vec<InMemoryFile>) -> Result<FileSet, DeployError> {
        for file in &mut files {
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
            if path.len() != file.path.len() {
                file.path = path.to_owned();
            }
        }
        files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let mut builder = Builder::default();
        for file in files {
            let mode = if file.executable { MODE_EXECUTABLE } else { MODE_FILE };
            builder.push_given(&file.path, mode, file.contents)?;
        }
        builder.finish(PathBuf::new())
    }

    /// Walks `root` (not following symbolic links) and keeps what `rules` do
    /// not ignore. Each directory's names are sorted before it is walked
    /// (a directory's as its name and a `/`), which gives the entries in
    /// path byte order as they are found: no sort of the whole set, and
    /// the paths are written once, in their final order.
    pub(crate) fn collect(root: &Path, rules: &Rules) -> Result<FileSet, DeployError> {
        let unreadable =
            |path: &Path, source| DeployError::Unreadable { phase: Phase::Collect, path: path.into(), source };
        let meta = std::fs::metadata(root).map_err(|e| unreadable(root, e))?;
        if !meta.is_dir() {
            return Err(DeployError::NotADirectory { path: root.into() });
        }
        let mut builder = Builder::default();
        // The directories being walked: each one's names not yet visited, last first.
        let mut walking = vec![Directory::read(root, String::new(), rules)?];
        let mut name = String::new();
        while let Some(top) = walking.last_mut() {
            let Some(is_dir) = top.pop_into(&mut name) else {
                walking.pop();
                continue;
            };
            let path = root.join(&name);
            if is_dir {
                walking.push(Directory::read(&path, name.clone(), rules)?);
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).map_err(|e| unreadable(&path, e))?;
            let kind = meta.file_type();
            if kind.is_symlink() {
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
        builder.finish(root.into())
    }
}

/// A directory being walked: the names in it that the rules keep, not yet
/// visited, held in one string (a flat directory of many files costs its
/// names and 12 bytes each while it is walked, not a `String` each).
struct Directory {
    /// The directory's path relative to the root, `/`-separated (empty: the root).
    relative: String,
    names: String,
    /// Each name's range in `names` and whether it is a directory, sorted so
    /// that popping them gives path byte order.
    left: Vec<(u32, u32, bool)>,
}

impl Directory {
    /// Reads `dir` (at `relative` from the root).
    fn read(dir: &Path, relative: String, rules: &Rules) -> Result<Directory, DeployError> {
        let unreadable =
            |path: &Path, source| DeployError::Unreadable { phase: Phase::Collect, path: path.into(), source };
        let too_long = || DeployError::Protocol {
            phase: Phase::Collect,
            message: format!("the names in {} take more than 4 GiB", dir.display()),
        };
        let (mut names, mut left) = (String::new(), Vec::new());
        for item in std::fs::read_dir(dir).map_err(|e| unreadable(dir, e))? {
            let item = item.map_err(|e| unreadable(dir, e))?;
            let file_name = item.file_name();
            let is_dir = item.file_type().map_err(|e| unreadable(&item.path(), e))?.is_dir();
            if rules.ignores(&Path::new(&relative).join(&file_name), is_dir) {
                continue;
            }
            let Some(file_name) = file_name.to_str() else {
                return Err(DeployError::NonUtf8Path { path: item.path() });
            };
            let start = u32::try_from(names.len()).map_err(|_| too_long())?;
            names.push_str(file_name);
            left.push((start, u32::try_from(names.len()).map_err(|_| too_long())?, is_dir));
        }
        // Last first; a directory sorts as its name and a `/`, as its files' paths do.
        let key = |&(start, end, is_dir): &(u32, u32, bool)| {
            names.as_bytes()[start as usize..end as usize].iter().copied().chain(is_dir.then_some(b'/'))
        };
        left.sort_unstable_by(|a, b| key(b).cmp(key(a)));
        left.shrink_to_fit();
        Ok(Directory { relative, names, left })
    }

    /// Sets `path` to the path (from the root) of the next name and says
    /// whether it is a directory; `None` once every name is visited.
    fn pop_into(&mut self, path: &mut String) -> Option<bool> {
        let (start, end, is_dir) = self.left.pop()?;
        path.clear();
        if !self.relative.is_empty() {
            path.push_str(&self.relative);
            path.push('/');
        }
        path.push_str(&self.names[start as usize..end as usize]);
        Some(is_dir)
    }
}

/// What reading an entry needs, borrowed apart from the entries themselves
/// (the hashing threads fill the entries in while they read through this).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileView<'a> {
    root: &'a Path,
    paths: &'a Paths,
    contents: &'a [Given],
    large: &'a [(u32, u64)],
}

impl<'a> FileView<'a> {
    /// The paths of the entries at `range`, decoded in order.
    pub(crate) fn paths(&self, range: std::ops::Range<usize>) -> Cursor<'a> {
        self.paths.cursor(range)
    }

    /// The size of `entry`'s contents (it is the one at `index`).
    pub(crate) fn size(&self, index: usize, entry: &Entry) -> u64 {
        match entry.kind_size & LARGE {
            LARGE => {
                let at = self.large.partition_point(|&(i, _)| (i as usize) < index);
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

    /// The file on disk of the entry whose path is `path`.
    pub(crate) fn disk_path(&self, path: &str) -> PathBuf {
        self.root.join(path)
    }
}

/// Gathers entries, in path order, while a directory is walked (or files are given).
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    paths: Paths,
    contents: Vec<Given>,
    /// The sizes of the [`LARGE`] entries, by index.
    large: Vec<(u32, u64)>,
}

impl Builder {
    fn push(&mut self, path: &str, kind: Kind, size: u64, stamp: u32) -> Result<(), DeployError> {
        let refused = |message: String| DeployError::Protocol { phase: Phase::Collect, message };
        if path.contains('\0') {
            return Err(refused(format!("the path {path:?} holds a NUL character")));
        }
        let index = u32::try_from(self.entries.len()).map_err(|_| refused("more than 4 Gi files".into()))?;
        self.paths.push(path).map_err(|e| match e {
            PushError::OutOfOrder => refused(format!("the file {path:?} is given twice")),
            PushError::Full => {
                refused(format!("too many files, or a path too long ({path:?}): the paths are limited to 4 GiB in all"))
            }
        })?;
        let small = match u32::try_from(size) {
            Ok(small) if small < LARGE => small,
            _ => {
                self.large.push((index, size));
                LARGE
            }
        };
        let kind_size = ((kind as u32) << SIZE_BITS) | small;
        self.entries.push(Entry { sha: [0; 20], kind_size, stamp });
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

    /// The set; an empty one is refused.
    fn finish(self, root: PathBuf) -> Result<FileSet, DeployError> {
        let Builder { mut entries, mut paths, contents, mut large } = self;
        if entries.is_empty() {
            return Err(DeployError::EmptyFileSet { root });
        }
        debug_assert_eq!(entries.len(), paths.len());
        entries.shrink_to_fit();
        paths.shrink();
        large.shrink_to_fit();
        Ok(FileSet { root, entries, paths, contents, large })
    }
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

    fn paths(set: &FileSet) -> Vec<String> {
        let mut cursor = set.paths(0..set.len());
        std::iter::from_fn(|| cursor.next().map(str::to_owned)).collect()
    }

    #[test]
    fn an_entry_is_28_bytes_and_entries_are_in_path_order() {
        assert_eq!(std::mem::size_of::<Entry>(), 28);
        let files = ["b/z", "a", "./b/a"].map(|p| InMemoryFile::new(p, p.to_owned()));
        let set = FileSet::from_memory(files.to_vec()).unwrap();
        assert_eq!(paths(&set), ["a", "b/a", "b/z"]);
        assert_eq!(set.path(1), "b/a");
        let Content::Bytes(bytes) = set.content(2) else { panic!("in memory") };
        assert_eq!(&bytes[..], b"b/z");
    }

    #[test]
    fn a_walk_gives_path_byte_order_with_directories_among_files() {
        // `a.txt` < `a/…` < `a0` and `b-c/…` < `b/…` in bytes ('-' < '.' < '/' < '0'),
        // while a directory walk in name order would give `a/…` before `a.txt`.
        let dir = tempfile::tempdir().unwrap();
        for path in ["a/x", "a/y/z", "a.txt", "a0", "b/c", "b-c/d", "B"] {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
        }
        let set = FileSet::collect(dir.path(), &Rules::source(dir.path()).unwrap()).unwrap();
        let mut want = paths(&set);
        want.sort();
        assert_eq!(paths(&set), want);
        assert_eq!(paths(&set), ["B", "a.txt", "a/x", "a/y/z", "a0", "b-c/d", "b/c"]);
    }

    #[test]
    fn sizes_of_1_gib_and_more_are_kept_whole() {
        let sizes = [("a", 7), ("b", (4 << 30) + 1), ("c", u64::from(LARGE)), ("d", 5 << 30), ("e", u64::MAX)];
        let mut builder = Builder::default();
        for (path, size) in sizes {
            builder.push(path, Kind::File, size, 0).unwrap();
        }
        let set = builder.finish(PathBuf::new()).unwrap();
        let got: Vec<(String, u64)> = (0..set.len()).map(|i| (set.path(i), set.size(i))).collect();
        let want: Vec<(String, u64)> = sizes.iter().map(|&(p, s)| (p.to_owned(), s)).collect();
        assert_eq!(got, want);
        assert_eq!(set.large.len(), 4);
        assert!((0..set.len()).all(|i| set.mode(i) == MODE_FILE));
    }

    #[test]
    fn a_path_with_a_nul_or_given_twice_is_refused() {
        let error = FileSet::from_memory(vec![InMemoryFile::new("a\0b", "x")]).unwrap_err();
        assert!(error.to_string().contains("NUL"), "{error}");
        let twice = FileSet::from_memory(vec![InMemoryFile::new("a", "x"), InMemoryFile::new("./a", "y")]);
        assert!(twice.unwrap_err().to_string().contains("given twice"));
    }
}
