#!/usr/bin/env bash
# Prints the gzipped size of what the first page load fetches (the app's wasm + js) and
# fails above the budget of DESIGN.md (400 KB). The compute worker's files are fetched
# only when a panel starts a long job; they are reported on their own line.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((400 * 1024))
gz() { gzip -9 -c "$1" | wc -c; }
total=0
for f in dist/genlab-*.wasm dist/genlab-*.js; do
  size=$(gz "$f")
  printf '  %-40s %7d bytes raw, %7d gzipped\n' "$(basename "$f")" "$(wc -c < "$f")" "$size"
  total=$((total + size))
done
worker=0
for f in dist/worker*.wasm dist/worker*.js; do
  [ -f "$f" ] && worker=$((worker + $(gz "$f")))
done
printf 'worker (loaded on demand): %d bytes gzipped (%s KB)\n' "$worker" "$(awk "BEGIN { print $worker / 1024 }")"
printf 'bundle: wasm + js = %d bytes gzipped (%s KB; budget %d KB)\n' "$total" "$(awk "BEGIN { print $total / 1024 }")" $((budget / 1024))
[ "$total" -le "$budget" ] || { echo "bundle over budget" >&2; exit 1; }
