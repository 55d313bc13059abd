// One small interface over the three browser engines the cross-engine suite drives:
// Chromium through Playwright (the reference), Firefox ESR through puppeteer-core over
// WebDriver BiDi, and WebKitGTK's MiniBrowser through WebKitWebDriver (classic W3C
// WebDriver, plain HTTP) under Xvfb. Each driver opens links, runs a function in the page,
// clicks and drags with real pointer input, sizes its viewport and takes screenshots.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import puppeteer from 'puppeteer-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** `fn` (a function) called with `args` in the page, as one expression. */
const call = (fn, args) => `(${fn})(...${JSON.stringify(args)})`;

/** A page driven by Playwright (Chromium) or puppeteer (Firefox): their APIs agree here. */
function pageDriver(name, page, close) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const box = async (selector) => (await page.$(selector)).boundingBox();
  return {
    name,
    errors,
    async open(url) {
      await page.goto(url);
    },
    async size(width, height) {
      await (page.setViewportSize ? page.setViewportSize({ width, height }) : page.setViewport({ width, height }));
    },
    js: (fn, ...args) => page.evaluate(call(fn, args)),
    screenshot: (path) => page.screenshot({ path }),
    async click(selector, fx = 0.5, fy = 0.5) {
      const b = await box(selector);
      await page.mouse.click(b.x + fx * b.width, b.y + fy * b.height);
    },
    async drag(selector, [fx0, fy0], [fx1, fy1]) {
      const b = await box(selector);
      await page.mouse.move(b.x + fx0 * b.width, b.y + fy0 * b.height);
      await page.mouse.down();
      for (let k = 1; k <= 8; k++) {
        const t = k / 8;
        await page.mouse.move(b.x + (fx0 + t * (fx1 - fx0)) * b.width, b.y + (fy0 + t * (fy1 - fy0)) * b.height);
      }
      await page.mouse.up();
    },
    close,
  };
}

export async function chromiumDriver() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const version = browser.version();
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  return { ...pageDriver('Chromium', page, () => browser.close()), version: `Chromium ${version}` };
}

export async function firefoxDriver() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    // No service worker: every load fetches the build under test.
    extraPrefsFirefox: { 'dom.serviceWorkers.enabled': false },
  });
  const version = await browser.version();
  const page = await browser.newPage();
  return { ...pageDriver('Firefox', page, () => browser.close()), version };
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver on `port`, in an Xvfb display of its own. */
export async function webkitDriver(port = 4444) {
  const display = `:${90 + (port % 10)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
  const stop = () => {
    driver.kill();
    xvfb.kill();
  };
  const base = `http://127.0.0.1:${port}`;
  const wd = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (json.value?.error) throw new Error(`WebDriver ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  let session;
  for (let tries = 0; !session; tries++) {
    try {
      session = await wd('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
          },
        },
      });
    } catch (e) {
      if (tries > 50) {
        stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const s = `/session/${session.sessionId}`;
  const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
  const js = (fn, ...args) => wd('POST', `${s}/execute/sync`, { script: `return ${call(fn, args)};`, args: [] });
  const element = async (selector) => (await wd('POST', `${s}/element`, { using: 'css selector', value: selector }))[ELEMENT];
  /** A point of `selector`'s box, as an offset from its centre (WebDriver's element origin). */
  const offset = async (selector, fx, fy) => {
    const [w, h] = await js((sel) => {
      const r = document.querySelector(sel).getBoundingClientRect();
      return [r.width, r.height];
    }, selector);
    return { x: Math.round((fx - 0.5) * w), y: Math.round((fy - 0.5) * h) };
  };
  const pointer = (actions) =>
    wd('POST', `${s}/actions`, { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
  return {
    name: 'WebKit',
    version: `WebKitGTK ${session.capabilities.browserVersion}`,
    errors: [],
    open: (url) => wd('POST', `${s}/url`, { url }),
    async size(width, height) {
      // The window's size is set; its inner size comes out smaller by the window's chrome.
      for (let k = 0; k < 3; k++) {
        const rect = await wd('GET', `${s}/window/rect`);
        const [iw, ih] = await js(() => [innerWidth, innerHeight]);
        if (iw === width && ih === height) return;
        await wd('POST', `${s}/window/rect`, { width: rect.width + width - iw, height: rect.height + height - ih });
      }
    },
    js,
    async screenshot(path) {
      writeFileSync(path, Buffer.from(await wd('GET', `${s}/screenshot`), 'base64'));
    },
    async click(selector, fx = 0.5, fy = 0.5) {
      const origin = { [ELEMENT]: await element(selector) };
      const { x, y } = await offset(selector, fx, fy);
      await pointer([{ type: 'pointerMove', origin, x, y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }]);
    },
    async drag(selector, [fx0, fy0], [fx1, fy1]) {
      const origin = { [ELEMENT]: await element(selector) };
      const from = await offset(selector, fx0, fy0);
      const to = await offset(selector, fx1, fy1);
      await pointer([
        { type: 'pointerMove', origin, ...from },
        { type: 'pointerDown', button: 0 },
        { type: 'pointerMove', origin, ...to, duration: 200 },
        { type: 'pointerUp', button: 0 },
      ]);
    },
    async close() {
      await wd('DELETE', s).catch(() => {});
      stop();
    },
  };
}
