//! Rendering of serializable values as text for query parameters, headers and
//! path segments.

use serde::Serialize;
use serde_json::{Number, Value};

/// Why a value could not be rendered as text.
#[derive(Debug)]
pub(crate) enum RenderError {
    /// `serde_json::to_value` failed.
    Serialize(serde_json::Error),
    /// The value (or an element of it) is a JSON object.
    Object,
    /// An array element is itself an array.
    NestedArray,
}

impl RenderError {
    /// Error message for a value in the given position, e.g. `query parameter limit`.
    pub(crate) fn describe(&self, what: &str) -> String {
        match self {
            RenderError::Serialize(e) => format!("{what}: {e}"),
            RenderError::Object => format!("{what}: objects are not supported"),
            RenderError::NestedArray => format!("{what}: nested arrays are not supported"),
        }
    }
}

/// Converts `value` to a JSON value.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, RenderError> {
    serde_json::to_value(value).map_err(RenderError::Serialize)
}

/// Renders a scalar: `Ok(None)` for null, text for strings, booleans and numbers.
pub(crate) fn scalar(value: &Value) -> Result<Option<String>, RenderError> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(number(n))),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Array(_) => Err(RenderError::NestedArray),
        Value::Object(_) => Err(RenderError::Object),
    }
}

/// Renders every element of a value: null gives nothing, a scalar gives one
/// string, an array gives one string per non-null element.
pub(crate) fn elements(value: &Value) -> Result<Vec<String>, RenderError> {
    match value {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.extend(scalar(item)?);
            }
            Ok(out)
        }
        other => Ok(scalar(other)?.into_iter().collect()),
    }
}

/// Decimal text of a number; floats use Rust's shortest round-trip decimal
/// form, which writes `20.0` as `20` and never uses an exponent.
fn number(n: &Number) -> String {
    match (n.is_f64(), n.as_f64()) {
        (true, Some(f)) => f.to_string(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(v: Value) -> Vec<String> {
        elements(&v).expect("renders")
    }

    #[test]
    fn numbers_are_decimal_without_trailing_zero() {
        assert_eq!(render(json!(20.0)), ["20"]);
        assert_eq!(render(json!(-3.0)), ["-3"]);
        assert_eq!(render(json!(2.5)), ["2.5"]);
        assert_eq!(render(json!(1e20)), ["100000000000000000000"]);
        assert_eq!(render(json!(42u64)), ["42"]);
        assert_eq!(render(json!(-7i64)), ["-7"]);
        assert_eq!(render(json!(u64::MAX)), [u64::MAX.to_string()]);
    }

    #[test]
    fn scalars_and_arrays() {
        assert_eq!(render(json!(true)), ["true"]);
        assert_eq!(render(json!(false)), ["false"]);
        assert_eq!(render(json!("a b")), ["a b"]);
        assert!(render(json!(null)).is_empty());
        assert_eq!(render(json!(["x", null, 1.0, false])), ["x", "1", "false"]);
    }

    #[test]
    fn objects_and_nested_arrays_are_rejected() {
        let obj = elements(&json!({"a": 1})).expect_err("object rejected");
        assert_eq!(obj.describe("query parameter q"), "query parameter q: objects are not supported");
        let nested = elements(&json!([[1]])).expect_err("nested rejected");
        assert_eq!(nested.describe("header x"), "header x: nested arrays are not supported");
        let in_array = elements(&json!([{"a": 1}])).expect_err("object element rejected");
        assert!(matches!(in_array, RenderError::Object));
    }
}
