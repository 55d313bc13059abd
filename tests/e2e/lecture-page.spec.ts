// The lecture page (?panel=lecture): its sections in the lecture's order, mathematics as
// MathML, live figures created only when scrolled to and linking to the same state, no
// sideways scrolling on a small phone, and a print layout without controls.
import { test, expect } from '@playwright/test';
import { openApp, watchPage } from './helpers';

const ORDER = ['risk', 'classical', 'minima', 'restarts', 'sharpness', 'reading'];

test('sections follow the lecture, with MathML that the browser lays out', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '?panel=lecture');
  const ids = await page.locator('section.lecture-section').evaluateAll((els) => els.map((e) => e.id));
  expect(ids).toEqual(ORDER);
  for (const id of ORDER) {
    await expect(page.getByTestId(`lecture-${id}`).locator('h2')).toBeVisible();
  }
  // Every section but the last states its mathematics as MathML, rendered with a size.
  for (const id of ORDER.slice(0, 5)) {
    expect(await page.getByTestId(`lecture-${id}`).locator('math').count()).toBeGreaterThan(0);
  }
  const sizes = await page.locator('article.lecture math').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return [r.width, r.height];
    }),
  );
  expect(sizes.length).toBeGreaterThan(20);
  for (const [w, h] of sizes) {
    expect(w).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(0);
  }
  // The displayed risk has a subscript and a fraction is laid out as one (taller than a line).
  const risk = page.getByTestId('lecture-risk');
  expect(await risk.locator('math[display="block"] msub').count()).toBeGreaterThan(0);
  const frac = risk.locator('mfrac').first();
  const box = await frac.boundingBox();
  expect(box!.height).toBeGreaterThan(20);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('figures are created only when scrolled to, and link to the same state', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await openApp(page, '?panel=lecture');
  const figures = page.locator('figure.live-figure');
  const total = await figures.count();
  expect(total).toBe(9);
  // At load only what is near the first screen may have a frame.
  await expect(page.locator('.frame-box').first()).toBeVisible();
  const before = await page.locator('figure.live-figure iframe').count();
  expect(before).toBeLessThan(3);
  // The last figures are far below the fold: no frame, no request for their pages yet.
  await expect(page.getByTestId('figure-lowrank').locator('iframe')).toHaveCount(0);
  for (let i = 0; i < total; i++) {
    await figures.nth(i).scrollIntoViewIfNeeded();
    await expect(figures.nth(i).locator('iframe')).toHaveCount(1);
  }
  await expect(page.locator('figure.live-figure iframe')).toHaveCount(total);
  for (let i = 0; i < total; i++) {
    const fig = figures.nth(i);
    const src = await fig.locator('iframe').getAttribute('src');
    const href = await fig.getByTestId('open-full').getAttribute('href');
    expect(src).toContain('embed=1');
    expect(src!.replace('&embed=1', '')).toBe(href);
    expect(await fig.locator('iframe').getAttribute('title')).toBeTruthy();
  }
  // A frame really shows its panel, embedded (no site header inside).
  const frame = page.frameLocator('[data-testid="figure-sets"] iframe').first();
  await expect(frame.getByTestId('panel')).toHaveAttribute('data-panel', 'sets');
  await expect(frame.getByTestId('site-header')).toHaveCount(0);
});

test('no sideways scrolling on a 360 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openApp(page, '?panel=lecture');
  await expect(page.locator('article.lecture math').first()).toBeVisible();
  const figures = page.locator('figure.live-figure');
  for (let i = 0; i < (await figures.count()); i++) {
    await figures.nth(i).scrollIntoViewIfNeeded();
  }
  await expect(page.locator('figure.live-figure iframe')).toHaveCount(9);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
});

test('print: no navigation, no controls, each figure names its link', async ({ page }) => {
  await openApp(page, '?panel=lecture');
  await expect(page.getByTestId('site-header')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('site-header')).toBeHidden();
  await expect(page.locator('.print-url').first()).toBeVisible();
  expect(await page.locator('.print-url').first().textContent()).toContain('?panel=sam&surface=wells&test=1');
  // Controls inside a frame are hidden too (the frame's page prints with the same sheet).
  const first = page.locator('figure.live-figure').first();
  await first.scrollIntoViewIfNeeded();
  const frame = page.frameLocator('figure.live-figure iframe').first();
  await expect(frame.getByTestId('panel')).toBeVisible();
  const visibleControls = await frame.locator('button, input, select').evaluateAll(
    (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length,
  );
  expect(visibleControls).toBe(0);
});

test('the home page leads to the lecture first', async ({ page }) => {
  await openApp(page, '?');
  await expect(page.getByTestId('home-lecture')).toHaveAttribute('href', '?panel=lecture');
  const first = page.locator('.cards .card a').first();
  await expect(first).toHaveAttribute('data-testid', 'card-lecture');
});
