#!/usr/bin/env bash
# Runs the built checkout's test suite under other Node.js releases than the one on PATH: the
# images run 22, and the package supports 20 to 24. Tests spawn the proxy, control and CLI with
# `process.execPath`, so every process of a run is on the release under test.
#
# A release comes from the npm registry's official binary package (node-<platform>-<arch>),
# checked by npm against the registry's integrity hash and unpacked once into a cache folder:
# the registry is the one source `npm ci` already needs. Run `npm run build` first.
#
#   scripts/test-on-node.sh 22.23.3 24.21.0
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <node version>..." >&2
  exit 2
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/goalixa-bff/node"
platform=$(node -p 'process.platform === "win32" ? "win" : process.platform')
arch=$(node -p 'process.arch')

for version in "$@"; do
  home="$cache/$version"
  if [ ! -x "$home/bin/node" ]; then
    # Unpacked beside, then moved: an interrupted download never looks like a release.
    mkdir -p "$cache"
    unpacking=$(mktemp -d "$cache/.unpacking.XXXXXX")
    tarball=$(cd "$unpacking" && npm pack --silent "node-$platform-$arch@$version")
    tar -xzf "$unpacking/$tarball" -C "$unpacking"
    rm -rf "$home"
    mv "$unpacking/package" "$home"
    rm -rf "$unpacking"
  fi
  echo "== the test suite under node $("$home/bin/node" --version)"
  PATH="$home/bin:$PATH" "$home/bin/node" node_modules/vitest/vitest.mjs run
done
