//! `cargo xtask scopes`: resolve the integration scope table (`spec/scopes.toml`)
//! against the spec and print it (rule: `vercel_codegen::scopes`).

use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use vercel_codegen::scopes::{resolve_spec, Resolution};
use xtask::{ensure_spec, read_overlays};

/// The scope table, relative to the workspace root.
pub const SCOPES_TOML: &str = "spec/scopes.toml";

/// Output format of `cargo xtask scopes`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// One aligned line per entry, then `scopes: N/M seed endpoints resolved`.
    #[default]
    Table,
    /// `[{"scope","access","seed","operation_id","method","path"}]` of the resolved entries.
    Json,
}

/// Arguments of `cargo xtask scopes`.
#[derive(Debug, Clone, Default)]
pub struct ScopesArgs {
    /// Spec file (JSON or YAML) to use instead of the pinned, verified copy.
    pub spec: Option<PathBuf>,
    /// Output format.
    pub format: Format,
}

impl ScopesArgs {
    /// Reads `[--spec PATH] [--format table|json]`.
    pub fn from_args(mut args: xtask::cli::Args) -> Result<ScopesArgs> {
        let format = args.choice("--format", &[("table", Format::Table), ("json", Format::Json)])?.unwrap_or_default();
        let parsed = ScopesArgs { spec: args.path("--spec")?, format };
        args.finish_none()?;
        Ok(parsed)
    }
}

/// Loads the spec (pinned copy unless `--spec`) with the overlays, strict only
/// for the pinned spec as in `regen`, and resolves the scope table against it.
pub fn scopes(root: &Path, spec: Option<&Path>) -> Result<Resolution> {
    let spec_path = match spec {
        Some(path) => path.to_path_buf(),
        None => ensure_spec(root)?,
    };
    let spec_text = fs::read_to_string(&spec_path).with_context(|| format!("reading spec {}", spec_path.display()))?;
    let table_path = root.join(SCOPES_TOML);
    let table_text =
        fs::read_to_string(&table_path).with_context(|| format!("reading scope table {}", table_path.display()))?;
    let overlays = read_overlays(root)?;
    let resolution = resolve_spec(&spec_text, &overlays, spec.is_none(), &table_text)
        .with_context(|| format!("resolving {SCOPES_TOML} against {}", spec_path.display()))?;
    Ok(resolution)
}

/// The last line: `scopes: N/M seed endpoints resolved` (distinct endpoints).
pub fn summary(resolution: &Resolution) -> String {
    format!("scopes: {}/{} seed endpoints resolved", resolution.distinct_resolved(), resolution.distinct_total())
}

/// The table: scope, access, seed endpoint, operationId, current method and path.
pub fn table(resolution: &Resolution) -> String {
    let header = ["SCOPE", "ACCESS", "SEED", "OPERATION", "CURRENT"];
    let rows: Vec<[String; 5]> = resolution
        .resolved
        .iter()
        .map(|r| {
            [
                r.scope.clone(),
                r.access.to_string(),
                r.seed.clone(),
                r.operation_id.clone(),
                format!("{} {}", r.method, r.path),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header.map(String::from)).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use xtask::workspace_root;

    #[test]
    fn pinned_spec_resolves_every_seed_endpoint() {
        let root = workspace_root();
        let resolution = scopes(&root, None).unwrap();
        let broken: Vec<String> = resolution.unresolved.iter().map(ToString::to_string).collect();
        assert!(broken.is_empty(), "unresolved:\n{}", broken.join("\n"));
        assert_eq!(summary(&resolution), "scopes: 72/72 seed endpoints resolved");
        // 102 entries as printed, less the one repeated within Domain's Read/Write list.
        assert_eq!(resolution.resolved.len(), 101);
        let find = |seed: &str| {
            let r = resolution.resolved.iter().find(|r| r.seed == seed).unwrap();
            (r.operation_id.as_str(), r.method.as_str(), r.path.as_str())
        };
        assert_eq!(find("GET /v9/projects"), ("getProjects", "GET", "/v10/projects"));
        assert_eq!(find("POST /v9/projects"), ("createProject", "POST", "/v11/projects"));
        assert_eq!(
            find("GET /v1/edge-config/{edgeConfigId}/token/:token"),
            ("getEdgeConfigToken", "GET", "/v1/edge-config/{edgeConfigId}/token/{token}")
        );
    }

    #[test]
    fn table_layout() {
        let root = workspace_root();
        let resolution = scopes(&root, None).unwrap();
        let text = table(&resolution);
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("SCOPE"));
        let first: Vec<&str> = lines.next().unwrap().split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        assert_eq!(
            first,
            [
                "Integration Configuration",
                "read",
                "GET /v1/integrations/configurations",
                "getConfigurations",
                "GET /v1/integrations/configurations"
            ]
        );
        assert_eq!(text.lines().count(), 1 + resolution.resolved.len());
    }
}
