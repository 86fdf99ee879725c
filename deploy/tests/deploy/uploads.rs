//! Uploads against the local server: the missing_files loop, duplicates,
//! a 500 then a 200, a connection dropped mid-upload, a file modified
//! during the deploy, cancellation and the rerun, a 10,000-file tree.

use std::collections::HashSet;
use std::time::Duration;

use crate::support::{client, fast, files_of, scratch, tree, write, Recorder};
use vercel_deploy::mock_server::{Fault, MockConfig, MockServer};
use vercel_deploy::{Deploy, DeployError, Event, Phase};

fn sha(text: &str) -> String {
    vercel_runtime::sha1_hex(text.as_bytes())
}

async fn server(config: MockConfig) -> MockServer {
    MockServer::start(config).await.expect("a local server")
}

#[tokio::test]
async fn the_missing_files_loop_uploads_exactly_the_missing_contents_once() {
    let server = server(MockConfig::default()).await;
    let dir = tree(&[("a.html", "same"), ("b/c.html", "same"), ("d.css", "other"), ("e.js", "third")]);
    let recorder = Recorder::default();
    let deployment = recorder.attach(fast(Deploy::directory(dir.path()))).run(&client(&server)).await.unwrap();
    assert_eq!(deployment.ready_state, "READY");
    assert!(deployment.url.ends_with(".mock.vercel.app"), "{}", deployment.url);

    // Duplicates by content are uploaded once.
    let mut uploaded = server.uploaded();
    uploaded.sort();
    let mut expected = vec![sha("same"), sha("other"), sha("third")];
    expected.sort();
    assert_eq!(uploaded, expected);
    // Create, the uploads, create again, then polls and the log.
    let kinds: Vec<String> = server.received().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "POST /v13/deployments").count(), 2);
    assert_eq!(kinds[0], "POST /v13/deployments");
    assert!(kinds[1..4].iter().all(|k| k == "POST /v2/files"), "{kinds:?}");
    assert_eq!(kinds[4], "POST /v13/deployments");
    let creates = server.creates();
    assert_eq!(creates[0], creates[1], "the same body is sent again");
    assert_eq!(files_of(&creates[0]).len(), 4);

    let events = recorder.events();
    assert!(events.contains(&Event::Hashed { files: 4, unique: 3, bytes: 18 }), "{events:?}");
    assert!(events.contains(&Event::Uploaded { files: 3, bytes: 14 }), "{events:?}");
    assert!(matches!(events.last(), Some(Event::Ready(d)) if d.id == deployment.id), "{events:?}");
}

#[tokio::test]
async fn an_upload_answered_500_is_retried_and_the_deploy_goes_on() {
    let server = server(MockConfig { upload_faults: vec![Fault::Status(500)], ..MockConfig::default() }).await;
    let dir = tree(&[("a.html", "one"), ("b.html", "two")]);
    let recorder = Recorder::default();
    let deploy = recorder.attach(fast(Deploy::directory(dir.path())).upload_concurrency(1));
    deploy.run(&client(&server)).await.expect("a single 500 does not abort the deploy");
    assert_eq!(server.stored(), HashSet::from([sha("one"), sha("two")]));
    let uploads = server.received().iter().filter(|r| r.path == "/v2/files").count();
    assert_eq!(uploads, 3, "the failed upload was sent again");
    let retries: Vec<_> = recorder.events().into_iter().filter(|e| matches!(e, Event::UploadRetry { .. })).collect();
    assert!(
        matches!(&retries[..], [Event::UploadRetry { attempt: 1, error, .. }] if error.contains("500")),
        "{retries:?}"
    );
}

#[tokio::test]
async fn uploads_give_up_after_their_attempts_keeping_the_api_error() {
    let faults = vec![Fault::Status(503); 3];
    let server = server(MockConfig { upload_faults: faults, ..MockConfig::default() }).await;
    let dir = tree(&[("a.html", "one")]);
    let err = fast(Deploy::directory(dir.path())).upload_attempts(3).run(&client(&server)).await.unwrap_err();
    assert_eq!(err.phase(), Phase::Upload);
    let api = err.api_error().and_then(|e| e.api_error()).expect("the API error is kept");
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.code.as_deref(), Some("internal_error"));
}

#[tokio::test]
async fn a_connection_dropped_mid_upload_is_retried() {
    let server = server(MockConfig { upload_faults: vec![Fault::DropMidBody], ..MockConfig::default() }).await;
    let dir = scratch();
    let big = "x".repeat(300_000);
    write(dir.path(), "big.bin", &big);
    fast(Deploy::directory(dir.path())).run(&client(&server)).await.unwrap();
    assert_eq!(server.stored(), HashSet::from([sha(&big)]));
    assert_eq!(server.received().iter().filter(|r| r.path == "/v2/files").count(), 2);
}

#[tokio::test]
async fn a_file_modified_after_hashing_is_never_uploaded_under_its_old_digest() {
    let server = server(MockConfig::default()).await;
    let dir = tree(&[("index.html", "original contents")]);
    let path = dir.path().join("index.html");
    let target = path.clone();
    let deploy = fast(Deploy::directory(dir.path())).on_event(move |event| {
        if matches!(event, Event::Hashed { .. }) {
            std::fs::write(&target, "changed contents!").unwrap(); // same size
        }
    });
    let err = deploy.run(&client(&server)).await.unwrap_err();
    assert!(matches!(&err, DeployError::FileChanged { phase: Phase::Upload, path: p } if *p == path), "{err:?}");
    assert!(server.stored().is_empty(), "nothing stored under the stale digest");
    assert_eq!(server.creates().len(), 1, "no deployment created after the change");
}

#[tokio::test]
async fn a_file_modified_after_its_upload_is_caught_before_the_deployment_is_created() {
    let server = server(MockConfig::default()).await;
    let dir = tree(&[("index.html", "original contents")]);
    let path = dir.path().join("index.html");
    let target = path.clone();
    let deploy = fast(Deploy::directory(dir.path())).on_event(move |event| {
        if matches!(event, Event::Uploaded { .. }) {
            std::fs::write(&target, "longer changed contents").unwrap();
        }
    });
    let err = deploy.run(&client(&server)).await.unwrap_err();
    assert!(matches!(&err, DeployError::FileChanged { path: p, .. } if *p == path), "{err:?}");
    assert_eq!(server.creates().len(), 1, "the deployment was not created with the stale digest");
}

#[tokio::test]
async fn a_dropped_deploy_leaves_what_it_uploaded_and_a_rerun_uploads_only_the_rest() {
    // Uploads after the second stall, so the first run is stuck there.
    let server = server(MockConfig { stall_uploads_after: Some(2), ..MockConfig::default() }).await;
    let files: Vec<(String, String)> = (0..6).map(|i| (format!("f{i}.txt"), format!("contents {i}"))).collect();
    let dir = scratch();
    for (path, contents) in &files {
        write(dir.path(), path, contents);
    }
    let first = fast(Deploy::directory(dir.path())).upload_concurrency(1);
    let client = client(&server);
    // Dropped once the server holds the third upload (two are stored).
    let third_stalled = async {
        for _ in 0..1000 {
            if server.received().iter().filter(|r| r.path == "/v2/files").count() == 3 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("the third upload never arrived");
    };
    tokio::select! {
        result = first.run(&client) => panic!("the first run cannot finish: {result:?}"),
        () = third_stalled => {}
    }
    let after_first = server.stored();
    assert_eq!(after_first.len(), 2, "{:#?}", server.received());

    server.set_stall_uploads_after(None);
    let recorder = Recorder::default();
    let second = recorder.attach(fast(Deploy::directory(dir.path())).upload_concurrency(1));
    second.run(&client).await.expect("the rerun finishes");
    let asked: Vec<u64> = recorder
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Uploading { files_done: 0, files_total, .. } => Some(files_total),
            _ => None,
        })
        .collect();
    assert_eq!(asked, [4], "only the contents still missing are uploaded again");
    let uploaded = server.uploaded();
    assert_eq!(uploaded.len(), 6, "each content uploaded once over both runs");
    assert!(uploaded[2..].iter().all(|d| !after_first.contains(d)));
    assert_eq!(server.stored().len(), 6);
}

#[tokio::test]
async fn a_ten_thousand_file_tree_deploys() {
    let server = server(MockConfig::default()).await;
    let dir = scratch();
    for d in 0..10 {
        std::fs::create_dir(dir.path().join(format!("d{d}"))).unwrap();
        for f in 0..1000 {
            // 200 distinct contents, each in 50 files: the list is long, the uploads few.
            let contents = format!("content {}", (d * 1000 + f) % 200);
            std::fs::write(dir.path().join(format!("d{d}/f{f:04}.txt")), contents).unwrap();
        }
    }
    let deployment = fast(Deploy::directory(dir.path())).run(&client(&server)).await.unwrap();
    assert_eq!(deployment.ready_state, "READY");
    let files = files_of(&server.creates()[1]);
    assert_eq!(files.len(), 10_000);
    assert!(files.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    assert_eq!(server.uploaded().len(), 200);
    assert_eq!(server.stored().len(), 200);
}

#[tokio::test]
async fn a_missing_files_answer_over_the_clients_body_limit_is_a_bounded_error() {
    let server = server(MockConfig::default()).await;
    let names: Vec<String> = (0..40).map(|i| format!("f{i:02}.txt")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), n.as_str())).collect();
    let dir = tree(&files);
    // 40 missing digests take about 1,700 bytes of answer.
    let client = vercel_runtime::Client::builder()
        .token("t")
        .base_url(server.url())
        .max_body_size(1_000)
        .build()
        .expect("a client of the local server");
    let err = fast(Deploy::directory(dir.path())).run(&client).await.unwrap_err();
    assert_eq!(err.phase(), Phase::Create);
    let Some(vercel_runtime::Error::Body(body)) = err.api_error() else { panic!("{err:?}") };
    assert!(matches!(body.kind, vercel_runtime::BodyErrorKind::TooLarge { limit: 1_000, .. }), "{err}");
    assert!(server.uploaded().is_empty(), "nothing is uploaded from a list that was not read whole");
}

#[tokio::test]
async fn the_mock_answers_each_upload_after_its_latency() {
    let latency = Duration::from_millis(300);
    let server = server(MockConfig { upload_latency: latency, ..MockConfig::default() }).await;
    let dir = tree(&[("a.html", "one"), ("b.html", "two")]);
    let started = std::time::Instant::now();
    fast(Deploy::directory(dir.path())).upload_concurrency(1).run(&client(&server)).await.unwrap();
    // Two uploads one after the other, each answered after the latency.
    assert!(started.elapsed() >= latency * 2, "{:?}", started.elapsed());
    assert_eq!(server.uploaded().len(), 2);
}
