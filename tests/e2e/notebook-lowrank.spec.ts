// The deep-linear-networks panel's notebook (issue #27): "Download notebook" saves the view
// as a Jupyter notebook that carries the app's numbers exactly as the page shows them: the
// matrix tab's readout once the three models and soft-impute are done, and the other tab's
// two fitted lines. The files are kept in tests/e2e/results/notebooks/, where
// scripts/test.sh runs them in Python.
import { test, expect, type Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

const KEYS = ['tab', 'size', 'rank', 'k', 'depth', 'init', 'steps', 'seed', 's', 'w1', 'w2', 'w3', 'w4', 'autorun'];

async function json(page: Page, testid: string) {
  return JSON.parse((await page.getByTestId(testid).textContent())!);
}

test('the deep-linear-networks panel saves its view as a notebook with the page’s own readouts', async ({ page }) => {
  test.setTimeout(120_000); // each view trains three models on the page, then again to build the notebook
  const watch = watchPage(page);
  for (const [query, name] of [
    ['?panel=lowrank', 'lowrank.ipynb'],
    ['?panel=lowrank&size=8&k=30&depth=4&init=0.01&seed=3&s=3&w3=0.5&w4=-0.25', 'lowrank-depth4.ipynb'],
  ]) {
    await openApp(page, query);
    // Trained: every model ended and the minimum nuclear norm completion is there.
    await expect.poll(async () => (await json(page, 'lowrank-readout')).done, { timeout: 60_000 }).toBe(true);
    const readout = await json(page, 'lowrank-readout');
    const nb = await download(page, page.getByTestId('lowrank-notebook'), name);
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    // Linked to the view as its address bar has it (the page writes its settings in its own order).
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    for (const key of KEYS) expect(text(nb.cells[1])).toMatch(new RegExp(`# ${key}:`));
    // The app's numbers in the notebook are the page's, to the last digit.
    const app = assigned(nb, 'APP');
    expect(Object.keys(readout)).toEqual(['k', 'init', 'models', 'nuclear', 'done']);
    for (const key of Object.keys(readout)) expect(app[key], key).toEqual(readout[key]);
    expect(app.models).toHaveLength(3);
    // The other tab's lines, for the same s and starts.
    await page.getByTestId('lowrank-tab-reparam').click();
    const lines = await json(page, 'reparam-readout');
    expect(app.reparam).toEqual(lines);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
