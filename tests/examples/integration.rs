//! An integration's first steps: exchange the OAuth code it received for a
//! token, then use a client limited to the `Deployments` scope (Read level) to
//! list every deployment, page by page.
//!
//! Run: `VERCEL_CLIENT_ID=.. VERCEL_CLIENT_SECRET=.. VERCEL_REDIRECT_URI=.. cargo run -p vercel-tests --example integration -- <code>`
//! (tests/tests/it/integration_example.rs runs `list_all_deployments` against a local mock).

use vercel_client::scopes::deployments::Read;
use vercel_client::{Error, OAuthApp};

/// Exchanges `code`, then returns the URL of every deployment the installation
/// can see, following `pagination.next` until the last page.
pub async fn list_all_deployments(app: &OAuthApp, code: &str) -> Result<Vec<String>, Error> {
    // The client comes back with the access token and, for a team installation, its team id.
    let (_token, client) = app.exchange_code(code).await?;
    // Only what the Deployments scope grants at the Read level compiles on `deployments`.
    let deployments = Read::new(client);

    let mut urls = Vec::new();
    let mut until = None;
    loop {
        let mut request = deployments.get_deployments().limit(20);
        if let Some(until) = until {
            request = request.until(until);
        }
        let page = request.send().await?;
        urls.extend(page.deployments.iter().map(|d| d.url.clone()));
        match page.pagination.next {
            Some(next) => until = Some(next),
            None => return Ok(urls),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("set {name}"));
    let app = OAuthApp::new(var("VERCEL_CLIENT_ID"), var("VERCEL_CLIENT_SECRET"), var("VERCEL_REDIRECT_URI"));
    let code = std::env::args().nth(1).expect("usage: integration <oauth code>");
    for url in list_all_deployments(&app, &code).await? {
        println!("{url}");
    }
    Ok(())
}
