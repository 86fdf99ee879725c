//! The deployment a deploy ends with.

use serde::Deserialize;

/// A deployment as `GET /v13/deployments/{id}` last answered: the fields a
/// deploy needs, and the whole answer in [`raw`](Self::raw) (decode it into
/// `vercel_deployments::get_deployment::Response` for every field).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deployment {
    /// Its id (`dpl_...`).
    pub id: String,
    /// Its URL, without scheme (`my-app-abc123.vercel.app`).
    pub url: String,
    /// Its `readyState` (`READY` for a finished deploy).
    pub ready_state: String,
    /// Where to inspect it in the dashboard.
    pub inspector_url: Option<String>,
    /// The aliases assigned to it.
    pub alias: Vec<String>,
    /// Its `errorCode`, for a failed deployment.
    pub error_code: Option<String>,
    /// Its `errorMessage`, for a failed deployment.
    pub error_message: Option<String>,
    /// The whole answer.
    pub raw: serde_json::Value,
}

/// The fields read from an answer.
#[derive(Deserialize)]
struct Fields {
    id: String,
    #[serde(default)]
    url: String,
    #[serde(rename = "readyState", default)]
    ready_state: Option<String>,
    #[serde(rename = "inspectorUrl", default)]
    inspector_url: Option<String>,
    #[serde(default)]
    alias: Option<Vec<String>>,
    #[serde(rename = "errorCode", default)]
    error_code: Option<String>,
    #[serde(rename = "errorMessage", default)]
    error_message: Option<String>,
}

impl Deployment {
    /// Reads the fields of `raw`; an error names what is missing.
    pub(crate) fn from_json(raw: serde_json::Value) -> Result<Deployment, String> {
        let fields = Fields::deserialize(&raw).map_err(|e| format!("deployment: {e}"))?;
        Ok(Deployment {
            id: fields.id,
            url: fields.url,
            ready_state: fields.ready_state.unwrap_or_default(),
            inspector_url: fields.inspector_url,
            alias: fields.alias.unwrap_or_default(),
            error_code: fields.error_code,
            error_message: fields.error_message,
            raw,
        })
    }
}
