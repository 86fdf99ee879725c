//! Sample values: for a schema of the spec, a JSON value that conforms to it,
//! and a validator that says whether a value (e.g. the spec's own `example`)
//! conforms.
//!
//! Used to build request arguments for the conformance program and response
//! bodies for the forward-compatibility test. The rules, in order:
//!
//! - the schema's `example`, when it validates against the schema;
//! - `enum`: the first non-null value (or the last, see
//!   [`Sampler::with_last_enum_values`]); `const`: its value;
//! - `oneOf` / `anyOf`: the sample of the first branch that validates against
//!   the whole union (for `oneOf`: matches exactly one branch); `allOf`: the
//!   branch samples merged;
//! - objects: every required property, and the optional ones down to
//!   [`OPTIONAL_DEPTH`] levels (deeper only the required ones, so recursive
//!   types end); a map (`additionalProperties` schema, no properties) gets one
//!   entry;
//! - arrays: `minItems` items (at least one while optional content is still
//!   sampled);
//! - strings: by `format`, then candidates tried against `pattern` and the
//!   length limits; numbers within `minimum` / `maximum` / `multipleOf`;
//! - `nullable` schemas give a value, not `null`, whenever they can.
//!
//! The validator covers what the spec uses: `type` (with `nullable`), `enum`,
//! `const`, string length / `pattern` / `format`, number limits, array items
//! and sizes, object `required` / `properties` / `additionalProperties`, and
//! `allOf` / `anyOf` / `oneOf` / `not`. A `pattern` the `regex` crate cannot
//! compile (look-around) is not checked.

use crate::pointer;
use crate::Error;
use regex::Regex;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// Optional object properties are sampled down to this nesting depth.
pub const OPTIONAL_DEPTH: usize = 4;

/// Past this depth only `null`, empty arrays and empty objects are produced
/// (a guard against schemas that require themselves).
const MAX_DEPTH: usize = 32;

/// Why a value does not conform to a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the value (`""` for the value itself).
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.at.is_empty() { "/" } else { &self.at };
        write!(f, "at {at}: {}", self.message)
    }
}

/// Samples and validates values against the schemas of one spec document.
pub struct Sampler<'a> {
    root: &'a Value,
    regexes: RefCell<HashMap<String, Option<Regex>>>,
    last_enum_value: bool,
}

impl<'a> Sampler<'a> {
    /// A sampler for schemas of `root` (the whole spec, for `$ref` resolution).
    pub fn new(root: &'a Value) -> Self {
        Sampler { root, regexes: RefCell::new(HashMap::new()), last_enum_value: false }
    }

    /// Samples the last non-null `enum` value instead of the first (new values
    /// are usually appended, so this exercises them, e.g. in forward-compatibility checks).
    pub fn with_last_enum_values(mut self) -> Self {
        self.last_enum_value = true;
        self
    }

    /// Follows `$ref`s from `schema` (found at `at`) to a schema without one;
    /// returns it with its pointer.
    pub fn resolve(&self, schema: &'a Value, at: &str) -> Result<(&'a Value, String), Error> {
        let mut current = schema;
        let mut ptr = at.to_string();
        for _ in 0..32 {
            let Some(target) = current.get("$ref") else { return Ok((current, ptr)) };
            let Some(target) = target.as_str().and_then(|r| r.strip_prefix('#')) else {
                return Err(Error::new(ptr, "`$ref` must be a local reference (`#/...`)"));
            };
            current = self
                .root
                .pointer(target)
                .ok_or_else(|| Error::new(ptr.clone(), format!("`$ref` target `#{target}` does not exist")))?;
            ptr = target.to_string();
        }
        Err(Error::new(ptr, "`$ref` chain is longer than 32 links (a cycle?)"))
    }

    /// A value that conforms to `schema` (found at JSON pointer `at`).
    pub fn sample(&self, schema: &'a Value, at: &str) -> Result<Value, Error> {
        self.sample_at(schema, at, 0)
    }

    fn sample_at(&self, schema: &'a Value, at: &str, depth: usize) -> Result<Value, Error> {
        let (s, at) = self.resolve(schema, at)?;
        let Some(obj) = s.as_object() else { return Ok(Value::String("example".into())) };
        if let Some(example) = obj.get("example") {
            if self.validate(s, example).is_ok() {
                return Ok(example.clone());
            }
        }
        if depth > MAX_DEPTH {
            return Ok(if is_nullable(obj) { Value::Null } else { empty_of(obj) });
        }
        if let Some(c) = obj.get("const") {
            return Ok(c.clone());
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            let pick = if self.last_enum_value {
                values.iter().rev().find(|v| !v.is_null())
            } else {
                values.iter().find(|v| !v.is_null())
            };
            return Ok(pick.or(values.first()).cloned().unwrap_or(Value::Null));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = obj.get(key).and_then(Value::as_array).filter(|b| !b.is_empty()) {
                return self.sample_union(s, obj, key, branches, &at, depth);
            }
        }
        if let Some(branches) = obj.get("allOf").and_then(Value::as_array) {
            let mut merged = self.sample_plain(obj, &at, depth)?;
            for (i, b) in branches.iter().enumerate() {
                let v = self.sample_at(b, &pointer::join(&pointer::join(&at, "allOf"), i.to_string()), depth)?;
                merged = merge(merged, v);
            }
            return Ok(merged);
        }
        self.sample_plain(obj, &at, depth)
    }

    /// The first branch sample that the whole union accepts; else the first branch's.
    fn sample_union(
        &self,
        whole: &'a Value,
        obj: &'a Map<String, Value>,
        key: &str,
        branches: &'a [Value],
        at: &str,
        depth: usize,
    ) -> Result<Value, Error> {
        let siblings = has_shape(obj).then(|| self.sample_plain(obj, at, depth)).transpose()?;
        let mut first = None;
        for (i, b) in branches.iter().enumerate() {
            let branch_at = pointer::join(&pointer::join(at, key), i.to_string());
            let sampled = self.sample_at(b, &branch_at, depth)?;
            let mut candidates = Vec::new();
            if let Some(base) = &siblings {
                candidates.push(merge(base.clone(), sampled.clone()));
                // Branches that only add `required` to the outer object's properties
                // (`oneOf: [{required: [uid]}, {required: [email]}]`): only the
                // required properties, so exactly one branch matches.
                let (branch, _) = self.resolve(b, &branch_at)?;
                if let (Some(branch), Value::Object(_)) = (branch.as_object(), base) {
                    candidates.push(merge(self.required_only(obj, branch, at, depth)?, sampled.clone()));
                }
            } else {
                candidates.push(sampled);
            }
            for v in candidates {
                if self.validate(whole, &v).is_ok() {
                    return Ok(v);
                }
                first.get_or_insert(v);
            }
        }
        Ok(first.unwrap_or(Value::Null))
    }

    /// The required properties of `outer` and `branch` together, sampled from
    /// the branch's property schemas or else the outer ones.
    fn required_only(
        &self,
        outer: &'a Map<String, Value>,
        branch: &'a Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<Value, Error> {
        let names = |o: &'a Map<String, Value>| {
            o.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
        };
        let mut out = Map::new();
        for name in names(outer).chain(names(branch)) {
            let schema = [branch, outer]
                .iter()
                .find_map(|o| o.get("properties").and_then(|p| p.get(name)))
                .unwrap_or(&Value::Bool(true));
            let prop_at = pointer::join(&pointer::join(at, "properties"), name);
            out.insert(name.to_string(), self.sample_at(schema, &prop_at, depth + 1)?);
        }
        Ok(Value::Object(out))
    }

    /// A sample from the schema's own keywords (type and its constraints), ignoring combinators.
    fn sample_plain(&self, obj: &'a Map<String, Value>, at: &str, depth: usize) -> Result<Value, Error> {
        let ty = schema_type(obj);
        Ok(match ty.as_deref() {
            Some("object") => self.sample_object(obj, at, depth)?,
            Some("array") => {
                let min = obj.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
                let max = obj.get("maxItems").and_then(Value::as_u64).map(|m| m as usize);
                let wanted = if depth < OPTIONAL_DEPTH { min.max(1) } else { min };
                let count = max.map_or(wanted, |m| wanted.min(m));
                let mut items = Vec::with_capacity(count);
                if count > 0 {
                    let item_schema = obj.get("items").unwrap_or(&Value::Bool(true));
                    let item = self.sample_at(item_schema, &pointer::join(at, "items"), depth + 1)?;
                    items.resize(count, item);
                }
                Value::Array(items)
            }
            Some("string") => self.sample_string(obj),
            Some("integer") => Value::from(number_in(obj, true) as i64),
            Some("number") => Value::from(number_in(obj, false)),
            Some("boolean") => Value::Bool(true),
            Some("null") => Value::Null,
            _ => Value::String("example".into()),
        })
    }

    fn sample_object(&self, obj: &'a Map<String, Value>, at: &str, depth: usize) -> Result<Value, Error> {
        let required: Vec<&str> = obj
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        let props = obj.get("properties").and_then(Value::as_object);
        if let Some(props) = props {
            let props_at = pointer::join(at, "properties");
            for (name, ps) in props {
                if required.contains(&name.as_str()) || depth < OPTIONAL_DEPTH {
                    out.insert(name.clone(), self.sample_at(ps, &pointer::join(&props_at, name), depth + 1)?);
                }
            }
        }
        if props.is_none_or(Map::is_empty) && depth < OPTIONAL_DEPTH {
            if let Some(extra) = obj.get("additionalProperties").filter(|a| a.is_object()) {
                out.insert("key".into(), self.sample_at(extra, &pointer::join(at, "additionalProperties"), depth + 1)?);
            }
        }
        Ok(Value::Object(out))
    }

    fn sample_string(&self, obj: &Map<String, Value>) -> Value {
        let base = match obj.get("format").and_then(Value::as_str) {
            Some("date-time") => "2024-01-01T00:00:00.000Z",
            Some("date") => "2024-01-01",
            Some("email") => "user@example.com",
            Some("uri" | "url") => "https://example.com",
            Some("hostname") => "example.com",
            Some("ipv4") => "192.0.2.1",
            Some("ipv6") => "2001:db8::1",
            Some("uuid") => "123e4567-e89b-12d3-a456-426614174000",
            Some("regex") => "^example$",
            _ => "example",
        };
        let mut candidates = vec![base.to_string()];
        if let Some(pattern) = obj.get("pattern").and_then(Value::as_str) {
            let prefix = literal_prefix(pattern);
            for tail in ["", "example", "abc123", "1"] {
                candidates.push(format!("{prefix}{tail}"));
            }
            candidates.extend(
                [
                    "abc",
                    "a",
                    "abc_123",
                    "1",
                    "123",
                    "1.5",
                    "https://example.com",
                    "/example",
                    "+1.5551234567",
                    "US",
                    "domain.created",
                    "abcdefghijklmnopqrstuvwxyz012345",
                ]
                .map(String::from),
            );
        }
        let min = obj.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = obj.get("maxLength").and_then(Value::as_u64).map(|m| m as usize);
        let fitted: Vec<String> = candidates.iter().map(|c| fit_length(c, min, max)).collect();
        let schema = Value::Object(obj.clone());
        fitted
            .iter()
            .find(|c| self.validate(&schema, &Value::String((*c).clone())).is_ok())
            .or(fitted.first())
            .map(|c| Value::String(c.clone()))
            .unwrap_or_default()
    }

    /// Checks `value` against `schema`; the first violation found, if any.
    pub fn validate(&self, schema: &Value, value: &Value) -> Result<(), Violation> {
        self.check(schema, value, "", 0)
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, depth: usize) -> Result<(), Violation> {
        let fail = |message: String| Err(Violation { at: at.to_string(), message });
        if depth > MAX_DEPTH * 2 {
            return Ok(());
        }
        let s = match self.resolve(schema, "") {
            Ok((s, _)) => s,
            Err(e) => return fail(e.message),
        };
        let Some(obj) = s.as_object() else {
            return if s == &Value::Bool(false) { fail("no value is allowed here".into()) } else { Ok(()) };
        };
        if value.is_null() && is_nullable(obj) {
            return Ok(());
        }
        if let Some(ty) = schema_type(obj) {
            if !type_matches(&ty, value) {
                return fail(format!("expected {ty}, found {}", describe(value)));
            }
        }
        if let Some(values) = obj.get("enum").and_then(Value::as_array) {
            if !values.iter().any(|v| json_eq(v, value)) {
                return fail(format!("{value} is not one of the enum values"));
            }
        }
        if let Some(c) = obj.get("const") {
            if !json_eq(c, value) {
                return fail(format!("{value} is not the constant {c}"));
            }
        }
        match value {
            Value::String(text) => self.check_string(obj, text).or_else(fail)?,
            Value::Number(n) => check_number(obj, n.as_f64().unwrap_or(0.0)).or_else(fail)?,
            Value::Array(items) => {
                let len = items.len() as u64;
                if let Some(min) = obj.get("minItems").and_then(Value::as_u64).filter(|m| len < *m) {
                    return fail(format!("{len} items, fewer than minItems {min}"));
                }
                if let Some(max) = obj.get("maxItems").and_then(Value::as_u64).filter(|m| len > *m) {
                    return fail(format!("{len} items, more than maxItems {max}"));
                }
                if let Some(item_schema) = obj.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &pointer::join(at, i.to_string()), depth + 1)?;
                    }
                }
            }
            Value::Object(map) => self.check_object(obj, map, at, depth)?,
            Value::Null | Value::Bool(_) => {}
        }
        if let Some(branches) = obj.get("allOf").and_then(Value::as_array) {
            for b in branches {
                self.check(b, value, at, depth + 1)?;
            }
        }
        // An empty `anyOf` / `oneOf` (the spec has some) is read as no constraint, as the generator does.
        if let Some(branches) = obj.get("anyOf").and_then(Value::as_array).filter(|b| !b.is_empty()) {
            if !branches.iter().any(|b| self.check(b, value, at, depth + 1).is_ok()) {
                return fail("matches no `anyOf` alternative".into());
            }
        }
        if let Some(branches) = obj.get("oneOf").and_then(Value::as_array).filter(|b| !b.is_empty()) {
            let matching = branches.iter().filter(|b| self.check(b, value, at, depth + 1).is_ok()).count();
            if matching != 1 {
                return fail(format!("matches {matching} `oneOf` alternatives, not exactly one"));
            }
        }
        if let Some(not) = obj.get("not") {
            if self.check(not, value, at, depth + 1).is_ok() {
                return fail("matches the `not` schema".into());
            }
        }
        Ok(())
    }

    fn check_object(
        &self,
        obj: &Map<String, Value>,
        map: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<(), Violation> {
        let fail = |message: String| Err(Violation { at: at.to_string(), message });
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            if let Some(missing) = required.iter().filter_map(Value::as_str).find(|r| !map.contains_key(*r)) {
                return fail(format!("required property `{missing}` is missing"));
            }
        }
        let props = obj.get("properties").and_then(Value::as_object);
        for (key, v) in map {
            let child = pointer::join(at, key);
            match props.and_then(|p| p.get(key)) {
                Some(ps) => self.check(ps, v, &child, depth + 1)?,
                None => match obj.get("additionalProperties") {
                    Some(Value::Bool(false)) => return fail(format!("property `{key}` is not allowed")),
                    Some(extra @ Value::Object(_)) => self.check(extra, v, &child, depth + 1)?,
                    _ => {}
                },
            }
        }
        let len = map.len() as u64;
        if obj.get("minProperties").and_then(Value::as_u64).is_some_and(|m| len < m) {
            return fail("fewer properties than minProperties".into());
        }
        if obj.get("maxProperties").and_then(Value::as_u64).is_some_and(|m| len > m) {
            return fail("more properties than maxProperties".into());
        }
        Ok(())
    }

    fn check_string(&self, obj: &Map<String, Value>, text: &str) -> Result<(), String> {
        let len = text.chars().count() as u64;
        if let Some(min) = obj.get("minLength").and_then(Value::as_u64).filter(|m| len < *m) {
            return Err(format!("string of {len} characters, shorter than minLength {min}"));
        }
        if let Some(max) = obj.get("maxLength").and_then(Value::as_u64).filter(|m| len > *m) {
            return Err(format!("string of {len} characters, longer than maxLength {max}"));
        }
        if let Some(pattern) = obj.get("pattern").and_then(Value::as_str) {
            if self.regex(pattern).is_some_and(|r| !r.is_match(text)) {
                return Err(format!("{text:?} does not match the pattern `{pattern}`"));
            }
        }
        if let Some(format) = obj.get("format").and_then(Value::as_str) {
            if !format_matches(format, text) {
                return Err(format!("{text:?} is not a valid `{format}`"));
            }
        }
        Ok(())
    }

    /// The compiled pattern; look-around groups (which the `regex` crate lacks)
    /// are dropped, so such a pattern is checked only approximately.
    fn regex(&self, pattern: &str) -> Option<Regex> {
        self.regexes
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).or_else(|_| Regex::new(&strip_lookaround(pattern))).ok())
            .clone()
    }
}

/// The schema's `type` (the first non-`null` one when it is a list).
fn schema_type(obj: &Map<String, Value>) -> Option<String> {
    match obj.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").map(String::from),
        _ if obj.contains_key("properties") || obj.contains_key("additionalProperties") => Some("object".into()),
        _ if obj.contains_key("items") => Some("array".into()),
        _ => None,
    }
}

/// Whether the schema has keywords of its own besides combinators.
fn has_shape(obj: &Map<String, Value>) -> bool {
    obj.contains_key("type") || obj.contains_key("properties")
}

fn is_nullable(obj: &Map<String, Value>) -> bool {
    obj.get("nullable") == Some(&Value::Bool(true))
        || obj.get("type").and_then(Value::as_array).is_some_and(|ts| ts.iter().any(|t| t == "null"))
        || obj.get("enum").and_then(Value::as_array).is_some_and(|vs| vs.iter().any(Value::is_null))
}

/// The smallest value of the schema's type (used past the depth limit).
fn empty_of(obj: &Map<String, Value>) -> Value {
    match schema_type(obj).as_deref() {
        Some("array") => Value::Array(Vec::new()),
        Some("string") => Value::String(String::new()),
        Some("integer" | "number") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        _ => Value::Object(Map::new()),
    }
}

fn type_matches(ty: &str, value: &Value) -> bool {
    match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => value.is_number(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn check_number(obj: &Map<String, Value>, n: f64) -> Result<(), String> {
    let (lo, lo_excl, hi, hi_excl) = bounds(obj);
    if lo.is_some_and(|lo| n < lo || (lo_excl && n == lo)) {
        return Err(format!("{n} is below the minimum"));
    }
    if hi.is_some_and(|hi| n > hi || (hi_excl && n == hi)) {
        return Err(format!("{n} is above the maximum"));
    }
    if let Some(m) = obj.get("multipleOf").and_then(Value::as_f64).filter(|m| *m > 0.0) {
        let q = n / m;
        if (q - q.round()).abs() > 1e-9 {
            return Err(format!("{n} is not a multiple of {m}"));
        }
    }
    Ok(())
}

/// (minimum, exclusive, maximum, exclusive), in both the OpenAPI 3.0 (boolean)
/// and 3.1 (number) spellings of exclusiveness.
fn bounds(obj: &Map<String, Value>) -> (Option<f64>, bool, Option<f64>, bool) {
    let mut lo = obj.get("minimum").and_then(Value::as_f64);
    let mut hi = obj.get("maximum").and_then(Value::as_f64);
    let mut lo_excl = obj.get("exclusiveMinimum") == Some(&Value::Bool(true));
    let mut hi_excl = obj.get("exclusiveMaximum") == Some(&Value::Bool(true));
    if let Some(x) = obj.get("exclusiveMinimum").and_then(Value::as_f64) {
        lo = Some(x);
        lo_excl = true;
    }
    if let Some(x) = obj.get("exclusiveMaximum").and_then(Value::as_f64) {
        hi = Some(x);
        hi_excl = true;
    }
    (lo, lo_excl, hi, hi_excl)
}

/// A number in the schema's range, near 1, a multiple of `multipleOf`.
fn number_in(obj: &Map<String, Value>, integer: bool) -> f64 {
    let (lo, lo_excl, hi, hi_excl) = bounds(obj);
    let step = obj.get("multipleOf").and_then(Value::as_f64).filter(|m| *m > 0.0);
    let unit = if integer { 1.0 } else { step.unwrap_or(0.5) };
    let mut n = 1.0;
    if let Some(lo) = lo {
        if n < lo || (lo_excl && n <= lo) {
            n = if lo_excl { lo + unit } else { lo };
        }
    }
    if let Some(hi) = hi {
        if n > hi || (hi_excl && n >= hi) {
            n = if hi_excl { hi - unit } else { hi };
        }
    }
    if let Some(step) = step {
        n = (n / step).ceil() * step;
    }
    if integer {
        n = n.ceil();
    }
    n
}

/// `pattern` without its `(?=…)`, `(?!…)`, `(?<=…)` and `(?<!…)` groups.
fn strip_lookaround(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let is_look = ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|p| rest.starts_with(p));
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
        } else if is_look {
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '\\' => i += 1,
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The literal characters a pattern starts with after `^` (`^ecfg_` → `ecfg_`).
fn literal_prefix(pattern: &str) -> String {
    let Some(rest) = pattern.strip_prefix('^') else { return String::new() };
    rest.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '/')).collect()
}

/// `text` padded with `a` or cut to fit the length limits.
fn fit_length(text: &str, min: usize, max: Option<usize>) -> String {
    let mut out: String = text.chars().take(max.unwrap_or(usize::MAX)).collect();
    while out.chars().count() < min {
        out.push('a');
    }
    out
}

/// Formats Prism checks (ajv-formats), approximately; unknown formats pass.
fn format_matches(format: &str, text: &str) -> bool {
    fn re(p: &str, text: &str) -> bool {
        Regex::new(p).is_ok_and(|r| r.is_match(text))
    }
    match format {
        "date-time" => re(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$", text),
        "date" => re(r"^\d{4}-\d{2}-\d{2}$", text),
        "email" => re(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text),
        "uri" => re(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$", text),
        "hostname" => re(
            r"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$",
            text,
        ),
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        _ => true,
    }
}

/// Merges two samples: objects key by key (later wins), anything else: `b`.
fn merge(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut x), Value::Object(y)) => {
            for (k, v) in y {
                let merged = match x.remove(&k) {
                    Some(old) => merge(old, v),
                    None => v,
                };
                x.insert(k, merged);
            }
            Value::Object(x)
        }
        (a, Value::String(s)) if s == "example" && !a.is_string() => a,
        (_, b) => b,
    }
}

/// An `example` (or `examples/*/value`) of the spec that does not conform to its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadExample {
    /// JSON pointer of the example in the spec.
    pub pointer: String,
    /// Why it does not conform.
    pub violation: Violation,
}

/// Every example in `root` that contradicts the schema it illustrates: schema
/// `example`s, and the `example` / `examples` of parameters and media types
/// (checked against their `schema`). A mock server serves these as responses.
pub fn bad_examples(root: &Value) -> Vec<BadExample> {
    let sampler = Sampler::new(root);
    let mut found = Vec::new();
    walk_examples(&sampler, root, "", false, &mut found);
    found
}

fn walk_examples(sampler: &Sampler<'_>, node: &Value, at: &str, is_name_map: bool, found: &mut Vec<BadExample>) {
    match node {
        Value::Object(map) if !is_name_map => {
            let schema = map.get("schema");
            if let Some(example) = map.get("example") {
                let against = schema.unwrap_or(node);
                if let Err(violation) = sampler.validate(against, example) {
                    found.push(BadExample { pointer: pointer::join(at, "example"), violation });
                }
            }
            if let (Some(schema), Some(Value::Object(examples))) = (schema, map.get("examples")) {
                for (name, ex) in examples {
                    if let Some(value) = ex.get("value") {
                        if let Err(violation) = sampler.validate(schema, value) {
                            let ptr = pointer::join(&pointer::join(&pointer::join(at, "examples"), name), "value");
                            found.push(BadExample { pointer: ptr, violation });
                        }
                    }
                }
            }
            for (key, child) in map {
                if matches!(key.as_str(), "example" | "examples" | "enum" | "default" | "const") {
                    continue;
                }
                // The keys of these maps are names, not keywords (a property may be called `example`).
                let names = matches!(
                    key.as_str(),
                    "properties" | "schemas" | "paths" | "responses" | "content" | "parameters" | "requestBodies"
                );
                walk_examples(sampler, child, &pointer::join(at, key), names, found);
            }
        }
        Value::Object(map) => {
            for (key, child) in map {
                walk_examples(sampler, child, &pointer::join(at, key), false, found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk_examples(sampler, child, &pointer::join(at, i.to_string()), false, found);
            }
        }
        _ => {}
    }
}
