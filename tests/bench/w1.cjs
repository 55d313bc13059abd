// W1 on the benchmark page and its JavaScript reference (reference-mlp.js), timed in the
// same page one after the other, for the speed guard (tests/e2e/bench.spec.ts) and
// scripts/bench.mjs. The ratio of the two medians is what the guard checks: both numbers
// come from one browser at one moment, so a slow machine moves both.
// CommonJS, so that both Playwright's transpiled specs and plain Node scripts can load it.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const REFERENCE = readFileSync(join(__dirname, 'reference-mlp.js'), 'utf8');
const TIMED_RUNS = 5;

/** Makes the page's loader see a browser without WebAssembly SIMD (it then loads the plain
 * build of a panel that has both); call before opening the page. */
async function withoutSimd(context) {
  await context.addInitScript(() => {
    const validate = WebAssembly.validate;
    // The loader's probe is the only module with a SIMD instruction it validates.
    WebAssembly.validate = (bytes) => (new Uint8Array(bytes).includes(253) ? false : validate(bytes));
  });
}

/** The median (the upper one of an even count). */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Opens `url` (the benchmark page) and runs W1 with its Run button; returns the page's
 * result and the name of the module the page loaded. */
async function runW1(page, url) {
  await page.goto(url);
  await page.getByTestId('bench-run').waitFor();
  const module = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('.wasm')),
  );
  await page.getByTestId('bench-run').click();
  const result = page.getByTestId('bench-result');
  await result.waitFor({ state: 'attached', timeout: 60_000 });
  return { module: module.split('/').pop(), genlab: JSON.parse(await result.textContent()) };
}

/** W1 with `runW1`, then the reference in the same page; adds the reference's result and
 * the ratio reference ÷ genlab of the medians. */
async function timeW1(page, url) {
  const { module, genlab } = await runW1(page, url);
  await page.evaluate(REFERENCE);
  const reference = await page.evaluate((runs) => globalThis.genlabReferenceW1(1, runs), TIMED_RUNS);
  const referenceMedian = median(reference.runs_ms);
  return { module, genlab, reference: { ...reference, median_ms: referenceMedian }, ratio: referenceMedian / genlab.median_ms };
}

module.exports = { median, withoutSimd, runW1, timeW1 };
