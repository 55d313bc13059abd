// Benchmark W4 (DESIGN.md): opens each panel's link in Debian's Chromium on a phone-like
// profile (1.6 Mbit/s down, 150 ms round trip, CPU slowed 4×, no cache, no service
// worker), served gzipped, and prints per panel the time until the panel is ready (the
// shell's `genlab-ready` mark, set after the panel's first paint) and the bytes fetched
// by then. Median of 3 loads. Usage: node scripts/load-bench.mjs (after scripts/build.sh).
import { chromium } from '@playwright/test';
import { serve } from './serve-gzip.mjs';

const PORT = 4181;
const PANELS = ['home', 'sets', 'restarts', 'sam', 'lowrank', 'bench'];
const RUNS = 3;

const server = await serve('dist', PORT);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function load(id) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 823 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: 1.6e6 / 8,
    uploadThroughput: 750e3 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const bytes = new Map();
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(`http://127.0.0.1:${PORT}/${id === 'home' ? '' : `?panel=${id}`}`);
  const ready = await page.waitForFunction(
    () => performance.getEntriesByName('genlab-ready')[0]?.startTime,
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  const ms = await ready.jsonValue();
  // When the panel's WebAssembly had arrived: the rest of the wait is compiling and the
  // first render.
  const wasmEnd = await page.evaluate(() =>
    Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => e.responseEnd)),
  );
  const fetched = [...bytes.values()].reduce((a, b) => a + b, 0);
  await context.close();
  return { ms, fetched, wasmEnd };
}

console.log('W4: phone-like profile (1.6 Mbit/s, 150 ms RTT, CPU ×4), gzip, cold cache; median of 3');
for (const id of PANELS) {
  const runs = [];
  for (let k = 0; k < RUNS; k++) runs.push(await load(id));
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(RUNS / 2)];
  console.log(`  ${id.padEnd(9)} ready in ${(median.ms / 1000).toFixed(2)} s (runs ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')}); fetched ${(median.fetched / 1024).toFixed(1)} KB, its wasm in by ${(median.wasmEnd / 1000).toFixed(2)} s`);
}
await browser.close();
server.close();
