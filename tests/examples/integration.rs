//! A small Vercel integration, written as a user writes it from the docs:
//! exchange the OAuth code of an installation, check its configurations
//! (a disabled one is a state, not a failure), list the team's projects
//! across pages, set an environment variable on each through the body
//! builder, list the ready deployments as a stream, and handle a webhook
//! delivery, verified and matched on its type.
//!
//! Run: `VERCEL_CLIENT_ID=.. VERCEL_CLIENT_SECRET=.. VERCEL_REDIRECT_URI=.. cargo run -p vercel-tests --example integration -- <code>`
//! (tests/tests/it/integration_example.rs runs all of it against the `test-util` mock).

use vercel_client::integrations::get_configurations::{self, View};
use vercel_client::projects::create_project_env::{BodyObject, BodyObjectType};
use vercel_client::webhook::{self, EventType, WebhookError};
use vercel_client::{prelude::*, Client, Error, OAuthApp, StreamExt};

/// The installation's state, as [`configurations`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Configurations {
    /// The integration is enabled and has this many configurations.
    Enabled(usize),
    /// The configuration was disabled by the user: it must be re-enabled in the dashboard.
    Disabled,
}

/// Exchanges the `code` Vercel sent to the redirect URL through `client`
/// (its HTTP client and settings); returns the installation's id and a
/// client acting as that installation (scoped to its team, if any).
pub async fn install(app: &OAuthApp, client: &Client, code: &str) -> Result<(String, Client), Error> {
    let (token, installation) = app.exchange_code_with(client, code).await?;
    Ok((token.installation_id, installation))
}

/// How many configurations the installation has, or that it is disabled.
pub async fn configurations(client: &Client) -> Result<Configurations, Error> {
    match client.integrations().get_configurations(View::Account).send().await {
        Ok(get_configurations::Response::LimitedList(list)) => Ok(Configurations::Enabled(list.len())),
        Ok(get_configurations::Response::IntegrationList(list)) => Ok(Configurations::Enabled(list.len())),
        Ok(_) => Ok(Configurations::Enabled(0)),
        Err(Error::IntegrationDisabled(_)) => Ok(Configurations::Disabled),
        Err(other) => Err(other),
    }
}

/// The names of every project the installation can see, every page of them.
pub async fn project_names(client: &Client) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    let mut projects = client.projects().get_projects().limit(100).into_stream();
    while let Some(project) = projects.next().await {
        names.push(project?.name);
    }
    Ok(names)
}

/// Sets `key` to `value` (encrypted, for production and preview) on `project`,
/// replacing an earlier value.
pub async fn set_variable(client: &Client, project: &str, key: &str, value: &str) -> Result<(), Error> {
    let variable =
        BodyObject::builder().key(key).value(value).r#type(BodyObjectType::Encrypted).target(["production", "preview"]);
    client.projects().create_project_env(project).upsert("true").body(variable).send().await?;
    Ok(())
}

/// The URLs of the ready deployments of `project_id`, newest first, as a stream over every page.
pub async fn ready_deployments(client: &Client, project_id: &str) -> Result<Vec<String>, Error> {
    let mut urls = Vec::new();
    let mut deployments = client.deployments().get_deployments().project_id(project_id).state("READY").into_stream();
    while let Some(deployment) = deployments.next().await {
        urls.push(deployment?.url);
    }
    Ok(urls)
}

/// A webhook delivery: `body` is the raw request body, `signature` the
/// `x-vercel-signature` header, `secret` the integration's client secret.
/// Returns what the integration does about it.
pub fn on_webhook(secret: &[u8], body: &[u8], signature: &str) -> Result<String, WebhookError> {
    let event = webhook::verify(secret, body, signature)?;
    Ok(match event.r#type {
        EventType::DeploymentSucceeded => format!("deployed {}", event.payload_str("/deployment/url").unwrap_or("?")),
        EventType::IntegrationConfigurationRemoved => "uninstalled".to_owned(),
        other => format!("ignored {other}"),
    })
}

/// The whole flow for one installation: what `main` prints.
pub async fn run(app: &OAuthApp, client: &Client, code: &str) -> Result<Vec<String>, Error> {
    let (installation_id, client) = install(app, client, code).await?;
    let mut report = vec![format!("installation {installation_id}")];
    if configurations(&client).await? == Configurations::Disabled {
        report.push("disabled: re-enable the configuration in the dashboard".to_owned());
        return Ok(report);
    }
    for project in project_names(&client).await? {
        set_variable(&client, &project, "INTEGRATION_ENABLED", "1").await?;
        report.push(format!("{project}: {:?}", ready_deployments(&client, &project).await?));
    }
    Ok(report)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("set {name}"));
    let app = OAuthApp::new(var("VERCEL_CLIENT_ID"), var("VERCEL_CLIENT_SECRET"), var("VERCEL_REDIRECT_URI"));
    let code = std::env::args().nth(1).expect("usage: integration <oauth code>");
    // The exchange sends no token: this client only carries the HTTP settings.
    let client = Client::builder().token("unused").build()?;
    for line in run(&app, &client, &code).await? {
        println!("{line}");
    }
    Ok(())
}
