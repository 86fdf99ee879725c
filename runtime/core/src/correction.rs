//! Client error correction: a response that lacks fields the spec marks
//! required still decodes, with each missing field filled with a zero value
//! and the filling recorded. `vercel-runtime` calls it on every 2xx JSON
//! body and every value of a stream; generated untagged response unions
//! call [`unknown_shape`] so that a value shaped like one of their
//! alternatives, but lacking fields, is corrected into that alternative
//! rather than kept as untyped `Unknown` JSON.
//!
//! Smithy asks the same of its clients ("client error correction"), and
//! aws-sdk-rust does it: responses shaped by earlier API versions lack
//! fields added later and marked required, and one such field must not
//! lose the whole response.
//!
//! **`null` is absent.** A `null` in a field whose type does not take one
//! (a required, non-nullable field; an optional one with a default) is
//! treated like the field being absent: filled with the same zero value and
//! recorded with [`Correction::was_null`] set, so a body of `null`s never
//! decodes into a plausible value without corrections saying so. A `null`
//! the type takes (`Option`, a nullable field) is no correction, and a
//! `null` item of an array is not filled (it stays a decode error).
//!
//! **Absent unions.** A required field whose type is a union, absent (or
//! `null`), becomes the union's `Unknown` variant: an untagged union takes
//! the first zero (`""`) as `Unknown("")`; an internally tagged one takes
//! `{}` and then `""` as its tag, which its `#[serde(other)]` variant
//! accepts (a zero that is not an object is never taken for a value whose
//! own fields are missing).
//!
//! How: a body is first decoded as it is (the fast path, at full speed, for
//! every body that matches its type), under [`watch`]. Correction
//! ([`decode_corrected`]) starts only when that fails with `missing field`,
//! or when `watch` saw a union take `Unknown` for a value that resembles an
//! alternative. The body is parsed as JSON, and each missing field is filled
//! with the first zero value the type accepts (`""`, `0`, `false`, `[]`,
//! `{}`, trying them in this order and checking each by decoding; `{}` for a
//! struct then has its own missing fields filled the same way, and an open
//! enum takes `""` as `Unknown("")`). A field missing in one item of an
//! array is filled in every item of that array (one decoding per distinct
//! place, not per item). Anything else (a wrong type, text that is not JSON)
//! is no correction: the original `Error::Decode` stands, with its path and
//! the raw body.
//!
//! **Unions.** An untagged union tries its alternatives in order and takes
//! `Unknown(raw JSON)` when none fits, so a value of alternative A that
//! lacks a field, and a shape this client does not know, both end there.
//! Correction tells them apart by the alternative's table
//! ([`Alternatives`], generated from the spec): the value is corrected into
//! A only when it
//! 1. is an object whose every key is a property of A (unless A allows
//!    additional properties): a body from an older API version has a subset
//!    of today's properties, a new shape usually has keys of its own;
//! 2. matches every constant of A (a single-valued enum property such as
//!    `type: "github"`; a required one must be present);
//! 3. has at least one of A's required properties;
//! 4. decodes into A once missing fields are filled (it fails for nothing
//!    but absence), and decodes as it is into no alternative.
//!
//! Among the alternatives that qualify, the one needing the fewest fills
//! wins, ties to the first. Everything else stays `Unknown` with the raw
//! JSON, as before. The fills inside the union are recorded with their full
//! path from the body root (`source.branch`, `deployments[3].gitSource.ref`);
//! the same union in the other items of an array on the way is corrected in
//! the same round where each is such a value too.
//!
//! The protocol between the union and the correcting decoder runs through a
//! thread-local mode (plain, watching, correcting), set only for the length
//! of one synchronous decoding: a union decoded in plain mode (by the user's
//! own `serde_json::from_str`, or under `strict_decoding`) behaves exactly as
//! a `#[serde(untagged)]` enum does.

use std::cell::{Cell, RefCell};

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::Deserialize;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

/// One required field the response lacked (or sent as `null` although the
/// spec does not allow it), filled with a zero value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Correction {
    /// Where the field was missing, as a JSON path, e.g. `deployments[3].creator.createdAt`.
    pub path: String,
    /// The zero value it was given.
    pub filled: Value,
    /// The field was there as `null` rather than absent.
    pub was_null: bool,
}

impl Correction {
    /// The same correction with `prefix` (a path such as `[2]` or
    /// `source`) put in front of its path.
    pub fn prefixed(mut self, prefix: &str) -> Correction {
        self.path = join(prefix, &self.path);
        self
    }
}

impl std::fmt::Display for Correction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let was = if self.was_null { " (was null)" } else { "" };
        write!(f, "{} = {}{was}", self.path, self.filled)
    }
}

/// The zero values tried for a missing field, in order.
const ZEROS: [fn() -> Value; 5] = [
    || Value::String(String::new()),
    || Value::from(0),
    || Value::Bool(false),
    || Value::Array(Vec::new()),
    || Value::Object(Map::new()),
];

/// At most this many places (distinct paths, array items counted once) are
/// corrected in one value; past it the original error stands.
const MAX_ROUNDS: usize = 256;

/// At most this many decodings are tried for one body, unions' own
/// corrections included (each may try its alternatives, and values nest):
/// past it, correction gives up and the original result stands.
const MAX_ATTEMPTS: usize = 4096;

/// The message of the error a union returns, in correcting mode, to hand
/// its correction (kept in [`PENDING`]) to the decoder that can place it.
const UNION_CORRECTED: &str = "vercel-runtime-core: union value corrected into an alternative";

/// The message of the error a union returns, in correcting mode, when it
/// cannot be corrected as plain serde would decode it (see [`Choice::Fail`]).
const UNION_FAILED: &str = "vercel-runtime-core: union value not corrected";

/// How serde's untagged enums report that no variant fit (which, for a
/// union whose `Unknown` takes anything, means that [`unknown_shape`]
/// returned [`UNION_CORRECTED`]).
const UNTAGGED_MISMATCH: &str = "data did not match any variant of untagged enum";

/// How untagged unions treat a value none of their alternatives accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `Unknown(raw)`, nothing else (plain serde, strict decoding).
    Plain,
    /// `Unknown(raw)`, and note whether the value resembles an alternative.
    Watch,
    /// Correct the value into the best alternative and report it (see [`Pending`]).
    Correct,
}

/// A union's correction, waiting for the decoder to place it at the union's path.
struct Pending {
    /// The value the union received.
    original: Value,
    /// It, with the chosen alternative's missing fields filled.
    corrected: Value,
    /// The fills, with paths from the union.
    corrections: Vec<Correction>,
    /// The union's alternatives (to correct the same union in other items of an array).
    alternatives: &'static [Alternative],
}

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Plain) };
    static NEAR_MISS: Cell<bool> = const { Cell::new(false) };
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    static ATTEMPTS_LEFT: Cell<usize> = const { Cell::new(MAX_ATTEMPTS) };
}

/// Sets the mode until dropped, then restores the one before.
struct InMode(Mode);

impl InMode {
    fn enter(mode: Mode) -> InMode {
        InMode(MODE.with(|m| m.replace(mode)))
    }
}

impl Drop for InMode {
    fn drop(&mut self) {
        MODE.with(|m| m.set(self.0));
    }
}

/// Runs `decode` (a plain decoding, at full speed) and says whether an
/// untagged union in it took its `Unknown` variant for a value that
/// resembles one of its alternatives (conditions 1 to 3 of the module docs):
/// then [`decode_corrected`] may type it.
pub fn watch<R>(decode: impl FnOnce() -> R) -> (R, bool) {
    let _mode = InMode::enter(Mode::Watch);
    let before = NEAR_MISS.with(|n| n.replace(false));
    let result = decode();
    (result, NEAR_MISS.with(|n| n.replace(before)))
}

/// What correction knows of one struct alternative of an untagged response
/// union (see the module docs). Generated code builds it with
/// [`Alternative::new`] in the union's [`Alternatives`] table.
#[derive(Debug, Clone, Copy)]
pub struct Alternative {
    properties: &'static [&'static str],
    open: bool,
    required: &'static [&'static str],
    constants: &'static [(&'static str, &'static str)],
    correct: Corrector,
}

/// The [`correct_as`] of one alternative's type.
pub type Corrector = fn(Value, bool) -> Option<(Value, Vec<Correction>)>;

impl Alternative {
    /// An alternative with these JSON property names (`open`: other
    /// properties are allowed too), these required ones (as the spec marks
    /// them, nullable or not), these single-valued enum properties
    /// (`("type", "github")`), and its [`correct_as`] function.
    pub const fn new(
        properties: &'static [&'static str],
        open: bool,
        required: &'static [&'static str],
        constants: &'static [(&'static str, &'static str)],
        correct: Corrector,
    ) -> Alternative {
        Alternative { properties, open, required, constants, correct }
    }

    /// Conditions 1 to 3 of the module docs.
    fn resembles(&self, object: &Map<String, Value>) -> bool {
        let constants = self.constants.iter().all(|(name, value)| match object.get(*name) {
            Some(found) => found.as_str() == Some(value),
            None => !self.required.contains(name),
        });
        constants
            && (self.open || object.keys().all(|k| self.properties.contains(&k.as_str())))
            && self.required.iter().any(|r| object.contains_key(*r))
    }
}

/// An untagged response union whose `Unknown` variant is decoded with
/// [`unknown_shape`]. Implemented by generated code.
pub trait Alternatives {
    /// The union's struct alternatives, in the order untagged decoding tries them.
    const ALTERNATIVES: &'static [Alternative];
}

/// Decodes the `Unknown` variant of the untagged union `U`: the raw JSON,
/// as a plain `serde_json::Value` field would; while the runtime corrects a
/// response, a value that qualifies for an alternative (module docs) is
/// corrected into it instead. Named by the generated
/// `#[serde(deserialize_with = "...")]` of that variant.
pub fn unknown_shape<'de, U: Alternatives, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    let value = Value::deserialize(deserializer)?;
    match MODE.with(Cell::get) {
        Mode::Plain => {}
        Mode::Watch => {
            if matches!(&value, Value::Object(o) if U::ALTERNATIVES.iter().any(|a| a.resembles(o))) {
                NEAR_MISS.with(|n| n.set(true));
            }
        }
        Mode::Correct => match best(U::ALTERNATIVES, &value) {
            Choice::Into(corrected, corrections) => {
                let pending = Pending { original: value, corrected, corrections, alternatives: U::ALTERNATIVES };
                PENDING.with(|p| *p.borrow_mut() = Some(pending));
                return Err(D::Error::custom(UNION_CORRECTED));
            }
            Choice::Unknown => {
                PENDING.with(|p| p.borrow_mut().take());
            }
            Choice::Fail => {
                PENDING.with(|p| p.borrow_mut().take());
                return Err(D::Error::custom(UNION_FAILED));
            }
        },
    }
    Ok(value)
}

/// For [`Alternative::new`]: with `fill`, `value` corrected into `T` (the
/// filled value and the fills); without, `value` unchanged with no fills
/// when it decodes into `T` as it is (as plain serde decodes it: unions
/// inside taking `Unknown`). `None` when it does not decode.
pub fn correct_as<T: DeserializeOwned>(value: Value, fill: bool) -> Option<(Value, Vec<Correction>)> {
    if fill {
        correct_value::<T>(value, Mode::Correct).map(|(_, value, corrections)| (value, corrections))
    } else {
        let _mode = InMode::enter(Mode::Plain);
        matches!(attempt::<T>(&value), Attempt::Decoded(_)).then(|| (value, Vec::new()))
    }
}

/// What a union does with a value none of its alternatives took in correcting mode.
enum Choice {
    /// Correct it into an alternative: the corrected value and the fills.
    Into(Value, Vec<Correction>),
    /// Keep it as `Unknown`: no alternative qualifies.
    Unknown,
    /// Fail: an alternative takes it as it is, but what made it fail in
    /// correcting mode cannot be corrected (then the body is corrected
    /// again with unions left as plain serde decodes them).
    Fail,
}

/// The alternative `value` is corrected into, if any (module docs).
fn best(alternatives: &[Alternative], value: &Value) -> Choice {
    let Value::Object(object) = value else { return Choice::Unknown };
    // An alternative that takes the value as it is (a union inside it taking
    // `Unknown`) is the one untagged decoding takes: correct only inside it.
    if let Some(taken) = alternatives.iter().find(|a| (a.correct)(value.clone(), false).is_some()) {
        return match (taken.correct)(value.clone(), true) {
            Some((corrected, fills)) if !fills.is_empty() => Choice::Into(corrected, fills),
            _ => Choice::Fail,
        };
    }
    let mut found: Option<(Value, Vec<Correction>)> = None;
    for alternative in alternatives.iter().filter(|a| a.resembles(object)) {
        if let Some((corrected, corrections)) = (alternative.correct)(value.clone(), true) {
            let fewer = match &found {
                Some((_, so_far)) => corrections.len() < so_far.len(),
                None => true,
            };
            if fewer {
                found = Some((corrected, corrections));
            }
        }
    }
    match found {
        Some((corrected, fills)) => Choice::Into(corrected, fills),
        None => Choice::Unknown,
    }
}

/// Whether a serde message says a `null` was given where the type takes none
/// (`invalid type: null, expected a string`).
pub fn is_null_rejected(message: &str) -> bool {
    message.starts_with("invalid type: null")
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

/// One step of an exact path: a key, or one item of an array.
#[derive(Debug, Clone, PartialEq)]
enum Exact {
    Key(String),
    Index(usize),
}

fn exact(path: &serde_path_to_error::Path) -> Vec<Exact> {
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(Exact::Index(*index)),
            Segment::Map { key } => Some(Exact::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// `exact` with every array index standing for all items.
fn general(exact: &[Exact]) -> Vec<Step> {
    exact
        .iter()
        .map(|s| match s {
            Exact::Key(key) => Step::Key(key.clone()),
            Exact::Index(_) => Step::Items,
        })
        .collect()
}

/// Appends `step` (`key`, `[i]`, or a path such as `a.b[2]`) to a path string.
fn join(path: &str, step: &str) -> String {
    if path.is_empty() {
        step.to_owned()
    } else if step.is_empty() {
        path.to_owned()
    } else if step.starts_with('[') {
        format!("{path}{step}")
    } else {
        format!("{path}.{step}")
    }
}

/// `key` as one JSON pointer token.
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The JSON path and the JSON pointer of an exact path.
fn locate(exact: &[Exact]) -> (String, String) {
    exact.iter().fold((String::new(), String::new()), |(path, pointer), s| match s {
        Exact::Key(key) => (join(&path, key), format!("{pointer}/{}", token(key))),
        Exact::Index(i) => (join(&path, &format!("[{i}]")), format!("{pointer}/{i}")),
    })
}

/// Every node reached by `steps` from `node`: its JSON path and JSON pointer.
fn reach(node: &Value, steps: &[Step], at: (&str, &str), out: &mut Vec<(String, String)>) {
    let (path, pointer) = at;
    match steps.split_first() {
        None => out.push((path.to_owned(), pointer.to_owned())),
        Some((Step::Key(key), rest)) => {
            if let Some(child) = node.as_object().and_then(|m| m.get(key)) {
                reach(child, rest, (&join(path, key), &format!("{pointer}/{}", token(key))), out);
            }
        }
        Some((Step::Items, rest)) => {
            if let Value::Array(items) = node {
                for (i, item) in items.iter().enumerate() {
                    reach(item, rest, (&join(path, &format!("[{i}]")), &format!("{pointer}/{i}")), out);
                }
            }
        }
    }
}

/// One field [`fill`] set: its JSON path, and the JSON pointer of the
/// object it went into (to take it out again).
struct Filled {
    path: String,
    object: String,
}

/// What a field that [`fill`] fills looks like: absent, or `null` where the
/// type does not allow it (treated like absent, see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    Absent,
    Null,
}

impl Gap {
    /// Whether `field` of `map` is this kind of gap.
    fn at(self, map: &Map<String, Value>, field: &str) -> bool {
        match self {
            Gap::Absent => !map.contains_key(field),
            Gap::Null => map.get(field).is_some_and(Value::is_null),
        }
    }
}

/// Sets `field: zero()` in every object reached by `steps` from the root of
/// `value` where the field is `gap`; records each.
fn fill(value: &mut Value, steps: &[Step], field: &str, gap: Gap, zero: fn() -> Value) -> Vec<Filled> {
    let mut objects = Vec::new();
    reach(value, steps, ("", ""), &mut objects);
    let mut filled = Vec::new();
    for (path, pointer) in objects {
        if let Some(Value::Object(map)) = value.pointer_mut(&pointer) {
            if gap.at(map, field) {
                map.insert(field.to_owned(), zero());
                filled.push(Filled { path: join(&path, field), object: pointer });
            }
        }
    }
    filled
}

/// Undoes what [`fill`] set (and only that): the field absent or `null` again.
fn unfill(value: &mut Value, filled: &[Filled], field: &str, gap: Gap) {
    for f in filled {
        if let Some(Value::Object(map)) = value.pointer_mut(&f.object) {
            match gap {
                Gap::Absent => map.remove(field),
                Gap::Null => map.insert(field.to_owned(), Value::Null),
            };
        }
    }
}

/// The outcome of decoding the (partly corrected) value.
enum Attempt<T> {
    Decoded(T),
    /// `field` is missing (or `null` where its type does not allow it,
    /// as `gap` says) in the objects at `steps`.
    Missing {
        steps: Vec<Step>,
        field: String,
        gap: Gap,
    },
    /// A union at `at` corrected its value into an alternative.
    Union {
        at: Vec<Exact>,
        pending: Pending,
    },
    /// Any other failure, at `steps`.
    Failed {
        steps: Vec<Step>,
    },
}

fn attempt<T: DeserializeOwned>(value: &Value) -> Attempt<T> {
    let left = ATTEMPTS_LEFT.with(|n| n.replace(n.get().saturating_sub(1)));
    if left == 0 {
        return Attempt::Failed { steps: Vec::new() };
    }
    // Decoded from the value's JSON text, not from the `Value` itself: the
    // same instantiation of `T`'s deserializer as the runtime's path-tracking
    // decode (`serde_path_to_error` over a slice). Deserializing from `&Value`
    // was a third copy of every response type's decoding, compiled into every
    // generated crate that makes a stream (a third of `vercel-projects`'
    // functions); the text costs one serialisation per attempt, on this path only.
    let Ok(text) = serde_json::to_vec(value) else {
        return Attempt::Failed { steps: Vec::new() };
    };
    PENDING.with(|p| p.borrow_mut().take());
    let result = serde_path_to_error::deserialize::<_, T>(&mut serde_json::Deserializer::from_slice(&text));
    let pending = PENDING.with(|p| p.borrow_mut().take());
    match result {
        Ok(decoded) => Attempt::Decoded(decoded),
        Err(e) => {
            let message = without_position(e.inner());
            // serde's untagged enums replace their variants' errors with their own.
            let from_union = message == UNION_CORRECTED || message.starts_with(UNTAGGED_MISMATCH);
            match (from_union, pending) {
                (true, Some(pending)) => Attempt::Union { at: exact(e.path()), pending },
                _ => {
                    let at = exact(e.path());
                    match (missing_field(&message), at.split_last()) {
                        (Some(field), _) => {
                            Attempt::Missing { steps: general(&at), field: field.to_owned(), gap: Gap::Absent }
                        }
                        // A `null` the field's type does not take: its path ends with the field.
                        (None, Some((Exact::Key(field), object))) if is_null_rejected(&message) => {
                            Attempt::Missing { steps: general(object), field: field.clone(), gap: Gap::Null }
                        }
                        (None, _) => Attempt::Failed { steps: general(&at) },
                    }
                }
            }
        }
    }
}

/// The message of a decoding error without serde_json's ` at line L column C`,
/// which a decoding from text appends (the messages are matched above).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// Puts a union's correction in place at `at`, and corrects the same union
/// in the other items of the arrays on the way where it qualifies too.
/// `None` when `at` is not where the union's value is (a union decoded
/// from a buffer, e.g. inside an internally tagged union, reports the
/// buffer's place): then nothing can be placed.
fn place(value: &mut Value, at: &[Exact], pending: Pending, corrections: &mut Vec<Correction>) -> Option<()> {
    let (path, pointer) = locate(at);
    let node = value.pointer_mut(&pointer)?;
    if *node != pending.original {
        return None;
    }
    *node = pending.corrected;
    corrections.extend(pending.corrections.into_iter().map(|c| c.prefixed(&path)));
    if at.iter().any(|s| matches!(s, Exact::Index(_))) {
        let mut others = Vec::new();
        reach(value, &general(at), ("", ""), &mut others);
        for (path, pointer) in others {
            let Some(node) = value.pointer_mut(&pointer) else { continue };
            // The one just placed decodes as it is now, so `best` passes it by.
            if let Choice::Into(corrected, fills) = best(pending.alternatives, node) {
                *node = corrected;
                corrections.extend(fills.into_iter().map(|c| c.prefixed(&path)));
            }
        }
    }
    Some(())
}

/// Decodes `bytes` into `T`, filling missing required fields and typing
/// union values that lack them (see the module docs); `None` when the body
/// is not JSON or fails for another reason than absent fields.
pub fn decode_corrected<T: DeserializeOwned>(bytes: &[u8]) -> Option<(T, Vec<Correction>)> {
    let value: Value = serde_json::from_slice(bytes).ok()?;
    ATTEMPTS_LEFT.with(|n| n.set(MAX_ATTEMPTS));
    // Should a union correction fail to be placed, the fields outside unions are still corrected.
    let corrected = correct_value::<T>(value.clone(), Mode::Correct).or_else(|| {
        ATTEMPTS_LEFT.with(|n| n.set(MAX_ATTEMPTS));
        correct_value::<T>(value, Mode::Plain)
    });
    corrected.map(|(decoded, _, corrections)| (decoded, corrections))
}

/// [`decode_corrected`] of a parsed value, with unions in `mode`; also
/// returns the filled value.
fn correct_value<T: DeserializeOwned>(mut value: Value, mode: Mode) -> Option<(T, Value, Vec<Correction>)> {
    let _mode = InMode::enter(mode);
    let mut corrections = Vec::new();
    let mut current = attempt::<T>(&value);
    for _ in 0..MAX_ROUNDS {
        let (steps, field, gap) = match current {
            Attempt::Decoded(decoded) => return Some((decoded, value, corrections)),
            Attempt::Failed { .. } => return None,
            Attempt::Union { at, pending } => {
                place(&mut value, &at, pending, &mut corrections)?;
                current = attempt::<T>(&value);
                continue;
            }
            Attempt::Missing { steps, field, gap } => (steps, field, gap),
        };
        let target = [steps.clone(), vec![Step::Key(field.clone())]].concat();
        let mut accepted = None;
        for zero in ZEROS {
            let filled = fill(&mut value, &steps, &field, gap, zero);
            if filled.is_empty() {
                // The error names a place that is not an object of this body: nothing to fill.
                return None;
            }
            let next = attempt::<T>(&value);
            // The zero is of the wrong type when decoding now fails at the field itself
            // (for anything but a struct zero's own missing fields: only an object has
            // fields to fill; an internally tagged union reads `[]` as lacking its tag).
            let rejected = match &next {
                Attempt::Failed { steps } => *steps == target,
                Attempt::Missing { steps, .. } => *steps == target && !zero().is_object(),
                _ => false,
            };
            if rejected {
                unfill(&mut value, &filled, &field, gap);
                continue;
            }
            let was_null = gap == Gap::Null;
            corrections.extend(filled.into_iter().map(|f| Correction { path: f.path, filled: zero(), was_null }));
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

    /// The messages matched by `attempt` come from decoding text, which
    /// appends a position; it is cut, custom messages included.
    #[test]
    fn messages_of_text_decoding_lose_their_position() {
        let custom = serde_json::from_str::<Meta>(r#"{"a": 1}"#).err().unwrap();
        assert!(custom.line() > 0 && custom.to_string().contains(" at line "), "{custom}");
        assert!(!without_position(&custom).contains(" at line "), "{}", without_position(&custom));
        assert!(without_position(&custom).starts_with("missing field `"));
        let error = serde_json::from_str::<String>("null").err().unwrap();
        assert_eq!(without_position(&error), "invalid type: null, expected a string");
    }

    #[test]
    fn a_wrong_type_or_non_json_is_not_corrected() {
        assert!(decode_corrected::<Item>(br#"{"id":5,"tags":[]}"#).is_none());
        assert!(decode_corrected::<Item>(br#"{"id":"a","meta":"soon","tags":[]}"#).is_none());
        assert!(decode_corrected::<Item>(b"<html>").is_none());
        assert!(decode_corrected::<Page>(b"[1,2]").is_none());
    }

    // A union as the generator emits it for responses.
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Source {
        Github(Github),
        Gitlab(Gitlab),
        #[serde(deserialize_with = "unknown_shape::<Source, _>")]
        Unknown(Value),
    }

    impl Alternatives for Source {
        const ALTERNATIVES: &'static [Alternative] = &[
            Alternative::new(
                &["type", "repo", "meta"],
                false,
                &["type", "repo", "meta"],
                &[("type", "github")],
                correct_as::<Github>,
            ),
            Alternative::new(
                &["type", "project", "ref"],
                false,
                &["type", "project", "ref"],
                &[("type", "gitlab")],
                correct_as::<Gitlab>,
            ),
        ];
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Github {
        r#type: String,
        repo: String,
        meta: Meta,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Gitlab {
        r#type: String,
        project: i64,
        r#ref: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Deployment {
        sources: Vec<Source>,
    }

    #[test]
    fn a_union_value_lacking_fields_is_corrected_into_its_alternative_in_every_item() {
        let body = br#"{"sources":[
            {"type":"gitlab","project":1,"ref":"main"},
            {"type":"github","meta":{"createdAt":1}},
            {"type":"gitlab","project":2},
            {"type":"github","repo":"b"},
            {"type":"bitbucket","repo":"c"}
        ]}"#;
        let plain: Deployment = serde_json::from_slice(body).unwrap();
        assert!(matches!(plain.sources[1], Source::Unknown(_)), "plain serde keeps Unknown: {plain:?}");
        let (watched, near_miss) = watch(|| serde_json::from_slice::<Deployment>(body).unwrap());
        assert_eq!(watched, plain);
        assert!(near_miss);

        let (d, corrections) = decode_corrected::<Deployment>(body).unwrap();
        let meta = |created_at, blocking| Meta { created_at, blocking };
        assert_eq!(
            d.sources[1],
            Source::Github(Github { r#type: "github".into(), repo: String::new(), meta: meta(1.0, false) })
        );
        assert_eq!(d.sources[2], Source::Gitlab(Gitlab { r#type: "gitlab".into(), project: 2, r#ref: String::new() }));
        assert_eq!(
            d.sources[3],
            Source::Github(Github { r#type: "github".into(), repo: "b".into(), meta: meta(0.0, false) })
        );
        // An unknown constant: a new shape, kept.
        assert_eq!(d.sources[4], Source::Unknown(serde_json::json!({"type": "bitbucket", "repo": "c"})));
        let mut found = paths(&corrections);
        found.sort();
        assert_eq!(
            found,
            [
                "sources[1].meta.blocking",
                "sources[1].repo",
                "sources[2].ref",
                "sources[3].meta",
                "sources[3].meta.blocking",
                "sources[3].meta.createdAt",
            ]
        );
    }

    #[test]
    fn a_new_shape_stays_unknown() {
        for raw in [
            // A key the alternative does not have.
            serde_json::json!({"type": "github", "repo": "a", "mirror": true}),
            // A required constant missing.
            serde_json::json!({"repo": "a", "meta": {"createdAt": 1, "blocking": true}}),
            // A wrong type is no absence.
            serde_json::json!({"type": "github", "repo": 5}),
            serde_json::json!("text"),
        ] {
            let body = serde_json::to_vec(&serde_json::json!({ "sources": [raw.clone()] })).unwrap();
            let (plain, _) = watch(|| serde_json::from_slice::<Deployment>(&body).unwrap());
            assert_eq!(plain.sources, [Source::Unknown(raw.clone())]);
            if let Some((d, corrections)) = decode_corrected::<Deployment>(&body) {
                assert_eq!(d.sources, [Source::Unknown(raw)]);
                assert!(corrections.is_empty(), "{corrections:?}");
            }
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Span {
        Range(Range),
        #[serde(deserialize_with = "unknown_shape::<Span, _>")]
        Unknown(Value),
    }

    impl Alternatives for Span {
        const ALTERNATIVES: &'static [Alternative] =
            &[Alternative::new(&["from", "to", "note"], false, &["from", "to"], &[], correct_as::<Range>)];
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Range {
        from: i64,
        to: i64,
        note: Option<String>,
    }

    #[test]
    fn a_value_with_none_of_the_required_properties_stays_unknown() {
        let (span, corrections) = decode_corrected::<Vec<Span>>(br#"[{"note":"n"},{"to":4}]"#).unwrap();
        assert_eq!(span[0], Span::Unknown(serde_json::json!({"note": "n"})));
        assert_eq!(span[1], Span::Range(Range { from: 0, to: 4, note: None }));
        assert_eq!(paths(&corrections), ["[1].from"]);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Shape {
        Wide(Wide),
        Narrow(Narrow),
        #[serde(deserialize_with = "unknown_shape::<Shape, _>")]
        Unknown(Value),
    }

    impl Alternatives for Shape {
        const ALTERNATIVES: &'static [Alternative] = &[
            Alternative::new(&["a", "b", "c"], false, &["a", "b", "c"], &[], correct_as::<Wide>),
            Alternative::new(&["a", "b"], false, &["a", "b"], &[], correct_as::<Narrow>),
        ];
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Wide {
        a: i64,
        b: i64,
        c: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Narrow {
        a: i64,
        b: i64,
    }

    #[test]
    fn a_null_in_a_field_that_takes_none_is_filled_like_an_absent_one() {
        let body = br#"{"items":[{"id":null,"meta":{"createdAt":null,"blocking":true},"tags":null}],"total":null}"#;
        let (page, corrections) = decode_corrected::<Page>(body).expect("corrected");
        assert_eq!(page.items[0].id, "");
        assert_eq!(page.items[0].meta, Meta { created_at: 0.0, blocking: true });
        assert_eq!(page.total, 0);
        let mut found: Vec<_> = corrections.iter().map(|c| (c.path.as_str(), c.was_null)).collect();
        found.sort();
        assert_eq!(
            found,
            [("items[0].id", true), ("items[0].meta.createdAt", true), ("items[0].tags", true), ("total", true)]
        );
        // `null` in a field whose type takes it is no correction.
        let (span, corrections) = decode_corrected::<Vec<Span>>(br#"[{"from":1,"to":2,"note":null}]"#).unwrap();
        assert_eq!(span[0], Span::Range(Range { from: 1, to: 2, note: None }));
        assert!(corrections.is_empty(), "{corrections:?}");
    }

    #[test]
    fn a_null_in_a_union_alternative_is_corrected_into_it() {
        let body = br#"{"sources":[{"type":"gitlab","project":null,"ref":"main"}]}"#;
        let (d, corrections) = decode_corrected::<Deployment>(body).unwrap();
        assert_eq!(d.sources[0], Source::Gitlab(Gitlab { r#type: "gitlab".into(), project: 0, r#ref: "main".into() }));
        assert_eq!(
            corrections.iter().map(|c| (c.path.as_str(), c.was_null)).collect::<Vec<_>>(),
            [("sources[0].project", true)]
        );
    }

    #[test]
    fn every_field_null_is_reported_field_by_field() {
        let (item, corrections) =
            decode_corrected::<Item>(br#"{"id":null,"meta":null,"tags":null,"extra":null}"#).unwrap();
        assert_eq!(item.id, "");
        let mut found = paths(&corrections);
        found.sort();
        assert_eq!(found, ["extra", "id", "meta", "meta.blocking", "meta.createdAt", "tags"]);
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Drain {
        id: String,
        source: Source,
        kind: Kind,
    }

    /// A discriminated union as the generator emits it.
    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(tag = "kind")]
    enum Kind {
        #[serde(rename = "self-served")]
        SelfServed(Box<Narrow>),
        #[serde(other)]
        Unknown,
    }

    #[test]
    fn an_absent_union_field_is_its_unknown_variant() {
        let (drain, corrections) = decode_corrected::<Drain>(br#"{"id":"d"}"#).unwrap();
        assert_eq!(drain.kind, Kind::Unknown);
        assert!(matches!(drain.source, Source::Unknown(_)), "{drain:?}");
        let mut found = paths(&corrections);
        found.sort();
        assert_eq!(found, ["kind", "kind.kind", "source"], "{corrections:?}");
    }

    #[test]
    fn the_alternative_needing_fewest_fills_wins() {
        let (shapes, corrections) = decode_corrected::<Vec<Shape>>(br#"[{"a":1}, {"a":1,"c":2}, {}]"#).unwrap();
        assert_eq!(shapes[0], Shape::Narrow(Narrow { a: 1, b: 0 }));
        assert_eq!(shapes[1], Shape::Wide(Wide { a: 1, b: 0, c: 2 }));
        assert_eq!(shapes[2], Shape::Unknown(serde_json::json!({})));
        assert_eq!(paths(&corrections), ["[0].b", "[1].b"]);
    }
}
