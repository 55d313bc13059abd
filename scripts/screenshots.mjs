// Takes the screenshots to look at after changing a panel: each given panel link at
// phone (390×844) and laptop (1366×900) size, both at device pixel ratio 2, full page,
// into tests/e2e/results/shots/ (or $SHOTS_DIR). Usage: node scripts/screenshots.mjs '?panel=sam' …
// (needs a build in dist/; serves it on a free loopback port). FIRST_SCREEN=1 takes only
// what shows without scrolling, on a phone and on a 1366×768 laptop.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { serve } from './serve-gzip.mjs';

const links = process.argv.slice(2);
if (!links.length) throw new Error('give one or more links, e.g. "?panel=sam"');
const out = process.env.SHOTS_DIR || 'tests/e2e/results/shots';
mkdirSync(out, { recursive: true });
const server = await serve('dist', 0);
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const firstScreen = Boolean(process.env.FIRST_SCREEN);
const laptop = { width: 1366, height: firstScreen ? 768 : 900 };
for (const [size, viewport] of [['phone', { width: 390, height: 844 }], ['laptop', laptop]]) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 2 });
  for (const link of links) {
    await page.goto(url + link);
    await page.waitForSelector('html[data-ready="1"]');
    // Figures draw once they come near the screen: scroll down the page once, as a
    // student would, then back to the top.
    await page.evaluate(async () => {
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
      }
      scrollTo(0, 0);
    });
    // Let the figures drawn after the first paint and the first jobs' updates land.
    await page.waitForTimeout(1500);
    const name = link.replace(/[^a-z0-9=&]+/gi, '_').replace(/^_+/, '');
    // A full-page shot is taken beyond the screen, where the page skips laying out its
    // sections (content-visibility: auto): lay them all out for the picture.
    await page.addStyleTag({ content: '.panel-host section { content-visibility: visible !important; }' });
    const path = `${out}/${name}-${size}${firstScreen ? '-first' : ''}.png`;
    await page.screenshot({ path, fullPage: !firstScreen });
    console.log(path);
  }
  await page.close();
}
await browser.close();
server.close();
