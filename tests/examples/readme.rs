use vercel_client::prelude::*;
use vercel_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The token comes from `.token(..)` or the VERCEL_TOKEN environment variable.
    let client = Client::builder().team_id("team_123").build()?;

    let page = client.deployments().get_deployments().limit(20).target("production").send().await?;
    for d in &page.deployments {
        println!("{} {} {:?}", d.uid, d.url, d.ready_state);
    }

    match client.projects().get_project("my-project").send().await {
        Ok(project) => println!("project {}", project.name),
        Err(Error::Api(e)) if e.status.as_u16() == 404 => println!("no such project"),
        Err(e) => return Err(e),
    }
    Ok(())
}
