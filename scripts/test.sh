#!/usr/bin/env bash
# Quick-start command 2: set up what is missing, then run every test: host tests, the
# release wasm build and its size budget, the Playwright tests in headless Chromium, and the
# cross-engine suite in Firefox and WebKit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "== the digits asset is what scripts/digits-asset.mjs writes =="
node scripts/digits-asset.mjs --check

echo "== host tests (cargo test) =="
cargo test --workspace --all-targets

echo "== release build =="
scripts/build.sh
scripts/bundle-size.sh

echo "== end-to-end tests (Playwright, headless Chromium) =="
npx playwright test

echo "== cross-engine suite (Firefox and WebKit against Chromium) =="
node tests/engines/run.mjs
