//! Open string enums: the spec's enums, which tolerate values this client
//! version does not know.
//!
//! A generated open enum is a plain `enum` with one unit variant per known
//! value and `Unknown(UnknownValue<Self>)`, an inherent `KNOWN` table of
//! `(variant, wire value)` pairs, and one line
//! `vercel_runtime_core::open_enum_impls!(Name);` that implements
//! [`OpenEnum`] and the conversions. [`open_enum!`](crate::open_enum) writes
//! all three for hand-written enums.
//!
//! Ordering (`PartialOrd`/`Ord`) compares wire values as strings, so it does
//! not depend on the order in which the spec lists the values (Vercel
//! reorders them between versions).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A wire value that open enum `E` does not know, kept so it round-trips.
///
/// It has no public constructor: the only way to get one is to decode (or
/// convert from a string) a value that is not among `E`'s known values, so
/// `E::Unknown` can never hold a known value (it never compares unequal to
/// the variant for the same string).
///
/// ```
/// vercel_runtime_core::open_enum! {
///     /// Deployment state.
///     pub enum ReadyState {
///         /// Live.
///         Ready = "READY",
///     }
/// }
/// let state = ReadyState::from("QUEUED");
/// match &state {
///     ReadyState::Unknown(value) => assert_eq!(value.as_str(), "QUEUED"),
///     _ => unreachable!(),
/// }
/// assert_eq!(ReadyState::from("READY"), ReadyState::Ready);
/// ```
pub struct UnknownValue<E> {
    value: Box<str>,
    _enum: PhantomData<fn() -> E>,
}

impl<E> UnknownValue<E> {
    /// The raw wire value.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The raw wire value, owned.
    pub fn into_string(self) -> String {
        self.value.into()
    }
}

impl<E> Clone for UnknownValue<E> {
    fn clone(&self) -> Self {
        UnknownValue { value: self.value.clone(), _enum: PhantomData }
    }
}

impl<E> fmt::Debug for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.value, f)
    }
}

impl<E> fmt::Display for UnknownValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<E> PartialEq for UnknownValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<E> Eq for UnknownValue<E> {}

impl<E> Hash for UnknownValue<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<E> PartialOrd for UnknownValue<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for UnknownValue<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<E> AsRef<str> for UnknownValue<E> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

/// An open string enum (implemented by [`open_enum_impls!`](crate::open_enum_impls)).
pub trait OpenEnum: Sized + Clone + PartialEq + 'static {
    /// The known variants and their wire values, in declaration order.
    const VARIANTS: &'static [(Self, &'static str)];

    /// The `Unknown` variant holding `value`.
    fn from_unknown(value: UnknownValue<Self>) -> Self;

    /// The payload of the `Unknown` variant, if this is it.
    fn unknown(&self) -> Option<&UnknownValue<Self>>;

    /// The wire value.
    fn wire_value(&self) -> &str {
        match self.unknown() {
            Some(value) => value.as_str(),
            None => Self::VARIANTS.iter().find(|(variant, _)| variant == self).map_or("", |(_, wire)| wire),
        }
    }

    /// The variant for a wire value: a known one, or `Unknown`.
    fn from_wire_value(value: &str) -> Self {
        match Self::VARIANTS.iter().find(|(_, wire)| *wire == value) {
            Some((variant, _)) => variant.clone(),
            None => Self::from_unknown(UnknownValue { value: value.into(), _enum: PhantomData }),
        }
    }

    /// Like [`from_wire_value`](Self::from_wire_value), reusing the string's allocation for an unknown value.
    fn from_wire_string(value: String) -> Self {
        match Self::VARIANTS.iter().find(|(_, wire)| *wire == value) {
            Some((variant, _)) => variant.clone(),
            None => Self::from_unknown(UnknownValue { value: value.into_boxed_str(), _enum: PhantomData }),
        }
    }
}

/// Implements [`OpenEnum`] and the conversions for an enum declared as an
/// open enum: unit variants, a last variant `Unknown(UnknownValue<Self>)`,
/// and an inherent `KNOWN: &'static [(Self, &'static str)]`.
///
/// Implements `as_str`, `From<&str>`, `From<String>`, `FromStr`
/// (infallible), `Display`, `AsRef<str>`, `PartialOrd`/`Ord` (by wire
/// value), and serde `Serialize`/`Deserialize` (as a string).
#[macro_export]
macro_rules! open_enum_impls {
    ($name:ident) => {
        #[allow(deprecated)]
        impl $crate::OpenEnum for $name {
            const VARIANTS: &'static [(Self, &'static str)] = $name::KNOWN;

            fn from_unknown(value: $crate::UnknownValue<Self>) -> Self {
                $name::Unknown(value)
            }

            fn unknown(&self) -> ::core::option::Option<&$crate::UnknownValue<Self>> {
                // An enum without known values has no other arm to reach.
                #[allow(unreachable_patterns)]
                match self {
                    $name::Unknown(value) => ::core::option::Option::Some(value),
                    _ => ::core::option::Option::None,
                }
            }
        }

        #[allow(deprecated)]
        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                $crate::OpenEnum::wire_value(self)
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::OpenEnum::from_wire_value(value)
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                $crate::OpenEnum::from_wire_string(value)
            }
        }

        #[allow(deprecated)]
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok($crate::OpenEnum::from_wire_value(value))
            }
        }

        #[allow(deprecated)]
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        #[allow(deprecated)]
        impl ::core::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        #[allow(deprecated)]
        impl ::core::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        #[allow(deprecated)]
        impl $crate::__serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::__serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::__serde::Deserializer<'de>,
            {
                deserializer.deserialize_str($crate::__OpenEnumVisitor::<$name>::new())
            }
        }
    };
}

/// The serde visitor of every open enum. Not part of the public API.
#[doc(hidden)]
pub struct __OpenEnumVisitor<E>(PhantomData<fn() -> E>);

impl<E> __OpenEnumVisitor<E> {
    /// A visitor for `E`.
    pub fn new() -> Self {
        __OpenEnumVisitor(PhantomData)
    }
}

impl<E> Default for __OpenEnumVisitor<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: OpenEnum> serde::de::Visitor<'_> for __OpenEnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<Err: serde::de::Error>(self, value: &str) -> Result<E, Err> {
        Ok(E::from_wire_value(value))
    }

    fn visit_string<Err: serde::de::Error>(self, value: String) -> Result<E, Err> {
        Ok(E::from_wire_string(value))
    }
}

/// Declares an *open* string enum: known values get variants, any other string
/// is kept in `Unknown(UnknownValue<Self>)` so it round-trips unchanged.
///
/// ```
/// vercel_runtime_core::open_enum! {
///     /// Deployment state.
///     pub enum ReadyState {
///         /// Being built.
///         Building = "BUILDING",
///         /// Live.
///         Ready = "READY",
///     }
/// }
///
/// assert_eq!(ReadyState::from("READY"), ReadyState::Ready);
/// assert_eq!(ReadyState::Ready.as_str(), "READY");
/// assert_eq!(ReadyState::from("QUEUED").as_str(), "QUEUED");
/// assert!(matches!(ReadyState::from("QUEUED"), ReadyState::Unknown(_)));
/// assert_eq!(ReadyState::KNOWN, &[(ReadyState::Building, "BUILDING"), (ReadyState::Ready, "READY")]);
/// ```
///
/// The expansion is what the generator writes: the enum (deriving `Debug,
/// Clone, PartialEq, Eq, Hash`, `#[non_exhaustive]`), its `KNOWN` table, and
/// [`open_enum_impls!`](crate::open_enum_impls). Attributes and doc comments
/// on the enum and its variants are passed through. The variant name
/// `Unknown` is reserved.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $value:literal
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this client version does not know; keeps the raw string so it round-trips.
            Unknown($crate::UnknownValue<Self>),
        }

        #[allow(deprecated)]
        impl $name {
            /// The known variants and their wire values, in declaration order.
            pub const KNOWN: &'static [(Self, &'static str)] = &[$(($name::$variant, $value)),*];
        }

        $crate::open_enum_impls!($name);
    };
}

#[cfg(test)]
mod tests {
    use super::OpenEnum;

    crate::open_enum! {
        /// Test enum.
        #[allow(dead_code)]
        pub(crate) enum Target {
            /// Production.
            Production = "production",
            /// Preview.
            Preview = "preview",
        }
    }

    crate::open_enum! {
        /// No known values at all.
        enum Empty {}
    }

    #[test]
    fn known_and_unknown() {
        assert_eq!(Target::from("production"), Target::Production);
        let staging = Target::from("staging".to_owned());
        assert_eq!(staging.unknown().map(|v| v.as_str()), Some("staging"));
        assert_eq!(staging, Target::from("staging"));
        assert_ne!(staging, Target::from("qa"));
        assert_eq!("preview".parse::<Target>(), Ok(Target::Preview));
        assert_eq!(Target::Preview.to_string(), "preview");
        assert_eq!(Target::KNOWN.iter().map(|(_, w)| *w).collect::<Vec<_>>(), ["production", "preview"]);
        assert_eq!(Empty::KNOWN.len(), 0);
        assert_eq!(Empty::from("x").as_str(), "x");
    }

    #[test]
    fn a_known_value_never_becomes_unknown() {
        assert!(Target::from("preview").unknown().is_none());
        assert!(Target::from("preview".to_owned()).unknown().is_none());
        let decoded: Target = serde_json::from_str("\"preview\"").unwrap();
        assert_eq!(decoded, Target::Preview);
    }

    #[test]
    fn ordering_is_by_wire_value_not_declaration_order() {
        // Declared production, preview; "preview" < "production" < "staging".
        let mut values = vec![Target::from("staging"), Target::Production, Target::Preview];
        values.sort();
        assert_eq!(values, [Target::Preview, Target::Production, Target::from("staging")]);
    }

    #[test]
    fn round_trips_through_serde() {
        let values: Vec<Target> = serde_json::from_str(r#"["production","canary"]"#).unwrap();
        assert_eq!(values[0], Target::Production);
        assert_eq!(values[1].as_str(), "canary");
        assert_eq!(serde_json::to_string(&values).unwrap(), r#"["production","canary"]"#);
    }
}
