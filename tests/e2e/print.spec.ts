// Handouts (issue #28): the lecture and every panel print, and save as PDF, with every
// figure drawn. Printing is what Chromium's print preview does: the print media query
// matches (the page listens, `ui::print`), then the page is laid out for A4. Each PDF's
// text (poppler's pdftotext) must hold the figures' captions and no placeholder, and each
// figure, a canvas on screen, is an image in the PDF (pdfimages) that must not be blank.
import { test, expect, type Page, type Frame } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from './helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a PDF does not depend on the screen’s pixel ratio'));

/** The canvases a frame prints (laid out, not hidden; in a figure's frame, only what
 * shows within the frame), and how many of them are drawn. */
async function canvases(frame: Frame): Promise<{ shown: number; drawn: number }> {
  return frame.evaluate((clipped) => {
    const shown = [...document.querySelectorAll('canvas')].filter((c) => {
      const r = c.getBoundingClientRect();
      const inside = !clipped || (r.top < innerHeight && r.bottom > 0 && r.left < innerWidth && r.right > 0);
      return r.width > 0 && r.height > 0 && inside && getComputedStyle(c).visibility !== 'hidden';
    });
    const drawn = shown.filter((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) return false;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
      return false;
    });
    return { shown: shown.length, drawn: drawn.length };
  }, frame.parentFrame() !== null);
}

/** Switches to print media and waits until every frame is ready, idle and has drawn
 * every canvas it prints; returns how many canvases print. */
async function preparePrint(page: Page, frames: number): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  let total = 0;
  await expect
    .poll(
      async () => {
        const all = page.frames();
        if (all.length < frames) return `${all.length} of ${frames} frames`;
        total = 0;
        for (const f of all) {
          const ready = await f.locator('html[data-ready="1"] .app-root[data-busy="0"]').count();
          if (!ready) return `${f.url()} not ready`;
          const c = await canvases(f);
          if (c.drawn < c.shown) return `${f.url()}: ${c.drawn} of ${c.shown} canvases drawn`;
          total += c.shown;
        }
        return 'ready';
      },
      { timeout: 45_000 },
    )
    .toBe('ready');
  return total;
}

interface Printed {
  text: string;
  pages: number;
  /** For each image in the PDF (soft masks left out): the share of its pixels that differ
   * from its most common colour. */
  images: number[];
}

/** One P6 (colour) or P5 (grey) image written by pdfimages: its pixels as arrays. */
function readPnm(path: string): number[][] {
  const data = readFileSync(path);
  const header = /^P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'))!;
  const channels = header[1] === '6' ? 3 : 1;
  const [w, h] = [Number(header[2]), Number(header[3])];
  const body = data.subarray(header[0].length);
  const pixels: number[][] = [];
  for (let i = 0; i < w * h; i++) pixels.push([...body.subarray(i * channels, (i + 1) * channels)]);
  return pixels;
}

/** The share of `pixels` farther than a faint shade from the most common colour. */
function inkShare(pixels: number[][]): number {
  const counts = new Map<string, number>();
  for (const p of pixels) counts.set(p.join(), (counts.get(p.join()) ?? 0) + 1);
  const mode = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0].split(',').map(Number);
  const ink = pixels.filter((p) => p.some((v, k) => Math.abs(v - mode[k]) > 24)).length;
  return ink / pixels.length;
}

async function printToPdf(page: Page, name: string): Promise<Printed> {
  // Kept with the test results, to look at (pdftoppm -r 60 -png FILE.pdf page).
  const dir = join('tests/e2e/results/print', name);
  mkdirSync(dir, { recursive: true });
  const pdf = join(dir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  // Words only: line breaks and columns joined by single spaces.
  const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
  execFileSync('pdfimages', [pdf, join(dir, 'img')]); // PPM (colour) and PGM (grey) files
  const list = execFileSync('pdfimages', ['-list', pdf]).toString().trim().split('\n').slice(2);
  const images = list
    .map((row) => row.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => {
      const num = cols[1].padStart(3, '0');
      const file = join(dir, `img-${num}.${cols[5] === 'gray' ? 'pgm' : 'ppm'}`);
      return inkShare(readPnm(file));
    });
  console.log(`${name}: ${pages} pages, ${images.length} figures, ink ${images.map((s) => (100 * s).toFixed(1)).join(' ')} %`);
  return { text, pages, images };
}

/** Every canvas printed as an image, and none of them blank. */
function expectFiguresDrawn(printed: Printed, canvasCount: number) {
  expect(printed.images.length).toBeGreaterThanOrEqual(canvasCount);
  for (const share of printed.images) expect(share).toBeGreaterThan(0.001);
}

test('the lecture prints every live figure, drawn, with its caption and link', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, '?panel=lecture');
  // Straight from the top: no figure has been scrolled to, so none is built yet.
  const figures = await page.locator('figure.live-figure').count();
  expect(await page.locator('figure.live-figure iframe').count()).toBeLessThan(figures);
  const canvasCount = await preparePrint(page, figures + 1);
  const printed = await printToPdf(page, 'lecture');
  expect(printed.text).not.toContain('loads when you scroll');
  for (const caption of [
    "The note's third picture, live",
    'Two parameters, so the loss is a landscape',
    'Press Train: one network trained 40 times',
  ]) {
    expect(printed.text).toContain(caption);
  }
  // Each figure's link is printed under it.
  expect(printed.text.match(/Open the full panel \(h/g)?.length ?? 0).toBe(figures);
  // The restarts figure has not been run: it says so in words instead of empty charts.
  expect(printed.text).toContain('Not run yet: press Train in the live view');
  expectFiguresDrawn(printed, canvasCount);
});

for (const link of [
  '?panel=sets',
  '?panel=restarts&autorun=1&runs=8',
  '?panel=sam',
  '?panel=wide',
  '?panel=lowrank',
  '?panel=measures',
  '?panel=digits&autorun=1',
]) {
  test(`${link} prints every figure with its settings and link`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await openApp(page, link);
    if (link.includes('restarts')) {
      await expect(page.getByTestId('restarts-status')).toContainText('8 of 8 runs', { timeout: 60_000 });
    }
    if (link.includes('digits')) {
      await expect(page.getByTestId('digits-status')).toContainText('5 of 5 runs', { timeout: 60_000 });
    }
    const closed = await page.locator('details:not([open])').count();
    const canvasCount = await preparePrint(page, 1);
    // The controls give way to one line of their values as shown, then the link.
    const settings = page.getByTestId('print-settings');
    await expect(settings).toContainText('Live view: http://127.0.0.1:4173/');
    await expect(settings).toContainText(/^Settings: [^=]+ = [^,]+, .+\. Live view: /);
    expect(await settings.textContent()).not.toMatch(/(^Settings: |, )(lr|rho|seed|steps|runs) = /);
    // Every "Why?" prints open.
    await expect(page.locator('details:not([open])')).toHaveCount(0);
    const printed = await printToPdf(page, link.replace(/\W+/g, '-'));
    expect(printed.text).toContain('Live view:');
    expect(printed.text).not.toMatch(/Save figure|Readout as JSON|Run table as JSON/);
    // Once it has run, no figure asks the reader to run it.
    if (link.includes('autorun')) expect(printed.text).not.toContain('Not run yet');
    // The study not yet run says so instead of printing empty charts and a table of dashes.
    if (link === '?panel=measures') {
      expect(printed.text).toContain('Not run yet: press “Train the population” in the live view');
      expect(printed.text).not.toMatch(/— — —/);
    }
    expectFiguresDrawn(printed, canvasCount);
    // Back on screen, the disclosures opened for paper close again.
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('details:not([open])')).toHaveCount(closed);
  });
}

test('the settings line names each control with its value, and a Why? prints its text', async ({ page }) => {
  await openApp(page, '?panel=sam&lr=0.06&rho=0.12');
  await page.emulateMedia({ media: 'print' });
  const line = page.getByTestId('print-settings');
  await expect(line).toContainText('Learning rate η = 0.0600');
  await expect(line).toContainText('SAM radius ρ = 0.12');
  await expect(line).toContainText('Steps = 300');
  await expect(line).toContainText(/Surface: [A-Z]/);
  await expect(line).toContainText('Show test loss (shifted surface) off');
  const printed = await printToPdf(page, 'sam-why');
  expect(printed.text).toContain('leaving out how');
});
