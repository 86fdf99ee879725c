//! The [`open_enum!`](crate::open_enum) macro for string enums that tolerate unknown values.

/// Declares an *open* string enum: known values get variants, any other string
/// is kept in `Unknown(String)` so it round-trips unchanged.
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
/// assert_eq!(ReadyState::from("QUEUED"), ReadyState::Unknown("QUEUED".into()));
/// assert_eq!(ReadyState::KNOWN, &["BUILDING", "READY"]);
/// ```
///
/// The expansion derives `Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord`,
/// is `#[non_exhaustive]`, and implements `as_str`, `KNOWN`, `From<&str>`,
/// `From<String>`, `FromStr` (infallible), `Display`, `AsRef<str>`, and serde
/// `Serialize`/`Deserialize` (as a string). Attributes and doc comments on the
/// enum and its variants are passed through. The variant name `Unknown` is
/// reserved.
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant,
            )*
            /// A value this client version does not know; keeps the raw string so it round-trips.
            Unknown(::std::string::String),
        }

        #[allow(deprecated)]
        impl $name {
            /// The wire values of the known variants, in declaration order.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(value) => value.as_str(),
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )*
                    _ => $name::Unknown(::std::borrow::ToOwned::to_owned(value)),
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $( $value => $name::$variant, )*
                    _ => $name::Unknown(value),
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(<$name as ::core::convert::From<&str>>::from(value))
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
                struct OpenEnumVisitor;

                impl<'de> $crate::__serde::de::Visitor<'de> for OpenEnumVisitor {
                    type Value = $name;

                    fn expecting(
                        &self,
                        f: &mut ::core::fmt::Formatter<'_>,
                    ) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }

                    fn visit_str<E>(self, value: &str) -> ::core::result::Result<$name, E>
                    where
                        E: $crate::__serde::de::Error,
                    {
                        ::core::result::Result::Ok(<$name as ::core::convert::From<&str>>::from(value))
                    }

                    fn visit_string<E>(
                        self,
                        value: ::std::string::String,
                    ) -> ::core::result::Result<$name, E>
                    where
                        E: $crate::__serde::de::Error,
                    {
                        ::core::result::Result::Ok(<$name as ::core::convert::From<::std::string::String>>::from(value))
                    }
                }

                deserializer.deserialize_str(OpenEnumVisitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
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
        assert_eq!(Target::from("staging".to_owned()), Target::Unknown("staging".into()));
        assert_eq!("preview".parse::<Target>(), Ok(Target::Preview));
        assert_eq!(Target::Preview.to_string(), "preview");
        assert_eq!(Target::KNOWN, &["production", "preview"]);
        assert_eq!(Empty::KNOWN.len(), 0);
        assert_eq!(Empty::from("x").as_str(), "x");
    }
}
