//! `POST /v13/deployments` with the file list; its `missing_files` answer,
//! which lists the contents the API does not have yet, is read by `missing`.
//!
//! The body is O(files) on the wire (the API takes every file's path,
//! digest, size and mode). It is never held whole beyond
//! [`IN_MEMORY_BODY_LIMIT`]: a larger body is written from the file set in
//! chunks while it is sent (and again for a second create), so memory does
//! not grow with the number of files.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream;
use serde::Serialize;
use vercel_deployments::create_deployment;
use vercel_runtime::{Answer, BodyStream, Client, Request, RequestOptions};

use crate::deployment::Deployment;
use crate::error::{DeployError, Phase};
use crate::files::FileSet;
use crate::hash::hex;
use crate::missing;
use crate::selection::Selection;

/// A create body up to this size is sent from one buffer (so that the
/// `test-util` mock and interceptors see it, and a small deploy makes no
/// extra pass); a larger one is streamed from the file set.
pub(crate) const IN_MEMORY_BODY_LIMIT: u64 = 64 * 1024;
/// How many entries one chunk of a streamed body holds.
const ENTRIES_PER_CHUNK: usize = 512;

/// What one create call gave.
pub(crate) enum Created {
    /// The deployment exists.
    Deployment(Box<Deployment>),
    /// The API lacks the contents of these entries.
    Missing(Selection),
}

/// One element of the `files` list: it carries the entry's `mode` (the
/// spec's `UploadedFile` has no `mode`, the API takes it: executable bits
/// and symbolic links depend on it).
#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
    sha: &'a str,
    size: u64,
    mode: u32,
}

/// The body around the file list: the caller's fields, then `"files":[`
/// (head), and `]}` (tail).
struct Frame {
    head: Vec<u8>,
}

const TAIL: &[u8] = b"]}";

impl Frame {
    fn new(fields: &serde_json::Map<String, serde_json::Value>) -> Result<Frame, serde_json::Error> {
        let mut head = b"{".to_vec();
        for (key, value) in fields.iter().filter(|(key, _)| *key != "files") {
            serde_json::to_writer(&mut head, key)?;
            head.push(b':');
            serde_json::to_writer(&mut head, value)?;
            head.push(b',');
        }
        head.extend_from_slice(br#""files":["#);
        Ok(Frame { head })
    }
}

/// Appends the entries `range` of `set` to `out`, each after a comma but the first of the list.
fn write_entries(set: &FileSet, range: std::ops::Range<usize>, out: &mut Vec<u8>) {
    let mut paths = set.paths(range.clone());
    for index in range {
        let path = paths.next().expect("a path for every entry");
        if index > 0 {
            out.push(b',');
        }
        let sha = hex(&set.entries()[index].sha);
        let file = File { file: path, sha: &sha, size: set.size(index), mode: set.mode(index) };
        serde_json::to_writer(&mut *out, &file).expect("a file entry always serializes");
    }
}

/// The size of the body: the frame and every entry.
fn body_length(frame: &Frame, set: &FileSet) -> u64 {
    let mut scratch = Vec::with_capacity(ENTRIES_PER_CHUNK * 128);
    let mut length = (frame.head.len() + TAIL.len()) as u64;
    for start in (0..set.entries().len()).step_by(ENTRIES_PER_CHUNK) {
        scratch.clear();
        write_entries(set, start..(start + ENTRIES_PER_CHUNK).min(set.entries().len()), &mut scratch);
        length += scratch.len() as u64;
    }
    length
}

/// The chunks of a streamed body: the head, the entries a chunk at a time, the tail.
fn body_stream(head: Arc<[u8]>, set: Arc<FileSet>) -> BodyStream {
    // The state: the next entry to write, or `None` once the tail is out.
    Box::pin(stream::unfold(Some(0usize), move |next| {
        let (head, set) = (head.clone(), set.clone());
        async move {
            let start = next?;
            let total = set.entries().len();
            let end = (start + ENTRIES_PER_CHUNK).min(total);
            let mut chunk = Vec::with_capacity(if start == 0 { head.len() } else { 0 } + ENTRIES_PER_CHUNK * 128);
            if start == 0 {
                chunk.extend_from_slice(&head);
            }
            write_entries(&set, start..end, &mut chunk);
            let next = if end == total {
                chunk.extend_from_slice(TAIL);
                None
            } else {
                Some(end)
            };
            Some((Ok(Bytes::from(chunk)), next))
        }
    }))
}

/// The create request, built once and sent again after uploads: its body
/// is one shared buffer, or (above [`IN_MEMORY_BODY_LIMIT`]) written from
/// the shared file set anew for each sending.
pub(crate) fn request(
    fields: &serde_json::Map<String, serde_json::Value>,
    set: &Arc<FileSet>,
    query: &[(&'static str, String)],
    extra_query: &[(String, String)],
) -> Result<Request, DeployError> {
    let mut req = Request::new(&create_deployment::OPERATION, "/v13/deployments".into());
    for (name, value) in query {
        req.query(name, value);
    }
    let frame = Frame::new(fields)
        .map_err(|e| DeployError::Protocol { phase: Phase::Create, message: format!("request body: {e}") })?;
    let length = body_length(&frame, set);
    if length <= IN_MEMORY_BODY_LIMIT {
        let mut body = frame.head;
        write_entries(set, 0..set.entries().len(), &mut body);
        body.extend_from_slice(TAIL);
        req.bytes(body, "application/json");
    } else {
        let (head, set): (Arc<[u8]>, _) = (frame.head.into(), set.clone());
        req.stream(length, "application/json", move || body_stream(head.clone(), set.clone()));
    }
    let options = extra_query.iter().fold(RequestOptions::new(), |o, (k, v)| o.query(k, v));
    req.set_options(Some(options));
    Ok(req)
}

/// Sends the create request once; a `missing_files` answer is read, as it
/// arrives, into the entries of `set` to upload (see `missing`).
pub(crate) async fn create(client: &Client, req: Request, set: &Arc<FileSet>) -> Result<Created, DeployError> {
    match client.send_with_error_stream::<serde_json::Value>(req).await {
        Ok(Answer::Success(raw)) => Deployment::from_json(raw)
            .map(|d| Created::Deployment(Box::new(d)))
            .map_err(|message| DeployError::Protocol { phase: Phase::Create, message }),
        Ok(Answer::Error(stream)) => missing::read(stream, set).await.map(Created::Missing),
        Err(source) => Err(DeployError::Api { phase: Phase::Create, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::InMemoryFile;
    use futures_util::TryStreamExt;

    #[tokio::test]
    async fn a_streamed_body_is_the_json_body_and_as_long_as_announced() {
        // Enough files for several chunks.
        let files = (0..ENTRIES_PER_CHUNK * 2 + 7).map(|i| InMemoryFile::new(format!("d/f{i:05}\"q"), "x"));
        let set = Arc::new(FileSet::from_memory(files.collect()).unwrap());
        let mut fields = serde_json::Map::new();
        fields.insert("name".into(), "site".into());
        fields.insert("files".into(), serde_json::json!(["replaced"]));
        let frame = Frame::new(&fields).unwrap();
        let length = body_length(&frame, &set);
        assert!(length > IN_MEMORY_BODY_LIMIT, "{length}");
        let chunks: Vec<Bytes> = body_stream(frame.head.into(), set.clone()).try_collect().await.unwrap();
        assert!(chunks.len() > 2, "{}", chunks.len());
        let body: Vec<u8> = chunks.concat();
        assert_eq!(body.len() as u64, length);
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["name"], "site");
        let files = value["files"].as_array().unwrap();
        assert_eq!(files.len(), set.entries().len());
        assert_eq!(files[0]["file"], "d/f00000\"q");
        assert_eq!(files[0]["sha"], hex(&[0; 20]));
        assert_eq!(files[0]["mode"], 0o100_644);
        assert_eq!(files.last().unwrap()["file"], format!("d/f{:05}\"q", ENTRIES_PER_CHUNK * 2 + 6));
    }
}
