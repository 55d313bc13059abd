// The real-digits lab: it fetches its digits after the first paint, shows them as the
// network is given them, trains Zhang et al.'s experiments in the workers (streamed,
// stoppable, resumable), exports, round-trips its URL, fits its embeds and works offline.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { openApp, watchPage, showFigure } from './helpers';

interface Condition { name: string; train_acc: number; test_acc: number; steps_to_fit: number | null }
interface Fit { done: number; total: number; elapsed_ms: number; conditions: Condition[] }
interface Sweep { done: number; total: number; levels: number[]; test_error: number[]; train_error: number[]; steps_to_fit: (number | null)[] }
interface Run { labels: string; weight_decay: number; shifts: boolean; start: string; run: number; train_acc: number; test_acc: number; steps_to_fit: number | null }
interface Runs { done: number; total: number; runs: Run[] }

async function readout<T>(page: Page, testid: string): Promise<T> {
  return JSON.parse((await page.getByTestId(testid).textContent())!);
}

async function finished<T extends { done: number; total: number }>(page: Page, testid: string, total: number, timeout = 60_000): Promise<T> {
  await expect.poll(async () => (await readout<T>(page, testid)).done, { timeout }).toBe(total);
  await expect(page.getByTestId('digits-status')).toContainText('done');
  return readout<T>(page, testid);
}

/** Records the page's long tasks and every `done` the readout shows. */
async function watchRun(page: Page, testid: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as any;
    w.longTasks = [];
    w.seenDone = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    setInterval(() => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent;
      if (text) w.seenDone.push(JSON.parse(text).done);
    }, 20);
  }, testid);
}

test('Figure 1a: every kind of data is fitted, random labels last, in the workers', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=digits');
  await expect(page.getByTestId('digits-status')).toContainText('Press Train', { timeout: 20_000 });
  // The images as given: random labels by default, drawn from the fetched digits.
  await showFigure(page, 'digits-grid');
  await watchRun(page, 'digits-readout');
  await page.getByTestId('digits-run').click();
  const fit = await finished<Fit>(page, 'digits-readout', 5);
  const seen: number[] = await page.evaluate(() => (window as any).seenDone);
  expect(seen.some((d) => d > 0 && d < 5), 'streamed before the end').toBe(true);
  const by = Object.fromEntries(fit.conditions.map((c) => [c.name, c]));
  expect(Object.keys(by).sort()).toEqual(['gaussian', 'random_labels', 'random_pixels', 'shuffled_pixels', 'true']);
  for (const c of fit.conditions) {
    expect(c.train_acc, c.name).toBe(1);
    expect(c.steps_to_fit, c.name).not.toBeNull();
  }
  expect(by.random_labels.steps_to_fit!).toBeGreaterThan(by.true.steps_to_fit!);
  expect(by.true.test_acc).toBeGreaterThanOrEqual(0.85);
  expect(Math.abs(by.random_labels.test_acc - 0.1)).toBeLessThanOrEqual(0.05);
  // The sentence under the chart says what the readout says.
  const factor = (by.random_labels.steps_to_fit! / by.true.steps_to_fit!).toFixed(1);
  await expect(page.getByTestId('digits-text')).toContainText(`Random labels took ${factor} times as many steps`);
  await showFigure(page, 'digits-curves');
  const longTasks: number[] = await page.evaluate(() => (window as any).longTasks);
  console.log(`Figure 1a: ${fit.elapsed_ms.toFixed(0)} ms; long tasks [${longTasks.map((t) => t.toFixed(0))}]`);
  expect(longTasks).toEqual([]);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('Figure 1b–c: zero training error at every corruption level, test error rising to chance', async ({ page }) => {
  await openApp(page, '/?panel=digits&view=corrupt&autorun=1');
  const s = await finished<Sweep>(page, 'digits-sweep', 6);
  expect(s.levels).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((p) => Math.fround(p)));
  expect(s.train_error.every((e) => e === 0)).toBe(true);
  expect(s.test_error[5]).toBeGreaterThan(s.test_error[0] + 0.6);
  expect(Math.abs(s.test_error[5] - 0.9)).toBeLessThanOrEqual(0.05);
  await expect(page.getByTestId('digits-text')).toContainText('reaches far out of the magenta set');
  await showFigure(page, 'digits-error-chart');
  await showFigure(page, 'digits-steps-chart');
  // CSV: one row per level.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('digits-corrupt-csv').click()]);
  const rows = fs.readFileSync((await csv.path())!, 'utf8').trim().split('\n');
  expect(rows).toHaveLength(7);
  expect(rows[0]).toContain('test_accuracy');
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('digits-corrupt-png').click()]);
  expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
});

test('regularisers and starts: the tables and dots the sentences describe', async ({ page }) => {
  await openApp(page, '/?panel=digits&view=starts&runs=2&autorun=1');
  const s = await finished<Runs>(page, 'digits-starts', 4);
  const errors = (start: string) => s.runs.filter((r) => r.start === start).map((r) => 1 - r.test_acc);
  expect(s.runs.every((r) => r.train_acc === 1)).toBe(true);
  expect(Math.min(...errors('adversarial'))).toBeGreaterThan(Math.max(...errors('random')));
  await expect(page.getByTestId('digits-text')).toContainText('Every adversarial fit tests worse');
  await showFigure(page, 'digits-starts-chart');
  // The regularisers' tab: eight runs, true and random labels with each regulariser.
  await page.getByTestId('digits-view-reg').click();
  await expect(page).toHaveURL(/view=reg/);
  const r = await finished<Runs>(page, 'digits-reg', 8, 90_000);
  expect(r.runs.filter((x) => x.labels === 'true').every((x) => x.train_acc === 1)).toBe(true);
  await expect(page.getByTestId('digits-reg-table').locator('tbody tr')).toHaveCount(8);
});

test('Stop keeps the finished runs and Resume trains only the rest', async ({ page }) => {
  await openApp(page, '/?panel=digits&view=corrupt');
  await expect(page.getByTestId('digits-status')).toContainText('Press Train', { timeout: 20_000 });
  await page.getByTestId('digits-run').click();
  await expect.poll(async () => (await readout<Sweep>(page, 'digits-sweep')).done, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await page.getByTestId('digits-run').click();
  await expect(page.getByTestId('digits-status')).toContainText('paused');
  const kept = await readout<Sweep>(page, 'digits-sweep');
  expect(kept.done).toBeLessThan(6);
  await expect(page.getByTestId('digits-run')).toHaveText('Resume');
  await page.getByTestId('digits-run').click();
  const all = await finished<Sweep>(page, 'digits-sweep', 6);
  // What had finished before the pause is kept as it was.
  expect(all.test_error.slice(0, kept.done)).toEqual(kept.test_error);
});

test('the settings round-trip through the URL, out-of-range values with a notice', async ({ page }) => {
  await openApp(page, '/?panel=digits&view=reg&width=4096&n=700&lr=0.02&show=gaussian');
  await expect(page.getByTestId('url-notices')).toContainText('width=4096');
  await expect(page.getByTestId('digits-width')).toHaveValue('512');
  await expect(page.getByTestId('digits-view-reg')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('digits-view-fit').click();
  await expect(page).toHaveURL(/n=700/);
  await expect(page).toHaveURL(/lr=0\.02/);
  await expect(page).toHaveURL(/show=gaussian/);
  await expect(page).not.toHaveURL(/view=/);
  await expect(page.getByTestId('digits-show')).toHaveValue('gaussian');
});

for (const [width, height] of [[600, 450], [960, 540]]) {
  test(`embedded at ${width}×${height}, the curves fill the frame`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=digits&embed=1&autorun=1');
    await finished<Fit>(page, 'digits-readout', 5);
    await showFigure(page, 'digits-curves');
    const box = (await page.getByTestId('digits-curves').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    expect(box.height).toBeGreaterThan(150);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `tests/e2e/results/digits-embed-${width}.png` });
  });
}

test('after one visit the digits train offline', async ({ page, context }) => {
  await openApp(page, '/?panel=digits');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Not precached for every visitor: cached when the lab fetched them (through the worker).
  await page.reload();
  await expect(page.getByTestId('digits-status')).toContainText('Press Train', { timeout: 20_000 });
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open('genlab-v2')).keys()).map((r) => r.url).join(' ')))
    .toMatch(/digits\.bin/);
  await context.setOffline(true);
  await page.goto('/?panel=digits&autorun=1');
  const fit = await finished<Fit>(page, 'digits-readout', 5);
  expect(fit.conditions.every((c) => c.train_acc === 1)).toBe(true);
  await context.setOffline(false);
});

test.describe('without the digits', () => {
  test.use({ serviceWorkers: 'block' });
  test('digits that cannot be fetched are reported, and nothing runs', async ({ page }) => {
    await page.route(/digits\.bin$/, (route) => route.abort());
    await openApp(page, '/?panel=digits&autorun=1');
    await expect(page.getByTestId('digits-status')).toContainText('could not be loaded');
    await expect(page.getByTestId('digits-run')).toBeDisabled();
  });
});
