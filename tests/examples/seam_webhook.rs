//! A webhook handler's core: verify the delivery, then act on its type.
//! Needs no endpoint-group or TLS feature (`default-features = false`).

use vercel_client::webhook::{self, EventType, WebhookError};

/// `body` is the raw request body, `signature` the `x-vercel-signature` header.
fn handle(secret: &[u8], body: &[u8], signature: &str) -> Result<String, WebhookError> {
    let event = webhook::verify(secret, body, signature)?;
    Ok(match event.r#type {
        EventType::DeploymentSucceeded => {
            format!("deployed {}", event.payload_str("/deployment/url").unwrap_or("?"))
        }
        EventType::DeploymentError => {
            format!("deployment {} failed", event.payload_str("/deployment/id").unwrap_or("?"))
        }
        other => format!("ignored {other} ({})", event.id),
    })
}

fn main() {
    // In a test of your handler, sign the body as Vercel would.
    let body = br#"{"id":"evt_1","type":"deployment.succeeded","createdAt":1,"payload":{"deployment":{"url":"a.vercel.app"}}}"#;
    let signature = webhook::sign(b"my-client-secret", body);
    assert_eq!(handle(b"my-client-secret", body, &signature).unwrap(), "deployed a.vercel.app");
    assert_eq!(handle(b"another-secret", body, &signature), Err(WebhookError::WrongSignature));
    println!("ok");
}
