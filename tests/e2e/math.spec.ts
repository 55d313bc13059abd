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
    // scroll down the page half a screen at a time and measure each formula once it is laid
    // out, then any formula made or remade (live text) after the page scrolled past it.
    const sizes = await page.evaluate(async () => {
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const panel = document.querySelector('[data-testid="panel"]')!;
      const shown = () => [...panel.querySelectorAll('math')].filter((e) => e.checkVisibility());
      const seen = new Map<Element, { w: number; h: number; text: string | null }>();
      const measure = () => {
        for (const e of shown()) {
          if (seen.has(e) || !e.checkVisibility({ contentVisibilityAuto: true })) continue;
          const r = e.getBoundingClientRect();
          if (r.bottom > 0 && r.top < innerHeight) seen.set(e, { w: r.width, h: r.height, text: e.textContent });
        }
      };
      for (let y = 0; ; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
        measure();
        if (y + innerHeight >= document.documentElement.scrollHeight) break;
      }
      for (const e of shown()) {
        if (seen.has(e)) continue;
        e.scrollIntoView({ block: 'center' });
        await frame();
        measure();
      }
      return shown().map((e) => seen.get(e) ?? { w: -1, h: -1, text: `never laid out: ${e.textContent}` });
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
