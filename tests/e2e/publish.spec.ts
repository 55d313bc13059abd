// Publishing for a course: the built dist/ works from a sub-path of a static host, under
// a strict Content-Security-Policy, and installs as an app.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';

/** Every panel's id, read from the home page's navigation (new panels join by themselves). */
async function panelIds(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="nav-"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute('data-testid')!.slice('nav-'.length)),
  );
  expect(ids.length).toBeGreaterThanOrEqual(6);
  return ids;
}

/** Starts the compute worker as the panels do and resolves to its first message. */
const workerSaysReady = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const worker = new Worker('./worker-boot.js');
        worker.onmessage = (e) => {
          worker.terminate();
          resolve(String(e.data));
        };
        worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      }),
  );

test.describe('served from a sub-path', () => {
  // Served by playwright.config.ts's second web server (scripts/serve-gzip.mjs).
  const base = '/course/genlab/';
  const origin = 'http://127.0.0.1:4174';

  test('every panel, the worker and the service worker load under /course/genlab/', async ({ page, context }) => {
    test.setTimeout(120_000);
    const watch = watchPage(page, origin);
    const outside: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === origin && !url.pathname.startsWith(base)) outside.push(url.pathname);
    });
    await openApp(page, `${origin}${base}`);
    for (const id of await panelIds(page)) {
      await openApp(page, id === 'home' ? `${origin}${base}` : `${origin}${base}?panel=${id}`);
      await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
      await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', id);
    }
    expect(await workerSaysReady(page)).toBe('ready');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${origin}${base}`);
    // Offline, the cached copy under the sub-path serves another panel.
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).length))
      .toBeGreaterThan(0);
    await context.setOffline(true);
    await openApp(page, `${origin}${base}?panel=sam`);
    await expect(page.getByTestId('panel')).toHaveAttribute('data-panel', 'sam');
    await context.setOffline(false);
    expect(outside).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
});

test('a strict Content-Security-Policy: no inline script but the hashed loader, no eval, nothing from elsewhere', async ({ page, request }) => {
  test.setTimeout(120_000);
  const html = await (await request.get('/')).text();
  const policy = await page.evaluate(
    (source) =>
      new DOMParser()
        .parseFromString(source, 'text/html')
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content') ?? '',
    html,
  );
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("worker-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Every script of the page is a file, or inline and allowed by its own SHA-256 hash
  // (the loader, see scripts/assemble.mjs); no other inline script would run.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    if (/\bsrc=/.test(attributes)) {
      expect(body.trim()).toBe('');
      continue;
    }
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
    const hash = Buffer.from(digest).toString('base64');
    expect(policy).toMatch(new RegExp(`script-src [^;]*'sha256-${hash.replace(/[+/=]/g, '\\$&')}'`));
  }
  expect(policy.match(/'sha256-/g)?.length ?? 0).toBe(scripts.filter(([, a]) => !/\bsrc=/.test(a)).length);

  // Any violation, on any page, is recorded before the page's own scripts run.
  await page.addInitScript(() => {
    (window as any).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  const watch = watchPage(page);
  await openApp(page, '/');
  for (const id of await panelIds(page)) {
    await openApp(page, id === 'home' ? '/' : `/?panel=${id}`);
    await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
    if (id === 'restarts') expect(await workerSaysReady(page)).toBe('ready');
    expect(await page.evaluate(() => (window as any).cspViolations), id).toEqual([]);
  }
  expect(watch.consoleErrors).toEqual([]);
});

test('the app can be installed: a manifest with icons, and a service worker', async ({ page }) => {
  await openApp(page, '/');
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]') as HTMLLinkElement;
    return (await fetch(link.href)).json();
  });
  expect(manifest.start_url).toBe('./');
  expect(manifest.display).toBe('standalone');
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) {
    const img = await page.evaluate(async (src) => {
      const im = new Image();
      im.src = src;
      await im.decode();
      return `${im.naturalWidth}x${im.naturalHeight}`;
    }, icon.src);
    expect(img).toBe(icon.sizes);
  }
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Chromium's own verdict; a test browser's profile is incognito-like, which it names.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const errors = installabilityErrors.map((e: { errorId: string }) => e.errorId).filter((id: string) => id !== 'in-incognito');
  expect(errors).toEqual([]);
});
