// A long lecture must not wear the app down: switching panels many times leaves the
// page's DOM and JS heap flat.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers';

// Without the back-forward cache the page left last is gone, not kept alive beside the
// one measured: every sample holds the home page alone.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-features=BackForwardCache'],
  },
});

test('thirty panel switches leave DOM nodes and the JS heap flat', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page, '/');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async () => {
    // Settled: the panel has painted, nothing is loading, and garbage is collected.
    await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
    await page.waitForLoadState('networkidle');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { nodes, heap };
  };
  // Six rounds through every panel by the navigation links, the lesson panels in another
  // order each time, then the benchmark and home, where the samples are taken: 30
  // switches. (The page left last may stay in the back-forward cache, sharing the heap:
  // always the same one, so that samples compare like with like.)
  const orders = [
    ['sets', 'restarts', 'sam', 'bench'],
    ['sam', 'sets', 'restarts', 'bench'],
    ['restarts', 'sam', 'sets', 'bench'],
    ['sam', 'restarts', 'sets', 'bench'],
    ['sets', 'sam', 'restarts', 'bench'],
    ['restarts', 'sets', 'sam', 'bench'],
  ];
  // The JS heap of a freshly loaded page settles anywhere between about 1.8 and 3 MB
  // here, from one load to the next, with no trend: so the heap may exceed its baseline
  // by 10 % or 0.5 MB, whichever is more (a retained panel costs several MB a switch).
  const HEAP_NOISE = 0.5e6;
  // The previous page's document may go with a later collection: poll (collecting each
  // time) until the figures settle for the baseline, and until they are back within 10 %
  // of it after every later round. A retained view is never collected, so it fails.
  const samples: { nodes: number; heap: number }[] = [];
  for (const [round, order] of orders.entries()) {
    for (const id of [...order, 'home']) {
      await page.getByTestId(`nav-${id}`).click();
      await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', id);
    }
    if (round === 0) {
      let previous = { nodes: -1, heap: -1 };
      await expect
        .poll(async () => {
          const now = await sample();
          const steady = now.nodes === previous.nodes && Math.abs(now.heap - previous.heap) < 0.01 * now.heap;
          previous = now;
          return steady;
        }, { timeout: 20_000 })
        .toBe(true);
      samples.push(previous);
      continue;
    }
    const first = samples[0];
    let last = first;
    await expect
      .poll(async () => {
        last = await sample();
        return last.nodes <= first.nodes * 1.1 && last.heap <= first.heap + Math.max(0.1 * first.heap, HEAP_NOISE);
      }, { timeout: 20_000 })
      .toBe(true);
    samples.push(last);
  }
  console.log(`after each round: ${samples.map((s) => `${s.nodes} nodes, ${(s.heap / 1e6).toFixed(2)} MB`).join('; ')}`);
});
