//! Waiters: create a deployment elsewhere, then wait until it is READY,
//! ERROR or CANCELED (polling with backoff and jitter, at most 10 minutes).
//! A waiter is a value: configure it, pass it on, `.await` it.

use std::time::Duration;

use vercel_client::deployments::get_deployment::Response;
use vercel_client::prelude::*;
use vercel_client::{Client, Error, Waiter, DEFAULT_WAIT_MAX_INTERVAL};

/// The wait for deployment `id` to finish, configured but not started.
fn until_finished(client: &Client, id: String) -> Waiter<Response> {
    client
        .deployments()
        .get_deployment(id)
        .wait()
        .timeout(Duration::from_secs(600))
        .interval(Duration::from_secs(2), DEFAULT_WAIT_MAX_INTERVAL)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().team_id("team_123").build()?;
    let id = std::env::args().nth(1).unwrap_or_else(|| "dpl_123".into());
    match until_finished(&client, id).await? {
        Response::Build(d) => println!("{} is {}", d.url, d.ready_state),
        Response::Limited(d) => println!("{} is {}", d.url, d.ready_state),
        _ => println!("finished, in a shape this client does not know"),
    }
    Ok(())
}
