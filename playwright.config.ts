// Playwright runs the end-to-end tests in Debian's Chromium against the release build
// in dist/, served by a static server on loopback.
import { defineConfig } from '@playwright/test';

const port = 4173;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/e2e/results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The whole suite runs at device pixel ratio 1 and 2 (most phones and many laptops
  // have 2 or 3): canvases and pointer input must agree at every ratio.
  projects: [
    { name: 'dpr1', use: { deviceScaleFactor: 1 } },
    { name: 'dpr2', use: { deviceScaleFactor: 2 } },
  ],
  webServer: [
    {
      command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory dist`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    // The same build under a sub-path, as on a course's web space (tests/e2e/publish.spec.ts).
    {
      command: `node scripts/serve-gzip.mjs ${port + 1} /course/genlab/`,
      url: `http://127.0.0.1:${port + 1}/course/genlab/`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    // A reveal.js deck with panels, on a second origin as a slide host (tests/e2e/deck.spec.ts).
    {
      command: `node scripts/deck.mjs 4190 http://127.0.0.1:${port}/`,
      url: 'http://127.0.0.1:4190/deck-example.html',
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
