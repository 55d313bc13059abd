// The app shell: loading, navigation, embedding, URL notices, the panic overlay, phones.
import { test, expect } from '@playwright/test';
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
    const m = /\/([a-z]+)(-[0-9a-f]+)?(_bg\.wasm|\.js)$/.exec(new URL(req.url()).pathname);
    if (m && m[1] !== 'sw' && m[1] !== 'boot') modules.push(m[1]);
  });
  for (const id of ['home', 'sam', 'restarts', 'bench']) {
    modules.length = 0;
    await openApp(page, id === 'home' ? '/' : `/?panel=${id}`);
    await page.waitForLoadState('networkidle');
    expect(new Set(modules)).toEqual(new Set([id]));
  }
});
