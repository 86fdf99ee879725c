//! The paths of a file set, in order, front-coded: each path is held as how
//! many leading bytes it shares with the path before it and the bytes that
//! follow, so that a directory's name is held once per run of its files
//! rather than once per file (a tree's paths mostly share long prefixes:
//! `node_modules/pkg/dist/...`). Every [`RESTART`]th path is held whole and
//! its offset kept, so one path is found by decoding at most `RESTART - 1`
//! others; LevelDB's blocks hold their keys the same way.
//!
//! One path is `shared` (LEB128), `suffix length` (LEB128), then the suffix
//! bytes. `shared` never splits a UTF-8 character.

use std::ops::Range;

/// Every how many paths one is held whole.
pub(crate) const RESTART: usize = 16;

/// Paths in strictly increasing byte order, front-coded.
#[derive(Debug, Default)]
pub(crate) struct Paths {
    bytes: Vec<u8>,
    /// Where every [`RESTART`]th path starts in `bytes`.
    restarts: Vec<u32>,
    len: usize,
    /// The path pushed last (emptied by [`Paths::shrink`]).
    last: String,
}

/// Why a path could not be added.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PushError {
    /// The path is not after the one before it (equal: given twice).
    OutOfOrder,
    /// The paths would take more than 4 GiB.
    Full,
}

impl Paths {
    /// Adds `path`, which must come after every path added before.
    pub(crate) fn push(&mut self, path: &str) -> Result<(), PushError> {
        if self.len > 0 && path <= self.last.as_str() {
            return Err(PushError::OutOfOrder);
        }
        let mut shared = if self.len % RESTART == 0 {
            self.restarts.push(u32::try_from(self.bytes.len()).map_err(|_| PushError::Full)?);
            0
        } else {
            self.last.bytes().zip(path.bytes()).take_while(|(a, b)| a == b).count()
        };
        while !path.is_char_boundary(shared) {
            shared -= 1;
        }
        let suffix = &path[shared..];
        write_varint(&mut self.bytes, shared);
        write_varint(&mut self.bytes, suffix.len());
        self.bytes.extend_from_slice(suffix.as_bytes());
        u32::try_from(self.bytes.len()).map_err(|_| PushError::Full)?;
        self.len += 1;
        self.last.truncate(shared);
        self.last.push_str(suffix);
        Ok(())
    }

    /// How many paths there are.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Gives back what building needed and no longer does.
    pub(crate) fn shrink(&mut self) {
        self.last = String::new();
        self.bytes.shrink_to_fit();
        self.restarts.shrink_to_fit();
    }

    /// The path at `index` (panics when there is none).
    pub(crate) fn get(&self, index: usize) -> String {
        let mut cursor = self.cursor(index..index + 1);
        cursor.next().expect("a path at every index below len").to_owned()
    }

    /// The paths at `range`, decoded one after the other.
    pub(crate) fn cursor(&self, range: Range<usize>) -> Cursor<'_> {
        assert!(range.start <= range.end && range.end <= self.len, "{range:?} of {} paths", self.len);
        let restart = range.start / RESTART;
        let at = self.restarts.get(restart).map_or(self.bytes.len(), |&at| at as usize);
        let mut cursor = Cursor { bytes: &self.bytes, at, current: String::new(), left: range.end - restart * RESTART };
        for _ in restart * RESTART..range.start {
            cursor.next();
        }
        cursor
    }
}

/// Decodes paths in order (see [`Paths::cursor`]).
#[derive(Debug)]
pub(crate) struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    current: String,
    left: usize,
}

impl Cursor<'_> {
    /// The next path of the range, or `None` past its end.
    #[allow(clippy::should_implement_trait)] // it lends its buffer: not an `Iterator`
    pub(crate) fn next(&mut self) -> Option<&str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let shared = read_varint(self.bytes, &mut self.at);
        let length = read_varint(self.bytes, &mut self.at);
        let suffix = &self.bytes[self.at..self.at + length];
        self.at += length;
        self.current.truncate(shared);
        self.current.push_str(std::str::from_utf8(suffix).expect("suffixes are pushed as whole characters"));
        Some(&self.current)
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> usize {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return value;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Paths {
        let mut paths = Paths::default();
        for path in list {
            paths.push(path).unwrap();
        }
        paths.shrink();
        paths
    }

    #[test]
    fn every_path_comes_back_from_any_start() {
        // Shared prefixes across restarts, a suffix of 200 bytes (a two-byte
        // length), and characters of two and three bytes that share a first byte.
        let mut list: Vec<String> = (0..40).map(|i| format!("dir/sub/file{i:03}.txt")).collect();
        list.extend(["dir/é", "dir/ê", "dir/€", "dir/€€", "e"].map(String::from));
        list.push(format!("f/{}", "x".repeat(200)));
        list.sort();
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let set = paths(&refs);
        assert_eq!(set.len(), list.len());
        for (index, path) in list.iter().enumerate() {
            assert_eq!(&set.get(index), path, "at {index}");
            let mut cursor = set.cursor(index..list.len());
            let rest: Vec<String> = std::iter::from_fn(|| cursor.next().map(str::to_owned)).collect();
            assert_eq!(rest, list[index..], "from {index}");
        }
        let mut empty = set.cursor(3..3);
        assert_eq!(empty.next(), None);
    }

    #[test]
    fn a_shared_prefix_is_held_once() {
        let list: Vec<String> =
            ('a'..).take(RESTART + 1).map(|c| format!("node_modules/package/dist/{c}.js")).collect();
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        let set = paths(&refs);
        // The first path of each restart whole, then two length bytes and `x.js` for the others.
        let whole = 2 + list[0].len();
        assert_eq!(set.bytes.len(), whole + (RESTART - 1) * (2 + 4) + whole);
    }

    #[test]
    fn paths_out_of_order_or_twice_are_refused() {
        let mut set = Paths::default();
        set.push("b").unwrap();
        assert_eq!(set.push("b"), Err(PushError::OutOfOrder));
        assert_eq!(set.push("a"), Err(PushError::OutOfOrder));
        set.push("b/c").unwrap();
        assert_eq!(set.len(), 2);
    }
}
