//! Deploy a directory to production and print its URL once it is ready.

use vercel_deploy::{Deploy, Event};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = vercel_runtime::Client::builder().build()?; // the token from VERCEL_TOKEN
    let deployment = Deploy::directory("./site")
        .project("my-site")
        .production()
        .on_event(|event: &Event| eprintln!("{event}"))
        .run(&client)
        .await?;
    println!("https://{}", deployment.url);
    Ok(())
}
