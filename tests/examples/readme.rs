use std::time::Duration;

use vercel_client::prelude::*;
use vercel_client::{Client, Error, RetryConfig, StreamExt};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The token comes from `.token(..)` or the VERCEL_TOKEN environment variable.
    // `team_id` is sent as `teamId` to every operation that declares it.
    let client = Client::builder()
        .team_id("team_123")
        .retry(RetryConfig::default().max_attempts(5).max_delay(Duration::from_secs(30)))
        .timeout(Duration::from_secs(30))
        .build()?;

    // One page.
    let page = client.deployments().get_deployments().limit(20).target("production").send().await?;
    for d in &page.deployments {
        println!("{} {} {:?}", d.uid, d.url, d.ready_state);
    }

    // Every page: `into_stream()` follows `pagination.next`, fetching pages as needed.
    let mut deployments = client.deployments().get_deployments().limit(100).into_stream();
    while let Some(deployment) = deployments.next().await {
        println!("{}", deployment?.uid);
    }

    // A team given on the call wins over the client's.
    let other = client.projects().get_projects().team_id("team_456").send().await?;
    println!("{} projects in team_456", other.projects.len());

    // Errors: match on the HTTP status or Vercel's `error.code`.
    match client.projects().get_project("my-project").send().await {
        Ok(project) => println!("project {}", project.name),
        Err(Error::Api(e)) if e.status.as_u16() == 404 => println!("no such project"),
        Err(Error::Api(e)) if e.code.as_deref() == Some("forbidden") => {
            println!("forbidden: {} (request {:?})", e.message.as_deref().unwrap_or(""), e.request_id());
        }
        Err(e) => return Err(e),
    }

    // Where the spec types an error body (the registrar operations), the
    // operation's module has an `ErrorBody` enum with a variant per status.
    use vercel_client::domains_registrar::get_tld_price::ErrorBody;
    match client.domains_registrar().get_tld_price("dev").send().await {
        Ok(price) => println!("{:?} for {} years", price.purchase_price, price.years),
        Err(e) => match e.typed_body::<ErrorBody>() {
            Some(ErrorBody::Status400(body)) => println!("TLD refused: {body:?}"),
            _ => return Err(e),
        },
    }

    // Status, headers and rate limit together with the body.
    let response = client.user().get_auth_user().send_with_response().await?;
    if let Some(limit) = response.rate_limit() {
        println!("{:?} of {:?} requests left", limit.remaining, limit.limit);
    }
    println!("HTTP {}, user {:?}", response.status, response.body.user);
    Ok(())
}
