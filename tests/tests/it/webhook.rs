//! `vercel_client::webhook`: signatures checked against a vector computed
//! with Python's hmac, event types from the spec's enum.

use vercel_client::webhook::{self, EventType, WebhookError};

/// `python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', BODY, hashlib.sha1).hexdigest())"`
const BODY: &[u8] = br#"{"id":"evt_1","type":"deployment.succeeded","createdAt":1716300000000,"payload":{"deployment":{"id":"dpl_1","url":"web-1.vercel.app"}},"region":"iad1"}"#;
const SIGNATURE: &str = "ea4dfba9816f3734a12dc829a7959f9cb889c9cc";

#[test]
fn a_signed_delivery_verifies_into_a_typed_event() {
    let event = webhook::verify(b"whsec_test", BODY, SIGNATURE).unwrap();
    assert_eq!(event.id, "evt_1");
    assert_eq!(event.r#type, EventType::DeploymentSucceeded);
    assert_eq!(event.created_at, 1716300000000);
    assert_eq!(event.payload_str("/deployment/id"), Some("dpl_1"));
}

#[test]
fn an_event_type_the_spec_does_not_list_is_kept() {
    let body = br#"{"id":"evt_2","type":"something.new","createdAt":1,"payload":{}}"#;
    let event = webhook::verify(b"k", body, &webhook::sign(b"k", body)).unwrap();
    assert_eq!(event.r#type.as_str(), "something.new");
    assert!(!matches!(event.r#type, EventType::DeploymentSucceeded));
}

#[test]
fn bad_signatures_are_refused_with_the_reason() {
    assert_eq!(webhook::verify(b"whsec_test", BODY, "").unwrap_err(), WebhookError::MissingSignature);
    assert!(matches!(webhook::verify(b"whsec_test", BODY, "sha1=abc"), Err(WebhookError::MalformedSignature { .. })));
    assert_eq!(webhook::verify(b"wrong", BODY, SIGNATURE).unwrap_err(), WebhookError::WrongSignature);
    assert_eq!(
        webhook::verify(b"wrong", BODY, SIGNATURE).unwrap_err().to_string(),
        "webhook x-vercel-signature signature does not match the body (forged, altered, or another secret)"
    );
}

/// Vercel's legacy dash-spelled event types are named by a rule
/// (`LegacyDeploymentReady`), never with a positional number (`DeploymentReady2`).
#[test]
fn legacy_event_types_are_named_legacy_not_numbered() {
    let legacy: Vec<_> =
        EventType::KNOWN.iter().filter(|(_, wire)| wire.contains('-') && !wire.contains('.')).collect();
    assert!(legacy.len() >= 10, "the spec lists the legacy names: {legacy:?}");
    for (variant, wire) in legacy {
        assert!(format!("{variant:?}").starts_with("Legacy"), "{wire} is {variant:?}");
    }
    for (variant, _) in EventType::KNOWN {
        let name = format!("{variant:?}");
        assert!(!name.ends_with(|c: char| c.is_ascii_digit()), "{name} has a positional number");
    }
    assert_eq!(EventType::from("deployment-ready"), EventType::LegacyDeploymentReady);
    assert_eq!(EventType::from("deployment.ready"), EventType::DeploymentReady);
}
