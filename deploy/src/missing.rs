//! The error answer of a create, read as it arrives: a `missing_files`
//! answer (`{"error": {"code": "missing_files", "missing": [digest, ...]}}`,
//! one digest per content the API lacks, 43 bytes each) is never held
//! whole: its chunks go through a bounded channel to a JSON reader on a
//! blocking thread, which gives each digest straight to the [`Selector`]
//! (one bit per entry). Any other answer is the runtime's typed error,
//! raw body included: the runtime keeps the chunks read until the answer
//! is recognised as `missing_files`.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::{Buf, Bytes};
use futures_util::stream::{Stream, StreamExt};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use tokio::sync::mpsc;
use vercel_runtime::ErrorStream;

use crate::error::{DeployError, Phase};
use crate::files::FileSet;
use crate::selection::{Selection, Selector};

/// The error code of the answer that lists the contents to upload.
const MISSING_FILES: &str = "missing_files";

/// The entries to upload for a create's error answer `stream`. Any other
/// answer is [`DeployError::Api`]: with the typed error the runtime gives
/// for it, or, when the answer could not be read (cut short, over the
/// client's body limit), with that error.
pub(crate) async fn read(mut stream: ErrorStream, set: &Arc<FileSet>) -> Result<Selection, DeployError> {
    let protocol = |message: String| DeployError::Protocol { phase: Phase::Create, message };
    match parse(&mut stream, set.clone(), ErrorStream::stop_keeping).await {
        Parsed::Missing(selector) => selector.finish(),
        Parsed::Malformed(message) => Err(protocol(message)),
        Parsed::Failed(source) => Err(DeployError::Api { phase: Phase::Create, source }),
        Parsed::Other => Err(DeployError::Api { phase: Phase::Create, source: stream.into_error().await }),
    }
}

/// What an error answer turned out to be.
pub(crate) enum Parsed<E> {
    /// A `missing_files` answer, its list read whole into the selector.
    Missing(Selector),
    /// A `missing_files` answer that is not as documented.
    Malformed(String),
    /// Reading the answer failed (cut short, over the body limit, stalled):
    /// that error says more than the status alone.
    Failed(E),
    /// Another answer read whole (another code, none, not JSON): the caller's typed error.
    Other,
}

/// Reads the error answer `chunks` against `set`: the chunks are handed to
/// a JSON reader on a blocking thread through a channel of one chunk, so at
/// most a few chunks exist at once. `recognised` is called once, as soon
/// as the answer is known to be `missing_files` (the caller then stops
/// keeping what it read).
pub(crate) async fn parse<S, E>(chunks: &mut S, set: Arc<FileSet>, recognised: impl FnOnce(&mut S)) -> Parsed<E>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let (tx, rx) = mpsc::channel::<Bytes>(1);
    let flag = Arc::new(AtomicBool::new(false));
    let reader_flag = flag.clone();
    let reader = tokio::task::spawn_blocking(move || {
        let mut selector = Selector::new(set);
        let read = read_answer(ChannelReader { rx, chunk: Bytes::new() }, &mut selector, &reader_flag);
        (selector, read)
    });
    let mut recognised = Some(recognised);
    let mut failure = None;
    loop {
        if flag.load(Ordering::Acquire) {
            if let Some(recognised) = recognised.take() {
                recognised(chunks);
            }
        }
        match chunks.next().await {
            Some(Ok(chunk)) => {
                if tx.send(chunk).await.is_err() {
                    // The reader stopped (the answer is malformed).
                    break;
                }
            }
            Some(Err(e)) => {
                failure = Some(e);
                break;
            }
            None => break,
        }
    }
    drop(tx);
    let (selector, read) = reader.await.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    if let Some(e) = failure {
        return Parsed::Failed(e);
    }
    if !flag.load(Ordering::Acquire) {
        return Parsed::Other;
    }
    match read {
        Ok(true) => Parsed::Missing(selector),
        Ok(false) => Parsed::Malformed(format!("{MISSING_FILES} without a `missing` list")),
        Err(e) => Parsed::Malformed(format!("{MISSING_FILES}: {e}")),
    }
}

/// Reads the answer from `reader` to its end, giving each digest of its
/// `error.missing` list to `selector` and setting `recognised` when its
/// `error.code` is `missing_files`; `true` when the list was there.
fn read_answer(reader: impl Read, selector: &mut Selector, recognised: &AtomicBool) -> serde_json::Result<bool> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let listed = AnswerSeed { selector, recognised }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(listed)
}

/// The chunks of the answer as a [`Read`], received one at a time.
struct ChannelReader {
    rx: mpsc::Receiver<Bytes>,
    /// What is left of the chunk being read.
    chunk: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.chunk.is_empty() {
            match self.rx.blocking_recv() {
                Some(chunk) => self.chunk = chunk,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk.advance(n);
        Ok(n)
    }
}

/// Reads `{"error": {"code": .., "missing": [digest, ...], ..}, ..}`.
struct AnswerSeed<'s, 'f> {
    selector: &'s mut Selector,
    recognised: &'f AtomicBool,
}

impl<'de> DeserializeSeed<'de> for AnswerSeed<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an error answer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut listed = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "error" {
                let seed = ErrorSeed { selector: &mut *self.selector, recognised: self.recognised };
                listed |= map.next_value_seed(seed)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(listed)
    }
}

/// The `error` object: its `code` and its `missing` list.
struct ErrorSeed<'s, 'f> {
    selector: &'s mut Selector,
    recognised: &'f AtomicBool,
}

impl<'de> DeserializeSeed<'de> for ErrorSeed<'_, '_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ErrorSeed<'_, '_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut listed = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "code" => {
                    if map.next_value::<serde_json::Value>()? == MISSING_FILES {
                        self.recognised.store(true, Ordering::Release);
                    }
                }
                "missing" => {
                    map.next_value_seed(ListSeed(&mut *self.selector))?;
                    listed = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(listed)
    }
}

/// The `missing` list: each digest to the selector.
struct ListSeed<'s>(&'s mut Selector);

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of digests")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(Digest(sha)) = seq.next_element()? {
            self.0.add(sha);
        }
        Ok(())
    }
}

/// A digest written as 40 hex digits.
struct Digest([u8; 20]);

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Digest, D::Error> {
        struct Hex;
        impl Visitor<'_> for Hex {
            type Value = Digest;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a SHA-1 digest in 40 hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Digest, E> {
                parse_hex(text).map(Digest).ok_or_else(|| E::custom(format!("bad digest {text:?}")))
            }
        }
        deserializer.deserialize_str(Hex)
    }
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
    use crate::files::InMemoryFile;
    use crate::hash::{hex, sha1};
    use crate::observer::Observer;
    use futures_util::stream;

    type Chunks = stream::Iter<std::vec::IntoIter<Result<Bytes, &'static str>>>;

    /// A hashed set of files whose contents are their names.
    fn set(names: &[&str]) -> Arc<FileSet> {
        let files = names.iter().map(|n| InMemoryFile::new(*n, n.to_string()));
        let mut set = FileSet::from_memory(files.collect()).unwrap();
        crate::hash::hash_all(&mut set, 1, &Observer::none(), &AtomicBool::new(false)).unwrap();
        Arc::new(set)
    }

    /// `body` cut into chunks of `size` bytes.
    fn chunks(body: &str, size: usize) -> Chunks {
        let pieces: Vec<_> = body.as_bytes().chunks(size).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        stream::iter(pieces)
    }

    /// Parses `chunks`; also how many chunks were left when the answer was recognised (`None`: never).
    async fn parsed(mut chunks: Chunks, set: &Arc<FileSet>) -> (Parsed<&'static str>, Option<usize>) {
        let mut left = None;
        let parsed = parse(&mut chunks, set.clone(), |rest: &mut Chunks| left = Some(rest.size_hint().0)).await;
        (parsed, left)
    }

    fn paths(set: &FileSet, selection: &Selection) -> Vec<String> {
        selection.indices().map(|i| set.path(i)).collect()
    }

    fn answer(code: &str, digests: &[String]) -> String {
        let list = digests.iter().map(|d| format!("\"{d}\"")).collect::<Vec<_>>().join(",");
        format!(r#"{{"error":{{"code":"{code}","message":"Missing files","missing":[{list}]}},"x":[1,{{"y":null}}]}}"#)
    }

    #[tokio::test]
    async fn digests_cut_anywhere_by_chunk_boundaries_are_read() {
        let set = set(&["a", "b", "c", "d"]);
        let body = answer(MISSING_FILES, &[hex(&sha1(b"d")), hex(&sha1(b"b"))]);
        // 7 bytes a chunk: every digest is cut in the middle, and so are keys.
        let (parsed, left) = parsed(chunks(&body, 7), &set).await;
        let Parsed::Missing(selector) = parsed else { panic!("a missing_files answer") };
        assert_eq!(paths(&set, &selector.finish().unwrap()), ["b", "d"]);
        // Recognised from its code, long before the end of the list.
        assert!(left.is_some_and(|left| left > 5), "{left:?}");
    }

    #[tokio::test]
    async fn a_list_before_the_code_is_read_too() {
        let set = set(&["a", "b"]);
        let body = format!(r#"{{"error":{{"missing":["{}"],"code":"missing_files"}}}}"#, hex(&sha1(b"a")));
        let (parsed, _) = parsed(chunks(&body, 1), &set).await;
        let Parsed::Missing(selector) = parsed else { panic!("a missing_files answer") };
        assert_eq!(paths(&set, &selector.finish().unwrap()), ["a"]);
    }

    #[tokio::test]
    async fn an_unknown_digest_is_an_error_naming_it() {
        let set = set(&["a"]);
        let nobody = hex(&sha1(b"nobody"));
        let (parsed, _) = parsed(chunks(&answer(MISSING_FILES, std::slice::from_ref(&nobody)), 64), &set).await;
        let Parsed::Missing(selector) = parsed else { panic!("a missing_files answer") };
        let error = selector.finish().unwrap_err();
        assert!(error.to_string().contains(&nobody), "{error}");
    }

    #[tokio::test]
    async fn a_malformed_missing_files_answer_is_a_clear_error() {
        let set = set(&["a"]);
        let good = hex(&sha1(b"a"));
        let cases = [
            (answer(MISSING_FILES, &["zz".into()]), "bad digest \"zz\""),
            (answer(MISSING_FILES, std::slice::from_ref(&good))[..60].to_owned(), "EOF"),
            (format!(r#"{{"error":{{"code":"missing_files","missing":{{"{good}":1}}}}}}"#), "a list of digests"),
            (r#"{"error":{"code":"missing_files"}}"#.into(), "without a `missing` list"),
            (format!("{} trailing", answer(MISSING_FILES, &[good])), "trailing"),
        ];
        for (body, expected) in cases {
            let (parsed, _) = parsed(chunks(&body, 5), &set).await;
            let Parsed::Malformed(message) = parsed else { panic!("{body}: not malformed") };
            assert!(message.contains(expected) && message.starts_with(MISSING_FILES), "{body}: {message}");
        }
    }

    #[tokio::test]
    async fn other_answers_are_left_to_the_typed_error() {
        let set = set(&["a"]);
        let digest = hex(&sha1(b"a"));
        for body in [answer("forbidden", &[digest]), "not json".into(), r#"{"code":"missing_files"}"#.into()] {
            let (parsed, left) = parsed(chunks(&body, 3), &set).await;
            assert!(matches!(parsed, Parsed::Other), "{body}");
            assert_eq!(left, None, "{body}: the caller keeps the whole body");
        }
    }

    #[tokio::test]
    async fn a_failure_while_reading_is_reported_whatever_the_answer() {
        let set = set(&["a"]);
        for code in [MISSING_FILES, "forbidden"] {
            let body = answer(code, &[hex(&sha1(b"a"))]);
            let pieces = vec![Ok(Bytes::copy_from_slice(&body.as_bytes()[..50])), Err("connection reset")];
            let (parsed, _) = parsed(stream::iter(pieces), &set).await;
            assert!(matches!(parsed, Parsed::Failed("connection reset")), "{code}");
        }
    }

    #[test]
    fn hex_round_trips() {
        let sha = sha1(b"x");
        assert_eq!(parse_hex(&hex(&sha)), Some(sha));
        assert_eq!(parse_hex("zz"), None);
        assert_eq!(parse_hex(&"g".repeat(40)), None);
    }
}
