#!/usr/bin/env bash
# Prints the gzipped size of the app's wasm + js in dist/ and fails above the budget
# of DESIGN.md (400 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$((400 * 1024))
total=0
for f in dist/*.wasm dist/*.js; do
  size=$(gzip -9 -c "$f" | wc -c)
  printf '  %-40s %7d bytes raw, %7d gzipped\n' "$(basename "$f")" "$(wc -c < "$f")" "$size"
  total=$((total + size))
done
printf 'bundle: wasm + js = %d bytes gzipped (%.1f KB; budget %d KB)\n' "$total" "$(awk "BEGIN { print $total / 1024 }")" $((budget / 1024))
[ "$total" -le "$budget" ] || { echo "bundle over budget" >&2; exit 1; }
