// Panels on the slides of a real reveal.js deck (npm reveal.js, examples/deck-example.html
// served by scripts/deck.mjs on a second origin, as a slide host would): walked with
// reveal's own API, nothing computes off its slide, the autorun panel starts when its slide
// is shown, pauses when the deck leaves it and resumes on return, and after a click in a
// panel Escape gives the keys back to the deck.
import { test, expect, Page } from '@playwright/test';

const DECK = 'http://127.0.0.1:4190/deck-example.html';

interface State { at: number; slide: number; panel: string; running: boolean }

/** Opens the deck (reveal.js options as a query) against this run's app, recording every
 * `genlab:state` the panels post with the slide showing when it arrived. */
async function openDeck(page: Page, baseURL: string, options = ''): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    w.states = [];
    addEventListener('message', (e) => {
      if (e.data?.type === 'genlab:state') {
        w.states.push({ at: performance.now(), slide: w.Reveal?.getIndices().h ?? -1, panel: e.data.panel, running: e.data.running });
      }
    });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${DECK}${options}#${baseURL}`);
  await page.waitForFunction(() => (window as any).Reveal?.isReady());
}

const states = (page: Page): Promise<State[]> => page.evaluate(() => (window as any).states);
const frameOf = (page: Page, panel: string) => page.frameLocator(`iframe[src*="panel=${panel}"]`);
const running = (page: Page, panel: string) => frameOf(page, panel).getByTestId('app-root').getAttribute('data-running');

// With reveal.js's default transition, which moves a later slide off screen ("fade" and
// "none" leave it in place, transparent, which a frame cannot see: README, "Presenting").
test('a panel computes only while its slide is shown', async ({ page, baseURL }) => {
  await openDeck(page, baseURL!);
  // Both panels are loaded (within reveal's view distance) while the title slide shows.
  await expect(frameOf(page, 'restarts').getByTestId('app-root')).toHaveAttribute('data-running', 'false', { timeout: 20_000 });
  await expect(frameOf(page, 'measures').getByTestId('app-root')).toHaveAttribute('data-running', 'false', { timeout: 20_000 });
  // Give an eager panel every chance to start: two seconds on the title slide.
  await page.waitForTimeout(2000);
  expect((await states(page)).filter((s) => s.running)).toEqual([]);
  const restarts = frameOf(page, 'restarts').getByTestId('restarts-summary');
  expect(JSON.parse((await restarts.textContent())!).done).toBe(0);

  // Slide 2: the autorun panel starts on arrival.
  await page.evaluate(() => (window as any).Reveal.next());
  await expect.poll(() => running(page, 'restarts')).toBe('true');
  const started = (await states(page)).find((s) => s.panel === 'restarts' && s.running)!;
  expect(started.slide).toBe(1);

  // Slide 3: leaving pauses it, part-way.
  await page.evaluate(() => (window as any).Reveal.next());
  await expect.poll(() => running(page, 'restarts')).toBe('false');
  const paused = JSON.parse((await restarts.textContent())!);
  expect(paused.done).toBeLessThan(100);
  expect(paused.stopped).toBe(true);

  // Slide 4: the other panel (no autorun) waits for its Run; the paused one stays paused.
  await page.evaluate(() => (window as any).Reveal.slide(3));
  await page.waitForTimeout(1000);
  expect(await running(page, 'measures')).toBe('false');
  expect(JSON.parse((await restarts.textContent())!).done).toBe(paused.done);
  expect((await states(page)).filter((s) => s.running && s.slide !== 1)).toEqual([]);

  // Back on slide 2 it resumes and finishes the runs it had left.
  await page.evaluate(() => (window as any).Reveal.slide(1));
  await expect.poll(() => running(page, 'restarts')).toBe('true');
  await expect.poll(async () => JSON.parse((await restarts.textContent())!).done, { timeout: 30_000 }).toBe(100);
  // Every state that said "running" arrived while slide 2 was showing.
  for (const s of await states(page)) if (s.running) expect(s).toMatchObject({ panel: 'restarts', slide: 1 });
});

test("after a click in a panel, Escape gives the keys back to the deck", async ({ page, baseURL }) => {
  // No transition, so the click lands on the panel, not on a slide still moving in.
  await openDeck(page, baseURL!, '?transition=none');
  await page.evaluate(() => (window as any).Reveal.slide(3));
  const panel = frameOf(page, 'measures');
  // A click on the panel's text. A click within about a second of the frame's load does
  // not focus the frame in Chromium (seen here), so click until the frame has the focus.
  await expect
    .poll(async () => {
      await panel.getByTestId('measures-status').click();
      return page.evaluate(() => document.activeElement?.tagName);
    })
    .toBe('IFRAME');
  // The panel has the keys: the deck's arrow does not move.
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => (window as any).Reveal.getIndices().h)).toBe(3);
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => (window as any).Reveal.getIndices().h)).toBe(4);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => page.evaluate(() => (window as any).Reveal.getIndices().h)).toBe(2);
});
