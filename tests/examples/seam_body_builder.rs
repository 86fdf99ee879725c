//! Request bodies without struct literals: the object alternative of
//! createProjectEnv's body (one variable, or a list of them) from its builder,
//! and a nested object of createProject's body from its builder. A required
//! field left unset makes `send` fail with `Error::MissingField`, before any I/O.

use vercel_client::prelude::*;
use vercel_client::projects::create_project::GitRepository;
use vercel_client::projects::create_project_env::{BodyObject, BodyObjectType};
use vercel_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().build()?;
    let variable = BodyObject::builder()
        .key("API_KEY")
        .value("secret")
        .r#type(BodyObjectType::Encrypted)
        .target(["production", "preview"]);
    client.projects().create_project_env("my-project").upsert("true").body(variable).send().await?;

    let repository = GitRepository::builder().repo("acme/web").r#type("github");
    let project = client.projects().create_project().name("web").git_repository(repository).send().await?;
    println!("{project:?}");
    Ok(())
}
