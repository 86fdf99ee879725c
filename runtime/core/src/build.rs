//! Builders of request bodies: what their setters take ([`IntoBody`]) and
//! what building can fail with ([`BuildError`]).
//!
//! Every object type the client sends has a builder (`Type::builder()`, in
//! the `builder` module beside the type): one setter per field, optional
//! fields left out by not calling theirs, required ones checked when the
//! request is sent. A setter (of a builder or of a request) whose field is an
//! object or a union takes `impl IntoBody<T>`: the value itself, or its
//! builder, so nested bodies need no struct literal either. A new optional
//! field in a later spec adds a setter and breaks no builder call.

use crate::{Nullable, NumberError};
use std::fmt;

/// Why a builder cannot make its value: the request's `send` returns it as
/// `Error::MissingField` (naming the field) or `Error::Encode`, before any I/O.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BuildError {
    /// A required field was not set: its JSON name.
    MissingField(&'static str),
    /// A number set on a builder that its wire type or the spec's range cannot carry.
    Number(NumberError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingField(name) => write!(f, "required field `{name}` is not set"),
            BuildError::Number(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

/// A value a setter takes for a field of type `T`: a `T` (every type is
/// `IntoBody` of itself), a builder of `T`, or, for a union, one of its
/// alternatives (or an alternative's builder).
///
/// ```
/// # use vercel_runtime_core as vercel_client; // what a user of the facade writes
/// use vercel_client::{BuildError, IntoBody};
///
/// let n: Result<u32, BuildError> = 7u32.into_body();
/// assert_eq!(n, Ok(7));
/// ```
pub trait IntoBody<T> {
    /// The value, or why it cannot be built.
    fn into_body(self) -> Result<T, BuildError>;
}

impl<T> IntoBody<T> for T {
    fn into_body(self) -> Result<T, BuildError> {
        Ok(self)
    }
}

/// How generated builders store what an [`IntoBody`] setter got: a
/// `Result<T, BuildError>` in place of each such value, inside `Option` or
/// [`Nullable`]. [`resolve`](Self::resolve) turns the stored value into the
/// value sent, or the first error; [`ready`](Self::ready) stores a value that
/// needs no building. Not meant for use outside generated code.
pub trait CheckedBuild: Sized {
    /// The stored value with every `Result` resolved.
    type Output;

    /// The value to send, or the first error.
    fn resolve(self) -> Result<Self::Output, BuildError>;

    /// Stores a value that is already built.
    fn ready(value: Self::Output) -> Self;
}

impl<T> CheckedBuild for Result<T, BuildError> {
    type Output = T;

    fn resolve(self) -> Result<T, BuildError> {
        self
    }

    fn ready(value: T) -> Self {
        Ok(value)
    }
}

impl<T: CheckedBuild> CheckedBuild for Option<T> {
    type Output = Option<T::Output>;

    fn resolve(self) -> Result<Self::Output, BuildError> {
        self.map(T::resolve).transpose()
    }

    fn ready(value: Self::Output) -> Self {
        value.map(T::ready)
    }
}

impl<T: CheckedBuild> CheckedBuild for Nullable<T> {
    type Output = Nullable<T::Output>;

    fn resolve(self) -> Result<Self::Output, BuildError> {
        match self {
            Nullable::Null => Ok(Nullable::Null),
            Nullable::Value(v) => v.resolve().map(Nullable::Value),
        }
    }

    fn ready(value: Self::Output) -> Self {
        match value {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(T::ready(v)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_finds_the_first_error_through_option_and_nullable() {
        let ok: Option<Nullable<Result<u8, BuildError>>> = Some(Nullable::Value(Ok(3)));
        assert_eq!(ok.resolve(), Ok(Some(Nullable::Value(3))));
        let null: Option<Nullable<Result<u8, BuildError>>> = Some(Nullable::Null);
        assert_eq!(null.resolve(), Ok(Some(Nullable::Null)));
        let bad: Option<Result<u8, BuildError>> = Some(Err(BuildError::MissingField("key")));
        assert_eq!(bad.resolve(), Err(BuildError::MissingField("key")));
        let ready: Option<Result<u8, BuildError>> = CheckedBuild::ready(Some(4));
        assert_eq!(ready, Some(Ok(4)));
    }

    #[test]
    fn a_missing_field_says_which() {
        assert_eq!(BuildError::MissingField("key").to_string(), "required field `key` is not set");
    }
}
