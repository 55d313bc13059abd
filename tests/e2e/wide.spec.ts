// The infinite-width lab: the width slider moves the prior towards a Gaussian, a wide net
// trains like its kernel and a narrow one does not (erf's widest net merges with it,
// ReLU's says how far it stays), the laziness sweep runs in the worker with the weights'
// −½ slope and erf's kernel near −1, every figure has its look-at line and its "Why?"
// closed, every view exports, and the embeds fit their frames.
import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { openApp, watchPage } from './helpers';

interface Readout {
  view: string; width: number; act: string; t: number;
  net_vs_kernel: number | null; rel_weight_change: number | null; rel_kernel_change: number | null;
  excess_kurtosis: number | null; ks: number | null; diverged_at: number | null; elapsed_ms: number | null;
}
interface Sweep {
  done: number; total: number; widths: number[]; rel_weight_change: number[]; rel_kernel_change: number[]; net_vs_kernel: number[];
  weight_slope: number | null; kernel_slope: number | null; guides: (number | null)[]; elapsed_ms: number | null;
}

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('wide-readout').textContent())!);
}
async function sweep(page: Page): Promise<Sweep> {
  return JSON.parse((await page.getByTestId('wide-sweep').textContent())!);
}
/** Pixels of a canvas that are neither white nor grey (drawn curves, bars, points). */
async function colouredPixels(page: Page, testid: string): Promise<number> {
  return page.getByTestId(testid).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const spread = Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]);
      if (spread > 60) n++;
    }
    return n;
  });
}
/** Records every long task (> 50 ms) of the page's main thread from now on. */
async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    (window as any).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

test('prior: the width slider changes the readouts and the URL; ReLU loses its kurtosis', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=wide&act=relu&width=1');
  await expect.poll(async () => (await readout(page)).excess_kurtosis).not.toBeNull();
  const narrow = await readout(page);
  expect(narrow).toMatchObject({ view: 'prior', width: 1, act: 'relu', net_vs_kernel: null });
  expect(narrow.excess_kurtosis!).toBeGreaterThan(4);
  expect(await colouredPixels(page, 'wide-prior-canvas')).toBeGreaterThan(500);
  expect(await colouredPixels(page, 'wide-histogram-canvas')).toBeGreaterThan(500);
  // One look-at line per figure; the explanation waits, closed, behind "Why?".
  await expect(page.getByTestId('wide-prior-look')).toBeVisible();
  await expect(page.getByTestId('wide-histogram-look')).toBeVisible();
  expect(await page.getByTestId('wide-prior-why').evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
  // The slider moves log10(width): 2.41 is width 257.
  await page.getByTestId('wide-width').fill('2.41');
  await expect.poll(() => new URL(page.url()).searchParams.get('width')).toBe('257');
  await expect.poll(async () => (await readout(page)).width).toBe(257);
  await expect.poll(async () => { const r = await readout(page); return r.excess_kurtosis !== null && r.ks !== null && r.ks < narrow.ks!; }).toBe(true);
  const wide = await readout(page);
  expect(Math.abs(wide.excess_kurtosis!)).toBeLessThan(1);
  await expect(page.getByTestId('wide-prior-figures')).toContainText('Width 257');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('training: width 4,096 follows the kernel, width 64 stays 4× further; the scrubber moves t', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=wide&view=train&width=4096');
  await watchLongTasks(page);
  await expect.poll(async () => (await readout(page)).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
  const wide = await readout(page);
  expect(wide).toMatchObject({ view: 'train', width: 4096, t: 1000, diverged_at: null });
  expect(wide.net_vs_kernel!).toBeLessThan(0.01);
  console.log(`width-4096 run, 1,000 steps: ${wide.elapsed_ms!.toFixed(0)} ms in the worker (net vs kernel ${wide.net_vs_kernel!.toFixed(4)})`);
  expect(await colouredPixels(page, 'wide-train-canvas')).toBeGreaterThan(500);
  await expect(page.getByTestId('wide-train-look')).toBeVisible();
  // erf's widest net ends under 1 % from the kernel prediction: the sentence says they merge.
  await expect(page.getByTestId('wide-merge')).toContainText('the two curves merge', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as any).longTasks.filter((d: number) => d > 50))).toEqual([]);
  await openApp(page, '/?panel=wide&view=train&width=64');
  await watchLongTasks(page);
  await expect.poll(async () => (await readout(page)).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
  const narrow = await readout(page);
  expect(narrow.net_vs_kernel!).toBeGreaterThan(4 * wide.net_vs_kernel!);
  // Scrubbing to an early step: t in the URL and the readout, a larger loss of fit.
  await page.getByTestId('wide-t').fill('10');
  await expect.poll(() => new URL(page.url()).searchParams.get('t')).toBe('10');
  await expect.poll(async () => (await readout(page)).t).toBe(10);
  await expect(page.getByTestId('wide-train-figures')).toContainText('Step t=10'); // t = 10 as MathML
  expect(await page.evaluate(() => (window as any).longTasks.filter((d: number) => d > 50))).toEqual([]);
  // ReLU's widest net stays further than 1 % away: the sentence gives the distance instead.
  await openApp(page, '/?panel=wide&view=train&act=relu');
  await expect(page.getByTestId('wide-merge')).toContainText('do not merge', { timeout: 30_000 });
  await expect(page.getByTestId('wide-merge')).toContainText('Even at width 4,096');
  expect(watch.consoleErrors).toEqual([]);
});

test('laziness: the sweep finishes in the worker with slopes near −½ (weights) and −1 (erf kernel), and exports', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=wide&view=lazy&autorun=1');
  await watchLongTasks(page);
  await expect.poll(async () => (await sweep(page)).done, { timeout: 60_000 }).toBe(15);
  await expect.poll(async () => (await sweep(page)).elapsed_ms).not.toBeNull();
  const s = await sweep(page);
  expect(s.total).toBe(15);
  expect(s.widths).toEqual([16, 64, 256, 1024, 4096]);
  expect(s.weight_slope!).toBeGreaterThan(-0.6);
  expect(s.weight_slope!).toBeLessThan(-0.4);
  // erf's kernel falls about as n^−1 (Dyer and Gur-Ari 2020): its guide is n^−1, the weights' n^−½.
  expect(s.kernel_slope!).toBeGreaterThan(-1.15);
  expect(s.kernel_slope!).toBeLessThan(-0.78);
  expect(s.guides).toEqual([-0.5, -1]);
  expect(s.net_vs_kernel[4]).toBeLessThan(s.net_vs_kernel[0]);
  console.log(`laziness sweep (5 widths × 3 seeds, 1,000 steps): ${s.elapsed_ms!.toFixed(0)} ms; slopes ${s.weight_slope!.toFixed(3)} ` +
    `(weights), ${s.kernel_slope!.toFixed(3)} (kernel); weights ${s.rel_weight_change.map((v) => v.toFixed(4))}; ` +
    `kernel ${s.rel_kernel_change.map((v) => v.toFixed(5))}; net vs kernel ${s.net_vs_kernel.map((v) => v.toFixed(4))}`);
  // n^slope as MathML: each fitted exponent is a superscript's <mn>, the weights' first.
  const exponents = page.getByTestId('wide-slope').locator('msup mn');
  await expect(exponents.first()).toHaveText(s.weight_slope!.toFixed(2).replace('-', '−'));
  await expect(exponents.filter({ hasText: s.kernel_slope!.toFixed(2).replace('-', '−') })).toHaveCount(1);
  await expect(page.getByTestId('wide-slope')).toContainText('Dyer and Gur-Ari (2020)');
  await expect(page.getByTestId('wide-lazy-look')).toBeVisible();
  expect(await colouredPixels(page, 'wide-lazy-canvas')).toBeGreaterThan(300);
  // Nothing blocked the page while the sweep ran (the PNG export below encodes on the page).
  expect(await page.evaluate(() => (window as any).longTasks.filter((d: number) => d > 50))).toEqual([]);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('wide-laziness-csv').click()]);
  expect(csv.suggestedFilename()).toBe('wide-laziness.csv');
  expect(fs.readFileSync(await csv.path(), 'utf8').trim().split('\n').length).toBe(16);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('wide-laziness-png').click()]);
  expect(png.suggestedFilename()).toBe('wide-laziness.png');
  // A lower output scale restarts nothing by itself, and shows the button again.
  await page.getByTestId('wide-alpha').fill('-0.5');
  await expect(page.getByTestId('wide-sweep-status')).toContainText('Run the sweep');
  expect(watch.consoleErrors).toEqual([]);
});

test('prior and training views export PNG and CSV', async ({ page }) => {
  for (const [path, names] of [['/?panel=wide', ['wide-prior', 'wide-histogram']], ['/?panel=wide&view=train', ['wide-training']]] as const) {
    await openApp(page, path);
    await expect.poll(async () => (await readout(page)).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
    for (const name of names) {
      const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${name}-png`).click()]);
      expect(png.suggestedFilename()).toBe(`${name}.png`);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${name}-csv`).click()]);
      const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThan(30);
      expect(lines[1].split(',').every((v) => v !== '' && !Number.isNaN(Number(v)))).toBe(true);
    }
  }
});

for (const [width, height] of [[600, 450], [960, 540]]) {
  test(`embedded at ${width}x${height} every view's figure and the width slider fit the frame`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    for (const [view, canvas] of [['prior', 'wide-prior-canvas'], ['train', 'wide-train-canvas'], ['lazy', 'wide-lazy-canvas']]) {
      await openApp(page, `/?panel=wide&embed=1&view=${view}`);
      await expect(page.getByTestId('site-header')).toHaveCount(0);
      const fits = async (id: string) => {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.y + box.height, `${view} ${id}`).toBeLessThanOrEqual(height);
        expect(box.x + box.width, `${view} ${id}`).toBeLessThanOrEqual(width);
      };
      for (const id of [canvas, ...(view === 'prior' ? ['wide-histogram-canvas'] : [])]) await fits(id);
      // The width slider lives in the embed's settings drawer.
      await page.getByTestId('embed-drawer').click();
      // Once the drawer has slid in, the slider lies wholly inside the frame.
      await expect
        .poll(async () => {
          const box = (await page.getByTestId('wide-width').boundingBox())!;
          return box.x + box.width <= width && box.y + box.height <= height && box.x >= 0;
        })
        .toBe(true);
      await page.getByTestId('embed-drawer').click();
      // The prior's two charts share the row; every other view has one.
      expect((await page.getByTestId(canvas).boundingBox())!.width).toBeGreaterThan(width * (view === 'prior' ? 0.27 : 0.35));
      await page.screenshot({ path: `tests/e2e/results/wide-embed-${view}-${width}.png` });
    }
  });
}
