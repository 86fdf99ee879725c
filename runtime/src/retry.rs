//! When a failed attempt is tried again, and after how long.

use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, RETRY_AFTER};
use http::{Method, StatusCode};

use crate::response::RateLimit;

/// Retry policy of a [`Client`](crate::Client).
///
/// What is retried:
/// - `429 Too Many Requests`, for every method;
/// - `5xx` answers (except `501 Not Implemented` and `505 HTTP Version Not
///   Supported`, which will not change) and transport failures after the
///   request may have reached the server (timeouts, resets), only for
///   idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`): a `POST`
///   or `PATCH` might have taken effect;
/// - failures to connect, for every method (nothing was sent).
///
/// How long it waits: the server's `Retry-After` (seconds or an HTTP date)
/// when present, else on a 429 until `X-RateLimit-Reset` (epoch seconds);
/// otherwise exponential backoff from [`initial_backoff`](Self::initial_backoff)
/// doubling per attempt, with jitter (a random point in the upper half),
/// capped at [`max_delay`](Self::max_delay). When the server asks for a wait
/// longer than `max_delay`, the error is returned at once instead (it keeps
/// the headers, so the caller can see when to come back).
///
/// ```
/// use std::time::Duration;
/// # use vercel_runtime as vercel_client; // what a user of the facade writes
/// use vercel_client::{Client, RetryConfig};
///
/// let client = Client::builder()
///     .token("secret")
///     .retry(RetryConfig::default().max_attempts(5).max_delay(Duration::from_secs(10)))
///     .build()?;
/// let no_retries = Client::builder().token("secret").retry(RetryConfig::disabled()).build()?;
/// # let _ = (client, no_retries);
/// # Ok::<(), vercel_runtime::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_delay: Duration,
}

impl Default for RetryConfig {
    /// 3 attempts, 500 ms initial backoff, waits of at most 60 s.
    fn default() -> Self {
        RetryConfig { max_attempts: 3, initial_backoff: Duration::from_millis(500), max_delay: Duration::from_secs(60) }
    }
}

impl RetryConfig {
    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..RetryConfig::default() }
    }

    /// Sets how many times a request is sent at most, the first included
    /// (`1` disables retries; `0` counts as `1`).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the backoff before the first retry when the server gives no delay;
    /// it doubles on every further retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between two attempts.
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// How many times a request is sent at most.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` after attempt `attempt` (from 1)
    /// failed as `failure`, or `None` when the failure is final.
    pub(crate) fn delay(
        &self,
        method: &Method,
        failure: Failure<'_>,
        attempt: u32,
        now: SystemTime,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let idempotent = matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS);
        let server_delay = match failure {
            Failure::Connect => None,
            Failure::Transport if idempotent => None,
            Failure::Transport => return None,
            Failure::Status(status, headers) => {
                let retryable = status == StatusCode::TOO_MANY_REQUESTS
                    || (idempotent
                        && status.is_server_error()
                        && status != StatusCode::NOT_IMPLEMENTED
                        && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED);
                if !retryable {
                    return None;
                }
                retry_after(headers, now).or_else(|| {
                    (status == StatusCode::TOO_MANY_REQUESTS).then(|| rate_limit_reset(headers, now)).flatten()
                })
            }
        };
        match server_delay {
            Some(wait) if wait > self.max_delay => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }

    /// Exponential backoff with jitter: a random point in `[d/2, d]` where
    /// `d = initial_backoff * 2^(attempt-1)`, capped at `max_delay`.
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        let full = self.initial_backoff.saturating_mul(factor).min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// How an attempt failed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure<'a> {
    /// The connection could not be made: the request was not sent.
    Connect,
    /// Another transport failure (timeout, reset): the request may have arrived.
    Transport,
    /// The server answered with a non-2xx status.
    Status(StatusCode, &'a HeaderMap),
}

/// `Retry-After` as a wait from `now`: delay-seconds or an HTTP date (a date
/// in the past means no wait).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait until `X-RateLimit-Reset` (epoch seconds) from `now`.
fn rate_limit_reset(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let at = RateLimit::from_headers(headers)?.reset_at()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    const NOW_SECS: u64 = 1_700_000_000;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW_SECS)
    }

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap())).collect()
    }

    fn status(code: u16, h: &HeaderMap) -> Failure<'_> {
        Failure::Status(StatusCode::from_u16(code).unwrap(), h)
    }

    #[test]
    fn what_is_retried_per_method() {
        let cfg = RetryConfig::default().initial_backoff(Duration::from_millis(100));
        let h = HeaderMap::new();
        for m in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            for code in [429, 500, 502, 503, 504] {
                assert!(cfg.delay(&m, status(code, &h), 1, now()).is_some(), "{m} {code}");
            }
            assert!(cfg.delay(&m, Failure::Transport, 1, now()).is_some(), "{m}");
            assert!(cfg.delay(&m, Failure::Connect, 1, now()).is_some(), "{m}");
        }
        for m in [Method::POST, Method::PATCH] {
            assert!(cfg.delay(&m, status(429, &h), 1, now()).is_some(), "{m}");
            assert!(cfg.delay(&m, Failure::Connect, 1, now()).is_some(), "{m}");
            for code in [500, 502, 503] {
                assert!(cfg.delay(&m, status(code, &h), 1, now()).is_none(), "{m} {code}");
            }
            assert!(cfg.delay(&m, Failure::Transport, 1, now()).is_none(), "{m}");
        }
        for code in [400, 401, 403, 404, 409, 501, 505] {
            assert!(cfg.delay(&Method::GET, status(code, &h), 1, now()).is_none(), "{code}");
        }
    }

    #[test]
    fn attempts_bound_the_retries() {
        let h = HeaderMap::new();
        let cfg = RetryConfig::default().max_attempts(3);
        assert!(cfg.delay(&Method::GET, status(500, &h), 2, now()).is_some());
        assert!(cfg.delay(&Method::GET, status(500, &h), 3, now()).is_none());
        let off = RetryConfig::disabled();
        assert_eq!(off.attempts(), 1);
        assert!(off.delay(&Method::GET, status(429, &h), 1, now()).is_none());
        assert_eq!(RetryConfig::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let cfg = RetryConfig::default().initial_backoff(Duration::from_millis(200)).max_delay(Duration::from_secs(1));
        let h = HeaderMap::new();
        for (attempt, full_ms) in [(1, 200), (2, 400), (3, 800), (4, 1000), (40, 1000)] {
            let cfg = cfg.clone().max_attempts(100);
            for _ in 0..50 {
                let d = cfg.delay(&Method::GET, status(503, &h), attempt, now()).unwrap();
                let full = Duration::from_millis(full_ms);
                assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?} not in [{:?}, {full:?}]", full / 2);
            }
        }
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let cfg = RetryConfig::default();
        let h = headers(&[("retry-after", "7".into())]);
        assert_eq!(cfg.delay(&Method::POST, status(429, &h), 1, now()), Some(Duration::from_secs(7)));
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(12));
        let h = headers(&[("retry-after", date)]);
        assert_eq!(cfg.delay(&Method::GET, status(503, &h), 1, now()), Some(Duration::from_secs(12)));
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(30));
        let h = headers(&[("retry-after", past)]);
        assert_eq!(cfg.delay(&Method::GET, status(429, &h), 1, now()), Some(Duration::ZERO));
    }

    #[test]
    fn rate_limit_reset_on_429_only() {
        let cfg = RetryConfig::default().initial_backoff(Duration::from_millis(100));
        let h = headers(&[("x-ratelimit-reset", (NOW_SECS + 20).to_string()), ("x-ratelimit-remaining", "0".into())]);
        assert_eq!(cfg.delay(&Method::GET, status(429, &h), 1, now()), Some(Duration::from_secs(20)));
        // On a 503 the reset time says nothing about when to retry: backoff.
        assert!(cfg.delay(&Method::GET, status(503, &h), 1, now()).unwrap() <= Duration::from_millis(100));
        // Retry-After wins over the reset time.
        let h = headers(&[("x-ratelimit-reset", (NOW_SECS + 20).to_string()), ("retry-after", "2".into())]);
        assert_eq!(cfg.delay(&Method::GET, status(429, &h), 1, now()), Some(Duration::from_secs(2)));
    }

    #[test]
    fn server_wait_beyond_max_delay_gives_up() {
        let cfg = RetryConfig::default().max_delay(Duration::from_secs(5));
        let h = headers(&[("retry-after", "6".into())]);
        assert_eq!(cfg.delay(&Method::GET, status(429, &h), 1, now()), None);
        let h = headers(&[("retry-after", "5".into())]);
        assert_eq!(cfg.delay(&Method::GET, status(429, &h), 1, now()), Some(Duration::from_secs(5)));
    }
}
