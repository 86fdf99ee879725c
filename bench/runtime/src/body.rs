//! The response bodies the loopback server returns: `getDeployments` pages
//! shaped like real Vercel responses, so they decode into the generated
//! [`Response`] type.

use serde_json::{json, Value};
use vercel_client::deployments::get_deployments::Response;

/// One deployment of a `getDeployments` page, about 1.2 KB of JSON; `i` varies the ids and times.
fn deployment(i: usize) -> Value {
    let created = 1_730_000_000_000u64 + i as u64 * 60_000;
    json!({
        "uid": format!("dpl_{i:024}"),
        "name": "my-next-app",
        "projectId": "prj_8f3kQz1mXbW2cL9dN4vR7tY6",
        "url": format!("my-next-app-{i:09}-acme.vercel.app"),
        "created": created,
        "defaultRoute": "/",
        "source": if i.is_multiple_of(3) { "cli" } else { "git" },
        "state": "READY",
        "readyState": "READY",
        "readySubstate": if i == 0 { "PROMOTED" } else { "STAGED" },
        "type": "LAMBDAS",
        "creator": {
            "uid": "usr_2bXq8RkT4mN6pL1sW9vC3yZ7",
            "email": "dev@example.com",
            "username": "dev",
            "githubLogin": "dev-example"
        },
        "meta": {
            "githubCommitAuthorName": "Dev Example",
            "githubCommitMessage": format!("fix(api): handle pagination cursor edge case in the deployments list (#{i})"),
            "githubCommitOrg": "acme",
            "githubCommitRef": "main",
            "githubCommitRepo": "my-next-app",
            "githubCommitSha": format!("{:040x}", i as u128 * 2_654_435_761),
            "githubDeployment": "1",
            "githubOrg": "acme",
            "githubRepo": "my-next-app",
            "githubRepoOwnerType": "Organization"
        },
        "target": if i.is_multiple_of(2) { Value::from("production") } else { Value::Null },
        "aliasAssigned": created + 42_000,
        "aliasError": null,
        "createdAt": created,
        "buildingAt": created + 1_500,
        "ready": created + 41_000,
        "checksState": "completed",
        "checksConclusion": "succeeded",
        "inspectorUrl": format!("https://vercel.com/acme/my-next-app/{i:024}"),
        "isRollbackCandidate": i.is_multiple_of(2),
        "projectSettings": {
            "framework": "nextjs",
            "buildCommand": null,
            "installCommand": null,
            "outputDirectory": null,
            "nodeVersion": "20.x",
            "createdAt": 1_700_000_000_000u64,
            "gitForkProtection": true,
            "gitComments": { "onPullRequest": true, "onCommit": false }
        },
        "connectBuildsEnabled": false
    })
}

/// A `getDeployments` page with `count` deployments, serialised.
pub fn deployments_page(count: usize) -> Vec<u8> {
    let page = json!({
        "pagination": { "count": count, "next": 1_729_999_940_000u64, "prev": null },
        "deployments": (0..count).map(deployment).collect::<Vec<_>>(),
    });
    serde_json::to_vec(&page).expect("a serde_json::Value always serialises")
}

/// Decodes a page, checking that it holds `count` deployments (so the
/// benchmark never times a body that fails to decode).
pub fn check_page(body: &[u8], count: usize) -> Result<(), String> {
    let page: Response =
        serde_json::from_slice(body).map_err(|e| format!("the benchmark body does not decode: {e}"))?;
    if page.deployments.len() != count {
        return Err(format!("the benchmark body decodes to {} deployments, not {count}", page.deployments.len()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_page_decodes_and_is_over_a_megabyte() {
        let body = deployments_page(1_000);
        assert!(body.len() >= 1_000_000, "{} bytes", body.len());
        check_page(&body, 1_000).unwrap();
        let page: Response = serde_json::from_slice(&body).unwrap();
        let first = &page.deployments[0];
        assert_eq!(first.uid, "dpl_000000000000000000000000");
        assert!(first.project_settings.is_some(), "optional nested objects are filled in");
        assert_eq!(first.meta.as_ref().map(|m| m.len()), Some(10));
    }

    #[test]
    fn wrong_count_is_reported() {
        let err = check_page(&deployments_page(2), 3).unwrap_err();
        assert!(err.contains("2 deployments, not 3"), "{err}");
    }
}
