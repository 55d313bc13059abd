#!/usr/bin/env bash
# Lighthouse's performance score for every panel link, with its default mobile settings,
# against Debian's Chromium and the build in dist/ served gzipped (scripts/serve-gzip.mjs).
# A benchmark, not a test: installs the npm package `lighthouse` on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
[ -x node_modules/.bin/lighthouse ] || npm install --no-save --no-audit --no-fund lighthouse@13.5.0 >/dev/null
port=4182
node scripts/serve-gzip.mjs $port >/dev/null &
server=$!
trap 'kill $server' EXIT
sleep 0.5
out=$(mktemp -d)
for id in home sets restarts sam lowrank bench; do
  url="http://127.0.0.1:$port/"; [ $id = home ] || url="$url?panel=$id"
  lighthouse "$url" --quiet --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance --output=json --output-path="$out/$id.json" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const a = (k) => r.audits[k]?.displayValue ?? "?";
    console.log(`  ${process.argv[2].padEnd(9)} performance ${r.categories.performance.score}  (FCP ${a("first-contentful-paint")}, LCP ${a("largest-contentful-paint")}, TBT ${a("total-blocking-time")}, CLS ${a("cumulative-layout-shift")})`);
  ' "$out/$id.json" $id
done
