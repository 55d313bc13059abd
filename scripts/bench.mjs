// The benchmark workloads of DESIGN.md in one go, in Debian's Chromium against dist/
// (after scripts/build.sh): W1 on the benchmark page with and without SIMD and its ratio to
// the JavaScript reference timed in the same page (the CI speed guard's figure), W2 with the
// compute worker's SIMD and plain builds, W3, then W4 (scripts/load-bench.mjs).
// Usage: node scripts/bench.mjs [--rounds N] [--w1-only] [--no-w4]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { serve } from './serve-gzip.mjs';
import { median, timeW1, withoutSimd } from '../tests/bench/w1.cjs';

const PORT = 4182;
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const base = `http://127.0.0.1:${PORT}/`;

const server = await serve('dist', PORT);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const fmt = (xs, digits = 1) => xs.map((x) => x.toFixed(digits)).join(', ');

/** A fresh context (no SIMD if `plain`), its page, and a clean-up. */
async function open(plain) {
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
  if (plain) await withoutSimd(context);
  return { page: await context.newPage(), close: () => context.close() };
}

console.log(`W1: 10,000 SGD steps of a 2-16-16-1 tanh net on the benchmark page (median of 5 runs), ${rounds} rounds, alternating builds`);
const w1 = { simd: [], plain: [] };
for (let k = 0; k < rounds; k++) {
  for (const build of ['simd', 'plain']) {
    const { page, close } = await open(build === 'plain');
    w1[build].push(await timeW1(page, '?panel=bench'));
    await close();
  }
}
for (const build of ['simd', 'plain']) {
  const r = w1[build];
  console.log(`  ${build.padEnd(5)} genlab ${fmt(r.map((x) => x.genlab.median_ms))} ms; JavaScript reference ${fmt(r.map((x) => x.reference.median_ms), 0)} ms; ratio ${fmt(r.map((x) => x.ratio))}× (median ${median(r.map((x) => x.ratio)).toFixed(1)}×)`);
}

if (args.includes('--w1-only')) {
  await browser.close();
  server.close();
  process.exit(0);
}

/** W2: the restarts panel's default 100 runs, start to last bar, with the worker's SIMD build or the plain one. */
async function w2(plain) {
  const context = await browser.newContext({ baseURL: base, serviceWorkers: 'block' });
  const page = await context.newPage();
  if (plain) {
    await page.route('**/worker-boot.js', async (route) => {
      const original = await (await route.fetch()).text();
      await route.fulfill({ contentType: 'text/javascript', body: `WebAssembly.validate = () => false;\n${original}` });
    });
  }
  // Once to cache the worker's files, as a student's second visit would have them.
  await page.goto('?panel=restarts');
  await page.goto('?panel=restarts&autorun=1');
  const readout = page.getByTestId('restarts-summary');
  let s;
  for (;;) {
    s = JSON.parse((await readout.textContent()) || '{}');
    if (s.done === 100 && !s.running) break;
    await page.waitForTimeout(100);
  }
  await context.close();
  return s.elapsed_ms;
}
const w2s = { simd: [], plain: [] };
for (let k = 0; k < rounds; k++) for (const build of ['simd', 'plain']) w2s[build].push(await w2(build === 'plain'));
console.log(`W2: the restarts panel's 100 default runs: SIMD worker ${fmt(w2s.simd, 0)} ms, plain worker ${fmt(w2s.plain, 0)} ms`);

/** W3: the SAM panel's 120×120 basin maps, GD and SAM, 300 steps each. */
const w3 = [];
for (let k = 0; k < rounds; k++) {
  const { page, close } = await open(false);
  await page.goto('?panel=sam&basins=1');
  const readout = page.getByTestId('sam-readout');
  let ms = null;
  while (ms === null) {
    ms = JSON.parse((await readout.textContent()) || '{}').basin_ms ?? null;
    if (ms === null) await page.waitForTimeout(100);
  }
  w3.push(ms);
  await close();
}
console.log(`W3: SAM basin maps (120×120 starts, GD and SAM, 300 steps): ${fmt(w3, 0)} ms`);

await browser.close();
server.close();

if (!args.includes('--no-w4')) {
  await new Promise((done) => spawn('node', ['scripts/load-bench.mjs'], { stdio: 'inherit' }).on('exit', done));
}
