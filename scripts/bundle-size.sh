#!/usr/bin/env bash
# Prints, per panel, the gzipped size of what opening its link fetches before the panel
# is interactive (index.html, the stylesheet, the panel's own js + wasm, and the compute
# worker for panels that start it on load), and fails above the budgets of DESIGN.md:
# 200 KB for a panel link, 120 KB for the home page.
set -euo pipefail
cd "$(dirname "$0")/.."
# Panels whose first view starts a compute-worker job as soon as it loads.
worker_on_load=" sets "
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk "BEGIN { printf \"%.1f\", $1 / 1024 }"; }
shared=$(( $(gz dist/index.html) + $(gz dist/main-*.css) ))
worker=$(( $(gz dist/worker.js) + $(gz dist/worker_bg.wasm) ))
printf 'shared: index.html + css %s KB; compute worker %s KB (on demand)\n' "$(kb $shared)" "$(kb $worker)"
status=0
for js in dist/*-*.js; do
  base=${js%.js}
  id=$(basename "$base"); id=${id%%-*}
  wasm="${base}_bg.wasm"
  [ -f "$wasm" ] || continue
  total=$(( shared + $(gz "$js") + $(gz "$wasm") ))
  note=""
  if [[ "$worker_on_load" == *" $id "* ]]; then total=$((total + worker)); note=" (with the worker)"; fi
  budget=200; [ "$id" = home ] && budget=120
  printf '  %-10s %6s KB%s; budget %d KB\n' "$id" "$(kb $total)" "$note" $budget
  if [ "$total" -gt $((budget * 1024)) ]; then echo "  ^ $id is over budget" >&2; status=1; fi
done
exit $status
