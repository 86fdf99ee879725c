//! The first phase of sending a request (smithy-rs's orchestrator calls it
//! serialization): the request checked, scoped to the client's team, its
//! URL, query and the headers the client sets fixed once, for every attempt.

use std::time::Duration;

use http::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use crate::client::{validate_base_url, Client};
use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::request::Request;
use crate::retry::RetryConfig;

/// A request ready for its attempts.
pub(crate) struct Prepared {
    pub(crate) operation: &'static Operation,
    /// The request's headers, body and flags (its query and options are taken out, below).
    pub(crate) req: Request,
    /// The per-call options, which win over the client's settings (most calls have none).
    pub(crate) options: Option<Box<RequestOptions>>,
    pub(crate) url: String,
    /// The request's query with the team scoping added.
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) timeout: Duration,
    /// Whether `timeout` is set on the request: only when the HTTP client's
    /// own timeout is not it (a per-request timeout is an extra map in the
    /// request's extensions).
    pub(crate) request_timeout: bool,
    /// A 403 on an operation that takes `teamId` sent without one likely means it was needed.
    pub(crate) team_id_missing: bool,
    /// `Content-Type` of the body, set by the client (replacing the request's own).
    pub(crate) content_type: Option<HeaderValue>,
    /// The default `Accept`, unless the request has its own.
    pub(crate) accept: Option<HeaderValue>,
}

impl Client {
    /// Checks `req` (an encoding problem of a setter or of the options is
    /// [`Error::Encode`], a bad per-call base URL [`Error::Config`]) and
    /// fixes what every attempt sends.
    pub(crate) fn prepare(&self, mut req: Request, accept: Option<&'static str>) -> Result<Prepared, Error> {
        let operation = req.operation;
        if let Some(message) = req.error.take() {
            return Err(Error::Encode { operation: operation.id, message });
        }
        let inner = &self.inner;
        let options = req.options.take();
        if let Some(message) = options.as_ref().and_then(|o| o.error.clone()) {
            return Err(Error::Encode { operation: operation.id, message });
        }
        let option_base_url = match options.as_ref().and_then(|o| o.base_url.as_deref()) {
            Some(raw) => Some(validate_base_url(raw)?),
            None => None,
        };
        let base_url = option_base_url.as_deref().unwrap_or(&inner.base_url);
        let timeout = options.as_ref().and_then(|o| o.timeout).unwrap_or(inner.timeout);
        let request_timeout = inner.timeout_per_request || options.as_ref().is_some_and(|o| o.timeout.is_some());

        let mut query = std::mem::take(&mut req.query);
        let scopes =
            [(operation.team_id_query, "teamId", &inner.team_id), (operation.slug_query, "slug", &inner.team_slug)];
        for (declared, key, configured) in scopes {
            if let (true, Some(value)) = (declared, configured) {
                if !query.iter().any(|(k, _)| *k == key) {
                    query.push((key, value.clone()));
                }
            }
        }
        let team_id_missing = operation.team_id_query && !query.iter().any(|(k, _)| *k == "teamId");

        let mut url = String::with_capacity(base_url.len() + 1 + req.path.len());
        url.push_str(base_url);
        if !req.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&req.path);
        let content_type = req.body.as_ref().map(|body| HeaderValue::from_static(body.content_type));
        let accept = accept.filter(|_| !req.headers.contains_key(http::header::ACCEPT)).map(HeaderValue::from_static);
        Ok(Prepared {
            operation,
            req,
            options,
            url,
            query,
            timeout,
            request_timeout,
            team_id_missing,
            content_type,
            accept,
        })
    }
}

impl Prepared {
    /// The retry policy: the call's, else the client's.
    pub(crate) fn retry<'a>(&'a self, client: &'a Client) -> &'a RetryConfig {
        self.options.as_ref().and_then(|o| o.retry.as_ref()).unwrap_or(&client.inner.retry)
    }

    /// The per-call option headers, when there are any.
    pub(crate) fn option_headers(&self) -> Option<&http::HeaderMap> {
        self.options.as_ref().map(|o| &o.headers).filter(|h| !h.is_empty())
    }

    /// The per-call extra query pairs, when there are any.
    pub(crate) fn option_query(&self) -> Option<&[(String, String)]> {
        self.options.as_ref().map(|o| &o.query[..]).filter(|q| !q.is_empty())
    }

    /// Whether the client sets `name` itself (`Authorization`, and
    /// `Content-Type` when there is a body): the request's and the options'
    /// own values are left out.
    pub(crate) fn client_sets(&self, name: &HeaderName) -> bool {
        *name == AUTHORIZATION || (self.content_type.is_some() && *name == CONTENT_TYPE)
    }

    /// Whether a header of the request itself is replaced: set by the client or by a per-call option.
    pub(crate) fn overridden(&self, name: &HeaderName) -> bool {
        self.client_sets(name) || self.option_headers().is_some_and(|h| h.contains_key(name))
    }
}
