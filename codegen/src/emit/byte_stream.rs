//! The `send_byte_stream()` method: the success body as a stream of bytes,
//! for operations whose body is binary or untyped (downloads).

use crate::ir::{Operation, Response, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the operation's success body is worth streaming raw: bytes, or
/// JSON without a schema (whose shape the client cannot know anyway).
fn streams_bytes(op: &Operation) -> bool {
    matches!(&op.response, Response::Bytes | Response::Json(Ty::Value))
}

/// `send_byte_stream()` for a request builder, or nothing.
pub(super) fn method(op: &Operation) -> TokenStream {
    if !streams_bytes(op) {
        return quote!();
    }
    quote! {
        /// Sends the request and returns the success body as it arrives, as a
        /// stream of [`Bytes`](vercel_runtime::Bytes) chunks (for large
        /// downloads: nothing is held whole, and the client's body size limit
        /// does not apply), with the status and headers.
        pub async fn send_byte_stream(
            self,
        ) -> Result<vercel_runtime::Response<vercel_runtime::ByteStream>, vercel_runtime::Error> {
            let (client, request) = self.into_parts()?;
            client.send_byte_stream(request).await
        }
    }
}
