#!/usr/bin/env bash
# The TLS / HTTP/2 feature combinations of vercel-client (issue 17): with
# `default-features = false`, `rustls-tls` must build without `h2`, and
# `native-tls` without rustls and ring, and neither with aws-lc; with no feature at all (the types and
# the webhook verifier) there is no HTTP stack in the tree. Checks the resolved dependency tree
# (`cargo tree`, normal dependencies only), so it needs no build.
set -euo pipefail
cd "$(dirname "$0")/.."

# The crate names (one per line) in vercel-client's tree for these features.
crates() {
    cargo tree --quiet -p vercel-client --no-default-features --features "$1" -e normal --prefix none --format '{p}' \
        | cut -d' ' -f1 | sort -u
}

# check FEATURES MUST_HAVE MUST_NOT_HAVE...
check() {
    local features=$1 present=$2
    shift 2
    local tree
    tree=$(crates "$features")
    if ! grep -qx "$present" <<<"$tree"; then
        echo "error: features $features: expected $present in the tree" >&2
        exit 1
    fi
    for absent in "$@"; do
        if grep -qx "$absent" <<<"$tree"; then
            echo "error: features $features pull in $absent:" >&2
            cargo tree -p vercel-client --no-default-features --features "$features" -e normal -i "$absent" >&2
            exit 1
        fi
    done
    echo "features $features: $present present; none of $* in the tree"
}

# rustls runs on ring: reqwest 0.13's aws-lc-rs provider (a C library, twice the
# CPU time of a cold build) must not come back through a feature of reqwest.
check deployments,rustls-tls ring h2 aws-lc-rs aws-lc-sys native-tls openssl
check deployments,rustls-tls,http2 h2 aws-lc-rs aws-lc-sys
check deployments,native-tls native-tls rustls ring h2 aws-lc-rs aws-lc-sys
check deployments,native-tls,http2 h2 rustls ring aws-lc-rs aws-lc-sys
# A webhook server that never calls the API: the verifier (hmac) without reqwest, hyper or tokio.
check "" hmac vercel-runtime reqwest hyper tokio
