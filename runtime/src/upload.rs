//! File uploads: the SHA-1 digest Vercel checks a file against.

use sha1::{Digest, Sha1};

/// The SHA-1 of `bytes` as 40 lowercase hex digits: the value of the
/// `x-vercel-digest` header of `POST /v2/files` (`uploadFile`), which Vercel
/// checks the uploaded bytes against and later uses to refer to the file.
///
/// ```
/// assert_eq!(vercel_runtime::sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
/// ```
pub fn sha1_hex(bytes: &[u8]) -> String {
    Sha1::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(
            sha1_hex(b"The quick brown fox jumps over the lazy dog"),
            "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"
        );
    }
}
