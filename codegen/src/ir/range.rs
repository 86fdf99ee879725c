//! The range a spec gives a number: `minimum`, `maximum` and their exclusive
//! flags, kept on parameters and fields so that setters document it and
//! check values against it (see `vercel_runtime_core::Range`).

use super::schema::SchemaRef;
use openapiv3::{IntegerFormat, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// `minimum` / `maximum` of a number or integer schema; all `None` / `false`
/// when the schema gives no bounds or is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NumberRange {
    /// The lowest value allowed.
    pub minimum: Option<f64>,
    /// The minimum itself is not allowed.
    pub exclusive_minimum: bool,
    /// The highest value allowed.
    pub maximum: Option<f64>,
    /// The maximum itself is not allowed.
    pub exclusive_maximum: bool,
}

impl NumberRange {
    /// The range of an inline number or integer schema (`format: int32`
    /// narrows an integer to `i32`); a reference gives no range.
    pub(super) fn of(schema: SchemaRef<'_>) -> NumberRange {
        let SchemaRef::Schema(schema) = schema else { return NumberRange::default() };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(t)) => {
                let int32 = matches!(t.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32));
                let (lo, hi) =
                    if int32 { (Some(f64::from(i32::MIN)), Some(f64::from(i32::MAX))) } else { (None, None) };
                NumberRange {
                    minimum: t.minimum.map(|m| m as f64).or(lo),
                    exclusive_minimum: t.exclusive_minimum && t.minimum.is_some(),
                    maximum: t.maximum.map(|m| m as f64).or(hi),
                    exclusive_maximum: t.exclusive_maximum && t.maximum.is_some(),
                }
            }
            SchemaKind::Type(Type::Number(t)) => NumberRange {
                minimum: t.minimum,
                exclusive_minimum: t.exclusive_minimum && t.minimum.is_some(),
                maximum: t.maximum,
                exclusive_maximum: t.exclusive_maximum && t.maximum.is_some(),
            },
            _ => NumberRange::default(),
        }
    }

    /// The range as a comparison for docs (`` `1 <= value <= 100` ``, `` `value >= 0` ``),
    /// `None` when unbounded.
    pub fn describe(&self) -> Option<String> {
        let lo = |m: f64| format!("{m} {} value", if self.exclusive_minimum { "<" } else { "<=" });
        let hi = |m: f64| format!("value {} {m}", if self.exclusive_maximum { "<" } else { "<=" });
        let text = match (self.minimum, self.maximum) {
            (None, None) => return None,
            (Some(min), None) => {
                format!("value {} {min}", if self.exclusive_minimum { ">" } else { ">=" })
            }
            (None, Some(max)) => hi(max),
            (Some(min), Some(max)) => format!("{} {}", lo(min), hi(max).trim_start_matches("value ")),
        };
        Some(format!("`{text}`"))
    }
}
