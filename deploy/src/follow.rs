//! Following a created deployment until it is ready: polling its state and
//! streaming its build log.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use vercel_deployments::{get_deployment, get_deployment_events};
use vercel_runtime::{path_segment, Client, Request};

use crate::deployment::Deployment;
use crate::error::{DeployError, Phase};
use crate::event::Event;
use crate::observer::Observer;

/// How a deployment is followed.
#[derive(Debug, Clone)]
pub(crate) struct FollowConfig {
    pub(crate) interval: Duration,
    pub(crate) timeout: Duration,
    pub(crate) logs: bool,
    pub(crate) team_id: Option<String>,
}

/// Polls the deployment `created` until `READY` (its answer), `ERROR` or
/// `CANCELED`, reporting state changes and the build log.
pub(crate) async fn follow(
    client: &Client,
    created: Deployment,
    config: &FollowConfig,
    observer: &Observer,
) -> Result<Deployment, DeployError> {
    let id = created.id.clone();
    let poll = poll(client, created, config, observer);
    let logs = stream_logs(client, &id, config.team_id.as_deref(), observer);
    tokio::pin!(poll);
    if config.logs {
        tokio::pin!(logs);
        tokio::select! {
            biased;
            () = &mut logs => {}
            result = &mut poll => return result,
        }
    }
    poll.await
}

async fn poll(
    client: &Client,
    mut deployment: Deployment,
    config: &FollowConfig,
    observer: &Observer,
) -> Result<Deployment, DeployError> {
    let started = Instant::now();
    let mut last_state = String::new();
    loop {
        if deployment.ready_state != last_state {
            last_state = deployment.ready_state.clone();
            observer.emit(&Event::State { ready_state: last_state.clone() });
        }
        match deployment.ready_state.as_str() {
            "READY" => {
                observer.emit(&Event::Ready(Box::new(deployment.clone())));
                return Ok(deployment);
            }
            "ERROR" => {
                let code = deployment.error_code.unwrap_or_default();
                let message = deployment.error_message.unwrap_or_default();
                observer.emit(&Event::Error { code: code.clone(), message: message.clone() });
                return Err(DeployError::Failed { id: deployment.id, code, message });
            }
            "CANCELED" => {
                observer.emit(&Event::Canceled);
                return Err(DeployError::Canceled { id: deployment.id });
            }
            _ => {}
        }
        if started.elapsed() + config.interval > config.timeout {
            return Err(DeployError::Timeout { id: deployment.id, after: config.timeout });
        }
        tokio::time::sleep(config.interval).await;
        let mut req =
            Request::new(&get_deployment::OPERATION, format!("/v13/deployments/{}", path_segment(&deployment.id)));
        if let Some(team) = &config.team_id {
            req.query("teamId", team);
        }
        let raw: serde_json::Value =
            client.send(req).await.map_err(|source| DeployError::Api { phase: Phase::Build, source })?;
        deployment =
            Deployment::from_json(raw).map_err(|message| DeployError::Protocol { phase: Phase::Build, message })?;
    }
}

/// The text of one event of the build log.
fn log_text(event: &serde_json::Value) -> Option<&str> {
    event.get("text").or_else(|| event.get("payload").and_then(|p| p.get("text"))).and_then(|t| t.as_str())
}

/// The log request of deployment `id`.
fn log_request(id: &str, team_id: Option<&str>) -> Request {
    let mut req =
        Request::new(&get_deployment_events::OPERATION, format!("/v3/deployments/{}/events", path_segment(id)));
    req.query("follow", &1);
    if let Some(team) = team_id {
        req.query("teamId", team);
    }
    req
}

/// Reports every line of the build log of `id` (`follow=1`) until it ends;
/// a log that cannot be read is not an error of the deploy (the state
/// polling decides).
async fn stream_logs(client: &Client, id: &str, team_id: Option<&str>, observer: &Observer) {
    let mut lines = vercel_runtime::json_lines::<serde_json::Value>(Ok((client.clone(), log_request(id, team_id))));
    while let Some(Ok(event)) = lines.next().await {
        if let Some(text) = log_text(&event) {
            observer.emit(&Event::BuildLog { text: text.to_owned() });
        }
    }
}
