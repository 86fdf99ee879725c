// A Read client of the Projects scope cannot delete a project.
use vercel_client::scopes::projects::Read;

fn main() {
    let client = vercel_client::Client::builder().token("t").build().unwrap();
    let read = Read::new(client);
    let _ = read.get_project("my-project"); // granted by Read
    let _ = read.delete_project("my-project"); // only Read/Write grants it
}
