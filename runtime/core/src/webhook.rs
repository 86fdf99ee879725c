//! Verifying webhook deliveries (feature `webhook`): Vercel signs the raw
//! body with HMAC-SHA1, hex in the `x-vercel-signature` header, keyed with
//! the integration's client secret (integration webhooks) or the webhook's
//! secret (account webhooks). No HTTP stack needed.
//!
//! The facade `vercel-client` wraps [`verify`] as `vercel_client::webhook::verify`,
//! with the event types of the spec as an open enum.

use std::fmt;

use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha1::Sha1;

/// The header Vercel puts the signature in.
pub const SIGNATURE_HEADER: &str = "x-vercel-signature";

/// Length of a hex HMAC-SHA1 signature.
const SIGNATURE_HEX_LEN: usize = 40;

/// Why a delivery was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature is empty: the `x-vercel-signature` header is missing.
    MissingSignature,
    /// The signature is not 40 hexadecimal digits.
    MalformedSignature {
        /// What is wrong with it (never the signature itself).
        reason: String,
    },
    /// The signature does not match the body for this secret: a forged or
    /// altered delivery, or the wrong secret.
    WrongSignature,
    /// The signature matches but the body is not a webhook event.
    InvalidEvent {
        /// The JSON error.
        message: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => write!(f, "webhook delivery has no {SIGNATURE_HEADER} signature"),
            WebhookError::MalformedSignature { reason } => {
                write!(f, "webhook {SIGNATURE_HEADER} signature is malformed: {reason}")
            }
            WebhookError::WrongSignature => {
                write!(
                    f,
                    "webhook {SIGNATURE_HEADER} signature does not match the body (forged, altered, or another secret)"
                )
            }
            WebhookError::InvalidEvent { message } => write!(f, "webhook body is not an event: {message}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// A verified webhook delivery. `K` is the event type (the facade's
/// `EventType`, an open enum generated from the spec).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Event<K> {
    /// The event's id, unique per event (use it to drop redelivered events).
    pub id: String,
    /// What happened, e.g. `deployment.succeeded`.
    #[serde(rename = "type")]
    pub r#type: K,
    /// When it happened, in milliseconds since the Unix epoch.
    #[serde(rename = "createdAt")]
    pub created_at: i64,
    /// The event's data; its shape depends on the type (the spec gives no
    /// schema for it): read it with [`payload_as`](Self::payload_as) or as JSON.
    #[serde(default)]
    pub payload: serde_json::Value,
    /// The region the event was sent from, when given.
    #[serde(default)]
    pub region: Option<String>,
}

impl<K> Event<K> {
    /// The payload decoded as `T` (e.g. a struct of the fields you use).
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.payload)
    }

    /// The string at the JSON pointer `pointer` of the payload (e.g. `/deployment/id`).
    pub fn payload_str(&self, pointer: &str) -> Option<&str> {
        self.payload.pointer(pointer).and_then(|v| v.as_str())
    }
}

/// Checks `signature` (the `x-vercel-signature` header's value, hex
/// HMAC-SHA1 of `body` keyed with `secret`) in constant time, then decodes
/// the event. `body` must be the raw bytes received, before any parsing.
pub fn verify<K: DeserializeOwned>(secret: &[u8], body: &[u8], signature: &str) -> Result<Event<K>, WebhookError> {
    verify_signature(secret, body, signature)?;
    serde_json::from_slice(body).map_err(|e| WebhookError::InvalidEvent { message: e.to_string() })
}

/// Only the signature check of [`verify`].
pub fn verify_signature(secret: &[u8], body: &[u8], signature: &str) -> Result<(), WebhookError> {
    let signature = signature.trim();
    if signature.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    if signature.len() != SIGNATURE_HEX_LEN {
        return Err(WebhookError::MalformedSignature {
            reason: format!("{} characters, expected {SIGNATURE_HEX_LEN} hexadecimal digits", signature.len()),
        });
    }
    let mut expected = [0u8; SIGNATURE_HEX_LEN / 2];
    for (i, pair) in signature.as_bytes().chunks(2).enumerate() {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(high), Some(low)) => expected[i] = high << 4 | low,
            _ => {
                return Err(WebhookError::MalformedSignature { reason: "not hexadecimal".into() });
            }
        }
    }
    // `verify_slice` compares in constant time.
    mac(secret, body).verify_slice(&expected).map_err(|_| WebhookError::WrongSignature)
}

/// The signature Vercel would send for `body` keyed with `secret`
/// (lowercase hex HMAC-SHA1): for tests of your webhook handler.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let digest = mac(secret, body).finalize().into_bytes();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn mac(secret: &[u8], body: &[u8]) -> Hmac<Sha1> {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    mac
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed independently with Python's hmac module:
    //   python3 -c "import hmac,hashlib; print(hmac.new(KEY, BODY, hashlib.sha1).hexdigest())"
    const BODY: &[u8] = br#"{"id":"evt_1","type":"deployment.succeeded","createdAt":1716300000000,"payload":{"deployment":{"id":"dpl_1","url":"web-1.vercel.app"}},"region":"iad1"}"#;
    /// KEY = b'whsec_test', BODY as above.
    const BODY_SIGNATURE: &str = "ea4dfba9816f3734a12dc829a7959f9cb889c9cc";
    /// KEY = b'\x0b' * 20, BODY = b'Hi There' (also RFC 2202, test case 1).
    const RFC2202_1: &str = "b617318655057264e28bc0b6fb378c8ef146be00";
    /// KEY = b'\xaa' * 80 (longer than a block), BODY = b'Test Using Larger Than
    /// Block-Size Key - Hash Key First' (also RFC 2202, test case 6).
    const RFC2202_6: &str = "aa4ae5e15272d00e95705637ce8a3b55ed402112";

    #[test]
    fn signs_like_pythons_hmac() {
        assert_eq!(sign(b"whsec_test", BODY), BODY_SIGNATURE);
        assert_eq!(sign(&[0x0b; 20], b"Hi There"), RFC2202_1);
        assert_eq!(sign(&[0xaa; 80], b"Test Using Larger Than Block-Size Key - Hash Key First"), RFC2202_6);
    }

    #[test]
    fn verifies_and_decodes_a_delivery() {
        let event: Event<String> = verify(b"whsec_test", BODY, BODY_SIGNATURE).unwrap();
        assert_eq!(
            (event.id.as_str(), event.r#type.as_str(), event.created_at),
            ("evt_1", "deployment.succeeded", 1716300000000)
        );
        assert_eq!(event.payload_str("/deployment/url"), Some("web-1.vercel.app"));
        assert_eq!(event.region.as_deref(), Some("iad1"));
        #[derive(Deserialize)]
        struct Payload {
            deployment: serde_json::Value,
        }
        assert_eq!(event.payload_as::<Payload>().unwrap().deployment["id"], "dpl_1");
        // Upper-case hex and surrounding spaces are the same signature.
        verify_signature(b"whsec_test", BODY, &format!(" {} ", BODY_SIGNATURE.to_uppercase())).unwrap();
    }

    #[test]
    fn refuses_missing_malformed_and_wrong_signatures() {
        assert_eq!(verify_signature(b"whsec_test", BODY, ""), Err(WebhookError::MissingSignature));
        let short = verify_signature(b"whsec_test", BODY, "abc").unwrap_err();
        assert!(
            matches!(&short, WebhookError::MalformedSignature { reason } if reason.contains("3 characters")),
            "{short}"
        );
        let not_hex = verify_signature(b"whsec_test", BODY, &"zz".repeat(20)).unwrap_err();
        assert!(matches!(not_hex, WebhookError::MalformedSignature { .. }));
        assert_eq!(verify_signature(b"other-secret", BODY, BODY_SIGNATURE), Err(WebhookError::WrongSignature));
        let mut altered = BODY.to_vec();
        altered[10] ^= 1;
        assert_eq!(verify_signature(b"whsec_test", &altered, BODY_SIGNATURE), Err(WebhookError::WrongSignature));
        let flipped = format!("{}0", &BODY_SIGNATURE[..39]);
        assert_eq!(verify_signature(b"whsec_test", BODY, &flipped), Err(WebhookError::WrongSignature));
    }

    #[test]
    fn a_signed_body_that_is_not_an_event_is_an_invalid_event() {
        let body = br#"{"hello":"world"}"#;
        let err = verify::<String>(b"k", body, &sign(b"k", body)).unwrap_err();
        assert!(matches!(&err, WebhookError::InvalidEvent { message } if message.contains("missing field")), "{err}");
    }
}
