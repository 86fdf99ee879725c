//! The `send_byte_stream()` method: the success body as a stream of bytes,
//! for operations whose body is binary or untyped (downloads).

use crate::ir::Operation;
use proc_macro2::TokenStream;
use quote::quote;

/// `send_byte_stream()` for a request builder that has it ([`Operation::streams_bytes`]), or nothing.
pub(super) fn method(op: &Operation) -> TokenStream {
    if !op.streams_bytes() {
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
