#!/usr/bin/env bash
# Lighthouse's performance score for every panel link (median of three runs), with its
# default mobile settings, against Debian's Chromium and the build in dist/ served gzipped
# (scripts/serve-gzip.mjs).
# A benchmark, not a test: installs the npm package `lighthouse` on first use (in ~/.cache).
set -euo pipefail
cd "$(dirname "$0")/.."
# Installed in a cache of its own, so the project's node_modules stay as package-lock.json says.
tools="$HOME/.cache/genlab-lighthouse"
[ -x "$tools/node_modules/.bin/lighthouse" ] || npm install --prefix "$tools" --no-save --no-audit --no-fund lighthouse@13.5.0 >/dev/null
export PATH="$tools/node_modules/.bin:$PWD/node_modules/.bin:$PATH"
port=4182
node scripts/serve-gzip.mjs $port >/dev/null &
server=$!
trap 'kill $server' EXIT
sleep 0.5
out=$(mktemp -d)
# Every page module of the build (`<id>-<hash>_bg.wasm`).
for id in $(ls dist | sed -n 's/^\([a-z]*\)-[0-9a-f]*_bg\.wasm$/\1/p'); do
  url="http://127.0.0.1:$port/"; [ $id = home ] || url="$url?panel=$id"
  # Single runs of the score move by up to ±0.05 on this machine: the median of three.
  for run in 1 2 3; do
    lighthouse "$url" --quiet --chrome-path=/usr/bin/chromium \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --only-categories=performance --output=json --output-path="$out/$id-$run.json" >/dev/null 2>&1 || true
  done
  node -e '
    const runs = process.argv.slice(1, 4).map((f) => require(f)).sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const r = runs[1];
    const a = (k) => r.audits[k]?.displayValue ?? "?";
    const all = runs.map((x) => x.categories.performance.score).join(", ");
    console.log(`  ${process.argv[4].padEnd(9)} performance ${r.categories.performance.score} (runs ${all}; median run: FCP ${a("first-contentful-paint")}, LCP ${a("largest-contentful-paint")}, TBT ${a("total-blocking-time")}, CLS ${a("cumulative-layout-shift")})`);
  ' "$out/$id-1.json" "$out/$id-2.json" "$out/$id-3.json" $id
done
