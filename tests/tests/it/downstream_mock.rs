use vercel_client::mock::{Mock, MockResponse};
use vercel_client::{deployments::get_deployments, prelude::*, Client, Error};

/// Code under test: a function of your crate that takes a client.
async fn ready_urls(client: &Client) -> Result<Vec<String>, Error> {
    let page = client.deployments().get_deployments().state("READY").send().await?;
    Ok(page.deployments.into_iter().map(|d| d.url).collect())
}

#[tokio::test]
async fn lists_the_urls_of_ready_deployments_and_survives_a_503() {
    let mock = Mock::new();
    let d = serde_json::json!({"uid": "dpl_1", "name": "web", "url": "web-1.vercel.app", "created": 1,
        "projectId": "prj_1", "type": "LAMBDAS", "creator": {"uid": "u_1"}});
    let page = serde_json::json!({"deployments": [d], "pagination": {"count": 1, "next": null, "prev": null}});
    mock.on(&get_deployments::OPERATION).respond_sequence([MockResponse::status(503), MockResponse::json(&page)]);
    assert_eq!(ready_urls(&mock.client()).await.unwrap(), ["web-1.vercel.app"]);
    assert_eq!(mock.calls().len(), 2);
    assert_eq!(mock.calls()[1].query_value("state"), Some("READY"));
}
