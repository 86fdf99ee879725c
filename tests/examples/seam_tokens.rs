//! Token sources: a provider asked before each attempt (and once more for a
//! fresh token after a 401/403), and cheap per-tenant clients sharing one
//! connection pool.

use std::sync::Arc;

use vercel_client::prelude::*;
use vercel_client::{BoxError, Client, Error, TokenRequest};

/// Stands in for a secret store or an OAuth refresh.
async fn current_token(refresh: bool) -> Result<String, BoxError> {
    let _ = refresh;
    Ok(std::env::var("VERCEL_TOKEN")?)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client =
        Client::builder().token_provider(|why: TokenRequest| current_token(why == TokenRequest::Refresh)).build()?;
    client.user().get_auth_user().send().await?;

    // One installation per team, each with its own token: derived clients
    // clone the configuration, not the HTTP client.
    let installations: Arc<[(&str, &str)]> = Arc::from([("team_a", "tok_a"), ("team_b", "tok_b")]);
    for (team, token) in installations.iter() {
        let tenant = client.with_token(token)?.with_team_id(*team);
        let page = tenant.projects().get_projects().send().await?;
        println!("{team}: {} projects", page.projects.len());
    }
    Ok(())
}
