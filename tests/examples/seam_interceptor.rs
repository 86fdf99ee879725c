//! Interceptors: a header on every attempt, and the status of every
//! response counted per operation.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use vercel_client::prelude::*;
use vercel_client::{AttemptContext, AttemptRequest, BoxError, Client, Error, HeaderMap, Interceptor, StatusCode};

/// Adds `x-request-source` and counts `(operation, status)` pairs.
#[derive(Default)]
struct Metrics {
    statuses: Mutex<BTreeMap<(&'static str, u16), u32>>,
}

impl Interceptor for Metrics {
    fn before_attempt(&self, ctx: &AttemptContext, request: &mut AttemptRequest<'_>) -> Result<(), BoxError> {
        request.headers_mut().insert("x-request-source", "nightly-job".parse()?);
        if ctx.attempt > 1 {
            eprintln!("retrying {} (attempt {})", ctx.operation.id, ctx.attempt);
        }
        Ok(())
    }

    fn after_response(&self, ctx: &AttemptContext, status: StatusCode, _headers: &HeaderMap) {
        *self.statuses.lock().unwrap().entry((ctx.operation.id, status.as_u16())).or_default() += 1;
    }

    fn on_error(&self, ctx: &AttemptContext, error: &Error, will_retry: bool) {
        eprintln!("{} failed: {error} (retrying: {will_retry})", ctx.operation.id);
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let metrics = Arc::new(Metrics::default());
    let client = Client::builder().interceptor(metrics.clone()).build()?;
    client.deployments().get_deployments().limit(5).send().await?;
    println!("{:?}", metrics.statuses.lock().unwrap());
    Ok(())
}
