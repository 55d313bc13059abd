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
rm -rf tests/e2e/results/notebooks
npx playwright test

echo "== the notebooks the app exported, run in Python against the app's numbers =="
notebooks=(tests/e2e/results/notebooks/*.ipynb)
[ -e "${notebooks[0]}" ] || { echo "no notebooks were exported (tests/e2e/notebook.spec.ts)"; exit 1; }
.venv/bin/python scripts/run-notebooks.py "${notebooks[@]}"

echo "== cross-engine suite (Firefox and WebKit against Chromium) =="
node tests/engines/run.mjs
