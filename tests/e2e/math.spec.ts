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
    // A full page lays out its sections only near the screen (content-visibility: auto):
    // scroll down the page a screen at a time and measure each formula once it is laid out.
    const sizes = await maths.evaluateAll(async (els) => {
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const shown = els.filter((e) => e.checkVisibility());
      const seen = new Map<Element, { w: number; h: number; text: string | null }>();
      for (let y = 0; ; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
        for (const e of shown) {
          if (seen.has(e) || !e.checkVisibility({ contentVisibilityAuto: true })) continue;
          const r = e.getBoundingClientRect();
          if (r.bottom > 0 && r.top < innerHeight) seen.set(e, { w: r.width, h: r.height, text: e.textContent });
        }
        if (y + innerHeight >= document.documentElement.scrollHeight) break;
      }
      // Every formula shown on the page was reached.
      return shown.map((e) => seen.get(e) ?? { w: -1, h: -1, text: `never laid out: ${e.textContent}` });
    });
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
