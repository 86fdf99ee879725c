//! Tri-state values for request-body fields where an explicit JSON `null` matters.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value that may be explicitly `null`.
///
/// Used as `Option<Nullable<T>>` with
/// `#[serde(skip_serializing_if = "Option::is_none")]`: `None` leaves the
/// field out, `Some(Nullable::Null)` sends `null` (e.g. to clear a setting),
/// `Some(Nullable::Value(v))` sends `v`.
///
/// Note: when *deserializing* an `Option<Nullable<T>>` field, serde maps
/// `null` to the outer `None`; `Nullable<T>` on its own maps `null` to
/// [`Nullable::Null`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// An explicit JSON `null`.
    Null,
    /// A present value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// Converts to an `Option`, mapping `Null` to `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// Borrows the contained value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(v) => Nullable::Value(v),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize)]
    struct Patch {
        #[serde(skip_serializing_if = "Option::is_none")]
        command: Option<Nullable<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        port: Option<Nullable<u16>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<Nullable<String>>,
    }

    #[test]
    fn serializes_absent_null_and_value() {
        let patch = Patch { command: None, port: Some(Nullable::Null), name: Some("web".to_owned().into()) };
        assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"port":null,"name":"web"}"#);
    }

    #[test]
    fn deserializes_null_and_value() {
        let v: Nullable<u16> = serde_json::from_str("null").unwrap();
        assert_eq!(v, Nullable::Null);
        let v: Nullable<u16> = serde_json::from_str("8080").unwrap();
        assert_eq!(v, Nullable::Value(8080));
        assert!(serde_json::from_str::<Nullable<u16>>("\"x\"").is_err());

        #[derive(Deserialize)]
        struct Row {
            a: Nullable<String>,
        }
        let row: Row = serde_json::from_str(r#"{"a":null}"#).unwrap();
        assert!(row.a.is_null());
    }

    #[test]
    fn helpers() {
        assert_eq!(Nullable::from(3).into_option(), Some(3));
        assert_eq!(Nullable::<i32>::Null.into_option(), None);
        assert_eq!(Nullable::Value(3).as_ref(), Nullable::Value(&3));
    }
}
