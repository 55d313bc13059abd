#!/usr/bin/env bash
# Release build of the app into dist/ (wasm-opt from the npm binaryen package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline
