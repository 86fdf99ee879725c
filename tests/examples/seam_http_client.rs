//! Bring your own HTTP client: a proxy and a private root CA, with the
//! runtime's token, team scoping, retries and timeout still applied.

use std::time::Duration;

use vercel_client::prelude::*;
use vercel_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let config = |e: reqwest::Error| Error::Config(e.to_string());
    let ca = reqwest::Certificate::from_pem(&std::fs::read("corp-ca.pem").unwrap_or_default()).map_err(config)?;
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::https("http://proxy.internal:3128").map_err(config)?)
        .add_root_certificate(ca)
        .user_agent("my-deployer/1.0") // set on your client, not on the builder below
        .build()
        .map_err(config)?;
    let client = Client::builder()
        .http_client(http)
        .team_id("team_123")
        .timeout(Duration::from_secs(20)) // still applied, per request
        .build()?;
    let user = client.user().get_auth_user().send().await?;
    println!("{user:?}");
    Ok(())
}
