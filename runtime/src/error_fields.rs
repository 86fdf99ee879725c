//! The `code` and `message` of an error body, read without building the
//! rest of it: an answer may carry a long list beside them (a
//! `missing_files` answer lists every content a deploy lacks, tens of
//! thousands of digests), which a `serde_json::Value` of the whole body
//! would hold as one allocation per item on top of the body itself.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The fields of one JSON object that an error's `code` and `message` come from.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ErrorFields {
    pub(crate) code: Option<Value>,
    pub(crate) message: Option<Value>,
    /// Those of the `error` member, when it is an object.
    nested: Option<Box<ErrorFields>>,
}

impl ErrorFields {
    /// The fields of `body`: of its `error` object (Vercel's usual
    /// `{"error":{"code","message"}}`) when it has one, else its own (the
    /// flat `{"code","message"}`); `None` when the body is not a JSON object.
    pub(crate) fn of(body: &[u8]) -> Option<ErrorFields> {
        let fields = serde_json::from_slice::<ErrorFields>(body).ok()?;
        Some(match fields.nested {
            Some(nested) => *nested,
            None => fields,
        })
    }
}

impl<'de> Deserialize<'de> for ErrorFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorFields, D::Error> {
        deserializer.deserialize_map(Fields { nested: true })
    }
}

/// Reads an object's `code`, `message` and (at the top) `error`, skipping the other members.
struct Fields {
    nested: bool,
}

impl<'de> Visitor<'de> for Fields {
    type Value = ErrorFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorFields, A::Error> {
        let mut out = ErrorFields::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "code" => out.code = Some(map.next_value()?),
                "message" => out.message = Some(map.next_value()?),
                "error" if self.nested => out.nested = map.next_value::<Member>()?.0.map(Box::new),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// The `error` member: its fields when it is an object, `None` (skipped) otherwise.
struct Member(Option<ErrorFields>);

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Member, D::Error> {
        deserializer.deserialize_any(MemberVisitor)
    }
}

struct MemberVisitor;

impl<'de> Visitor<'de> for MemberVisitor {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member, A::Error> {
        Fields { nested: false }.visit_map(map).map(|fields| Member(Some(fields)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Member, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Member(None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Member, E> {
        Ok(Member(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Member, E> {
        Ok(Member(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Member, E> {
        Ok(Member(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Member, E> {
        Ok(Member(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Member, E> {
        Ok(Member(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Member, E> {
        Ok(Member(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the fields were read as before: the whole body as a `Value`.
    fn as_value(body: &str) -> Option<(Option<Value>, Option<Value>)> {
        let parsed: Value = serde_json::from_str(body).ok()?;
        let holder = parsed.get("error").filter(|e| e.is_object()).unwrap_or(&parsed);
        if !holder.is_object() {
            return None;
        }
        Some((holder.get("code").cloned(), holder.get("message").cloned()))
    }

    #[test]
    fn reads_the_same_fields_as_the_whole_value() {
        let bodies = [
            r#"{"error":{"code":"missing_files","message":"Missing files","missing":["a","b"]}}"#,
            r#"{"code":"flat","message":"flat message"}"#,
            r#"{"error":"a string","code":"top"}"#,
            r#"{"error":[1,{"code":"x"}],"code":"top","message":null}"#,
            r#"{"error":{},"code":"top"}"#,
            r#"{"error":{"code":7,"message":{"nested":true},"error":{"code":"deeper"}}}"#,
            r#"{"message":"first","message":"last"}"#,
            r#"{"error":{"code":"x"}} trailing"#,
            r#"[{"code":"in an array"}]"#,
            r#""just a string""#,
            r#"{"error":{"code":"truncated"#,
            "",
        ];
        for body in bodies {
            let read = ErrorFields::of(body.as_bytes()).map(|f| (f.code, f.message));
            assert_eq!(read, as_value(body), "{body}");
        }
    }
}
