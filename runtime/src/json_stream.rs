//! Splitting a byte stream into JSON values as the bytes arrive.
//!
//! `application/stream+json` is not always one value per line: servers send
//! NDJSON, pretty-printed objects over several lines, values with no
//! separator at all (`}{`), CRLF line ends and blank lines. [`ValueSplitter`]
//! accepts any sequence of JSON values separated by optional whitespace (the
//! semantics of serde_json's `StreamDeserializer`), found by a small scanner
//! that keeps its state between chunks, so each byte is looked at once
//! however the body is chunked.
//!
//! Only the value being received is buffered: complete values are handed out
//! as they end, and a value that grows past the limit is an error instead of
//! an unbounded buffer.

use bytes::{Bytes, BytesMut};

/// Default bound on one value of a stream: 16 MiB.
pub const DEFAULT_MAX_STREAM_VALUE_SIZE: usize = 16 << 20;

/// Where the scanner is inside the current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between values (whitespace is skipped).
    Between,
    /// Inside an object or array, `depth` levels deep, outside any string.
    Container { depth: u32 },
    /// Inside a string of a container (`depth` > 0) or at the top (`depth` 0).
    Str { depth: u32, escaped: bool },
    /// A top-level scalar (number, `true`, `false`, `null`) or something
    /// that is not JSON, which ends at whitespace or at the start of the
    /// next object, array or string.
    Scalar,
    /// A top-level token that is not JSON: it runs to the end of its line,
    /// so that the error shows the whole line rather than its first word.
    Garbage,
}

/// The next value could not be taken from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The value being received is larger than the limit (in bytes).
    TooLarge { limit: usize },
}

/// Splits bytes pushed chunk by chunk into complete JSON values (see the
/// module docs). Values are returned as received (not validated beyond
/// their boundaries): decoding them is the caller's business.
#[derive(Debug)]
pub(crate) struct ValueSplitter {
    /// Bytes received and not yet returned: the current value, then the rest of the last chunk.
    buffer: BytesMut,
    /// How much of `buffer` the scanner has looked at.
    scanned: usize,
    /// Where the current value starts in `buffer` (meaningful unless `state` is `Between`).
    start: usize,
    state: State,
    max_value: usize,
}

/// JSON whitespace, plus the record separator of JSON text sequences (RFC 7464).
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x1e)
}

/// Whether a complete top-level scalar token is JSON-like (a literal or a
/// number); anything else is reported with the rest of its line.
fn is_scalar(token: &[u8]) -> bool {
    matches!(token, b"true" | b"false" | b"null")
        || (!token.is_empty()
            && token.iter().all(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            && token.iter().any(u8::is_ascii_digit))
}

impl ValueSplitter {
    /// A splitter whose values may be at most `max_value` bytes long.
    pub(crate) fn new(max_value: usize) -> ValueSplitter {
        ValueSplitter { buffer: BytesMut::new(), scanned: 0, start: 0, state: State::Between, max_value }
    }

    /// Appends a chunk of the body.
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        if self.state == State::Between && self.scanned == self.buffer.len() {
            // Nothing pending: drop what was consumed before growing.
            self.buffer.clear();
            self.scanned = 0;
        }
        self.buffer.extend_from_slice(chunk);
    }

    /// The next complete value in what was pushed, if there is one.
    pub(crate) fn next_value(&mut self) -> Result<Option<Bytes>, SplitError> {
        let mut i = self.scanned;
        let bytes = &self.buffer[..];
        while i < bytes.len() {
            let b = bytes[i];
            let mut end = None;
            match self.state {
                State::Between => {
                    if !is_separator(b) {
                        self.start = i;
                        self.state = match b {
                            b'{' | b'[' => State::Container { depth: 1 },
                            b'"' => State::Str { depth: 0, escaped: false },
                            _ => State::Scalar,
                        };
                    }
                }
                State::Container { depth } => match b {
                    b'"' => self.state = State::Str { depth, escaped: false },
                    b'{' | b'[' => self.state = State::Container { depth: depth + 1 },
                    b'}' | b']' if depth == 1 => end = Some(i + 1),
                    b'}' | b']' => self.state = State::Container { depth: depth - 1 },
                    _ => {}
                },
                State::Str { depth, escaped } => match (escaped, b) {
                    (true, _) => self.state = State::Str { depth, escaped: false },
                    (false, b'\\') => self.state = State::Str { depth, escaped: true },
                    (false, b'"') if depth == 0 => end = Some(i + 1),
                    (false, b'"') => self.state = State::Container { depth },
                    _ => {}
                },
                State::Scalar => {
                    if is_separator(b) || matches!(b, b'{' | b'[' | b'"') {
                        if is_scalar(&bytes[self.start..i]) || b == b'\n' {
                            end = Some(i);
                        } else {
                            self.state = State::Garbage;
                        }
                    }
                }
                State::Garbage => {
                    if b == b'\n' {
                        end = Some(i);
                    }
                }
            }
            if let Some(end) = end {
                if end - self.start > self.max_value {
                    return Err(SplitError::TooLarge { limit: self.max_value });
                }
                return Ok(Some(self.take(end)));
            }
            i += 1;
        }
        self.scanned = i;
        if self.state != State::Between && self.buffer.len() - self.start > self.max_value {
            return Err(SplitError::TooLarge { limit: self.max_value });
        }
        if self.state == State::Between {
            // Only whitespace is pending: forget it.
            self.buffer.clear();
            self.scanned = 0;
        }
        Ok(None)
    }

    /// At the end of the body: what is left of an unfinished value (a
    /// scalar ends there; anything else is incomplete and fails to decode,
    /// which reports it), or `None` when only whitespace is left.
    pub(crate) fn finish(&mut self) -> Result<Option<Bytes>, SplitError> {
        if let Some(value) = self.next_value()? {
            return Ok(Some(value));
        }
        if self.state == State::Between {
            return Ok(None);
        }
        let end = self.buffer.len();
        let value = self.take(end);
        Ok(Some(trim_end(value)))
    }

    /// Returns `buffer[start..end]` as a value and resets the scanner after it.
    fn take(&mut self, end: usize) -> Bytes {
        let mut value = self.buffer.split_to(end);
        let value = value.split_off(self.start).freeze();
        self.scanned = 0;
        self.start = 0;
        self.state = State::Between;
        trim_end(value)
    }
}

/// `value` without trailing whitespace (a `\r` before the newline that ended a line).
fn trim_end(value: Bytes) -> Bytes {
    let len = value.trim_ascii_end().len();
    value.slice(..len)
}

/// Splits a whole body into its values (for bodies read whole).
pub(crate) fn split_all(body: &[u8], max_value: usize) -> Result<Vec<Bytes>, SplitError> {
    let mut splitter = ValueSplitter::new(max_value);
    splitter.push(body);
    let mut values = Vec::new();
    while let Some(value) = splitter.next_value()? {
        values.push(value);
    }
    values.extend(splitter.finish()?);
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of `body` pushed in the given chunks.
    fn split_chunks(chunks: &[&[u8]], max: usize) -> Result<Vec<String>, SplitError> {
        let mut splitter = ValueSplitter::new(max);
        let mut out = Vec::new();
        for chunk in chunks {
            splitter.push(chunk);
            while let Some(v) = splitter.next_value()? {
                out.push(String::from_utf8(v.to_vec()).unwrap());
            }
        }
        if let Some(v) = splitter.finish()? {
            out.push(String::from_utf8(v.to_vec()).unwrap());
        }
        Ok(out)
    }

    fn split(body: &str) -> Vec<String> {
        split_chunks(&[body.as_bytes()], usize::MAX).unwrap()
    }

    #[test]
    fn formats() {
        assert_eq!(split("{\"a\":1}\n{\"a\":2}\n"), ["{\"a\":1}", "{\"a\":2}"]);
        assert_eq!(split("{\"a\":1}{\"a\":2}"), ["{\"a\":1}", "{\"a\":2}"]);
        assert_eq!(split("{\"a\":1}\r\n\r\n\r\n{\"a\":2}\r\n"), ["{\"a\":1}", "{\"a\":2}"]);
        assert_eq!(
            split("{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}\n{\"c\":3}"),
            ["{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}", "{\"c\":3}"]
        );
        assert_eq!(split("  [1,[2]] \t {\"s\":\"}{\\\"]\"}"), ["[1,[2]]", "{\"s\":\"}{\\\"]\"}"]);
        assert_eq!(split("1 2\n\"x y\"true null{}"), ["1", "2", "\"x y\"", "true", "null", "{}"]);
        assert_eq!(split("\u{1e}{\"a\":1}\n\u{1e}{\"a\":2}\n"), ["{\"a\":1}", "{\"a\":2}"]);
        assert!(split(" \r\n\n ").is_empty());
    }

    #[test]
    fn non_json_is_reported_by_the_line_and_incomplete_values_at_the_end() {
        assert_eq!(split("not json\n{\"a\":1}"), ["not json", "{\"a\":1}"]);
        assert_eq!(split("{\"a\":1}\n{\"a\":"), ["{\"a\":1}", "{\"a\":"]);
        assert_eq!(split("{\"a\":\"}"), ["{\"a\":\"}"]);
    }

    #[test]
    fn every_split_point_gives_the_same_values() {
        let body = "{\"a\":\"x}\\\"{\"}\r\n\n{\n \"b\": [1, {\"c\": null}]\n}{\"d\":true}\n7 \"s\"\n";
        let whole = split(body);
        assert_eq!(whole.len(), 5, "{whole:?}");
        let bytes = body.as_bytes();
        for i in 0..=bytes.len() {
            assert_eq!(split_chunks(&[&bytes[..i], &bytes[i..]], usize::MAX).unwrap(), whole, "split at {i}");
            for j in i..=bytes.len() {
                let parts = [&bytes[..i], &bytes[i..j], &bytes[j..]];
                assert_eq!(split_chunks(&parts, usize::MAX).unwrap(), whole, "split at {i} and {j}");
            }
        }
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(split_chunks(&single, usize::MAX).unwrap(), whole);
    }

    #[test]
    fn buffers_one_value_plus_one_chunk() {
        let mut splitter = ValueSplitter::new(usize::MAX);
        let value = b"{\"a\":\"0123456789\"}\n";
        for _ in 0..1000 {
            splitter.push(value);
            assert!(splitter.next_value().unwrap().is_some());
            assert!(splitter.next_value().unwrap().is_none());
            assert!(splitter.buffer.len() <= value.len(), "{}", splitter.buffer.len());
        }
    }

    #[test]
    fn a_value_over_the_limit_is_an_error() {
        let err = split_chunks(&[b"{\"a\":\"", &[b'x'; 64], b"\"}"], 32).unwrap_err();
        assert_eq!(err, SplitError::TooLarge { limit: 32 });
        // Values under the limit pass, however many.
        let many = "{\"a\":1}\n".repeat(100);
        assert_eq!(split_chunks(&[many.as_bytes()], 8).unwrap().len(), 100);
        // An endless string is cut off at the limit, not buffered.
        let mut splitter = ValueSplitter::new(1024);
        splitter.push(b"\"");
        let mut result = Ok(None);
        for _ in 0..100 {
            splitter.push(&[b'y'; 100]);
            result = splitter.next_value();
            if result.is_err() {
                break;
            }
        }
        assert_eq!(result, Err(SplitError::TooLarge { limit: 1024 }));
        assert!(splitter.buffer.len() <= 1024 + 100);
    }
}
