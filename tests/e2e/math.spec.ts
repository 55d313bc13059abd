// Every panel writes its mathematics as MathML (made at build time by `tex!`), and
// Chromium lays it out: each panel's text holds `math` elements of non-zero size.
import { test, expect } from '@playwright/test';
import { openApp, watchPage } from './helpers';

for (const panel of ['lecture', 'sets', 'restarts', 'sam', 'lowrank', 'wide', 'measures']) {
  test(`${panel}: equations are MathML, drawn with a size`, async ({ page }) => {
    const watch = watchPage(page);
    await openApp(page, `?panel=${panel}`);
    const maths = page.getByTestId('panel').locator('math');
    await expect(maths.first()).toBeAttached();
    const sizes = await maths.evaluateAll((els) =>
      els
        .filter((e) => e.checkVisibility())
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { w: r.width, h: r.height, text: e.textContent };
        }),
    );
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) {
      expect(s.w, `width of ${s.text}`).toBeGreaterThan(0);
      expect(s.h, `height of ${s.text}`).toBeGreaterThan(0);
    }
    // MathML, not text that looks like it: identifiers are <mi> elements.
    expect(await page.getByTestId('panel').locator('math mi').count()).toBeGreaterThan(0);
    expect(watch.consoleErrors).toEqual([]);
  });
}
