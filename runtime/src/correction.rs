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

use crate::client::ClientBuilder;
use crate::decode::decode;
use crate::error::{DecodeError, Error};
use crate::transport::Success;

impl ClientBuilder {
    /// Turns client error correction off (`true`) or on (`false`, the
    /// default). With it on, a 2xx JSON body (or a value of a stream) that
    /// lacks fields its type requires still decodes: each missing field gets
    /// a zero value, also inside an alternative of a union, and is recorded
    /// in [`Response::corrections`](crate::Response::corrections) (for
    /// streams [`JsonLines::corrections`](crate::JsonLines::corrections))
    /// and logged as a `tracing` warning naming the operation and the paths.
    /// With strict decoding, such a body is [`Error::Decode`] with the path
    /// and the raw body, as any other body that does not decode, and a union
    /// value that fits no alternative as it is stays `Unknown`.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.limits.strict_decoding = strict;
        self
    }
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

impl Success {
    /// Decodes the whole body into `T` (see `decode_body`), correcting it
    /// unless the client decodes strictly (module docs), and returns what
    /// was filled.
    pub(crate) fn decode_body_corrected<T: DeserializeOwned>(&self) -> Result<(T, Vec<Correction>), Error> {
        if self.body.trim_ascii().is_empty() {
            // An empty body has nothing to correct (see `decode_body`).
            return self.decode_body().map(|decoded| (decoded, Vec::new()));
        }
        let (decoded, corrections) =
            decode_corrected_value(&self.body, "", self.strict).map_err(|(path, message)| {
                DecodeError::boxed(self.operation, self.status, &self.headers, &self.body, path, message)
            })?;
        report(self.operation, &corrections);
        Ok((decoded, corrections))
    }
}
