// Notebooks (issue #27): "Download notebook" saves the view as a Jupyter notebook that the
// compute worker builds from the page's address. Each must be valid nbformat 4 JSON, link
// back to the view, and carry the app's numbers exactly as the page shows them (its JSON
// readout). The notebooks of the default views are kept in tests/e2e/results/notebooks/,
// where scripts/test.sh runs them in Python (scripts/run-notebooks.py) and compares.
import { test, expect } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

test('the SAM panel saves its view as a notebook with the page’s own numbers', async ({ page }) => {
  const watch = watchPage(page);
  for (const [query, name] of [
    ['?panel=sam', 'sam.ipynb'],
    // (written as the page writes it, so that the address bar does not change under the download)
    ['?panel=sam&surface=tanh&lr=0.2&sgd=1&batch=3', 'sam-tanh-sgd.ipynb'],
  ]) {
    await openApp(page, query);
    const nb = await download(page, page.getByTestId('sam-notebook'), name);
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    // Linked to the view as its address bar has it (the page writes its settings in its own order).
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    // Every URL key of the panel in the parameter cell.
    for (const key of ['surface', 'x0', 'y0', 'lr', 'rho', 'steps', 'sgd', 'noise', 'nseed', 'batch', 'test', 'basins']) {
      expect(text(nb.cells[1])).toMatch(new RegExp(`# (x0, )?${key}[:,]`));
    }
    // The app's numbers in the notebook are the page's, to the last digit.
    const readout = JSON.parse((await page.getByTestId('sam-readout').textContent())!);
    const app = assigned(nb, 'APP');
    for (const path of ['gd', 'sam']) {
      expect(app[path].end).toEqual(readout[path].end);
      expect(app[path].lambda_max).toBe(readout[path].lambda_max);
      expect(app[path].left_at).toBe(readout[path].left_at);
    }
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('the sets panel saves its view as a notebook with the page’s own readout', async ({ page }) => {
  const watch = watchPage(page);
  for (const [query, name] of [
    ['?panel=sets', 'sets.ipynb'],
    ['?panel=sets&n=60&s=2&wrong=3', 'sets-n60.ipynb'],
  ]) {
    await openApp(page, query);
    const nb = await download(page, page.getByTestId('sets-notebook'), name);
    expect(nb.nbformat).toBe(4);
    // Linked to the view as its address bar has it (the page writes its settings in its own order).
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    for (const key of ['n', 'eps', 'delta', 'noise', 'wrong', 'seed', 's', 'ridge']) {
      expect(text(nb.cells[1])).toMatch(new RegExp(`# ${key}:`));
    }
    const readout = JSON.parse((await page.getByTestId('sets-readout').textContent())!);
    const app = assigned(nb, 'APP');
    for (const key of Object.keys(readout)) expect(app[key], key).toEqual(readout[key]);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('an embedded panel saves its notebook from the Share box, linked to the full view', async ({ page }) => {
  await openApp(page, '?panel=sam&embed=1&rho=0.1');
  await page.getByTestId('share').click();
  const nb = await download(page, page.getByTestId('share-notebook'), 'sam-embed.ipynb');
  expect(text(nb.cells[0])).toContain('(http://127.0.0.1:4173/?panel=sam&rho=0.1)');
  expect(assigned(nb, 'RHO')).toBe(0.1);
});

test('pages without an experiment offer no notebook', async ({ page }) => {
  await openApp(page, '?panel=bench');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-box')).toBeVisible();
  await expect(page.locator('[data-notebook]')).toHaveCount(0);
});
