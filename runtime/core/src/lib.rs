//! The serde-only part of the Vercel client runtime: [`open_enum!`] for the
//! spec's string enums and [`Nullable`] for request fields where an explicit
//! `null` matters, and [`IntoNumber`] for number setters that take any
//! primitive integer or float and check it against the wire type, and
//! [`IntoBody`] and [`BuildError`] for the builders of request bodies, and
//! [`correction`], client error correction of responses that lack required
//! fields (which the generated untagged unions take part in).
//!
//! It is a crate of its own so that the generated shared-types crate depends
//! only on serde and serde_json and compiles in parallel with the HTTP stack
//! (reqwest, rustls, tokio) instead of after it. `vercel-runtime` re-exports
//! what users need from here.
#![warn(missing_docs)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod build;
pub mod correction;
mod nullable;
mod number;
mod open_enum;
#[cfg(feature = "webhook")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook")))]
pub mod webhook;

pub use build::{BuildError, CheckedBuild, IntoBody};
pub use nullable::Nullable;
pub use number::{CheckedNumbers, IntoNumber, Number, NumberError, Range};
#[doc(hidden)]
pub use open_enum::__OpenEnumVisitor;
pub use open_enum::{OpenEnum, UnknownValue};

/// Re-export of `serde` used by [`open_enum!`] so that downstream crates need
/// no direct `serde` dependency for it. Not part of the public API.
#[doc(hidden)]
pub use serde as __serde;
