// Shared checks for every page: collect console errors and requests to other origins.
import { expect, Page } from '@playwright/test';

export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
}

/** Starts recording console errors and any request that leaves the page's origin. */
export function watchPage(page: Page, origin = 'http://127.0.0.1:4173'): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      watch.foreignRequests.push(url);
    }
  });
  return watch;
}

/** Opens `path` and waits until the app has built its panel (a task after the shell's
 * first paint) and painted it. */
export async function openApp(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('panel')).toBeVisible();
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
}

/**
 * Figures draw once they come near the screen (`ui::viewport`): scrolls `testid`'s canvas
 * into view and waits until it has been drawn (some pixel is no longer transparent).
 */
export async function showFigure(page: Page, testid: string): Promise<void> {
  const canvas = page.getByTestId(testid);
  await canvas.scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
        return false;
      }),
    )
    .toBe(true);
}
