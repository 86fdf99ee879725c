//! Response decoding under mutation (the response part of `cargo xtask fuzz`):
//! bodies from a case file, each decoded with the success type of its case
//! key through the runtime's 2xx decode path (client error correction
//! included), under `catch_unwind`.
//!
//! The case file (the program's first argument) holds cases one after
//! another, each a line `KEY LEN`, then `LEN` bytes of body and a newline
//! ([`write_case`]). For each case the program prints one line,
//! `N CLASS MICROS DETAIL`, as the case ends (a crash still leaves the lines
//! before it): CLASS is `decoded`, `corrected` (DETAIL: how many corrections,
//! then their paths), `error` (DETAIL: the path, a tab, the message), `panic`
//! (DETAIL: the message) or `unknown` (DETAIL: a key without a type).

use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use crate::one_line;

/// One body the program can decode: its case key and its decoder.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The case key: the operation's runtime id, with `#event` for a stream's event type.
    pub key: &'static str,
    /// [`decode`] with the Rust type of that body.
    pub decode: fn(&[u8]) -> Outcome,
}

/// What decoding one body gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Decoded as it was.
    Decoded,
    /// Decoded once the runtime filled these paths (missing required fields).
    Corrected(Vec<String>),
    /// Did not decode: the path of the failure and the message.
    Failed {
        /// Where in the body.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// Decodes `body` as `T` the way the client decodes a 2xx body (with correction).
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Outcome {
    match vercel_runtime::decode_json_corrected::<T>(body, false) {
        Ok((_, corrections)) if corrections.is_empty() => Outcome::Decoded,
        Ok((_, corrections)) => Outcome::Corrected(corrections.into_iter().map(|c| c.path).collect()),
        Err((path, message)) => Outcome::Failed { path, message },
    }
}

/// Appends one case to a case file.
pub fn write_case(out: &mut Vec<u8>, key: &str, body: &[u8]) {
    out.extend_from_slice(format!("{key} {}\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out.push(b'\n');
}

/// The next case of `input`: its key and body, and the rest.
pub fn next_case(input: &[u8]) -> Result<(&str, &[u8], &[u8]), String> {
    let newline = input.iter().position(|&b| b == b'\n').ok_or("a case header without a newline")?;
    let header = std::str::from_utf8(&input[..newline]).map_err(|e| e.to_string())?;
    let (key, len) = header.rsplit_once(' ').ok_or_else(|| format!("bad case header {header:?}"))?;
    let len: usize = len.parse().map_err(|_| format!("bad case length in {header:?}"))?;
    let rest = &input[newline + 1..];
    if rest.len() < len + 1 || rest[len] != b'\n' {
        return Err(format!("the body of case {key:?} is cut short"));
    }
    Ok((key, &rest[..len], &rest[len + 1..]))
}

/// The output line of case number `case` (without the newline).
fn case_line(case: usize, key: &str, body: &[u8], targets: &BTreeMap<&str, fn(&[u8]) -> Outcome>) -> String {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(|| targets.get(key).map(|decode| decode(body)));
    let micros = started.elapsed().as_micros();
    match outcome {
        Ok(Some(Outcome::Decoded)) => format!("{case} decoded {micros}"),
        Ok(Some(Outcome::Corrected(paths))) => {
            format!("{case} corrected {micros} {} {}", paths.len(), one_line(&paths.join(" ")))
        }
        Ok(Some(Outcome::Failed { path, message })) => {
            format!("{case} error {micros} {}\t{}", one_line(&path), one_line(&message))
        }
        Ok(None) => format!("{case} unknown {micros} {key}"),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into());
            format!("{case} panic {micros} {}", one_line(&message))
        }
    }
}

/// Decodes every case of `input`, writing one line per case to `out` as it
/// ends; a malformed case file is an error naming the case.
pub fn run(targets: &[Target], input: &[u8], out: &mut dyn Write) -> Result<usize, String> {
    let table: BTreeMap<&str, fn(&[u8]) -> Outcome> = targets.iter().map(|t| (t.key, t.decode)).collect();
    let mut rest = input;
    let mut case = 0usize;
    while !rest.is_empty() {
        let (key, body, next) = next_case(rest).map_err(|why| format!("case {case}: {why}"))?;
        rest = next;
        let line = case_line(case, key, body, &table);
        writeln!(out, "{line}").and_then(|()| out.flush()).map_err(|e| format!("writing the output: {e}"))?;
        case += 1;
    }
    Ok(case)
}

/// The program's `main`: reads the case file named by the first argument and
/// prints one line per case (see the module docs).
pub fn main(targets: &[Target]) -> ExitCode {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: response-fuzz CASE_FILE");
        return ExitCode::FAILURE;
    };
    let input = match std::fs::read(&file) {
        Ok(input) => input,
        Err(e) => {
            eprintln!("reading the case file {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Panics are caught and reported per case; the default message would only repeat them.
    std::panic::set_hook(Box::new(|_| {}));
    match run(targets, &input, &mut std::io::stdout().lock()) {
        Ok(_) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("{why}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Project {
        id: String,
        name: String,
    }

    fn panics(_: &[u8]) -> Outcome {
        panic!("boom\nsecond line")
    }

    const TARGETS: &[Target] =
        &[Target { key: "getProject", decode: decode::<Project> }, Target { key: "explode", decode: panics }];

    fn lines(cases: &[(&str, &str)]) -> Vec<String> {
        let mut input = Vec::new();
        for (key, body) in cases {
            write_case(&mut input, key, body.as_bytes());
        }
        let mut out = Vec::new();
        assert_eq!(run(TARGETS, &input, &mut out).unwrap(), cases.len());
        // The decode time (third field) varies; the rest is exact.
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                let mut fields: Vec<&str> = l.splitn(4, ' ').collect();
                fields[2] = "T";
                fields.join(" ")
            })
            .collect()
    }

    #[test]
    fn each_case_gets_one_line_with_its_class() {
        let got = lines(&[
            ("getProject", r#"{"id": "p", "name": "n"}"#),
            ("getProject", r#"{"id": "p"}"#),
            ("getProject", r#"{"id": 1, "name": "n"}"#),
            ("explode", "{}"),
            ("nope", "{}"),
        ]);
        assert_eq!(got[0], "0 decoded T");
        assert_eq!(got[1], "1 corrected T 1 name");
        assert!(got[2].starts_with("2 error T id\tinvalid type: integer `1`"), "{got:?}");
        assert_eq!(got[3], "3 panic T boom second line");
        assert_eq!(got[4], "4 unknown T nope");
    }

    #[test]
    fn a_body_with_newlines_and_spaces_in_the_key_round_trips() {
        let mut input = Vec::new();
        write_case(&mut input, "get x#event", b"{\n}\n");
        write_case(&mut input, "k", b"");
        let (key, body, rest) = next_case(&input).unwrap();
        assert_eq!((key, body), ("get x#event", &b"{\n}\n"[..]));
        let (key, body, rest) = next_case(rest).unwrap();
        assert_eq!((key, body, rest), ("k", &b""[..], &b""[..]));
    }

    #[test]
    fn a_malformed_case_file_is_an_error_naming_the_case() {
        let mut input = Vec::new();
        write_case(&mut input, "getProject", b"{}");
        input.extend_from_slice(b"getProject 10\n{}");
        let err = run(TARGETS, &input, &mut Vec::new()).unwrap_err();
        assert_eq!(err, "case 1: the body of case \"getProject\" is cut short");
        assert!(next_case(b"no newline").is_err());
        assert!(next_case(b"key x\n").unwrap_err().contains("bad case length"));
    }
}
