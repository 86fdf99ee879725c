//! Forward compatibility: responses valid for a newer spec, decoded with the
//! types generated from an older one.
//!
//! The program's table has one [`Case`] per operation both specs have; it
//! prints ``FAIL <operationId>: at `<path>`: <message>`` per failure, then
//! `forward-compat: N/M operations decode`, and exits 1 if any failed.

use serde::de::DeserializeOwned;
use std::process::ExitCode;

/// One operation's sample response and the decoder of its (old) response type.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The operationId.
    pub id: &'static str,
    /// The sample response body (JSON).
    pub sample: &'static str,
    /// [`decode`] with the operation's response type.
    pub decode: fn(&str) -> Result<(), String>,
}

/// Decodes `text` as `T`; the error names the path of the field that failed.
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<(), String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, T>(de).map(|_| ()).map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))
}

/// The lines the program prints for `cases` (the last one the summary), and whether all decoded.
pub fn check(cases: &[Case]) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut passed = 0;
    for case in cases {
        match (case.decode)(case.sample) {
            Ok(()) => passed += 1,
            Err(why) => lines.push(format!("FAIL {}: {why}", case.id)),
        }
    }
    lines.push(format!("forward-compat: {passed}/{} operations decode", cases.len()));
    (lines, passed == cases.len())
}

/// The program's `main`: prints [`check`]'s lines.
pub fn main(cases: &[Case]) -> ExitCode {
    let (lines, ok) = check(cases);
    for line in lines {
        println!("{line}");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Project {
        id: String,
        count: u32,
    }

    #[test]
    fn a_failure_names_the_operation_and_the_field_path() {
        let cases = [
            Case { id: "getProject", sample: r#"{"id": "p", "count": 1}"#, decode: decode::<Project> },
            Case { id: "listProjects", sample: r#"{"id": "p", "count": "many"}"#, decode: decode::<Project> },
        ];
        let (lines, ok) = check(&cases);
        assert!(!ok);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("FAIL listProjects: at `count`: invalid type"), "{lines:?}");
        assert_eq!(lines[1], "forward-compat: 1/2 operations decode");
        assert!(check(&cases[..1]).1);
    }
}
