// One pixel unit: the same CSS point of every clickable figure picks the same data point
// at device pixel ratios 1, 2 and 3 (phones have 2–3).
import { test, expect, Browser, Page } from '@playwright/test';
import { openApp } from './helpers';

const RATIOS = [1, 2, 3];

/** Opens `path` in a fresh 1280×900 page at device pixel ratio `ratio`. */
async function pageAt(browser: Browser, ratio: number, path: string): Promise<Page> {
  const context = await browser.newContext({ deviceScaleFactor: ratio, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await openApp(page, path);
  return page;
}

/** What each ratio picked, for `pick` run on a page opened at that ratio. */
async function pickedAtEveryRatio(browser: Browser, path: string, pick: (page: Page) => Promise<string>) {
  const picked: string[] = [];
  for (const ratio of RATIOS) {
    const page = await pageAt(browser, ratio, path);
    picked.push(await pick(page));
    await page.context().close();
  }
  return picked;
}

// These tests make their own contexts at each ratio, so one project runs them.
test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'runs its own ratios'));

test('the sets plane and the SAM surface pick the same parameter at every ratio', async ({ browser }) => {
  const plane = await pickedAtEveryRatio(browser, '/?panel=sets', async (page) => {
    const canvas = page.getByTestId('sets-plane');
    await canvas.click({ position: { x: 120, y: 90 } });
    await expect(page.getByTestId('sets-inspected')).toContainText('training error');
    return (await page.getByTestId('sets-inspected').textContent())!;
  });
  expect(plane[1]).toBe(plane[0]);
  expect(plane[2]).toBe(plane[0]);

  const surface = await pickedAtEveryRatio(browser, '/?panel=sam', async (page) => {
    await page.getByTestId('sam-canvas').click({ position: { x: 150, y: 110 } });
    await expect.poll(() => new URL(page.url()).searchParams.get('x0')).not.toBeNull();
    const q = new URL(page.url()).searchParams;
    return `${q.get('x0')},${q.get('y0')}`;
  });
  expect(surface[1]).toBe(surface[0]);
  expect(surface[2]).toBe(surface[0]);
});

test('the restarts histogram, thumbnails and map pick the same runs at every ratio', async ({ browser }) => {
  const path = '/?panel=restarts&autorun=1&runs=12';
  const picked = await pickedAtEveryRatio(browser, path, async (page) => {
    await expect(page.getByTestId('restarts-summary')).toContainText('"done":12', { timeout: 30_000 });
    const selection = page.getByTestId('restarts-selection');
    const clear = page.getByRole('button', { name: 'Clear selection' });
    const texts: string[] = [];
    const clickAndRead = async (testid: string, x: number, y: number) => {
      await page.getByTestId(testid).click({ position: { x, y } });
      texts.push((await selection.textContent())!);
      if (await clear.isVisible()) await clear.click();
    };
    for (const x of [80, 140, 200, 260]) await clickAndRead('restarts-histogram', x, 60);
    await clickAndRead('restarts-thumbnails', 60, 20);
    for (const [x, y] of [[60, 60], [120, 100], [180, 140], [90, 180]]) await clickAndRead('restarts-map', x, y);
    return texts.join('\n');
  });
  expect(picked[0]).toContain('seed');
  expect(picked[1]).toBe(picked[0]);
  expect(picked[2]).toBe(picked[0]);
});
