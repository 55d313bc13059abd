// Renders the app's install icons (assets/icons/*.png) from the favicon's design with
// Chromium; run it again after changing the design: node scripts/icons.mjs
import { chromium } from '@playwright/test';

// "any": the favicon as it is; "maskable": full-bleed, the mark inside the central 80 %
// that every launcher's mask keeps.
const any = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1f3a5f"/><path d="M16 5 27 16 16 27 5 16z" fill="#f2b134"/><circle cx="16" cy="16" r="4" fill="#1f3a5f"/></svg>`;
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1f3a5f"/><path d="M16 8 24 16 16 24 8 16z" fill="#f2b134"/><circle cx="16" cy="16" r="3" fill="#1f3a5f"/></svg>`;
const icons = [
  ['icon-192.png', any, 192],
  ['icon-512.png', any, 512],
  ['maskable-512.png', maskable, 512],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [name, svg, size] of icons) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
  await page.screenshot({ path: `assets/icons/${name}`, omitBackground: true });
  await page.close();
  console.log(`assets/icons/${name}`);
}
await browser.close();
