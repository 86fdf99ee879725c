//! `open_enum!` used from another crate, the way generated code uses it.
#![deny(warnings)]

use std::collections::{BTreeSet, HashSet};

vercel_runtime::open_enum! {
    /// State of a deployment.
    #[doc(alias = "state")]
    pub enum ReadyState {
        /// Waiting for a build slot.
        Queued = "QUEUED",
        /// Being built.
        Building = "BUILDING",
        /// Live.
        Ready = "READY",
        /// Failed.
        Error = "ERROR",
    }
}

#[test]
fn known_value_round_trips() {
    let state: ReadyState = serde_json::from_str("\"READY\"").unwrap();
    assert_eq!(state, ReadyState::Ready);
    assert_eq!(serde_json::to_string(&state).unwrap(), "\"READY\"");
    let owned: ReadyState = serde_json::from_value(serde_json::json!("BUILDING")).unwrap();
    assert_eq!(owned, ReadyState::Building);
    assert_eq!("ERROR".parse::<ReadyState>(), Ok(ReadyState::Error));
    assert_eq!(ReadyState::Queued.to_string(), "QUEUED");
    assert_eq!(ReadyState::Queued.as_ref(), "QUEUED");
}

#[test]
fn unknown_value_round_trips() {
    let state: ReadyState = serde_json::from_str("\"CANCELED\"").unwrap();
    assert!(matches!(&state, ReadyState::Unknown(value) if value.as_str() == "CANCELED"), "{state:?}");
    assert_eq!(state, ReadyState::from("CANCELED"));
    assert_eq!(state.as_str(), "CANCELED");
    assert_eq!(serde_json::to_string(&state).unwrap(), "\"CANCELED\"");
    // Matching is exact: case differences are unknown values too.
    let lower = ReadyState::from(String::from("ready"));
    assert!(matches!(&lower, ReadyState::Unknown(value) if value.as_str() == "ready"), "{lower:?}");
    assert_ne!(lower, ReadyState::Ready);
}

#[test]
fn non_string_is_rejected() {
    let err = serde_json::from_str::<ReadyState>("3").unwrap_err();
    assert!(err.to_string().contains("a string"), "{err}");
}

#[test]
fn known_lists_every_value_once_and_maps_back() {
    let wire: Vec<&str> = ReadyState::KNOWN.iter().map(|(_, w)| *w).collect();
    assert_eq!(wire, ["QUEUED", "BUILDING", "READY", "ERROR"]);
    let unique: HashSet<_> = wire.iter().collect();
    assert_eq!(unique.len(), ReadyState::KNOWN.len());
    for (variant, value) in ReadyState::KNOWN {
        let parsed = ReadyState::from(*value);
        assert!(!matches!(parsed, ReadyState::Unknown(_)), "{value}");
        assert_eq!(&parsed, variant);
        assert_eq!(parsed.as_str(), *value);
    }
}

#[test]
fn derives_are_usable() {
    let set: BTreeSet<ReadyState> = [ReadyState::Ready, ReadyState::Queued, ReadyState::Ready].into_iter().collect();
    assert_eq!(set.len(), 2);
    // Ordered by wire value ("QUEUED" < "READY"), not by declaration order.
    assert_eq!(set.first(), Some(&ReadyState::Queued));
    assert!(ReadyState::Building < ReadyState::Queued, "BUILDING sorts before QUEUED though declared after it");
    assert_eq!(format!("{:?}", ReadyState::Ready), "Ready");
}

vercel_runtime::open_enum! {
    /// A deprecated enum with a deprecated variant: the expansion itself must
    /// not trigger `deprecated` warnings (this file denies warnings).
    #[deprecated = "test"]
    pub enum Legacy {
        /// Old value.
        #[deprecated = "test"]
        Old = "old",
        /// Current value.
        Current = "current",
    }
}

#[test]
#[allow(deprecated)]
fn deprecated_enum_still_works() {
    assert_eq!(Legacy::from("old"), Legacy::Old);
    assert_eq!(Legacy::Current.as_str(), "current");
}
