//! The client's decoding of 2xx JSON bodies, client error correction
//! included, as a plain function over bytes: for tools that decode bodies
//! obtained otherwise (fixtures, the response fuzzer of `cargo xtask fuzz`).
//! Kept apart from `decode` (which the request pipeline and correction use)
//! so that neither depends on the other through it.

use serde::de::DeserializeOwned;

use crate::correction::{decode_corrected, Correction};
use crate::decode::decode_whole;

/// Decodes a whole 2xx JSON body into `T` the way
/// [`Client::send`](crate::Client::send) does, client error correction
/// included: the body as it is first (an empty body as `{}`, else as
/// `null`, as the client reads it); when that fails only because required
/// fields are missing and `strict` is false, the missing fields are filled
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
    let error = match decode_whole(bytes) {
        Ok(decoded) => return Ok((decoded, Vec::new())),
        Err(error) => error,
    };
    if strict || !error.1.starts_with("missing field") {
        return Err(error);
    }
    decode_corrected::<T>(bytes).ok_or(error)
}
