#!/usr/bin/env bash
# Packs every published crate and checks that the packed crates compile on their
# own, as crates.io users get them: `bash .ci/package.sh [--allow-dirty]`.
#
# 1. `cargo package --no-verify` writes target/package/*.crate with crates.io's
#    rules (files included, manifests normalised, path dependencies turned into
#    version requirements, the unpublished crates resolved through cargo's
#    temporary local registry).
# 2. The .crate files are unpacked into one workspace, target/package/check/,
#    whose `[patch.crates-io]` points each crate's versioned dependencies on our
#    other crates at the unpacked copies, and `cargo check --all-features` runs
#    on it. That is what cargo's own verification proves (the packed files build
#    against each other's packed files), with `check` instead of a debug build
#    of every crate once per package (255 s of the CI run; this: see the step
#    times), and with every feature instead of the defaults only.
#
# Cargo's own verification has a further trap on CI hosts that keep CARGO_HOME
# between runs: it extracts each packed crate into
# $CARGO_HOME/registry/src/-<hash of the temporary registry's path>/ once, and
# reuses that copy while the version is unchanged, so a clone at the same path
# compiled the previous run's runtime (`no method named set_anonymous`). The
# unpacked copies here are written fresh on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

excluded=(xtask vercel-tests vercel-bench vercel-codegen vercel-check-driver)
exclude_args=()
for name in "${excluded[@]}"; do
    exclude_args+=(--exclude "$name")
done

target_dir=${CARGO_TARGET_DIR:-$PWD/target}
out=$target_dir/package
mkdir -p "$out"
stamp=$(mktemp "$out/.stamp.XXXXXX")
trap 'rm -f "$stamp"' EXIT
cargo package --workspace "${exclude_args[@]}" --no-verify --quiet "$@"

mapfile -t crates < <(find "$out" -maxdepth 1 -name '*.crate' -newer "$stamp" | sort)
if [ "${#crates[@]}" -lt 30 ]; then
    echo "error: cargo package wrote only ${#crates[@]} .crate files" >&2
    exit 1
fi

check=$out/check
rm -rf "$check"
mkdir -p "$check"
members=()
patches=()
for crate in "${crates[@]}"; do
    tar -xzf "$crate" -C "$check"
    dir=$(basename "$crate" .crate) # e.g. vercel-runtime-0.1.0
    name=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$check/$dir/Cargo.toml" | head -n 1)
    members+=("\"$dir\"")
    patches+=("$name = { path = \"$dir\" }")
done
{
    echo "# Written by .ci/package.sh: the packed crates, built against each other."
    echo "[workspace]"
    echo "resolver = \"2\""
    echo "members = [$(IFS=,; echo "${members[*]}")]"
    echo
    echo "[patch.crates-io]"
    printf '%s\n' "${patches[@]}"
} >"$check/Cargo.toml"
# The repository's lock file pins the same registry dependencies as every other step.
cp Cargo.lock "$check/Cargo.lock"
# The shared target folder: registry dependencies already checked by clippy are reused.
CARGO_TARGET_DIR=$target_dir cargo check --quiet --manifest-path "$check/Cargo.toml" --workspace --all-features
echo "package: ${#crates[@]} crates packed and checked against each other"
