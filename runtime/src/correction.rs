//! Client error correction in the request pipeline: which bodies are
//! corrected, and how the corrections are reported. The correction itself
//! (zero values, union alternatives) is `vercel_runtime_core::correction`,
//! which the generated unions take part in.
//!
//! A 2xx JSON body, and each value of an `application/stream+json` body, is
//! decoded plainly first, at full speed; it is corrected only when that
//! fails with `missing field`, or when an untagged union took `Unknown` for a
//! value that resembles one of its alternatives lacking fields. Strict
//! decoding skips both. Each correction is recorded with its JSON path (for
//! a stream value, after the value's index: `[2].source.ref`) and logged as
//! a `tracing` warning naming the operation and the paths.

use serde::de::DeserializeOwned;
use vercel_runtime_core::correction::{decode_corrected, watch, Correction};

use crate::decode::decode;

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
        (Err((path, message)), _) if message.starts_with("missing field") => corrected().ok_or((path, message)),
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
        "response lacked {} required field(s); filled with zero values (client error correction)",
        paths.len()
    );
}
