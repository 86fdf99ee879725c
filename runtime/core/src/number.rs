//! Numbers for generated setters: [`IntoNumber`] accepts every primitive
//! integer and float type, and [`Number::integer`] / [`Number::float`] check
//! the value against the wire type and the spec's range instead of
//! truncating it.
//!
//! The wire types are:
//! - an OpenAPI `integer` is sent as an `i64` (the client's Rust type for it):
//!   a float is accepted when it is a whole number (`20.0`), anything with a
//!   fraction (`2.5`), not finite, or outside `i64` is an error;
//! - an OpenAPI `number` is sent as a finite `f64`: an integer must be exactly
//!   representable (at most 2^53 in magnitude, so `u64::MAX` is an error
//!   rather than a rounded value), and NaN or an infinity is an error (JSON
//!   has no such numbers);
//! - in both cases a `minimum` / `maximum` the spec gives (exclusive or not)
//!   is part of the range: the server rejects values outside it, so the
//!   client reports them before any I/O.

use crate::Nullable;
use std::fmt;

/// A number as given to a setter, before it is checked against the wire type.
///
/// Build one with [`IntoNumber::into_number`] (every primitive integer and
/// float type implements it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(Repr);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Repr {
    Int(i128),
    Float(f64),
}

/// A value a `number` or `integer` setter accepts: `u8`..`u64`, `usize`,
/// `i8`..`i64`, `isize`, `f32` and `f64`.
///
/// ```
/// use vercel_runtime_core::{IntoNumber, Range};
/// assert_eq!(20u64.into_number().integer("limit", Range::ANY), Ok(20));
/// assert_eq!(20usize.into_number().integer("limit", Range::ANY), Ok(20));
/// assert!(2.5.into_number().integer("limit", Range::ANY).is_err());
/// assert_eq!(2.5.into_number().float("ratio", Range::ANY), Ok(2.5));
/// ```
pub trait IntoNumber {
    /// The value as a [`Number`].
    fn into_number(self) -> Number;
}

macro_rules! int_into_number {
    ($($t:ty),*) => {$(
        impl IntoNumber for $t {
            fn into_number(self) -> Number {
                Number(Repr::Int(i128::from(self)))
            }
        }
    )*};
}

int_into_number!(u8, u16, u32, u64, i8, i16, i32, i64);

impl IntoNumber for usize {
    fn into_number(self) -> Number {
        // usize is at most 64 bits on every supported target.
        Number(Repr::Int(self as i128))
    }
}

impl IntoNumber for isize {
    fn into_number(self) -> Number {
        Number(Repr::Int(self as i128))
    }
}

impl IntoNumber for f64 {
    fn into_number(self) -> Number {
        Number(Repr::Float(self))
    }
}

impl IntoNumber for f32 {
    /// Converts through the shortest decimal text of the `f32`, so `0.1f32`
    /// is sent as `0.1` (not as `0.10000000149011612`, the `f64` nearest to it).
    fn into_number(self) -> Number {
        let value =
            if self.is_finite() { self.to_string().parse().unwrap_or(f64::from(self)) } else { f64::from(self) };
        Number(Repr::Float(value))
    }
}

impl IntoNumber for Number {
    fn into_number(self) -> Number {
        self
    }
}

/// The range a spec gives a number (`minimum`, `maximum`, and whether each
/// is exclusive); [`Range::ANY`] when it gives none.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Range {
    /// The lowest value allowed, if any.
    pub minimum: Option<f64>,
    /// The minimum itself is not allowed.
    pub exclusive_minimum: bool,
    /// The highest value allowed, if any.
    pub maximum: Option<f64>,
    /// The maximum itself is not allowed.
    pub exclusive_maximum: bool,
}

impl Range {
    /// No bounds beyond the wire type's own.
    pub const ANY: Range = Range { minimum: None, exclusive_minimum: false, maximum: None, exclusive_maximum: false };

    /// This range with an inclusive `minimum`.
    pub const fn min(self, minimum: f64) -> Range {
        Range { minimum: Some(minimum), exclusive_minimum: false, ..self }
    }

    /// This range with an exclusive `minimum`.
    pub const fn min_exclusive(self, minimum: f64) -> Range {
        Range { minimum: Some(minimum), exclusive_minimum: true, ..self }
    }

    /// This range with an inclusive `maximum`.
    pub const fn max(self, maximum: f64) -> Range {
        Range { maximum: Some(maximum), exclusive_maximum: false, ..self }
    }

    /// This range with an exclusive `maximum`.
    pub const fn max_exclusive(self, maximum: f64) -> Range {
        Range { maximum: Some(maximum), exclusive_maximum: true, ..self }
    }

    fn contains(&self, value: f64) -> bool {
        let above_min = match self.minimum {
            Some(min) if self.exclusive_minimum => value > min,
            Some(min) => value >= min,
            None => true,
        };
        let below_max = match self.maximum {
            Some(max) if self.exclusive_maximum => value < max,
            Some(max) => value <= max,
            None => true,
        };
        above_min && below_max
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            self.minimum.map(|m| format!("{} {m}", if self.exclusive_minimum { ">" } else { ">=" })),
            self.maximum.map(|m| format!("{} {m}", if self.exclusive_maximum { "<" } else { "<=" })),
        ];
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        if parts.is_empty() {
            f.write_str("any value")
        } else {
            f.write_str(&parts.join(" and "))
        }
    }
}

/// The largest magnitude up to which every integer is exactly an `f64` (2^53).
const F64_EXACT: i128 = 1 << 53;

impl Number {
    /// Checks the value as an OpenAPI `integer` named `name` (sent as `i64`)
    /// within `range`.
    pub fn integer(self, name: &'static str, range: Range) -> Result<i64, NumberError> {
        let fail = |reason| Err(NumberError { name, value: self, reason });
        let value = match self.0 {
            Repr::Int(i) => match i64::try_from(i) {
                Ok(v) => v,
                Err(_) => return fail(Reason::OutOfWireRange("an i64")),
            },
            Repr::Float(f) if !f.is_finite() => return fail(Reason::NotFinite),
            Repr::Float(f) if f.fract() != 0.0 => return fail(Reason::NotInteger),
            // -2^63 is exact in f64; 2^63 is the first value above i64::MAX.
            Repr::Float(f) if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) => {
                return fail(Reason::OutOfWireRange("an i64"));
            }
            Repr::Float(f) => f as i64,
        };
        // i64 → f64 may round, but only beyond 2^53, far outside any spec bound.
        if !range.contains(value as f64) {
            return fail(Reason::OutOfRange(range));
        }
        Ok(value)
    }

    /// Checks the value as an OpenAPI `number` named `name` (sent as a finite
    /// `f64`) within `range`.
    pub fn float(self, name: &'static str, range: Range) -> Result<f64, NumberError> {
        let fail = |reason| Err(NumberError { name, value: self, reason });
        let value = match self.0 {
            Repr::Int(i) if !(-F64_EXACT..=F64_EXACT).contains(&i) => {
                return fail(Reason::OutOfWireRange("exactly an f64 (at most 2^53 in magnitude)"));
            }
            Repr::Int(i) => i as f64,
            Repr::Float(f) if !f.is_finite() => return fail(Reason::NotFinite),
            Repr::Float(f) => f,
        };
        if !range.contains(value) {
            return fail(Reason::OutOfRange(range));
        }
        Ok(value)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Int(i) => write!(f, "{i}"),
            Repr::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A number given to a setter that the request cannot carry: the builder's
/// `send` returns it (as an encoding error) before any I/O.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberError {
    name: &'static str,
    value: Number,
    reason: Reason,
}

#[derive(Debug, Clone, PartialEq)]
enum Reason {
    NotInteger,
    NotFinite,
    OutOfWireRange(&'static str),
    OutOfRange(Range),
}

impl NumberError {
    /// The wire name of the parameter or body field.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value that was given.
    pub fn value(&self) -> Number {
        self.value
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, value) = (self.name, self.value);
        match &self.reason {
            Reason::NotInteger => write!(f, "`{name}` must be an integer, got {value}"),
            Reason::NotFinite => write!(f, "`{name}` must be a finite number, got {value}"),
            Reason::OutOfWireRange(wire) => write!(f, "`{name}` = {value} does not fit {wire}"),
            Reason::OutOfRange(range) => write!(f, "`{name}` = {value} is outside the spec's range ({range})"),
        }
    }
}

impl std::error::Error for NumberError {}

/// How generated builders store checked numbers: a `Result<T, NumberError>`
/// in place of each number, inside `Option`, [`Nullable`] or `Box`.
/// [`check`](Self::check) turns the stored value into the value sent, or the
/// first error; [`unchecked`](Self::unchecked) stores a value that needs no
/// check. Not meant for use outside generated code.
pub trait CheckedNumbers: Sized {
    /// The stored value with every `Result` resolved.
    type Output;

    /// The value to send, or the first error.
    fn check(self) -> Result<Self::Output, NumberError>;

    /// Stores a value that is already of the wire type.
    fn unchecked(value: Self::Output) -> Self;
}

impl<T> CheckedNumbers for Result<T, NumberError> {
    type Output = T;

    fn check(self) -> Result<T, NumberError> {
        self
    }

    fn unchecked(value: T) -> Self {
        Ok(value)
    }
}

impl<T: CheckedNumbers> CheckedNumbers for Option<T> {
    type Output = Option<T::Output>;

    fn check(self) -> Result<Self::Output, NumberError> {
        self.map(T::check).transpose()
    }

    fn unchecked(value: Self::Output) -> Self {
        value.map(T::unchecked)
    }
}

impl<T: CheckedNumbers> CheckedNumbers for Nullable<T> {
    type Output = Nullable<T::Output>;

    fn check(self) -> Result<Self::Output, NumberError> {
        match self {
            Nullable::Null => Ok(Nullable::Null),
            Nullable::Value(v) => v.check().map(Nullable::Value),
        }
    }

    fn unchecked(value: Self::Output) -> Self {
        match value {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(T::unchecked(v)),
        }
    }
}

impl<T: CheckedNumbers> CheckedNumbers for Box<T> {
    type Output = Box<T::Output>;

    fn check(self) -> Result<Self::Output, NumberError> {
        (*self).check().map(Box::new)
    }

    fn unchecked(value: Self::Output) -> Self {
        Box::new(T::unchecked(*value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(n: impl IntoNumber, range: Range) -> Result<i64, String> {
        n.into_number().integer("limit", range).map_err(|e| e.to_string())
    }

    fn float(n: impl IntoNumber, range: Range) -> Result<f64, String> {
        n.into_number().float("ratio", range).map_err(|e| e.to_string())
    }

    #[test]
    fn every_primitive_is_accepted_as_an_integer() {
        assert_eq!(int(20u8, Range::ANY), Ok(20));
        assert_eq!(int(20u16, Range::ANY), Ok(20));
        assert_eq!(int(20u32, Range::ANY), Ok(20));
        assert_eq!(int(20u64, Range::ANY), Ok(20));
        assert_eq!(int(20usize, Range::ANY), Ok(20));
        assert_eq!(int(-20i8, Range::ANY), Ok(-20));
        assert_eq!(int(-20i16, Range::ANY), Ok(-20));
        assert_eq!(int(-20i32, Range::ANY), Ok(-20));
        assert_eq!(int(i64::MIN, Range::ANY), Ok(i64::MIN));
        assert_eq!(int(-20isize, Range::ANY), Ok(-20));
        assert_eq!(int(20.0f32, Range::ANY), Ok(20));
        assert_eq!(int(20.0f64, Range::ANY), Ok(20));
    }

    #[test]
    fn integers_reject_what_i64_cannot_carry() {
        assert_eq!(int(2.5, Range::ANY), Err("`limit` must be an integer, got 2.5".into()));
        assert_eq!(int(f64::NAN, Range::ANY), Err("`limit` must be a finite number, got NaN".into()));
        assert_eq!(int(u64::MAX, Range::ANY), Err("`limit` = 18446744073709551615 does not fit an i64".into()));
        assert!(int(9_223_372_036_854_775_808.0, Range::ANY).is_err());
        assert_eq!(int(-9_223_372_036_854_775_808.0, Range::ANY), Ok(i64::MIN));
    }

    #[test]
    fn the_spec_range_is_enforced() {
        let range = Range::ANY.min(1.0).max(100.0);
        assert_eq!(int(1u8, range), Ok(1));
        assert_eq!(int(100u8, range), Ok(100));
        assert_eq!(int(0u8, range), Err("`limit` = 0 is outside the spec's range (>= 1 and <= 100)".into()));
        assert!(int(101u8, range).is_err());
        assert_eq!(int(-1i64, Range::ANY), Ok(-1));
        assert!(int(-1i64, Range::ANY.min(0.0)).is_err());
        let open = Range::ANY.min_exclusive(0.0).max_exclusive(1.0);
        assert_eq!(float(0.5, open), Ok(0.5));
        assert_eq!(float(0u8, open), Err("`ratio` = 0 is outside the spec's range (> 0 and < 1)".into()));
        assert!(float(1u8, open).is_err());
    }

    #[test]
    fn numbers_reject_what_f64_cannot_carry_exactly() {
        assert_eq!(float(2.5, Range::ANY), Ok(2.5));
        assert_eq!(float(0.1f32, Range::ANY), Ok(0.1));
        assert_eq!(float(1u64 << 53, Range::ANY), Ok(9_007_199_254_740_992.0));
        assert!(float((1u64 << 53) + 1, Range::ANY).is_err());
        assert!(float(u64::MAX, Range::ANY).is_err());
        assert!(float(f64::INFINITY, Range::ANY).is_err());
        assert!(float(f32::NAN, Range::ANY).is_err());
    }

    #[test]
    fn stored_results_resolve_through_containers() {
        let ok: Option<Nullable<Result<i64, NumberError>>> = Some(Nullable::Value(Ok(3)));
        assert_eq!(ok.check(), Ok(Some(Nullable::Value(3))));
        let bad: Option<Result<i64, NumberError>> = Some(2.5.into_number().integer("limit", Range::ANY));
        assert_eq!(bad.check().map_err(|e| e.name()), Err("limit"));
        let unchecked: Box<Result<f64, NumberError>> = CheckedNumbers::unchecked(Box::new(1.5));
        assert_eq!(*unchecked, Ok(1.5));
    }
}
