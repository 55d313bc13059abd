// The deep-linear-networks lab: the three models train in the worker to the end, the
// readouts and the URL follow k, depth and init, the replay runs and stops, export,
// the k-sweep over seeds (pause and resume too), embedding, and the reparametrisation tab.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage, showFigure } from './helpers';

interface Model { depth: number; rel_test_error: number; effective_rank: number; steps: number; converged: boolean }
interface Readout { k: number; init: number; models: Model[]; nuclear: { rel_test_error: number } | null; done: boolean }

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('lowrank-readout').textContent())!);
}

async function trained(page: Page): Promise<Readout> {
  await expect.poll(async () => (await readout(page)).done, { timeout: 30_000 }).toBe(true);
  return readout(page);
}

/** Moves a range input to `value` as a student's drag would (input events). */
async function setRange(page: Page, testid: string, value: number): Promise<void> {
  await page.getByTestId(testid).evaluate((el: HTMLInputElement, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Share of canvas pixels that are neither white nor transparent. */
async function inked(page: Page, testid: string): Promise<number> {
  return page.getByTestId(testid).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 720) n++;
    return n / (c.width * c.height);
  });
}

test('autorun: the three default models train to the end; depth helps, depth 1 never fills in', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=lowrank&autorun=1');
  const r = await trained(page);
  const status = await page.getByTestId('lowrank-status').textContent();
  console.log(`lowrank default models: ${status}`);
  expect(r.k).toBe(60);
  expect(r.models.map((m) => m.depth)).toEqual([1, 2, 3]);
  expect(r.models.every((m) => m.converged)).toBe(true);
  expect(r.models[0].rel_test_error).toBeGreaterThan(0.9);
  expect(r.models[1].rel_test_error).toBeGreaterThan(0.15);
  expect(r.models[2].rel_test_error).toBeLessThan(0.05);
  expect(r.models[2].effective_rank).toBeLessThan(r.models[0].effective_rank);
  expect(r.nuclear!.rel_test_error).toBeGreaterThan(0);
  // The end is shown at once with autorun, and every figure is drawn.
  await expect(page.getByTestId('lowrank-play')).toHaveAttribute('aria-pressed', 'false');
  for (const id of ['lowrank-truth', 'lowrank-w0', 'lowrank-w2', 'lowrank-nuclear', 'lowrank-error', 'lowrank-sv2']) {
    await showFigure(page, id);
    expect(await inked(page, id), id).toBeGreaterThan(0.02);
  }
  await expect(page.getByTestId('lowrank-depth-one')).toContainText('exactly 1 from a zero start');
  await expect(page.getByTestId('lowrank-compare')).toContainText('depth 3 does better than depth 2');
  // One short 'look at this' line per figure group, each under 20 words.
  for (const id of ['lowrank-look-matrices', 'lowrank-look-curves', 'lowrank-look-spectra', 'lowrank-sweep-look']) {
    const text = (await page.getByTestId(id).textContent())!;
    expect(text.trim().split(/\s+/).length, id).toBeLessThan(20);
  }
  await expect(page.getByTestId('lowrank-look-matrices')).toBeVisible();
  expect(watch.consoleErrors).toEqual([]);
});

test('moving k, depth and init changes the readouts and the URL', async ({ page }) => {
  await openApp(page, '/?panel=lowrank&autorun=1');
  const before = await trained(page);
  await setRange(page, 'lowrank-k', 30);
  await expect.poll(() => new URL(page.url()).searchParams.get('k')).toBe('30');
  await expect.poll(async () => (await readout(page)).k).toBe(30);
  const few = await trained(page);
  // Fewer entries than the 36 degrees of freedom: every depth fails, and the text says so.
  expect(few.models.every((m) => m.rel_test_error > 0.2)).toBe(true);
  await expect(page.getByTestId('lowrank-counting')).toContainText('every depth fails');
  expect(few.models[2].rel_test_error).not.toBeCloseTo(before.models[2].rel_test_error, 3);

  await setRange(page, 'lowrank-depth', 4);
  await expect.poll(() => new URL(page.url()).searchParams.get('depth')).toBe('4');
  await expect.poll(async () => (await trained(page)).models[2].depth).toBe(4);

  await setRange(page, 'lowrank-init', 0);
  await expect.poll(() => new URL(page.url()).searchParams.get('init')).toBe('1');
  await expect.poll(async () => (await readout(page)).init).toBe(1);
  const big = await trained(page);
  expect(big.models[2].rel_test_error).not.toBeCloseTo(few.models[2].rel_test_error, 3);
});

test('a finished training replays once and stops; the scrubber moves the step shown', async ({ page }) => {
  await openApp(page, '/?panel=lowrank');
  const play = page.getByTestId('lowrank-play');
  await expect(play).toHaveAttribute('aria-pressed', 'true', { timeout: 30_000 });
  await expect(play).toHaveAttribute('aria-pressed', 'false', { timeout: 15_000 });
  const r = await trained(page);
  const last = Math.max(...r.models.map((m) => m.steps));
  await expect(page.getByTestId('lowrank-step')).toHaveText(`step ${last} of ${last}`);
  await setRange(page, 'lowrank-scrub', 0);
  await expect(page.getByTestId('lowrank-step')).toHaveText(`step 0 of ${last}`);
  await expect(page.getByTestId('lowrank-w2').locator('xpath=..')).toContainText('step 0');
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');
});

test('stop keeps what was trained; export saves PNG and CSV', async ({ page }) => {
  await openApp(page, '/?panel=lowrank&steps=100000&k=45&seed=3');
  const stop = page.getByTestId('lowrank-stop');
  await stop.click({ timeout: 30_000 });
  await expect(page.getByTestId('lowrank-status')).toContainText('Stopped');
  await expect(page.getByTestId('lowrank-retrain')).toBeVisible();
  await page.getByTestId('lowrank-retrain').click();
  await trained(page);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lowrank-training-png').click()]);
  expect(png.suggestedFilename()).toBe('lowrank-training.png');
  const [heatmap] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lowrank-w2-png').click()]);
  expect(heatmap.suggestedFilename()).toBe('lowrank-w2.png');
  expect((await (await import('node:fs/promises')).stat((await heatmap.path())!)).size).toBeGreaterThan(500);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lowrank-training-csv').click()]);
  const text = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8');
  expect(text.split('\n')[0]).toBe('depth,step,loss,rel_test_error,effective_rank,singular_values');
  expect(text).toContain('\nnuclear,');
});

test('a paused training resumes where it stopped and ends as an unpaused one does', async ({ page }) => {
  const watch = watchPage(page);
  // About 6 s of training natively (depth 4 from a tiny start on a 16 × 16 matrix): long enough to pause.
  const link = '/?panel=lowrank&size=16&rank=2&k=60&depth=4&init=0.0001&steps=100000&seed=3';
  await openApp(page, link);
  const whole = await trained(page);
  await openApp(page, link);
  await page.getByTestId('lowrank-stop').waitFor({ timeout: 30_000 });
  await expect.poll(async () => (await readout(page)).models.some((m) => m.steps > 1000), { timeout: 30_000 }).toBe(true);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('lowrank-status')).toContainText('Stopped');
  await expect(page.getByTestId('lowrank-resume')).toBeVisible();
  const paused = await readout(page);
  expect(paused.done).toBe(false);
  console.log(`lowrank paused at steps [${paused.models.map((m) => m.steps)}] of [${whole.models.map((m) => m.steps)}]`);
  // Every step count the readout shows from now on.
  await page.getByTestId('lowrank-readout').evaluate((el) => {
    const seen: number[][] = ((window as any).stepsSeen = []);
    new MutationObserver(() => seen.push(JSON.parse(el.textContent!).models.map((m: Model) => m.steps)))
      .observe(el, { childList: true, subtree: true, characterData: true });
  });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('lowrank-status')).toContainText('Training');
  const end = await trained(page);
  const seen: number[][] = await page.evaluate(() => (window as any).stepsSeen);
  expect(seen.length).toBeGreaterThan(0);
  let last = paused.models.map((m) => m.steps);
  for (const steps of seen) {
    steps.forEach((s, m) => expect(s, `model ${m} never goes back`).toBeGreaterThanOrEqual(last[m] ?? 0));
    last = steps;
  }
  // Continued exactly: the same ends as the training that was never paused.
  expect(end.models).toEqual(whole.models);
  expect(end.nuclear).toEqual(whole.nuclear);
  expect(watch.consoleErrors).toEqual([]);
});

test('the k-sweep runs over seeds in the workers, counts the seeds recovered and finishes', async ({ page }) => {
  await openApp(page, '/?panel=lowrank&autorun=1');
  await trained(page);
  await page.getByTestId('lowrank-sweep-run').click();
  const sweep = page.getByTestId('lowrank-sweep-readout');
  await expect.poll(async () => JSON.parse((await sweep.textContent())!).done, { timeout: 180_000 }).toBe(true);
  const s = JSON.parse((await sweep.textContent())!);
  console.log(`lowrank k-sweep: ${await page.getByTestId('lowrank-sweep-status').textContent()}`);
  // 6 values of k × 8 seeds × (3 depths and the nuclear norm), in the order of their
  // (k, seed) items, seed by seed, whatever the number of workers.
  expect(s.points.length).toBe(192);
  expect(s.points.slice(0, 5).map((p: number[]) => p.slice(0, 3))).toEqual([[40, 1, 1], [40, 1, 2], [40, 1, 3], [40, 1, 0], [50, 1, 1]]);
  expect(s.threshold).toBe(0.02);
  // Per model and k over the seeds: the seeds recovered (error below the threshold).
  const errors = (d: number, k: number): number[] => s.points.filter((p: number[]) => p[2] === d && p[0] === k).map((p: number[]) => p[3]);
  const recovered = (d: number, k: number) => errors(d, k).filter((e) => e < s.threshold).length;
  // As tests/engine_lowrank.rs asserts on the engine: well above the 36 degrees of freedom
  // nearly every seed recovers, well below hardly any; depth 1 never.
  expect(recovered(3, 90)).toBeGreaterThanOrEqual(7);
  expect(recovered(0, 90)).toBeGreaterThanOrEqual(5);
  expect(recovered(3, 40)).toBeLessThanOrEqual(1);
  expect(recovered(0, 40)).toBeLessThanOrEqual(1);
  const table = page.getByTestId('lowrank-sweep-table');
  for (const k of [40, 50, 60, 70, 80, 90]) {
    expect(recovered(1, k)).toBe(0);
    for (const d of [1, 2, 3, 0]) expect(errors(d, k).length).toBe(8);
    // The table's row for k: the seeds recovered by depth 1, 2, 3 and the nuclear norm.
    const cells = [1, 2, 3, 0].map((d) => `${recovered(d, k)} of 8`);
    await expect(table.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${k}$`) }) }).locator('td')).toHaveText(cells);
  }
  await expect(page.getByTestId('lowrank-sweep-table')).toContainText('8 of 8');
  await expect(page.getByTestId('lowrank-sweep-verdict')).toContainText('Over these seeds, depth 3 recovered the matrix in all 8 seeds from');
  await expect(page.getByTestId('lowrank-sweep-why')).toContainText('The minimum nuclear norm either recovers the matrix or misses it');
  await expect(page.getByTestId('lowrank-sweep-look')).toBeVisible();
  expect(await inked(page, 'lowrank-sweep-chart')).toBeGreaterThan(0.01);
});

test('a paused k-sweep resumes with the points it has not run and ends as an unpaused one', async ({ page }) => {
  await openApp(page, '/?panel=lowrank&autorun=1&seed=11');
  await trained(page);
  const read = async () => JSON.parse((await page.getByTestId('lowrank-sweep-readout').textContent())!);
  await page.getByTestId('lowrank-sweep-run').click();
  await expect.poll(async () => (await read()).done, { timeout: 120_000 }).toBe(true);
  const whole = await read();
  // One button: it runs the sweep, stops it while it runs ("Stop") and resumes a stopped one.
  const button = page.getByTestId('lowrank-sweep-run');
  await expect(button).toHaveText('Run the k-sweep');
  await button.click();
  await expect.poll(async () => (await read()).points.length, { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(button).toHaveText('Stop');
  await button.click();
  await expect(page.getByTestId('lowrank-sweep-status')).toContainText('Stopped');
  await expect(button).toHaveText('Resume');
  await button.click();
  await expect.poll(async () => (await read()).done, { timeout: 120_000 }).toBe(true);
  expect((await read()).points).toEqual(whole.points);
});

for (const [width, height] of [[600, 450], [960, 540]]) {
  test(`embed=1 fits ${width}×${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=lowrank&embed=1&autorun=1');
    await trained(page);
    await expect(page.getByTestId('site-header')).toHaveCount(0);
    await expect(page.locator('.lowrank-panel .panel-intro')).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const fits = async (id: string) => {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.x + box.width, id).toBeLessThanOrEqual(width);
      expect(box.y + box.height, id).toBeLessThanOrEqual(height);
    };
    for (const id of ['lowrank-truth', 'lowrank-w2', 'lowrank-nuclear']) await fits(id);
    // The settings live in the embed's drawer.
    await page.getByTestId('embed-drawer').click();
    // Once the drawer has slid in, the slider lies wholly inside the frame.
    await expect
      .poll(async () => {
        const box = (await page.getByTestId('lowrank-k').boundingBox())!;
        return box.x + box.width <= width && box.y + box.height <= height && box.x >= 0;
      })
      .toBe(true);
  });
}

test('reparametrisation: gradient descent lands on different lines, s and the starts move them', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=lowrank&tab=reparam');
  const read = async () => JSON.parse((await page.getByTestId('reparam-readout').textContent())!);
  const r = await read();
  expect(r.s).toBe(10);
  expect(r.plain.slope).toBeCloseTo(0.5, 4);
  expect(r.plain.intercept).toBeCloseTo(0.5, 4);
  expect(r.scaled.slope).toBeCloseTo(100 / 101, 4);
  // "slope s²/(1 + s²) = 0.990" in MathML: the live number is an <mn> of the formula.
  await expect(page.getByTestId('reparam-formula').locator('math mn', { hasText: /^0\.990$/ })).toHaveCount(1);
  expect(await inked(page, 'reparam-function')).toBeGreaterThan(0.01);
  await expect(page.getByTestId('reparam-look')).toBeVisible();

  await setRange(page, 'lowrank-s', 0);
  await expect.poll(() => new URL(page.url()).searchParams.get('s')).toBe('1');
  await expect.poll(async () => (await read()).scaled.slope).toBeCloseTo(0.5, 4);

  // Drag the start in the plain plane: the URL and the fitted line follow.
  await page.getByTestId('reparam-plane0').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('reparam-plane0').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.7);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.75, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => Number(new URL(page.url()).searchParams.get('w1'))).toBeGreaterThan(0.8);
  const moved = await read();
  expect(moved.plain.slope).toBeGreaterThan(0.6);
  expect(moved.plain.slope + moved.plain.intercept).toBeCloseTo(1, 4);
  await page.getByTestId('reparam-reset').click();
  await expect.poll(async () => (await read()).plain.slope).toBeCloseTo(0.5, 4);
  await page.getByTestId('lowrank-tab-matrix').click();
  await expect(page.getByTestId('lowrank-readout')).toBeAttached();
  await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBeNull();
  expect(watch.consoleErrors).toEqual([]);
});
