#!/usr/bin/env bash
# rustdoc with nightly features allowed (RUSTC_BOOTSTRAP=1), for the docs.rs
# build of .ci/run (`--cfg docsrs`: the `doc(cfg)` feature notes). Set as
# RUSTDOC instead of exporting RUSTC_BOOTSTRAP to the whole cargo run: build
# scripts (proc-macro2's, thiserror's, anyhow's) probe for nightly features
# and rerun when RUSTC_BOOTSTRAP changes, which rebuilt proc-macro2, syn,
# every derive and everything after them twice per CI run (here, and again
# in the next step without it).
RUSTC_BOOTSTRAP=1 exec rustdoc "$@"
