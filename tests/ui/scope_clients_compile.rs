// What each level grants compiles: Read reads, ReadWrite reads and writes.
use vercel_client::scopes::deployments::{Read, ReadWrite};

fn main() {
    let client = vercel_client::Client::builder().token("t").build().unwrap();
    let _ = Read::new(client.clone()).get_deployments().limit(10);
    let write = ReadWrite::new(client);
    let _ = write.get_deployments();
    let _ = write.create_deployment();
    let _ = write.cancel_deployment("dpl_123");
}
