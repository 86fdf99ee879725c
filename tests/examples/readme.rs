use vercel_client::prelude::*;
use vercel_client::{Client, Error, StreamExt};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The token comes from `.token(..)` or the VERCEL_TOKEN environment variable.
    let client = Client::builder().team_id("team_123").build()?;
    let user = client.user().get_auth_user().send().await?;
    println!("signed in as {:?}", user.user);
    let mut deployments = client.deployments().get_deployments().limit(100).into_stream();
    while let Some(deployment) = deployments.next().await {
        println!("{}", deployment?.url);
    }
    Ok(())
}
