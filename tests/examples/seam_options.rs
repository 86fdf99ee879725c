//! Per-call options: this one call gets its own timeout, no retries, an
//! extra header and another base URL; the client's settings stay as they are.

use std::time::Duration;

use vercel_client::prelude::*;
use vercel_client::{Client, Error, RequestOptions, RetryConfig};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().timeout(Duration::from_secs(60)).build()?;
    let options = RequestOptions::new()
        .timeout(Duration::from_secs(5))
        .retry(RetryConfig::disabled())
        .header("x-request-source", "health-check")
        .base_url("https://vercel-proxy.internal.example.com");
    let user = client.user().get_auth_user().options(options).send().await?;
    println!("{user:?}");
    Ok(())
}
