//! Which redirects the client follows.
//!
//! At most [`MAX_REDIRECTS`]; never from `https` down to plain `http`
//! (except between loopback hosts, e.g. local mock servers). `Authorization`
//! (and cookies) are dropped by the HTTP client (reqwest) whenever a
//! redirect goes to another host or port; a redirect that changes only the
//! scheme, which would keep them, is refused. So no redirect to another
//! host, port or scheme carries the token.

use reqwest::redirect::{Attempt, Policy};
use reqwest::Url;

/// How many redirects one request follows before failing.
pub const MAX_REDIRECTS: usize = 5;

/// The redirect policy of every client.
pub(crate) fn policy() -> Policy {
    Policy::custom(|attempt: Attempt<'_>| {
        let refusal =
            attempt.previous().last().and_then(|previous| refusal(attempt.previous().len(), previous, attempt.url()));
        match refusal {
            Some(reason) => attempt.error(reason),
            None => attempt.follow(),
        }
    })
}

/// Why the redirect from `previous` to `next`, after `followed` URLs
/// (the original one included), is refused, if it is.
fn refusal(followed: usize, previous: &Url, next: &Url) -> Option<String> {
    if followed > MAX_REDIRECTS {
        return Some(format!("more than {MAX_REDIRECTS} redirects (last to {next})"));
    }
    if previous.scheme() == "https" && next.scheme() != "https" && !(is_loopback(previous) && is_loopback(next)) {
        return Some(format!("refusing a redirect from https to {} ({next})", next.scheme()));
    }
    if previous.scheme() != next.scheme()
        && previous.host_str() == next.host_str()
        && previous.port_or_known_default() == next.port_or_known_default()
    {
        // The HTTP client drops credentials when the host or port changes,
        // not when only the scheme does.
        return Some(format!("refusing a redirect that changes only the scheme ({next})"));
    }
    None
}

/// Whether `url` names a loopback host (`localhost`, `127.0.0.0/8`, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn https_to_http_is_refused_except_between_loopback_hosts() {
        let refused = |from: &str, to: &str| refusal(1, &url(from), &url(to));
        assert!(refused("https://api.vercel.com/v1", "http://api.vercel.com/v1").is_some());
        assert!(refused("https://api.vercel.com/v1", "http://127.0.0.1/v1").is_some());
        assert!(refused("https://127.0.0.1:1/v1", "http://example.com/v1").is_some());
        assert!(refused("https://127.0.0.1:1/v1", "http://localhost:2/v1").is_none());
        assert!(refused("https://[::1]:1/v1", "http://127.0.0.2:2/v1").is_none());
        assert!(refused("https://api.vercel.com/v1", "https://other.example/v1").is_none());
        assert!(refused("http://127.0.0.1:1/v1", "https://api.vercel.com/v1").is_none());
        // Credentials would survive a change of scheme alone: refused either way.
        assert!(refused("http://127.0.0.1:8443/v1", "https://127.0.0.1:8443/v1").is_some());
    }

    #[test]
    fn at_most_five_redirects() {
        let (a, b) = (url("https://a.test/1"), url("https://a.test/2"));
        for followed in 1..=MAX_REDIRECTS {
            assert!(refusal(followed, &a, &b).is_none(), "{followed}");
        }
        assert!(refusal(MAX_REDIRECTS + 1, &a, &b).unwrap().contains("more than 5 redirects"));
    }
}
