//! `POST /v13/deployments` with the file list, and the `missing_files`
//! answer that lists the contents the API does not have yet.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use vercel_deployments::create_deployment;
use vercel_runtime::{Client, Error, Request, RequestOptions};

use crate::deployment::Deployment;
use crate::error::{DeployError, Phase};
use crate::files::{Entry, FileSet};
use crate::hash::hex;

/// What one create call gave.
pub(crate) enum Created {
    /// The deployment exists.
    Deployment(Box<Deployment>),
    /// The API lacks these contents (SHA-1 digests).
    Missing(Vec<[u8; 20]>),
}

/// The request body: the caller's fields with the file list, which carries
/// each entry's `mode` (the spec's `UploadedFile` has no `mode`, the API
/// takes it: executable bits and symbolic links depend on it).
struct Body<'a> {
    fields: &'a serde_json::Map<String, serde_json::Value>,
    entries: &'a [Entry],
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.fields.iter().filter(|(key, _)| *key != "files") {
            map.serialize_entry(key, value)?;
        }
        map.serialize_entry("files", &Files(self.entries))?;
        map.end()
    }
}

struct Files<'a>(&'a [Entry]);

impl Serialize for Files<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for entry in self.0 {
            seq.serialize_element(&File {
                file: &entry.path,
                sha: hex(&entry.sha),
                size: entry.size,
                mode: entry.mode,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
    sha: String,
    size: u64,
    mode: u32,
}

/// The create request, built once and sent again after uploads (its body
/// is shared, not copied).
pub(crate) fn request(
    fields: &serde_json::Map<String, serde_json::Value>,
    set: &FileSet,
    query: &[(&'static str, String)],
    extra_query: &[(String, String)],
) -> Request {
    let mut req = Request::new(&create_deployment::OPERATION, "/v13/deployments".into());
    for (name, value) in query {
        req.query(name, value);
    }
    req.json(&Body { fields, entries: &set.entries });
    let options = extra_query.iter().fold(RequestOptions::new(), |o, (k, v)| o.query(k, v));
    req.set_options(Some(options));
    req
}

/// Sends the create request once.
pub(crate) async fn create(client: &Client, req: Request) -> Result<Created, DeployError> {
    match client.send::<serde_json::Value>(req).await {
        Ok(raw) => Deployment::from_json(raw)
            .map(|d| Created::Deployment(Box::new(d)))
            .map_err(|message| DeployError::Protocol { phase: Phase::Create, message }),
        Err(error) => match missing(&error) {
            Some(Ok(missing)) => Ok(Created::Missing(missing)),
            Some(Err(message)) => Err(DeployError::Protocol { phase: Phase::Create, message }),
            None => Err(DeployError::Api { phase: Phase::Create, source: error }),
        },
    }
}

/// The digests of a `missing_files` answer; `None` for any other error.
fn missing(error: &Error) -> Option<Result<Vec<[u8; 20]>, String>> {
    let api = error.api_error()?;
    let body: serde_json::Value = serde_json::from_slice(&api.body).ok()?;
    let error = body.get("error")?;
    if error.get("code")?.as_str()? != "missing_files" {
        return None;
    }
    let Some(list) = error.get("missing").and_then(|m| m.as_array()) else {
        return Some(Err("missing_files without a `missing` list".into()));
    };
    Some(
        list.iter()
            .map(|v| v.as_str().and_then(parse_hex).ok_or_else(|| format!("missing_files: bad digest {v}")))
            .collect(),
    )
}

/// A digest from 40 hex digits.
fn parse_hex(text: &str) -> Option<[u8; 20]> {
    let bytes = text.as_bytes();
    if bytes.len() != 40 {
        return None;
    }
    let mut out = [0u8; 20];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let sha = crate::hash::sha1(b"x");
        assert_eq!(parse_hex(&hex(&sha)), Some(sha));
        assert_eq!(parse_hex("zz"), None);
        assert_eq!(parse_hex(&"g".repeat(40)), None);
    }
}
