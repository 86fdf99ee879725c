//! Decoding whole JSON bodies: fast `serde_json`, and on failure the path
//! of the field that failed. Used by the request pipeline, by streams and by
//! [`ApiError::typed_body`](crate::ApiError::typed_body); it depends on no
//! other module of the crate, so none of them needs another to decode.

use serde::de::DeserializeOwned;

/// Decodes `bytes` into `T` as `serde_json::from_slice` does (trailing
/// characters rejected); a failure gives the field path, with `path_prefix`
/// prepended (e.g. `[2]` for the third line of a stream), and the message.
pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], path_prefix: &str) -> Result<T, (String, String)> {
    // Fast path: plain serde_json. Tracking the path costs about a third of the
    // decode throughput on large bodies (`cargo xtask bench`), so it is paid only
    // when decoding fails, to say where.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| (e.path().to_string(), e.into_inner().to_string()))
        .and_then(|value| de.end().map(|()| value).map_err(|e| (".".to_owned(), e.to_string())));
    result.map_err(|(path, message)| {
        let path = match (path_prefix.is_empty(), path.as_str()) {
            (true, _) => path,
            (false, ".") => path_prefix.to_owned(),
            (false, rest) if rest.starts_with('[') => format!("{path_prefix}{rest}"),
            (false, rest) => format!("{path_prefix}.{rest}"),
        };
        (path, message)
    })
}

/// Decodes a whole 2xx body into `T`: [`decode`], except that an empty (or
/// all-whitespace) body, which some operations answer instead of the
/// documented JSON (e.g. `uploadFile` for a file already uploaded), carries
/// no fields: it decodes as `{}` (so a struct whose fields are all optional,
/// a map or an object union variant accepts it) and, if `T` rejects an
/// object, as `null` (so `Option`, `()` and `serde_json::Value` accept it).
/// A `T` that accepts neither gives the error of the `{}` attempt.
pub(crate) fn decode_whole<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    if !bytes.trim_ascii().is_empty() {
        return decode(bytes, "");
    }
    decode(b"{}", "").or_else(|first| decode(b"null", "").map_err(|_| first))
}

/// Decodes a whole JSON body into `T` the way the client decodes 2xx bodies:
/// `serde_json`, and on failure the path of the field that failed (e.g.
/// `deployments[3].state`) with the message, as `Err((path, message))`.
/// Trailing characters after the value are an error.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    decode(bytes, "")
}
