// Screenshots of panels as slides show them: each given link with `embed=1` at 600×450
// and 960×540, and in projector mode (`present=1`) at 1366×768, into $SHOTS_DIR
// (default tests/e2e/results/shots). Usage: node scripts/embed-shots.mjs '?panel=sam' …
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
const sizes = [
  ['embed600', { width: 600, height: 450 }, '&embed=1&autorun=1'],
  ['embed960', { width: 960, height: 540 }, '&embed=1&autorun=1'],
  ['projector', { width: 1366, height: 768 }, '&present=1'],
];
for (const [size, viewport, extra] of sizes) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  for (const link of links) {
    await page.goto(url + link + extra);
    await page.waitForSelector('html[data-ready="1"]');
    // Let the figures drawn after the first paint and the first jobs' updates land.
    await page.waitForTimeout(2000);
    const name = link.replace(/[^a-z0-9=&]+/gi, '_').replace(/^_+/, '');
    await page.screenshot({ path: `${out}/${name}-${size}.png` });
    console.log(`${out}/${name}-${size}.png`);
  }
  await page.close();
}
await browser.close();
server.close();
