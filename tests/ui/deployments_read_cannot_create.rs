// A Read client of the Deployments scope has no write operations.
use vercel_client::scopes::deployments::Read;

fn main() {
    let client = vercel_client::Client::builder().token("t").build().unwrap();
    let read = Read::new(client);
    let _ = read.get_deployments(); // granted by Read
    let _ = read.create_deployment(); // only Read/Write grants it
}
