// A Read client of the Edge Config scope cannot create an Edge Config.
use vercel_client::scopes::edge_config::Read;

fn main() {
    let client = vercel_client::Client::builder().token("t").build().unwrap();
    let read = Read::new(client);
    let _ = read.create_edge_config(); // only Read/Write grants it
}
