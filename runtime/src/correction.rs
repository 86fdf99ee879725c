//! Client error correction in the request pipeline: which bodies are
//! corrected, and how the corrections are reported. The correction itself
//! (zero values, union alternatives) is `vercel_runtime_core::correction`,
//! which the generated unions take part in.
//!
//! A 2xx JSON body, and each value of an `application/stream+json` body, is
//! decoded plainly first, at full speed; it is corrected only when that
//! fails with `missing field` or with a `null` where the type takes none
//! (treated as the field being absent), or when an untagged union took `Unknown` for a
//! value that resembles one of its alternatives lacking fields. Strict
//! decoding skips both. Each correction is recorded with its JSON path (for
//! a stream value, after the value's index: `[2].source.ref`) and logged as
//! a `tracing` warning naming the operation and the paths.
//!
//! [`decode_json_corrected`] is the same decoding of a whole body as a
//! public function, for bodies obtained otherwise (fixtures, the response
//! fuzzer of `cargo xtask fuzz`); the client's own pipeline calls it too.

use serde::de::DeserializeOwned;
use vercel_runtime_core::correction::{decode_corrected, is_null_rejected, watch, Correction};

use crate::decode::{decode, decode_whole};

/// Decodes a whole 2xx JSON body into `T` the way
/// [`Client::send`](crate::Client::send) does, client error correction
/// included: the body as it is first (an empty body as `{}`, else as
/// `null`, as the client reads it); when that fails only because required
/// fields are missing (or `null` where their type takes none, treated alike)
/// and `strict` is false, the missing fields are filled
/// with zero values and returned as [`Correction`]s (empty when the body
/// decoded as it is). Any other failure, and every failure when `strict`
/// (as with [`ClientBuilder::strict_decoding`](crate::ClientBuilder::strict_decoding)),
/// is `Err((path, message))` as [`decode_json`](crate::decode_json) gives it.
///
/// For tools that decode bodies they obtained otherwise (fixtures, the
/// mutation fuzzer of `cargo xtask fuzz`).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Project { id: String, name: String }
///
/// let (project, corrections) =
///     vercel_runtime::decode_json_corrected::<Project>(br#"{"id":"prj_1"}"#, false).unwrap();
/// assert_eq!((project.id.as_str(), project.name.as_str()), ("prj_1", ""));
/// assert_eq!(corrections[0].path, "name");
///
/// let (path, message) = vercel_runtime::decode_json_corrected::<Project>(br#"{"id":"prj_1"}"#, true).err().unwrap();
/// assert_eq!(path, ".");
/// assert!(message.starts_with("missing field `name`"));
/// ```
pub fn decode_json_corrected<T: DeserializeOwned>(
    bytes: &[u8],
    strict: bool,
) -> Result<(T, Vec<Correction>), (String, String)> {
    if bytes.trim_ascii().is_empty() {
        // An empty body has nothing to correct; it decodes as `{}`, else as `null`.
        return decode_whole(bytes).map(|decoded| (decoded, Vec::new()));
    }
    decode_corrected_value(bytes, "", strict)
}

/// Decodes one JSON value (a whole body, or one value of a stream) into `T`
/// as [`decode`] does, and corrects it (see the module docs) unless
/// `strict`; correction paths start with `path_prefix` as decode error paths do.
pub(crate) fn decode_corrected_value<T: DeserializeOwned>(
    bytes: &[u8],
    path_prefix: &str,
    strict: bool,
) -> Result<(T, Vec<Correction>), (String, String)> {
    if strict {
        return decode(bytes, path_prefix).map(|decoded| (decoded, Vec::new()));
    }
    let corrected = || {
        decode_corrected::<T>(bytes)
            .map(|(decoded, corrections)| (decoded, corrections.into_iter().map(|c| c.prefixed(path_prefix)).collect()))
    };
    match watch(|| decode(bytes, path_prefix)) {
        (Ok(decoded), false) => Ok((decoded, Vec::new())),
        // A union took `Unknown` for what may be an alternative lacking fields.
        (Ok(decoded), true) => Ok(corrected().unwrap_or((decoded, Vec::new()))),
        // A required field absent, or `null` where its type takes none: both are corrected alike.
        (Err((path, message)), _) if message.starts_with("missing field") || is_null_rejected(&message) => {
            corrected().ok_or((path, message))
        }
        (Err(error), _) => Err(error),
    }
}

/// Logs the corrections made to one response (or stream value) of `operation`.
pub(crate) fn report(operation: &str, corrections: &[Correction]) {
    if corrections.is_empty() {
        return;
    }
    let paths: Vec<&str> = corrections.iter().map(|c| c.path.as_str()).collect();
    tracing::warn!(
        operation,
        paths = ?paths,
        "response lacked (or had null in) {} required field(s); filled with zero values (client error correction)",
        paths.len()
    );
}
