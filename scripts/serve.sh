#!/usr/bin/env bash
# Quick-start command 1: set up what is missing, build the release app and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port="${PORT:-8080}"
echo "genlab will be at http://127.0.0.1:${port}/ once built (Ctrl-C stops it)."
exec trunk serve --release --offline --port "$port"
