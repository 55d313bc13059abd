// The app shell: loading, navigation, embedding, URL notices, the panic overlay, phones.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';

test('home loads with no console error and no foreign request', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('shouldn’t work');
  await expect(page.getByTestId('site-header')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('navigation switches panels and keeps the URL in step', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/');
  await page.getByTestId('nav-bench').click();
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'bench');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benchmark');
  expect(new URL(page.url()).searchParams.get('panel')).toBe('bench');
  await expect(page.getByTestId('nav-bench')).toHaveAttribute('aria-current', 'page');

  await page.goBack();
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'home');
  await page.getByTestId('card-bench').click();
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'bench');
  expect(watch.consoleErrors).toEqual([]);
});

test('embed=1 shows the panel alone', async ({ page }) => {
  await page.setViewportSize({ width: 600, height: 450 });
  await openApp(page, '/?panel=bench&embed=1');
  await expect(page.getByTestId('site-header')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benchmark');
  const box = await page.getByTestId('panel').boundingBox();
  expect(box!.width).toBeGreaterThan(580);
});

test('bad URL values are reported, not obeyed', async ({ page }) => {
  await openApp(page, '/?panel=nowhere&embed=maybe');
  await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'home');
  const notices = page.getByTestId('url-notices');
  await expect(notices).toContainText('There is no panel called “nowhere”');
  await expect(notices).toContainText('embed=maybe');

  await openApp(page, '/?panel=bench&seed=-4');
  await expect(page.getByTestId('url-notices')).toContainText('seed=-4 is not a valid number');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('url-notices')).toHaveCount(0);
});

test('a panic shows the reload overlay', async ({ page }) => {
  await page.goto('/?debug=panic');
  const overlay = page.getByTestId('panic-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Something broke');
  await expect(overlay.getByRole('button', { name: 'Reload' })).toBeVisible();
});

for (const path of ['/', '/?panel=bench']) {
  test(`phone width has no horizontal scroll: ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openApp(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/results/phone${path === '/' ? '-home' : '-bench'}.png`, fullPage: true });
  });
}

test('after one visit to any page every panel works offline', async ({ page, context }) => {
  await openApp(page, '/?panel=bench');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Every panel's module is cached, not only the one this page loaded.
  const cachedModules = () =>
    page.evaluate(async () => {
      const keys = await (await caches.open('genlab-v2')).keys();
      return new Set(keys.map((r) => /\/([a-z]+)-[0-9a-f]+_bg\.wasm$/.exec(r.url)?.[1]).filter(Boolean)).size;
    });
  const pages = await page.locator('[data-testid^="nav-"]').count();
  expect(pages).toBeGreaterThanOrEqual(5);
  await expect.poll(cachedModules).toBe(pages);
  await context.setOffline(true);
  await page.goto('/?panel=sam');
  await expect(page.getByTestId('sam-readout')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sharpness and SAM');
  await page.goto('/?panel=restarts');
  await expect(page.getByTestId('restarts-summary')).toHaveCount(1);
  await context.setOffline(false);
});

test('a panel link fetches the shell and that panel only', async ({ page }) => {
  const modules: string[] = [];
  page.on('request', (req) => {
    // A panel's module, or its SIMD build (`bench-simd-<hash>`).
    const m = /\/([a-z]+)(-simd)?(-[0-9a-f]+)?(_bg\.wasm|\.js)$/.exec(new URL(req.url()).pathname);
    if (m && m[1] !== 'sw' && m[1] !== 'boot') modules.push(m[1]);
  });
  for (const id of ['home', 'sam', 'restarts', 'bench']) {
    modules.length = 0;
    await openApp(page, id === 'home' ? '/' : `/?panel=${id}`);
    await page.waitForLoadState('networkidle');
    expect(new Set(modules)).toEqual(new Set([id]));
  }
});

/** The header's box, its links' row and the tools' box, in CSS pixels. */
async function headerLayout(page: Page) {
  return page.evaluate(() => {
    const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
    const nav = document.querySelector('.site-header nav') as HTMLElement;
    const current = box('.site-header nav a.current');
    const navBox = nav.getBoundingClientRect();
    return {
      height: box('.site-header').height,
      brandTop: box('.brand').top,
      toolsTop: box('.header-tools').top,
      toolsMiddle: (box('.header-tools').top + box('.header-tools').bottom) / 2,
      navMiddle: (navBox.top + navBox.bottom) / 2,
      currentInView: current.left >= navBox.left - 1 && current.right <= navBox.right + 1,
      linkTops: [...nav.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top)),
    };
  });
}

// Nine panels' links once filled a phone's first screen (about 630 px at 390 px wide)
// and wrapped the Share and ? buttons to a row of their own on a projector.
for (const [name, width, height, path, maxHeight] of [
  ['phone', 390, 844, '/?panel=measures', 130],
  ['laptop', 1366, 900, '/?panel=sam', 130],
  ['projector', 1366, 768, '/?panel=wide&present=1', 150],
  ['wide screen', 1920, 1080, '/?panel=sets', 80],
] as const) {
  test(`the header stays compact on a ${name}, with the current panel in view`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, path);
    await expect(page.locator('.site-header nav a.current')).toHaveCount(1);
    // The current link is scrolled into view once the header is mounted.
    await expect.poll(async () => (await headerLayout(page)).currentInView).toBe(true);
    const layout = await headerLayout(page);
    expect(layout.height).toBeLessThanOrEqual(maxHeight);
    // One row of links; the tools sit on the brand's row, never below the links.
    expect(new Set(layout.linkTops).size).toBe(1);
    expect(Math.abs(layout.toolsTop - layout.brandTop)).toBeLessThan(24);
    expect(layout.toolsMiddle).toBeLessThanOrEqual(layout.navMiddle + 2);
    // Every panel is still one click away: the last link scrolls into view and opens it.
    await page.getByTestId('nav-bench').click();
    await expect(page.getByTestId('nav-bench')).toHaveAttribute('aria-current', 'page');
  });
}

test('a panel module that fails to compile says so, with a reload button, instead of loading forever', async ({ page }) => {
  // A corrupt download (or a browser lacking a WebAssembly feature) fails to compile.
  await page.route(/_bg\.wasm$/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not a WebAssembly module') }),
  );
  await page.goto('/?panel=sam');
  const box = page.getByTestId('load-error');
  await expect(box).toBeVisible();
  await expect(box.getByRole('heading')).toHaveText('genlab could not start');
  await expect(box).toContainText('Reload the page');
  await expect(box.locator('pre')).toContainText('CompileError');
  await expect(page.getByText('Loading genlab…')).toHaveCount(0);
  // Once the fault is gone, the button brings the panel up.
  await page.unroute(/_bg\.wasm$/);
  await box.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('panel')).toBeVisible();
});
