//! What must not compile, as `compile_fail` doctests of this otherwise empty
//! library: `cargo test --workspace` (or `cargo test -p vercel-tests --doc`)
//! has rustdoc compile each block against the client already built for the
//! tests (its dev-dependencies), and fails if one compiles.
//!
//! Each block is the twin of code that does compile: the same lines, in the
//! test binary's `scopes_compile` module (`cargo test -p vercel-tests --test
//! it scopes_compile::`), with only the marked line different, so a block
//! cannot fail for another reason (a renamed import, a constructor that
//! changed). rustdoc on stable does not check the error code after
//! `compile_fail` (nightly does); the code written there is the expected one.
//!
//! A scope client has only what its access level grants: a Read client of the
//! Deployments scope cannot create a deployment,
//!
//! ```compile_fail,E0599
//! use vercel_client::scopes::deployments::Read;
//!
//! let client = vercel_client::Client::builder().token("t").build().unwrap();
//! let read = Read::new(client);
//! let _ = read.get_deployments(); // granted by Read
//! let _ = read.create_deployment(); // only ReadWrite grants it
//! ```
//!
//! a Read client of the Projects scope cannot delete a project,
//!
//! ```compile_fail,E0599
//! use vercel_client::scopes::projects::Read;
//!
//! let client = vercel_client::Client::builder().token("t").build().unwrap();
//! let read = Read::new(client);
//! let _ = read.get_project("my-project"); // granted by Read
//! let _ = read.delete_project("my-project"); // only ReadWrite grants it
//! ```
//!
//! and a Read client of the Edge Config scope cannot create an Edge Config.
//!
//! ```compile_fail,E0599
//! use vercel_client::scopes::edge_config::Read;
//!
//! let client = vercel_client::Client::builder().token("t").build().unwrap();
//! let read = Read::new(client);
//! let _ = read.get_edge_configs(); // granted by Read
//! let _ = read.create_edge_config(); // only ReadWrite grants it
//! ```
//!
//! The payload of an open enum's `Unknown` variant has no public constructor:
//! `Unknown` cannot be built by hand to hold a known value ("READY") and so
//! compare unequal to `Ready`; only decoding (or `From<&str>` of the enum)
//! makes one.
//!
//! ```compile_fail,E0277
//! use vercel_client::deployments::get_deployments::ReadyState;
//!
//! let state = ReadyState::from("SOMETHING_NEW");
//! let ReadyState::Unknown(value) = &state else { panic!() };
//! let _ = ReadyState::Unknown(value.clone()); // an UnknownValue from decoding
//! let _ = ReadyState::Unknown("READY".into()); // by hand
//! ```
