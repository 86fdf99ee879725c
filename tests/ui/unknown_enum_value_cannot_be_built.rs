// The payload of an open enum's `Unknown` variant has no public constructor:
// `Unknown` cannot be built by hand to hold a known value ("READY") and so
// compare unequal to `Ready`; only decoding (or `From<&str>`) makes one.
use vercel_client::deployments::get_deployments::ReadyState;

fn main() {
    let _ = ReadyState::Unknown("READY".into());
}
