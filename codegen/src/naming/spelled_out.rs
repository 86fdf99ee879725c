//! Readable method names for operationIds that only spell out the method
//! and the path.
//!
//! Some operationIds are made mechanically from the method and every path
//! segment, each parameter as `By<Param>`:
//! `headByTeamSlugByProjectSlugByRepositoryNameManifestsByReference` for
//! `HEAD /v2/{teamSlug}/{projectSlug}/{repositoryName}/manifests/{reference}`.
//! Such an id says nothing the method and path do not, and as a method name
//! (`head_by_team_slug_by_project_slug_by_repository_name_manifests_by_reference`)
//! nobody would type it. The rule:
//!
//! 1. An operationId is *spelled out* when, compared without case and
//!    without non-alphanumeric characters, it is the lower-case method
//!    followed by each path segment in order, a parameter `{name}` written
//!    `by` + name, with or without the version segment (`v2`).
//! 2. Its readable name is the method followed by the last run of literal
//!    segments of the path (after the version); when a parameter follows that
//!    run, the run's last word is made singular (the call addresses one
//!    item): `head_manifest`, `get_manifest`, `put_manifest`,
//!    `delete_manifest` for `…/manifests/{reference}`, `post_blobs_uploads`
//!    for `…/blobs/uploads/`, `get_tags_list` for `…/tags/list`. A path
//!    with no literal segment after the version has no readable name.
//! 3. A spelled-out id whose readable name is its own snake case
//!    (`getTagsList` for `GET /v3/tags/list`) is an ordinary id.
//! 4. Collisions: every other operation keeps the name of its operationId
//!    (claimed first, so no existing name changes when spelled-out
//!    operations arrive); a readable name that is taken, by one of them or
//!    by an earlier spelled-out operation in spec order, is not used, and
//!    the operation is named from its operationId like any other.
//!
//! Both the test and the name depend only on the operation's own id, method
//! and path, so a name stays the same from one spec version to the next.

use super::positions::singular;
use super::{pascal, snake};
use crate::path_template::is_version_segment;

/// The readable name of an operation whose operationId is spelled out
/// (see the module docs), or `None` when the id is not or the path has no
/// literal segment to name it by.
pub fn readable_name(operation_id: &str, method: &str, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let versioned = segments.first().is_some_and(|s| is_version_segment(s));
    let id = letters(operation_id);
    let spelled = |skip: usize| {
        let mut text = method.to_ascii_lowercase();
        for seg in &segments[skip..] {
            text.push_str(&letters(&seg.replace('{', "{by")));
        }
        text
    };
    if id != spelled(0) && !(versioned && id == spelled(1)) {
        return None;
    }
    let unversioned = &segments[usize::from(versioned)..];
    let is_literal = |seg: &&str| !seg.contains('{');
    let end = unversioned.iter().rposition(is_literal)? + 1;
    let start = unversioned[..end].iter().rposition(|s| !is_literal(s)).map_or(0, |i| i + 1);
    let mut words: Vec<String> = unversioned[start..end].iter().map(|s| pascal(s)).collect();
    if end < unversioned.len() {
        let last = words.last_mut().expect("the run holds at least one segment");
        if let Some(one) = singular(last) {
            *last = one;
        }
    }
    Some(snake(&format!("{}{}", pascal(&method.to_ascii_lowercase()), words.concat())))
}

/// `text` in lower case without its non-alphanumeric characters.
fn letters(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "/v2/{teamSlug}/{projectSlug}/{repositoryName}/manifests/{reference}";

    #[test]
    fn spelled_out_ids_get_method_and_last_literal_run() {
        let id = "headByTeamSlugByProjectSlugByRepositoryNameManifestsByReference";
        assert_eq!(readable_name(id, "HEAD", MANIFEST).as_deref(), Some("head_manifest"));
        let id = "deleteByTeamSlugByProjectSlugByRepositoryNameManifestsByReference";
        assert_eq!(readable_name(id, "DELETE", MANIFEST).as_deref(), Some("delete_manifest"));
        let path = "/v2/{teamSlug}/{projectSlug}/{repositoryName}/blobs/uploads/";
        let id = "postByTeamSlugByProjectSlugByRepositoryNameBlobsUploads";
        assert_eq!(readable_name(id, "POST", path).as_deref(), Some("post_blobs_uploads"));
        // With the version spelled out too, and kebab-case.
        assert_eq!(
            readable_name("get-v1-projects-by-id-env", "GET", "/v1/projects/{id}/env").as_deref(),
            Some("get_env")
        );
    }

    #[test]
    fn other_ids_and_pathless_names_are_left_alone() {
        // The pinned spec's ids with `By`: not spelled out.
        assert_eq!(readable_name("getCertById", "GET", "/v8/certs/{id}"), None);
        assert_eq!(readable_name("invalidateByTags", "POST", "/v1/edge-cache/invalidate-by-tags"), None);
        // Another method's spelling, or a segment left out.
        let id = "headByTeamSlugByProjectSlugByRepositoryNameManifestsByReference";
        assert_eq!(readable_name(id, "GET", MANIFEST), None);
        assert_eq!(readable_name("headByTeamSlugManifestsByReference", "HEAD", MANIFEST), None);
        // Nothing literal after the version.
        assert_eq!(readable_name("getV2", "GET", "/v2/"), None);
        assert_eq!(readable_name("getByTeamId", "GET", "/v2/{teamId}"), None);
    }
}
