// The green/magenta panel: N moves the picture from the over-parametrised to the classical
// case, pointing at the plane shows that parameter's function, and the canvas shows both sets.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';

interface Readout { n: number; p: number; inside_share: number; gd_in_magenta: boolean; bad_in_magenta: boolean }

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('sets-readout').textContent())!);
}

test('few points: the green band sticks out of magenta, gradient descent stays inside', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=sets');
  const r = await readout(page);
  expect(r).toMatchObject({ n: 12, p: 40, gd_in_magenta: true, bad_in_magenta: false });
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
  await expect(inspected).toContainText('training error R̂ = 0.0000');
  const box = (await page.getByTestId('sets-plane').boundingBox())!;
  // The upper right of the slice is far from every fit: a big training error.
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.1);
  await expect(inspected).not.toContainText('training error R̂ = 0.0000');
  const train = Number((await inspected.textContent())!.match(/R̂ = ([0-9.]+)/)![1]);
  expect(train).toBeGreaterThan(0.01);
  // Arrow keys move the inspected point too.
  const pointed = (await inspected.textContent())!;
  await page.getByTestId('sets-plane').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(inspected).not.toHaveText(pointed);
});

test('out-of-range values are clamped with a notice', async ({ page }) => {
  await openApp(page, '/?panel=sets&n=5000&eps=-1');
  await expect(page.getByTestId('url-notices')).toContainText('n=5000 is outside');
  expect((await readout(page)).n).toBe(200);
});

for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 900]] as const) {
  test(`screenshot at ${name} size, no horizontal scroll`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=sets');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/results/sets-${name}.png`, fullPage: true });
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
  expect(r.test_error[0]).toBeLessThan(0.1);
  expect(r.test_error[4]).toBeGreaterThan(0.4);
  expect(r.test_error[4]).toBeLessThan(0.65);
  const longest = await page.evaluate(() => Math.max(0, ...(window as any).longTasks));
  console.log(`random-label sweep: ${r.elapsed_ms.toFixed(0)} ms for 5 runs; longest main-thread task ${longest.toFixed(0)} ms`);
  // Canvas content: the curves chart has coloured (non-grey) pixels.
  const coloured = await page.getByTestId('labels-curves').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 2]) > 60) n++;
    return n;
  });
  expect(coloured).toBeGreaterThan(200);
});

test('capacity sweep: the bound is vacuous, the test error stays low', async ({ page }) => {
  // The sweeps train in Web Workers: the worker's own WebAssembly is fetched.
  const workerWasm = page.waitForRequest((r) => r.url().endsWith('/worker_bg.wasm'));
  await openApp(page, '/?panel=sets');
  await workerWasm;
  await expect(page.getByTestId('capacity-status')).toContainText('30 runs in', { timeout: 60_000 });
  const r = JSON.parse((await page.getByTestId('capacity-readout').textContent())!);
  console.log(`width sweep: ${r.elapsed_ms.toFixed(0)} ms for 30 runs`);
  const at = (w: number) => r.runs.filter((x: any) => x.width === w);
  for (const run of at(1024)) expect(run.train_error).toBe(0);
  const meanTest = (w: number) => at(w).reduce((s: number, x: any) => s + x.test_error, 0) / at(w).length;
  expect(meanTest(1024)).toBeLessThan(meanTest(8) + 0.03);
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
  const watch = watchPage(page);
  await openApp(page, '/?panel=sets');
  await expect(page.getByTestId('capacity-status')).toContainText('Training');
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'home');
  await page.getByTestId('nav-sets').click();
  await expect(page.getByTestId('capacity-status')).toContainText('30 runs in', { timeout: 60_000 });
  await expect(page.getByTestId('labels-summary')).toContainText('computed in', { timeout: 30_000 });
  expect(watch.consoleErrors).toEqual([]);
});
