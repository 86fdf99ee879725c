//! The file set of a deploy: what is sent, with its size and mode, in a
//! deterministic order. Entries hold their path and metadata only, never
//! file contents (except for in-memory files and link targets).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

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
    /// The target of a symbolic link (its bytes are what is sent).
    Link(Bytes),
    /// Given in memory.
    Memory(Bytes),
}

/// One entry of the file set.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Relative to the root, `/`-separated.
    pub(crate) path: Box<str>,
    pub(crate) content: Content,
    /// `st_mode`: type and permission bits.
    pub(crate) mode: u32,
    pub(crate) size: u64,
    /// When it was last modified, as seen when collected (disk files only).
    pub(crate) modified: Option<SystemTime>,
    /// The SHA-1 of the contents, once hashed.
    pub(crate) sha: [u8; 20],
}

/// The entries of a deploy, sorted by path.
#[derive(Debug)]
pub(crate) struct FileSet {
    /// The directory disk entries are relative to.
    pub(crate) root: PathBuf,
    pub(crate) entries: Vec<Entry>,
}

impl FileSet {
    /// The total size of the entries.
    pub(crate) fn bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// The file on disk of `entry`.
    pub(crate) fn disk_path(&self, entry: &Entry) -> PathBuf {
        self.root.join(&*entry.path)
    }

    /// The file set of in-memory files (sorted; duplicate paths and bad paths refused).
    pub(crate) fn from_memory(files: Vec<InMemoryFile>) -> Result<FileSet, DeployError> {
        let mut entries = Vec::with_capacity(files.len());
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
            entries.push(Entry {
                path: path.into(),
                size: file.contents.len() as u64,
                content: Content::Memory(file.contents),
                mode: if file.executable { MODE_EXECUTABLE } else { MODE_FILE },
                modified: None,
                sha: [0; 20],
            });
        }
        finish(PathBuf::new(), entries)
    }

    /// Walks `root` (not following symbolic links) and keeps what `rules` do not ignore.
    pub(crate) fn collect(root: &Path, rules: &Rules) -> Result<FileSet, DeployError> {
        let unreadable =
            |path: &Path, source| DeployError::Unreadable { phase: Phase::Collect, path: path.into(), source };
        let meta = std::fs::metadata(root).map_err(|e| unreadable(root, e))?;
        if !meta.is_dir() {
            return Err(DeployError::NotADirectory { path: root.into() });
        }
        let mut entries = Vec::new();
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
                    entries.push(Entry {
                        path: name.into(),
                        size: target.len() as u64,
                        content: Content::Link(target),
                        mode: link_mode(&meta),
                        modified: None,
                        sha: [0; 20],
                    });
                } else if kind.is_file() {
                    entries.push(Entry {
                        path: name.into(),
                        size: meta.len(),
                        content: Content::Disk,
                        mode: file_mode(&meta),
                        modified: meta.modified().ok(),
                        sha: [0; 20],
                    });
                }
                // Sockets, FIFOs and devices are not files a deployment can hold.
            }
        }
        finish(root.into(), entries)
    }
}

/// Sorts `entries` (by path bytes, so the order is the same on every
/// machine) and refuses an empty set.
fn finish(root: PathBuf, mut entries: Vec<Entry>) -> Result<FileSet, DeployError> {
    if entries.is_empty() {
        return Err(DeployError::EmptyFileSet { root });
    }
    entries.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = entries.windows(2).find(|pair| pair[0].path == pair[1].path) {
        return Err(DeployError::Protocol {
            phase: Phase::Collect,
            message: format!("the file {:?} is given twice", pair[0].path),
        });
    }
    entries.shrink_to_fit();
    Ok(FileSet { root, entries })
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
