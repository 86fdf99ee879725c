//! The TLS configuration of the HTTP client the runtime builds (feature
//! `rustls-tls`): rustls with the *ring* crypto provider and the platform's
//! certificate verifier.
//!
//! reqwest 0.13's `rustls` feature brings the aws-lc-rs provider, whose C
//! library (aws-lc-sys) dominates a cold build (see the runtime's README,
//! "TLS and HTTP/2"); the runtime enables `rustls-no-provider` instead and
//! hands reqwest this configuration, with ring as its provider. Nothing is
//! installed process-wide (no `CryptoProvider::install_default`), so an
//! application's own rustls setup is left alone.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls_platform_verifier::BuilderVerifierExt;

use crate::error::Error;

/// The ALPN protocols offered: `h2` first when HTTP/2 is built in.
fn alpn_protocols() -> Vec<Vec<u8>> {
    let mut protocols = Vec::with_capacity(2);
    if cfg!(feature = "http2") {
        protocols.push(b"h2".to_vec());
    }
    protocols.push(b"http/1.1".to_vec());
    protocols
}

/// rustls with ring, TLS 1.2 and 1.3, the platform verifier, the ALPN protocols above.
pub(crate) fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    let provider: Arc<CryptoProvider> = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("cannot configure TLS: {e}")))?
        .with_no_client_auth();
    config.alpn_protocols = alpn_protocols();
    Ok(config)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_config_offers_h2_first_only_with_http2() {
        let config = super::rustls_config().unwrap();
        let expected: Vec<&[u8]> = if cfg!(feature = "http2") { vec![b"h2", b"http/1.1"] } else { vec![b"http/1.1"] };
        assert_eq!(config.alpn_protocols.iter().map(Vec::as_slice).collect::<Vec<_>>(), expected);
    }
}
