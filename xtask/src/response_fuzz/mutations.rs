//! Random mutations of a JSON response body, deterministic per seed: what a
//! server that does not follow the spec sends instead of a valid body.
//!
//! Kinds ([`Kind`]): delete a key, change a value's JSON type, give a number
//! an odd value, append unknown keys, put an unknown value where an enum
//! string was, wrap a value in arrays or objects (now and then deeper than
//! any decoder's recursion limit), truncate the text. One case applies one
//! to three of them; a truncation always comes last (it works on the text).

use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One kind of mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Remove one key of an object.
    DeleteKey,
    /// Replace a value by one of another JSON type.
    Retype,
    /// Give a number a value its type may not hold (negative, fractional, huge).
    OddNumber,
    /// Add keys no schema lists to an object.
    UnknownKeys,
    /// Replace an enum string (any string when the body holds none) by a value no enum lists.
    UnknownEnum,
    /// Wrap a value in arrays or objects.
    Nest,
    /// Cut the text short.
    Truncate,
}

/// Every kind, each equally likely.
pub const KINDS: [Kind; 7] =
    [Kind::DeleteKey, Kind::Retype, Kind::OddNumber, Kind::UnknownKeys, Kind::UnknownEnum, Kind::Nest, Kind::Truncate];

/// How deep a pathological nesting goes: past serde_json's recursion limit (128).
pub const DEEP_NESTING: usize = 200;

/// A mutated body and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mutated {
    /// The body's bytes (after a truncation, possibly not JSON or not UTF-8).
    pub body: Vec<u8>,
    /// What was done, in order, `; `-separated (`delete /a/b; truncate at 12 of 40`).
    pub what: String,
}

/// Applies one to three random mutations to `sample`. `enum_strings` are the
/// string values the spec's enums list (where the sample holds one, an
/// [`Kind::UnknownEnum`] mutation replaces it).
pub fn mutate(sample: &Value, enum_strings: &BTreeSet<String>, rng: &mut fastrand::Rng) -> Mutated {
    let mut value = sample.clone();
    let mut kinds: Vec<Kind> = (0..rng.usize(1..=3)).map(|_| KINDS[rng.usize(..KINDS.len())]).collect();
    // A truncation works on the text, so it is the last step (and happens once).
    let truncate = kinds.contains(&Kind::Truncate);
    kinds.retain(|k| *k != Kind::Truncate);
    let mut what: Vec<String> = kinds.iter().map(|&k| apply(&mut value, k, enum_strings, rng)).collect();
    let mut body = serde_json::to_vec(&value).expect("a JSON value serialises");
    if truncate {
        let at = rng.usize(..body.len());
        what.push(format!("truncate at {at} of {}", body.len()));
        body.truncate(at);
    }
    Mutated { body, what: what.join("; ") }
}

/// Applies one structural mutation; returns what it did.
pub fn apply(value: &mut Value, kind: Kind, enum_strings: &BTreeSet<String>, rng: &mut fastrand::Rng) -> String {
    let nodes = nodes(value);
    let pick = |rng: &mut fastrand::Rng, f: &dyn Fn(&Value) -> bool| -> Option<String> {
        let candidates: Vec<&(String, &Value)> = nodes.iter().filter(|(_, v)| f(v)).collect();
        (!candidates.is_empty()).then(|| candidates[rng.usize(..candidates.len())].0.clone())
    };
    match kind {
        Kind::DeleteKey => {
            // Every key of every object equally likely.
            let members: Vec<(String, String)> = nodes
                .iter()
                .filter_map(|(at, v)| v.as_object().map(|m| (at, m)))
                .flat_map(|(at, m)| m.keys().map(move |k| (at.clone(), k.clone())))
                .collect();
            if members.is_empty() {
                return apply(value, Kind::Retype, enum_strings, rng);
            }
            let (at, key) = &members[rng.usize(..members.len())];
            if let Some(Value::Object(map)) = value.pointer_mut(at) {
                map.shift_remove(key);
            }
            format!("delete {at}/{}", escape(key))
        }
        Kind::Retype => {
            let at = pick(rng, &|_: &Value| true).unwrap_or_default();
            let node = value.pointer_mut(&at).expect("a node of the value");
            let others: Vec<Value> = [
                Value::Null,
                Value::Bool(true),
                json!(42),
                json!("fuzz"),
                json!([]),
                json!({}),
                json!([1, "two", null]),
                json!({ "fuzz": 1 }),
            ]
            .into_iter()
            .filter(|v| type_name(v) != type_name(node))
            .collect();
            let new = others[rng.usize(..others.len())].clone();
            let old = type_name(node);
            let label = format!("retype {} ({old} -> {new})", shown(&at));
            *node = new;
            label
        }
        Kind::OddNumber => {
            let Some(at) = pick(rng, &Value::is_number) else { return apply(value, Kind::Retype, enum_strings, rng) };
            let odd =
                [json!(-1), json!(1.5), json!(-0.0), json!(1e300), json!(18446744073709551615u64), json!(i64::MIN)];
            let new = odd[rng.usize(..odd.len())].clone();
            let label = format!("number {} = {new}", shown(&at));
            *value.pointer_mut(&at).expect("a node of the value") = new;
            label
        }
        Kind::UnknownKeys => {
            let Some(at) = pick(rng, &Value::is_object) else { return apply(value, Kind::Nest, enum_strings, rng) };
            let Some(Value::Object(map)) = value.pointer_mut(&at) else { unreachable!("picked an object") };
            let count = rng.usize(1..=3);
            for i in 0..count {
                let extra =
                    [json!("x"), json!(7), json!(null), json!([{ "deep": [1] }]), json!({ "a": { "b": true } })];
                map.insert(format!("fuzzUnknown{i}"), extra[rng.usize(..extra.len())].clone());
            }
            format!("unknown keys {} (+{count})", shown(&at))
        }
        Kind::UnknownEnum => {
            let enum_at = pick(rng, &|v| v.as_str().is_some_and(|s| enum_strings.contains(s)));
            let Some(at) = enum_at.or_else(|| pick(rng, &Value::is_string)) else {
                return apply(value, Kind::Retype, enum_strings, rng);
            };
            let new = format!("fuzz-unknown-value-{}", rng.u16(..));
            let label = format!("enum {} = {new:?}", shown(&at));
            *value.pointer_mut(&at).expect("a node of the value") = Value::String(new);
            label
        }
        Kind::Nest => {
            let at = pick(rng, &|_: &Value| true).unwrap_or_default();
            let depth = if rng.usize(..20) == 0 { DEEP_NESTING } else { rng.usize(1..=3) };
            let in_array = rng.bool();
            let node = value.pointer_mut(&at).expect("a node of the value");
            let mut wrapped = node.take();
            for _ in 0..depth {
                wrapped = if in_array { Value::Array(vec![wrapped]) } else { json!({ "nested": wrapped }) };
            }
            *node = wrapped;
            format!("nest {} in {depth} {}", shown(&at), if in_array { "arrays" } else { "objects" })
        }
        Kind::Truncate => unreachable!("a truncation works on the text (see `mutate`)"),
    }
}

/// Every node of `value` with its JSON pointer, in document order.
fn nodes(value: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((at, node)) = stack.pop() {
        match node {
            Value::Object(map) => {
                for (k, v) in map.iter().rev() {
                    stack.push((format!("{at}/{}", escape(k)), v));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    stack.push((format!("{at}/{i}"), v));
                }
            }
            _ => {}
        }
        out.push((at, node));
    }
    out
}

/// A JSON pointer for descriptions: the root (`""`) as `(root)`.
fn shown(at: &str) -> &str {
    if at.is_empty() {
        "(root)"
    } else {
        at
    }
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The string values of every `enum` in `doc` (a spec).
pub fn enum_strings(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    out.extend(values.iter().filter_map(Value::as_str).map(String::from));
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        json!({ "id": "d1", "state": "READY", "size": 3, "tags": ["a"], "meta": { "createdAt": 1, "ok": true } })
    }

    /// The pointer a description names (`(root)` is `""`).
    fn named(what: &str, prefix: &str) -> String {
        let at = what[prefix.len()..].split(' ').next().unwrap();
        if at == "(root)" {
            String::new()
        } else {
            at.to_string()
        }
    }

    fn enums() -> BTreeSet<String> {
        ["READY".to_string()].into_iter().collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_cases() {
        let run = |seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            (0..50).map(|_| mutate(&sample(), &enums(), &mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn each_kind_does_what_it_says() {
        let mut rng = fastrand::Rng::with_seed(1);
        for _ in 0..40 {
            let mut v = sample();
            let what = apply(&mut v, Kind::DeleteKey, &enums(), &mut rng);
            assert!(what.starts_with("delete "), "{what}");
            let (parent, key) = what["delete ".len()..].rsplit_once('/').unwrap();
            assert!(v.pointer(parent).unwrap().get(key).is_none(), "{what}: {v}");
            assert!(sample().pointer(parent).unwrap().get(key).is_some(), "{what}");

            let mut v = sample();
            let what = apply(&mut v, Kind::UnknownEnum, &enums(), &mut rng);
            assert!(
                what.starts_with("enum /state = \"fuzz-unknown-value-"),
                "the enum string is the one replaced: {what}"
            );

            let mut v = sample();
            let what = apply(&mut v, Kind::Retype, &enums(), &mut rng);
            let at = named(&what, "retype ");
            assert_ne!(type_name(v.pointer(&at).unwrap()), type_name(sample().pointer(&at).unwrap()), "{what}");

            let mut v = sample();
            let what = apply(&mut v, Kind::UnknownKeys, &enums(), &mut rng);
            let at = named(&what, "unknown keys ");
            assert!(v.pointer(&at).unwrap().get("fuzzUnknown0").is_some(), "{what}: {v}");

            let mut v = sample();
            let what = apply(&mut v, Kind::Nest, &enums(), &mut rng);
            let at = named(&what, "nest ");
            let nested = v.pointer(&at).unwrap();
            assert!(nested.get(0).or_else(|| nested.get("nested")).is_some(), "{what}: {v}");
        }
    }

    #[test]
    fn a_truncation_cuts_the_text_and_comes_last() {
        let mut rng = fastrand::Rng::with_seed(3);
        let full = serde_json::to_vec(&sample()).unwrap();
        let cut: Vec<Mutated> =
            (0..200).map(|_| mutate(&sample(), &enums(), &mut rng)).filter(|m| m.what.contains("truncate")).collect();
        assert!(!cut.is_empty());
        for m in &cut {
            assert!(m.what.rsplit("; ").next().unwrap().starts_with("truncate at "), "{}", m.what);
            if m.what == format!("truncate at {} of {}", m.body.len(), full.len()) {
                assert_eq!(m.body, full[..m.body.len()]);
            }
        }
    }

    #[test]
    fn enum_strings_are_collected_from_every_enum() {
        let doc = json!({ "a": { "enum": ["x", 1, "y"] }, "b": [{ "enum": ["z"] }] });
        assert_eq!(enum_strings(&doc).into_iter().collect::<Vec<_>>(), ["x", "y", "z"]);
    }
}
