//! Team scoping: the runtime adds the client's configured team id (or slug)
//! to an operation that declares the query parameter `teamId` (or `slug`),
//! when the call sets none. Which operations take them is read from their
//! parameters here, once; emit writes the flags into the operation's
//! `vercel_runtime::Operation` constant.

use super::{Param, ParamLocation};

/// The query parameter that names the team by id.
const TEAM_ID: &str = "teamId";
/// The query parameter that names the team by slug.
const SLUG: &str = "slug";

/// Which team parameters an operation declares (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeamScoping {
    /// It declares the query parameter `teamId`.
    pub team_id_query: bool,
    /// It declares the query parameter `slug`.
    pub slug_query: bool,
}

/// The team scoping of an operation with parameters `params`.
pub(super) fn scoping(params: &[Param]) -> TeamScoping {
    let has_query = |name: &str| params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == name);
    TeamScoping { team_id_query: has_query(TEAM_ID), slug_query: has_query(SLUG) }
}
