//! Waiters: polling an operation until a state field reaches a final value.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::Error;
use crate::request::Request;

/// How long a waiter polls at most when not configured.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// The first pause between two polls when not configured; it doubles up to [`DEFAULT_WAIT_MAX_INTERVAL`].
pub const DEFAULT_WAIT_INTERVAL: Duration = Duration::from_secs(2);

/// The longest pause between two polls when not configured.
pub const DEFAULT_WAIT_MAX_INTERVAL: Duration = Duration::from_secs(20);

/// Polls one request until the state field of its answer has a final value,
/// then gives that answer. Generated as `.wait()` on the request builders of
/// operations whose spec carries an `x-rust-waiter` extension (e.g.
/// `getDeployment`: `readyState` until `READY`, `ERROR` or `CANCELED`).
///
/// Await it (it implements [`IntoFuture`]). Each poll is a normal call
/// (retries, token provider, interceptors apply); an error ends the wait with
/// it. Between polls it pauses with exponential backoff and jitter (a random
/// point in the upper half of the pause), from [`interval`](Self::interval)
/// up to its maximum. When the next poll would start after the
/// [`timeout`](Self::timeout), it fails with [`Error::WaitTimeout`] naming
/// the last state seen.
///
/// ```no_run
/// # mod vercel_client { // stands for the facade: its prelude and the `deployments` group's `get_deployment`
/// #     pub use vercel_runtime::*;
/// #     pub mod prelude {
/// #         use vercel_runtime::{Client, Method, Operation, Request, Waiter};
/// #         static GET_DEPLOYMENT: Operation = Operation {
/// #             id: "getDeployment", method: Method::GET, path: "/v13/deployments/{idOrUrl}",
/// #             team_id_query: true, slug_query: true, scopes: &[],
/// #         };
/// #         pub trait DeploymentsApi { fn deployments(&self) -> Deployments; }
/// #         impl DeploymentsApi for Client { fn deployments(&self) -> Deployments { Deployments(self.clone()) } }
/// #         pub struct Deployments(Client);
/// #         impl Deployments {
/// #             pub fn get_deployment(&self, id: &str) -> GetDeployment { GetDeployment(self.0.clone(), id.into()) }
/// #         }
/// #         pub struct GetDeployment(Client, String);
/// #         impl GetDeployment {
/// #             pub fn wait(self) -> Waiter<serde_json::Value> {
/// #                 let request = Request::new(&GET_DEPLOYMENT, format!("/v13/deployments/{}", self.1));
/// #                 Waiter::new(Ok((self.0, request)), "/readyState", &["READY", "ERROR", "CANCELED"])
/// #             }
/// #         }
/// #     }
/// # }
/// # async fn demo(client: vercel_client::Client) -> Result<(), vercel_client::Error> {
/// use std::time::Duration;
/// use vercel_client::prelude::*;
///
/// let deployment = client.deployments().get_deployment("dpl_1").wait().timeout(Duration::from_secs(600)).await?;
/// println!("{deployment:?}"); // READY, ERROR or CANCELED: check which
/// # Ok(())
/// # }
/// ```
#[must_use = "a waiter does nothing until it is awaited"]
pub struct Waiter<T> {
    parts: Result<(Client, Request), Error>,
    state_pointer: &'static str,
    final_states: &'static [&'static str],
    timeout: Duration,
    interval: Duration,
    max_interval: Duration,
    target: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Waiter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter")
            .field("state_pointer", &self.state_pointer)
            .field("final_states", &self.final_states)
            .field("timeout", &self.timeout)
            .field("interval", &self.interval)
            .field("max_interval", &self.max_interval)
            .finish_non_exhaustive()
    }
}

impl<T> Waiter<T> {
    /// A waiter sending `parts` (a generated builder's client and request)
    /// until the string at the JSON pointer `state_pointer` of the answer is
    /// one of `final_states`.
    pub fn new(
        parts: Result<(Client, Request), Error>,
        state_pointer: &'static str,
        final_states: &'static [&'static str],
    ) -> Self {
        Waiter {
            parts,
            state_pointer,
            final_states,
            timeout: DEFAULT_WAIT_TIMEOUT,
            interval: DEFAULT_WAIT_INTERVAL,
            max_interval: DEFAULT_WAIT_MAX_INTERVAL,
            target: PhantomData,
        }
    }

    /// Sets how long to poll at most (default [`DEFAULT_WAIT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the first pause between polls and the longest one (defaults
    /// [`DEFAULT_WAIT_INTERVAL`], [`DEFAULT_WAIT_MAX_INTERVAL`]).
    pub fn interval(mut self, first: Duration, max: Duration) -> Self {
        self.interval = first;
        self.max_interval = max.max(first);
        self
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Waiter<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let Waiter { parts, state_pointer, final_states, timeout, interval, max_interval, .. } = self;
            let (client, request) = parts?;
            let started = Instant::now();
            let mut poll = 0;
            loop {
                poll += 1;
                let answer = client.execute(request.clone(), Some("application/json")).await?;
                let state = serde_json::from_slice::<serde_json::Value>(&answer.body)
                    .ok()
                    .and_then(|v| v.pointer(state_pointer).and_then(|s| s.as_str()).map(str::to_owned));
                if state.as_deref().is_some_and(|s| final_states.contains(&s)) {
                    return answer.decode_body();
                }
                let wait = pause(interval, max_interval, poll);
                if started.elapsed() + wait > timeout {
                    return Err(Error::WaitTimeout {
                        operation: request.operation.id,
                        after: timeout,
                        last_state: state,
                    });
                }
                tracing::debug!(operation = request.operation.id, state = state.as_deref(), ?wait, "waiting");
                tokio::time::sleep(wait).await;
            }
        })
    }
}

/// The pause after poll `poll` (from 1): `interval * 2^(poll-1)` capped
/// at `max`, then a random point in its upper half.
fn pause(interval: Duration, max: Duration, poll: u32) -> Duration {
    let factor = 1u32.checked_shl(poll.saturating_sub(1)).unwrap_or(u32::MAX);
    let full = interval.saturating_mul(factor).min(max);
    let half = full / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_with_jitter_up_to_the_maximum() {
        let (first, max) = (Duration::from_millis(100), Duration::from_millis(500));
        for (poll, full_ms) in [(1, 100), (2, 200), (3, 400), (4, 500), (50, 500)] {
            let full = Duration::from_millis(full_ms);
            let seen: Vec<_> = (0..50).map(|_| pause(first, max, poll)).collect();
            assert!(seen.iter().all(|d| *d >= full / 2 && *d <= full), "poll {poll}: {seen:?}");
            assert!(seen.iter().any(|d| *d != seen[0]), "poll {poll}: no jitter");
        }
    }
}
