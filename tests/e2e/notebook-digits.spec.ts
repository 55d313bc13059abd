// The real-digits lab's notebook (issue #27): "Download notebook" saves the view as a
// Jupyter notebook that the compute worker builds from the page's address: it reads the
// digits itself (digits.bin, as the page did), trains the tab's runs and embeds the digits,
// the runs' random draws and the app's numbers. Those must equal the page's readout once the
// page has trained the same runs. The files are kept in tests/e2e/results/notebooks/, where
// scripts/test.sh runs them in Python.
import { test, expect, type Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

const KEYS = ['view', 'show', 'n', 'hidden', 'width', 'lr', 'mom', 'batch', 'steps', 'wd', 'runs', 'seed', 'autorun'];

async function readout(page: Page, testid: string) {
  return JSON.parse((await page.getByTestId(testid).textContent())!);
}

for (const [query, testid, total, name] of [
  ['?panel=digits', 'digits-readout', 5, 'digits.ipynb'],
  ['?panel=digits&view=starts&n=200&width=32&runs=2', 'digits-starts', 4, 'digits-starts.ipynb'],
  ['?panel=digits&view=reg&n=200&width=32&steps=1500', 'digits-reg', 8, 'digits-reg.ipynb'],
] as const) {
  test(`the real-digits lab saves ${query} as a notebook with the page’s own readout`, async ({ page }) => {
    test.setTimeout(150_000); // the page trains the runs, then the worker again to build the notebook
    const watch = watchPage(page);
    await openApp(page, query);
    await expect(page.getByTestId('digits-status')).toContainText('Press Train', { timeout: 20_000 });
    await page.getByTestId('digits-run').click();
    await expect.poll(async () => (await readout(page, testid)).done, { timeout: 90_000 }).toBe(total);
    await expect(page.getByTestId('digits-status')).toContainText('done');
    const shown = await readout(page, testid);
    const nb = await download(page, page.getByTestId('digits-notebook'), name);
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    // Linked to the view as its address bar has it.
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    for (const key of KEYS) expect(text(nb.cells[1])).toMatch(new RegExp(`# ${key}:`));
    // The app's numbers in the notebook are the page's, to the last digit (all but the time it took).
    const app = assigned(nb, 'APP');
    const keys = Object.keys(shown).filter((k) => k !== 'elapsed_ms');
    expect(Object.keys(app).sort()).toEqual(keys.sort());
    for (const key of keys) expect(app[key], key).toEqual(shown[key]);
    // The digits and the app's own draws are in the file, which stays under 2 MB.
    expect(text(nb.cells[2])).toContain('IMAGES = unpack("');
    expect(text(nb.cells[2])).toContain('INIT[0] = unpack("');
    expect(JSON.stringify(nb).length).toBeLessThan(2_000_000);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
}
