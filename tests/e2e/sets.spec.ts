// The green/magenta panel: N moves the picture from the over-parametrised to the classical
// case, pointing at the plane shows that parameter's function, and the canvas shows both sets.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage, showFigure } from './helpers';

interface Readout {
  n: number; p: number; inside_share: number; gd_in_magenta: boolean; bad_in_magenta: boolean;
  bad_is_interpolant: boolean; init_scale: number; gd_inside_share: number; endpoints_off_view: number;
}

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('sets-readout').textContent())!);
}

test('few points: the green band sticks out of magenta, gradient descent stays inside', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=sets');
  const r = await readout(page);
  expect(r).toMatchObject({ n: 12, p: 40, gd_in_magenta: true, bad_in_magenta: false, bad_is_interpolant: true, init_scale: 1 });
  expect(r.gd_inside_share).toBe(1);
  expect(r.inside_share).toBeLessThan(0.3);
  // Canvas content: the plane has green hatching and a magenta tint.
  const counts = await page.getByTestId('sets-plane').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let green = 0, magenta = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 1] > 120 && d[i] < 60 && d[i + 2] < 90) green++;
      if (d[i] > 200 && d[i + 2] > 180 && d[i + 1] < 225) magenta++;
    }
    return { green, magenta };
  });
  expect(counts.green).toBeGreaterThan(1000);
  expect(counts.magenta).toBeGreaterThan(1000);
  expect(watch.consoleErrors).toEqual([]);
});

test('moving the N slider changes the inside share and the URL', async ({ page }) => {
  await openApp(page, '/?panel=sets');
  const before = (await readout(page)).inside_share;
  await page.getByTestId('sets-n').fill('200');
  await expect.poll(async () => (await readout(page)).inside_share).toBeGreaterThan(0.99);
  expect(before).toBeLessThan(0.3);
  await expect.poll(() => new URL(page.url()).searchParams.get('n')).toBe('200');

  // Recompute time for one slider step (after the random-label runs are done, so they do
  // not share the thread): the panel's effects run as microtasks, so a zero timeout fires
  // once the new picture is drawn.
  await expect(page.getByTestId('labels-summary')).toContainText('computed in', { timeout: 30_000 });
  const ms = await page.getByTestId('sets-n').evaluate(async (input: HTMLInputElement) => {
    const times: number[] = [];
    for (const n of [10, 14, 30, 50, 80, 12, 40, 20, 60, 16]) {
      const t0 = performance.now();
      input.value = String(n);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[5];
  });
  console.log(`sets slice: median ${ms.toFixed(1)} ms to recompute and redraw after an N step`);
  // N does not touch the random-label runs: they are not restarted.
  await expect(page.getByTestId('labels-summary')).toContainText('computed in');
});

test('pointing at the plane shows that parameter’s function', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, '/?panel=sets');
  const inspected = page.getByTestId('sets-inspected');
  // "training error R̂ = …" as MathML: the live number is the formula's <mn>.
  const trainingError = inspected.locator('math').first().locator('mn');
  await expect(inspected).toContainText('training error');
  await expect(trainingError).toHaveText('0.0000');
  const box = (await page.getByTestId('sets-plane').boundingBox())!;
  // The upper right of the slice is far from every fit: a big training error.
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1);
  await expect(trainingError).not.toHaveText('0.0000');
  const train = Number(await trainingError.textContent());
  expect(train).toBeGreaterThan(0.01);
  // Arrow keys move the inspected point too.
  const pointed = (await inspected.textContent())!;
  await page.getByTestId('sets-plane').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(inspected).not.toHaveText(pointed);
});

test('random starts: larger starts leave magenta; the slider drives the share and the URL', async ({ page }) => {
  const shares: number[] = [];
  for (const s of [0, 0.5, 2, 8]) {
    await openApp(page, `/?panel=sets&s=${s}`);
    const r = await readout(page);
    expect(r.init_scale).toBe(s);
    shares.push(r.gd_inside_share);
  }
  for (let k = 1; k < shares.length; k++) expect(shares[k]).toBeLessThanOrEqual(shares[k - 1]);
  expect(shares[3]).toBeLessThan(shares[0]);
  console.log(`gd_inside_share along s = 0, 0.5, 2, 8: ${shares.join(', ')}`);
  await openApp(page, '/?panel=sets&s=40');
  const wide = await readout(page);
  expect(wide.gd_inside_share).toBeLessThanOrEqual(shares[3]);
  console.log(`gd_inside_share at s = 40: ${wide.gd_inside_share}`);
  await page.getByTestId('sets-plane').screenshot({ path: 'tests/e2e/results/sets-starts-40.png' });
  await page.getByTestId('sets-s').fill('0');
  await expect.poll(async () => (await readout(page)).gd_inside_share).toBe(1);
  await expect.poll(() => new URL(page.url()).searchParams.get('s')).toBe('0');
  await expect(page.getByTestId('sets-starts')).toContainText('and 100 % of its end points lie inside magenta');
});

test('when N plus the wrong points exceed the rank, ✕ is called a least-squares compromise', async ({ page }) => {
  await openApp(page, '/?panel=sets&n=36');
  expect((await readout(page)).bad_is_interpolant).toBe(false);
  await page.getByTestId('sets-plane').screenshot({ path: 'tests/e2e/results/sets-n36.png' });
  await expect(page.locator('.sets-panel figcaption.legend')).toContainText('least-squares compromise');
  await page.getByTestId('sets-n').fill('12');
  await expect.poll(async () => (await readout(page)).bad_is_interpolant).toBe(true);
  await expect(page.locator('.sets-panel figcaption.legend')).toContainText('bad interpolant');
});

test('double descent: the excess risk peaks near N = p and the ridge flattens it', async ({ page }) => {
  await openApp(page, '/?panel=sets');
  await expect(page.getByTestId('excess-status')).toContainText('largest at', { timeout: 30_000 });
  const r = JSON.parse((await page.getByTestId('excess-readout').textContent())!);
  expect(r.peak).toBeGreaterThan(r.at_12);
  expect(r.peak).toBeGreaterThan(r.at_200);
  expect(r.ridge_peak).toBeLessThan(r.peak);
  console.log(`excess risk: ${r.at_12} at N = 12, peak ${r.peak} at N = ${r.peak_n}, ${r.at_200} at N = 200; ridge peak ${r.ridge_peak}`);
  const teal = () => page.getByTestId('excess-chart').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 40 && d[i + 1] > 100 && d[i + 2] > 120) n++;
    return n;
  });
  const before = await teal();
  await page.getByTestId('sets-ridge').check();
  await expect.poll(() => new URL(page.url()).searchParams.get('ridge')).toBe('1');
  await expect.poll(teal).toBeGreaterThan(before + 100);
});

test('out-of-range values are clamped with a notice', async ({ page }) => {
  await openApp(page, '/?panel=sets&n=5000&eps=-1');
  await expect(page.getByTestId('url-notices')).toContainText('n=5000 is outside');
  expect((await readout(page)).n).toBe(200);
});

for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1366, 900]] as const) {
  test(`screenshot at ${name} size, no horizontal scroll`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=sets');
    await expect(page.getByTestId('excess-status')).toContainText('largest at', { timeout: 30_000 });
    await expect(page.getByTestId('capacity-status')).toContainText('57 runs in', { timeout: 120_000 });
    await expect(page.getByTestId('labels-summary')).toContainText('computed in', { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/results/sets-${name}.png`, fullPage: true });
    // The page a screen at a time, to look at.
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let k = 0; k * height < total; k++) {
      await page.evaluate((y) => window.scrollTo(0, y), k * height);
      await page.screenshot({ path: `tests/e2e/results/sets-${name}-${k}.png` });
    }
  });
}

for (const [width, height] of [[600, 450], [960, 540]]) {
  test(`embedded at ${width}x${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=sets&embed=1');
    await expect(page.getByTestId('site-header')).toHaveCount(0);
    const box = (await page.getByTestId('sets-plane').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    await page.screenshot({ path: `tests/e2e/results/sets-embed-${width}.png` });
  });
}

test('random labels: every labelling is fitted, test error rises to chance', async ({ page }) => {
  await openApp(page, '/?panel=sets');
  await page.evaluate(() => {
    (window as any).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await expect(page.getByTestId('labels-summary')).toContainText('5 of 5 runs reach zero training error', { timeout: 30_000 });
  const r = JSON.parse((await page.getByTestId('labels-readout').textContent())!);
  expect(r.train_error).toEqual([0, 0, 0, 0, 0]);
  // About q/2 of the labels change at share q.
  expect(r.changed[0]).toBe(0);
  expect(r.changed[4]).toBeGreaterThan(10);
  expect(r.changed[4]).toBeLessThan(30);
  await expect(page.getByTestId('labels-changed')).toContainText('about q/2 of the labels change');
  await expect(page.getByTestId('labels-changed')).toContainText('Rademacher');
  expect(r.test_error[0]).toBeLessThan(0.1);
  expect(r.test_error[4]).toBeGreaterThan(0.4);
  expect(r.test_error[4]).toBeLessThan(0.65);
  const longest = await page.evaluate(() => Math.max(0, ...(window as any).longTasks));
  console.log(`random-label sweep: ${r.elapsed_ms.toFixed(0)} ms for 5 runs; longest main-thread task ${longest.toFixed(0)} ms`);
  // Canvas content: the curves chart has coloured (non-grey) pixels.
  await showFigure(page, 'labels-curves');
  const coloured = await page.getByTestId('labels-curves').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 2]) > 60) n++;
    return n;
  });
  expect(coloured).toBeGreaterThan(200);
});

test('capacity sweeps: the bound is vacuous for every width, informative for the smallest network on much data', async ({ page }) => {
  test.setTimeout(180_000);
  // The sweeps train in Web Workers: the worker's own WebAssembly is fetched (its SIMD
  // build, in this Chromium).
  const workerWasm = page.waitForRequest((r) => r.url().endsWith('/worker-simd_bg.wasm'));
  await openApp(page, '/?panel=sets');
  await workerWasm;
  await expect(page.getByTestId('capacity-status')).toContainText('57 runs in', { timeout: 120_000 });
  const r = JSON.parse((await page.getByTestId('capacity-readout').textContent())!);
  console.log(`width and size sweeps: ${r.elapsed_ms.toFixed(0)} ms for 57 runs`);
  const at = (w: number) => r.runs.filter((x: any) => x.width === w);
  for (const run of at(1024)) expect(run.train_error).toBe(0);
  const meanTest = (w: number) => at(w).reduce((s: number, x: any) => s + x.test_error, 0) / at(w).length;
  expect(meanTest(1024)).toBeLessThan(meanTest(8) + 0.03);
  // The bound on the test error is capped at 1 at every width.
  for (const p of r.widths) expect(p.bound).toBe(1);
  // The smallest network on more data: the bound becomes informative and holds.
  const sized = r.sizes;
  expect(sized[0].bound).toBe(1);
  const last = sized[sized.length - 1];
  expect(last.n).toBe(20000);
  expect(last.bound).toBeLessThan(0.3);
  expect(last.test_error).toBeLessThanOrEqual(last.bound);
  await expect(page.getByTestId('capacity-verdict')).toContainText('first says something');
  console.log(`N sweep (h = 2): bound ${sized.map((p: any) => p.bound.toFixed(3)).join(', ')}`);
  await page.getByTestId('capacity-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'tests/e2e/results/sets-capacity.png' });
});

test('each view exports a PNG and a CSV', async ({ page }) => {
  await openApp(page, '/?panel=sets');
  for (const name of ['sets-slice', 'sets-function']) {
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${name}-png`).click()]);
    expect(png.suggestedFilename()).toBe(`${name}.png`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${name}-csv`).click()]);
    expect(csv.suggestedFilename()).toBe(`${name}.csv`);
    const text = require('fs').readFileSync(await csv.path(), 'utf8');
    expect(text.split('\n')[0]).toContain(',');
    expect(text.split('\n').length).toBeGreaterThan(100);
  }
});

test('leaving mid-sweep stops the workers cleanly', async ({ page }) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  await openApp(page, '/?panel=sets');
  await expect(page.getByTestId('capacity-status')).toContainText('Training');
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'home');
  await page.getByTestId('nav-sets').click();
  await expect(page.getByTestId('capacity-status')).toContainText('57 runs in', { timeout: 120_000 });
  await expect(page.getByTestId('labels-summary')).toContainText('computed in', { timeout: 30_000 });
  expect(watch.consoleErrors).toEqual([]);
});

test('a figure below the fold is drawn only once the student scrolls near it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page, '/?panel=sets');
  // The random-label sweep finishes below the fold: its text is there, its chart not drawn.
  await expect(page.getByTestId('labels-summary')).toContainText('5 of 5 runs reach zero training error', { timeout: 30_000 });
  const blank = () =>
    page.getByTestId('labels-curves').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return d.every((v, i) => i % 4 !== 3 || v === 0);
    });
  expect(await blank()).toBe(true);
  // The figure at the top was drawn.
  await showFigure(page, 'sets-plane');
  await showFigure(page, 'labels-curves');
  expect(await blank()).toBe(false);
});
