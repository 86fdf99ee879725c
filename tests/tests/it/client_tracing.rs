//! Every request runs in a `vercel_request` tracing span naming the
//! operation id, method, path template, attempt and status; the token never
//! appears in spans, events or `Debug` output.
//!
//! A small recording subscriber (no `tracing-subscriber` needed) writes every
//! span, field update and event as a line of text.

use std::fmt::{Debug, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use vercel_client::prelude::*;
use vercel_client::RetryConfig;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{builder, TOKEN};

/// Records everything as text lines.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut line = format!("span#{id} {}", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(id)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = format!("record#{}", span.into_u64());
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = format!("event {}", event.metadata().target());
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn request_span_has_operation_method_path_attempt_and_status_and_no_token() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;

    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let client =
        builder(server.uri()).retry(RetryConfig::default().initial_backoff(Duration::from_millis(10))).build().unwrap();
    client.edge_config().delete_edge_config("ecfg_1").send().await.expect("ok after one retry");

    let lines = recorder.lines.lock().unwrap().clone();
    let text = lines.join("\n");
    let span = lines.iter().find(|l| l.contains(" vercel_request ")).unwrap_or_else(|| panic!("no span in:\n{text}"));
    assert!(span.contains(r#"operation="deleteEdgeConfig""#), "{span}");
    assert!(span.contains("method=DELETE"), "{span}");
    assert!(span.contains(r#"path="/v1/edge-config/{edgeConfigId}""#), "{span}");
    let id = span.split_whitespace().next().unwrap().trim_start_matches("span");
    let records: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("record{id} "))).collect();
    let recorded = |field: &str| records.iter().any(|l| l.contains(field));
    assert!(recorded("attempt=1") && recorded("attempt=2"), "{text}");
    assert!(recorded("status=503") && recorded("status=204"), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("event vercel_runtime") && l.contains("retrying")), "{text}");

    assert!(!text.contains(TOKEN), "the token appears in the trace:\n{text}");
    assert!(!format!("{client:?}").contains(TOKEN));
}
