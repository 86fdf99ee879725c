//! Client error correction: a response that lacks fields the spec marks
//! required still decodes, with each missing field filled with a zero value
//! and the filling recorded.
//!
//! Smithy asks the same of its clients ("client error correction"), and
//! aws-sdk-rust does it: responses shaped by earlier API versions lack
//! fields added later and marked required, and one such field must not
//! lose the whole response.
//!
//! How: a body is first decoded as it is (the fast path, at full speed, for
//! every body that matches its type). Only when that fails with `missing
//! field` does correction start: the body is parsed as JSON, and the missing
//! field is filled with the first zero value the type accepts (`""`, `0`,
//! `false`, `[]`, `{}`, trying them in this order and checking each by
//! decoding; `{}` for a struct then has its own missing fields filled the
//! same way, and an open enum takes `""` as `Unknown("")`). A field missing
//! in one item of an array is filled in every item of that array (one
//! decoding per distinct place, not per item). Anything else (a wrong type,
//! text that is not JSON) is no correction: the original `Error::Decode`
//! stands, with its path and the raw body.
//!
//! A field missing inside an alternative of an untagged union is not
//! corrected: the union's `Unknown` variant takes the raw JSON instead, so
//! nothing is lost, but it is not typed.

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::{Path, Segment};

use crate::client::ClientBuilder;
use crate::error::Error;
use crate::transport::Success;

impl ClientBuilder {
    /// Turns client error correction off (`true`) or on (`false`, the
    /// default). With it on, a 2xx JSON body that lacks fields its type
    /// requires still decodes: each missing field gets a zero value, and is
    /// recorded in [`Response::corrections`](crate::Response::corrections)
    /// and logged as a `tracing` warning naming the operation and the paths.
    /// With strict decoding, such a body is [`Error::Decode`] with the path
    /// and the raw body, as any other body that does not decode.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.limits.strict_decoding = strict;
        self
    }
}

impl Success {
    /// Decodes the whole body into `T` (see `decode_body`); when that fails
    /// only because required fields are missing, and the client does not
    /// decode strictly, fills
    /// them (see the module docs) and returns what was filled.
    pub(crate) fn decode_body_corrected<T: DeserializeOwned>(&self) -> Result<(T, Vec<Correction>), Error> {
        let error = match self.decode_body() {
            Ok(decoded) => return Ok((decoded, Vec::new())),
            Err(error) => error,
        };
        let missing = matches!(&error, Error::Decode(e) if e.message.starts_with("missing field"));
        if self.strict || !missing {
            return Err(error);
        }
        let Some((decoded, corrections)) = decode_corrected::<T>(&self.body) else { return Err(error) };
        let paths: Vec<&str> = corrections.iter().map(|c| c.path.as_str()).collect();
        tracing::warn!(
            operation = self.operation,
            paths = ?paths,
            "response lacked {} required field(s); filled with zero values (client error correction)",
            paths.len()
        );
        Ok((decoded, corrections))
    }
}

/// The zero values tried for a missing field, in order.
const ZEROS: [fn() -> Value; 5] = [
    || Value::String(String::new()),
    || Value::from(0),
    || Value::Bool(false),
    || Value::Array(Vec::new()),
    || Value::Object(serde_json::Map::new()),
];

/// At most this many places (distinct paths, array items counted once) are
/// corrected in one body; past it the original error stands.
const MAX_ROUNDS: usize = 256;

/// One required field the response lacked, filled with a zero value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Correction {
    /// Where the field was missing, as a JSON path, e.g. `deployments[3].creator.createdAt`.
    pub path: String,
    /// The zero value it was given.
    pub filled: Value,
}

impl std::fmt::Display for Correction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.path, self.filled)
    }
}

/// The name in a serde `missing field` message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(name, _)| name)
}

/// One step of a path: a key of an object, or every item of an array.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Items,
}

fn steps(path: &Path) -> Vec<Step> {
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { .. } => Some(Step::Items),
            Segment::Map { key } => Some(Step::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// Appends `.key` or `[i]` to a path string.
fn join(path: &str, step: &str) -> String {
    if path.is_empty() {
        step.to_owned()
    } else if step.starts_with('[') {
        format!("{path}{step}")
    } else {
        format!("{path}.{step}")
    }
}

/// One field [`fill`] inserted: its JSON path, and the JSON pointer of the
/// object it went into (to take it out again).
struct Filled {
    path: String,
    object: String,
}

/// Inserts `field: zero()` into every object reached by `steps` from
/// `node` that lacks it; records each.
fn fill(
    node: &mut Value,
    steps: &[Step],
    at: (&str, &str),
    field: &str,
    zero: fn() -> Value,
    filled: &mut Vec<Filled>,
) {
    let (path, pointer) = at;
    match steps.split_first() {
        None => {
            if let Value::Object(map) = node {
                if !map.contains_key(field) {
                    map.insert(field.to_owned(), zero());
                    filled.push(Filled { path: join(path, field), object: pointer.to_owned() });
                }
            }
        }
        Some((Step::Key(key), rest)) => {
            if let Some(child) = node.as_object_mut().and_then(|m| m.get_mut(key)) {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                fill(child, rest, (&join(path, key), &format!("{pointer}/{escaped}")), field, zero, filled);
            }
        }
        Some((Step::Items, rest)) => {
            if let Value::Array(items) = node {
                for (i, item) in items.iter_mut().enumerate() {
                    let at = (&join(path, &format!("[{i}]"))[..], &format!("{pointer}/{i}")[..]);
                    fill(item, rest, at, field, zero, filled);
                }
            }
        }
    }
}

/// Removes what [`fill`] inserted (and only that).
fn unfill(value: &mut Value, filled: &[Filled], field: &str) {
    for f in filled {
        if let Some(Value::Object(map)) = value.pointer_mut(&f.object) {
            map.remove(field);
        }
    }
}

/// The outcome of decoding the (partly corrected) value.
enum Attempt<T> {
    Decoded(T),
    /// `field` is missing from the objects at `steps`.
    Missing {
        steps: Vec<Step>,
        field: String,
    },
    /// Any other failure, at `steps`.
    Failed {
        steps: Vec<Step>,
    },
}

fn attempt<T: DeserializeOwned>(value: &Value) -> Attempt<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(decoded) => Attempt::Decoded(decoded),
        Err(e) => {
            let steps = steps(e.path());
            match missing_field(&e.inner().to_string()) {
                Some(field) => Attempt::Missing { steps, field: field.to_owned() },
                None => Attempt::Failed { steps },
            }
        }
    }
}

/// Decodes `bytes` into `T`, filling missing required fields (see the
/// module docs); `None` when the body is not JSON or fails for another
/// reason than absent fields. Only called after the plain decoding failed.
pub(crate) fn decode_corrected<T: DeserializeOwned>(bytes: &[u8]) -> Option<(T, Vec<Correction>)> {
    let mut value: Value = serde_json::from_slice(bytes).ok()?;
    let mut corrections = Vec::new();
    let mut current = attempt::<T>(&value);
    for _ in 0..MAX_ROUNDS {
        let (steps, field) = match current {
            Attempt::Decoded(decoded) => return Some((decoded, corrections)),
            Attempt::Failed { .. } => return None,
            Attempt::Missing { steps, field } => (steps, field),
        };
        let target = [steps.clone(), vec![Step::Key(field.clone())]].concat();
        let mut accepted = None;
        for zero in ZEROS {
            let mut filled = Vec::new();
            fill(&mut value, &steps, ("", ""), &field, zero, &mut filled);
            if filled.is_empty() {
                // The error names a place that is not an object of this body: nothing to fill.
                return None;
            }
            let next = attempt::<T>(&value);
            // The zero is of the wrong type when decoding now fails at the field itself
            // (for anything but a struct zero's own missing fields).
            let rejected = matches!(&next, Attempt::Failed { steps } if *steps == target);
            if rejected {
                unfill(&mut value, &filled, &field);
                continue;
            }
            corrections.extend(filled.into_iter().map(|f| Correction { path: f.path, filled: zero() }));
            accepted = Some(next);
            break;
        }
        current = accepted?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        items: Vec<Item>,
        total: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
        meta: Meta,
        tags: Vec<String>,
        #[serde(default)]
        extra: BTreeMap<String, Meta>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Meta {
        #[serde(rename = "createdAt")]
        created_at: f64,
        blocking: bool,
    }

    fn paths(corrections: &[Correction]) -> Vec<String> {
        corrections.iter().map(|c| c.path.clone()).collect()
    }

    #[test]
    fn fills_scalars_structs_lists_in_every_item_and_map_values() {
        let body = br#"{"items":[{"id":"a","meta":{"createdAt":1}},{"id":"b","meta":{"blocking":true},"tags":["x"],"extra":{"k":{"createdAt":2}}}]}"#;
        let (page, corrections) = decode_corrected::<Page>(body).expect("corrected");
        assert_eq!(page.total, 0);
        assert_eq!(page.items[0].meta, Meta { created_at: 1.0, blocking: false });
        assert_eq!(page.items[1].meta, Meta { created_at: 0.0, blocking: true });
        assert_eq!(page.items[0].tags, Vec::<String>::new());
        assert_eq!(page.items[1].tags, ["x"]);
        assert_eq!(page.items[1].extra["k"], Meta { created_at: 2.0, blocking: false });
        let mut found = paths(&corrections);
        found.sort();
        assert_eq!(
            found,
            [
                "items[0].meta.blocking",
                "items[0].tags",
                "items[1].extra.k.blocking",
                "items[1].meta.createdAt",
                "total",
            ]
        );
        let total = corrections.iter().find(|c| c.path == "total").unwrap();
        assert_eq!(total.filled, Value::from(0));
    }

    #[test]
    fn a_missing_struct_is_filled_with_its_own_zero_fields() {
        let (item, corrections) = decode_corrected::<Item>(br#"{"id":"a","tags":[]}"#).unwrap();
        assert_eq!(item.meta, Meta { created_at: 0.0, blocking: false });
        assert_eq!(paths(&corrections), ["meta", "meta.createdAt", "meta.blocking"]);
    }

    #[test]
    fn a_wrong_type_or_non_json_is_not_corrected() {
        assert!(decode_corrected::<Item>(br#"{"id":5,"tags":[]}"#).is_none());
        assert!(decode_corrected::<Item>(br#"{"id":"a","meta":"soon","tags":[]}"#).is_none());
        assert!(decode_corrected::<Item>(b"<html>").is_none());
        assert!(decode_corrected::<Page>(b"[1,2]").is_none());
    }
}
