//! Following the deployment: the build log, a failed or canceled build, an
//! API error in the create call.

use crate::support::{client, fast, tree, Recorder};
use vercel_deploy::mock_server::{MockConfig, MockServer};
use vercel_deploy::{Deploy, DeployError, Event, Phase};

#[tokio::test]
async fn the_build_log_and_states_are_reported_then_ready() {
    let config = MockConfig {
        building_polls: 2,
        build_log: vec!["npm run build".into(), "done".into()],
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.unwrap();
    let dir = tree(&[("index.html", "x")]);
    let recorder = Recorder::default();
    recorder.attach(fast(Deploy::directory(dir.path()))).run(&client(&server)).await.unwrap();
    let events = recorder.events();
    let logs: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::BuildLog { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(logs, ["npm run build", "done"]);
    let states: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::State { ready_state } => Some(ready_state.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(states, ["QUEUED", "BUILDING", "READY"]);
    assert!(
        matches!(events.iter().find(|e| matches!(e, Event::Created { .. })), Some(Event::Created { id, inspector_url: Some(_), .. }) if id == "dpl_mock1")
    );
}

#[tokio::test]
async fn a_failed_build_is_an_error_with_its_code_and_message() {
    let server = MockServer::start(MockConfig { final_state: "ERROR".into(), ..MockConfig::default() }).await.unwrap();
    let dir = tree(&[("index.html", "x")]);
    let recorder = Recorder::default();
    let err = recorder.attach(fast(Deploy::directory(dir.path()))).run(&client(&server)).await.unwrap_err();
    assert!(
        matches!(&err, DeployError::Failed { code, message, .. } if code == "build_failed" && message.contains("scripted")),
        "{err:?}"
    );
    assert_eq!(err.phase(), Phase::Build);
    assert!(recorder.events().iter().any(|e| matches!(e, Event::Error { code, .. } if code == "build_failed")));
}

#[tokio::test]
async fn a_canceled_deployment_is_reported() {
    let server =
        MockServer::start(MockConfig { final_state: "CANCELED".into(), ..MockConfig::default() }).await.unwrap();
    let dir = tree(&[("index.html", "x")]);
    let recorder = Recorder::default();
    let err = recorder.attach(fast(Deploy::directory(dir.path()))).run(&client(&server)).await.unwrap_err();
    assert!(matches!(err, DeployError::Canceled { .. }), "{err:?}");
    assert_eq!(recorder.events().last(), Some(&Event::Canceled));
}

#[tokio::test]
async fn an_api_error_of_the_create_call_keeps_status_code_and_body() {
    let config = MockConfig { create_error: Some((403, "forbidden".into())), ..MockConfig::default() };
    let server = MockServer::start(config).await.unwrap();
    let dir = tree(&[("index.html", "x")]);
    let err = fast(Deploy::directory(dir.path())).run(&client(&server)).await.unwrap_err();
    assert_eq!(err.phase(), Phase::Create);
    let api = err.api_error().and_then(|e| e.api_error()).expect("the API error");
    assert_eq!((api.status.as_u16(), api.code.as_deref()), (403, Some("forbidden")));
    assert!(String::from_utf8_lossy(&api.body).contains("scripted forbidden"));
}
