#!/usr/bin/env bash
# Prints, per panel, the gzipped size of what opening its link fetches before the panel
# is interactive (index.html with its inline loader, the shared stylesheet, the panel's own
# stylesheet, js and wasm, and the compute
# worker for panels that start it before their first paint), against the targets of
# DESIGN.md: 200 KB for a panel link, 120 KB for the home page. Panels over target are
# named, and the check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# Panels whose first view starts a compute-worker job before it is interactive (none:
# jobs start after the panel's first paint, see ui::job::use_job).
worker_on_load=" "
gz() { gzip -9 -c "$1" | wc -c; }
kb() { awk "BEGIN { printf \"%.1f\", $1 / 1024 }"; }
shared=$(( $(gz dist/index.html) + $(gz dist/main-*.css) ))
# The compute worker: browsers with WebAssembly SIMD fetch its SIMD build, others the
# plain one (assets/worker-boot.js); the larger counts.
plain=$(( $(gz dist/worker-boot.js) + $(gz dist/worker.js) + $(gz dist/worker_bg.wasm) ))
simd=$(( $(gz dist/worker-boot.js) + $(gz dist/worker-simd.js) + $(gz dist/worker-simd_bg.wasm) ))
worker=$(( plain > simd ? plain : simd ))
printf 'shared: index.html (with the loader) + main css %s KB; compute worker %s KB with SIMD, %s KB without (fetched when a job starts)\n' "$(kb $shared)" "$(kb $simd)" "$(kb $plain)"
status=0
for js in dist/*-*.js; do
  base=${js%.js}
  id=$(basename "$base" | sed -E 's/-[0-9a-f]+$//')   # bench-simd: the SIMD build of bench
  [[ "$id" == worker* ]] && continue
  wasm="${base}_bg.wasm"
  [ -f "$wasm" ] || continue
  total=$(( shared + $(gz "$js") + $(gz "$wasm") ))
  # The panel's own stylesheet (dist/panels/<id>-<hash>.css; the SIMD build of bench has bench's).
  for css in dist/panels/"${id%-simd}"{,-*}.css; do
    if [[ -f "$css" && "$(basename "$css")" =~ ^${id%-simd}(-[0-9a-f]+)?\.css$ ]]; then total=$((total + $(gz "$css"))); fi
  done
  note=""
  if [[ "$worker_on_load" == *" $id "* ]]; then total=$((total + worker)); note=" (with the worker)"; fi
  target=200
  [ "$id" = home ] && target=120
  verdict="within target"
  if [ "$total" -gt $((target * 1024)) ]; then verdict="OVER the $target KB target"; status=1; fi
  printf '  %-10s %6s KB%s: %s\n' "$id" "$(kb $total)" "$note" "$verdict"
done
exit $status
