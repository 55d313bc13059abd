// Embeds (embed=1) in slides and notes: every panel fits 600×450 and 960×540 with its
// main figure and primary controls visible, settings in a drawer, Share, the full-view
// link; nothing computes until asked; a host page drives a panel through the message
// API (hostile input included) and reveal.js's slide:stop / slide:start pause it.
import { test, expect, Page, FrameLocator } from '@playwright/test';
import { watchPage } from './helpers';

/** Each panel's main figure in an embed. */
const MAIN: Record<string, string[]> = {
  sets: ['sets-plane'],
  restarts: ['restarts-histogram', 'restarts-boundaries', 'restarts-map'],
  sam: ['sam-canvas'],
  lowrank: ['lowrank-w0', 'lowrank-w1', 'lowrank-w2', 'lowrank-error'],
  wide: ['wide-prior-canvas', 'wide-histogram-canvas'],
  measures: ['measures-scatter', 'measures-run'],
  digits: ['digits-curves'],
  bench: ['bench-run'],
};
const PRIMARY = ['embed-run', 'embed-drawer', 'share', 'embed-full'];

async function within(page: Page, testid: string) {
  const size = page.viewportSize()!;
  const box = await page.getByTestId(testid).first().boundingBox();
  expect(box, `${testid} is laid out`).not.toBeNull();
  expect(box!.width, `${testid} has a width`).toBeGreaterThan(10);
  expect(box!.x, `${testid} left`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${testid} top`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${testid} right`).toBeLessThanOrEqual(size.width + 0.5);
  expect(box!.y + box!.height, `${testid} bottom`).toBeLessThanOrEqual(size.height + 0.5);
}

for (const [width, height] of [[600, 450], [960, 540]]) {
  for (const panel of Object.keys(MAIN)) {
    test(`${panel} fits ${width}×${height}`, async ({ page }) => {
      const watch = watchPage(page);
      await page.setViewportSize({ width, height });
      await page.goto(`/?panel=${panel}&embed=1`);
      await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
      for (const id of [...MAIN[panel], ...PRIMARY]) await within(page, id);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const pageScroll = await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
      expect(pageScroll).toBeLessThanOrEqual(0);
      expect(watch.consoleErrors).toEqual([]);
    });
  }
}

test('the drawer holds the settings; Share and the full-view link', async ({ page }) => {
  await page.setViewportSize({ width: 600, height: 450 });
  await page.goto('/?panel=sam&embed=1&lr=0.05');
  const controls = page.locator('.sam-controls');
  await expect(controls).toBeHidden();
  await page.getByTestId('embed-drawer').click();
  await expect(controls).toBeVisible();
  await within(page, 'embed-drawer');
  await page.getByTestId('embed-drawer').click();
  await expect(controls).toBeHidden();

  const full = page.getByTestId('embed-full');
  await expect(full).toHaveAttribute('target', '_blank');
  const href = await full.getAttribute('href');
  expect(new URL(href!).searchParams.get('embed')).toBeNull();
  expect(new URL(href!).searchParams.get('lr')).toBe('0.05');

  await page.getByTestId('share').click();
  const snippet = await page.getByTestId('share-iframe').inputValue();
  expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:4173\/\?[^"]*" width="960" height="540" allowfullscreen><\/iframe>$/);
  expect(snippet).toContain('lr=0.05');
  expect(snippet).toContain('embed=1');
  expect(await page.getByTestId('share-plain').inputValue()).not.toContain('embed');
  expect(await page.getByTestId('share-embed').inputValue()).toContain('embed=1');
});

test('in an embed nothing computes until asked, unless autorun=1', async ({ page }) => {
  await page.goto('/?panel=wide&embed=1');
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-running', 'false');
  await expect(root).toHaveAttribute('data-busy', '0');
  await page.getByTestId('embed-run').click();
  await expect(root).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('wide-prior-figures')).toContainText(/\d/);

  await page.goto('/?panel=wide&embed=1&autorun=1');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-running', 'true');
});

test('measures in an embed: nothing trains until asked; the bar runs and pauses it; autorun=1 starts it', async ({ page }) => {
  const watch = watchPage(page);
  await page.goto('/?panel=measures&embed=1&seeds=5');
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
  const root = page.getByTestId('app-root');
  const done = async () => JSON.parse((await page.getByTestId('measures-summary').textContent())!).done as number;
  await expect(root).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('measures-status')).toContainText('to start');
  await expect(page.getByTestId('embed-run')).toHaveText(/Run/);
  await page.getByTestId('embed-run').click();
  await expect(root).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('measures-status')).toContainText('training');
  await expect(page.getByTestId('embed-run')).toHaveText(/Pause/);
  await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('embed-run').click();
  await expect(root).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('measures-status')).toContainText('stopped');
  expect(watch.consoleErrors).toEqual([]);

  await page.goto('/?panel=measures&embed=1&autorun=1');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('measures-status')).toContainText('training');
});

/** Opens the example host page around `link`; returns the frame. */
async function host(page: Page, link: string): Promise<FrameLocator> {
  await page.goto(`/host-example.html#${encodeURIComponent(link)}`);
  const frame = page.frameLocator('#panel');
  await expect(frame.locator('html[data-ready="1"]')).toHaveCount(1);
  return frame;
}
const send = (page: Page, message: unknown) => page.evaluate((m) => (window as any).genlabSend(m), message);
const lastState = (page: Page) => page.evaluate(() => (window as any).genlabStates.at(-1));

test('a host page sets, runs and stops a panel and hears its state', async ({ page }) => {
  const watch = watchPage(page);
  const frame = await host(page, 'panel=restarts&runs=400&steps=3000');
  await send(page, { type: 'genlab:set', query: 'lr=0.05&width=12' });
  await expect.poll(async () => (await lastState(page))?.query ?? '').toContain('lr=0.05');
  const state = await lastState(page);
  expect(state.panel).toBe('restarts');
  expect(state.query).toContain('width=12');
  expect(state.running).toBe(false);

  // Out of range: clamped, with the URL's notice.
  await send(page, { type: 'genlab:set', query: 'lr=999' });
  await expect.poll(async () => (await lastState(page))?.notices?.length ?? 0).toBeGreaterThan(0);
  expect((await lastState(page)).query).not.toContain('lr=999');

  await send(page, { type: 'genlab:run' });
  await expect.poll(async () => (await lastState(page))?.running).toBe(true);
  await expect(frame.getByTestId('restarts-status')).toContainText('training');
  await send(page, JSON.stringify({ type: 'genlab:stop' }));
  await expect.poll(async () => (await lastState(page))?.running).toBe(false);
  await expect(frame.getByTestId('restarts-status')).toContainText('stopped');
  expect(watch.consoleErrors).toEqual([]);
});

test('hostile messages are ignored and floods coalesced', async ({ page }) => {
  const watch = watchPage(page);
  const frame = await host(page, 'panel=sam');
  await page.evaluate(() => {
    const w = (document.getElementById('panel') as HTMLIFrameElement).contentWindow!;
    const junk: unknown[] = [null, 7, [], {}, { type: 7 }, { type: 'genlab:set', query: 12 }, { type: 'genlab:set', query: { lr: 1 } },
      { type: 'genlab:explode' }, '{', 'slide:stopped', { type: ['genlab:run'] }, { type: 'genlab:set', query: 'panel=home&embed=0&debug=panic' }];
    for (let k = 0; k < 3000; k++) w.postMessage(junk[k % junk.length], '*');
    // A huge string, as a query and as a message.
    w.postMessage({ type: 'genlab:set', query: `lr=${'9'.repeat(1_000_000)}` }, '*');
    w.postMessage('x'.repeat(1_000_000), '*');
    // A flood of settings: only the last counts.
    for (let k = 0; k < 2000; k++) w.postMessage({ type: 'genlab:set', query: `rho=${(0.01 + k * 0.00001).toFixed(5)}` }, '*');
  });
  await expect.poll(async () => (await lastState(page))?.query ?? '').toContain('rho=0.02999');
  // Still the same panel, embedded, and answering.
  await expect(frame.getByTestId('panel')).toHaveAttribute('data-panel', 'sam');
  await expect(frame.getByTestId('embed-bar')).toBeVisible();
  await send(page, { type: 'genlab:set', query: 'lr=0.02' });
  await expect.poll(async () => (await lastState(page))?.query ?? '').toContain('lr=0.02');
  const states = await page.evaluate(() => (window as any).genlabStates.length);
  expect(states).toBeLessThan(200);
  expect(watch.consoleErrors).toEqual([]);
});

test('slide:stop pauses the work and slide:start resumes it only if it ran', async ({ page }) => {
  const frame = await host(page, 'panel=restarts&runs=400&steps=3000');
  const root = frame.getByTestId('app-root');
  // Not running: a slide change leaves it stopped.
  await send(page, 'slide:stop');
  await expect(root).toHaveAttribute('data-visible', 'false');
  await send(page, 'slide:start');
  await expect(root).toHaveAttribute('data-visible', 'true');
  await expect(root).toHaveAttribute('data-running', 'false');

  await send(page, { type: 'genlab:run' });
  await expect(root).toHaveAttribute('data-running', 'true');
  const progress = frame.getByTestId('restarts-progress');
  await send(page, 'slide:stop');
  await expect(root).toHaveAttribute('data-running', 'false');
  await expect(frame.getByTestId('restarts-status')).toContainText('stopped');
  // Stopped means the workers are gone: two reads a frame apart agree.
  const before = await progress.evaluate((p: HTMLProgressElement) => p.value);
  await frame.locator('body').evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await progress.evaluate((p: HTMLProgressElement) => p.value)).toBe(before);
  await send(page, 'slide:start');
  await expect(root).toHaveAttribute('data-running', 'true');
  // Resumed, not restarted: the finished runs stay and the rest follow.
  expect(await progress.evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThanOrEqual(before);
  await expect.poll(() => progress.evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThan(before);
});

test('measures in a slide: slide:stop pauses the study and slide:start resumes it with its nets', async ({ page }) => {
  const frame = await host(page, 'panel=measures&seeds=5');
  const root = frame.getByTestId('app-root');
  const done = async () => JSON.parse((await frame.getByTestId('measures-summary').textContent())!).done as number;
  await send(page, { type: 'genlab:run' });
  await expect(root).toHaveAttribute('data-running', 'true');
  await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(0);
  await send(page, 'slide:stop');
  await expect(root).toHaveAttribute('data-running', 'false');
  await expect(frame.getByTestId('measures-status')).toContainText('stopped');
  const paused = await done();
  await send(page, 'slide:start');
  await expect(root).toHaveAttribute('data-running', 'true');
  expect(await done()).toBeGreaterThanOrEqual(paused);
  await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(paused);
});

test('a frame scrolled out of view pauses, and a hidden tab too', async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(`/host-example.html#${encodeURIComponent('panel=restarts&runs=400&steps=3000')}`);
  const frame = page.frameLocator('#panel');
  await expect(frame.locator('html[data-ready="1"]')).toHaveCount(1);
  const root = frame.getByTestId('app-root');
  await send(page, { type: 'genlab:run' });
  await expect(root).toHaveAttribute('data-running', 'true');
  await page.evaluate(() => { document.body.style.paddingBottom = '3000px'; window.scrollTo(0, 2500); });
  await expect(root).toHaveAttribute('data-visible', 'false');
  await expect(root).toHaveAttribute('data-running', 'false');
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(root).toHaveAttribute('data-visible', 'true');
  await expect(root).toHaveAttribute('data-running', 'true');

  // A hidden tab (the page's visibilitychange, as a browser fires it).
  await frame.locator('body').evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await expect(root).toHaveAttribute('data-running', 'false');
});

test('after a click in an embed, Escape hands the keyboard back to the page', async ({ page }) => {
  const frame = await host(page, 'panel=sam');
  await frame.locator('.legend').click();
  await page.keyboard.press('p');
  await expect(frame.getByTestId('app-root')).toHaveClass(/projector/);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.evaluate(() => document.hasFocus() && document.activeElement?.id !== 'panel')).toBe(true);
});
