// The infinite-width panel's notebook (issue #27): "Download notebook" saves the view as a
// Jupyter notebook that carries the app's numbers exactly as the page shows them: the
// prior's readout (default view), the training readout and the widest net's sentence
// (training view), and the training readout with the sweep's (laziness view). The files are
// kept in tests/e2e/results/notebooks/, where scripts/test.sh runs them in Python.
import { test, expect, type Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

const KEYS = ['view', 'act', 'width', 'n', 'amp', 't', 'alpha', 'last', 'seed', 'autorun'];

async function json(page: Page, testid: string) {
  return JSON.parse((await page.getByTestId(testid).textContent())!);
}

/** Downloads the view's notebook as `name`, checks its frame, and returns it with its APP. */
async function notebook(page: Page, name: string) {
  const nb = await download(page, page.getByTestId('wide-notebook'), name);
  expect(nb.nbformat).toBe(4);
  expect(nb.metadata.kernelspec.name).toBe('python3');
  // Linked to the view as its address bar has it (the page writes its settings in its own order).
  expect(text(nb.cells[0])).toContain(`(${page.url()})`);
  for (const key of KEYS) expect(text(nb.cells[1])).toMatch(new RegExp(`# ${key}:`));
  return { nb, app: assigned(nb, 'APP') };
}

test('the infinite-width panel saves its prior as a notebook with the page’s own readout', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '?panel=wide');
  await expect.poll(async () => (await json(page, 'wide-readout')).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
  const readout = await json(page, 'wide-readout');
  expect(readout.excess_kurtosis).not.toBeNull();
  const { nb, app } = await notebook(page, 'wide.ipynb');
  expect(app.prior.excess_kurtosis).toBe(readout.excess_kurtosis);
  expect(app.prior.ks).toBe(readout.ks);
  // Width 16: the app's own 2,000 random nets are in the file, which stays under 2 MB.
  expect(nb.cells[2].source.join('')).toContain('PRIOR_NETS = np.array([');
  expect(JSON.stringify(nb).length).toBeLessThan(2_000_000);
  expect(assigned(nb, 'WIDTH')).toBe(16);
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('the training view’s notebook carries its readout and the widest net’s sentence', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '?panel=wide&view=train&width=300&n=6&alpha=2&seed=5&t=50');
  await expect.poll(async () => (await json(page, 'wide-readout')).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
  await expect(page.getByTestId('wide-merge')).toContainText('width 4,096', { timeout: 30_000 });
  const readout = await json(page, 'wide-readout');
  expect(readout).toMatchObject({ view: 'train', width: 300, t: 50 });
  const { nb, app } = await notebook(page, 'wide-train.ipynb');
  for (const key of ['net_vs_kernel', 'rel_weight_change', 'rel_kernel_change', 'diverged_at', 't']) {
    expect(app.train[key], key).toBe(readout[key]);
  }
  // The sentence under the figure states the widest net's distance with one decimal.
  expect(app.widest).not.toBeNull();
  await expect(page.getByTestId('wide-merge')).toContainText(`${(100 * app.widest).toFixed(1)}\u00a0%`);
  // Width 300: the prior's 2,000 nets would be too large to carry; the notebook draws its own.
  expect(nb.cells[2].source.join('')).toContain('PRIOR_NETS = None');
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test('the laziness view’s notebook carries the sweep exactly as the page shows it', async ({ page }) => {
  test.setTimeout(150_000); // the sweep trains 15 nets on the page, then again to build the notebook
  const watch = watchPage(page);
  await openApp(page, '?panel=wide&view=lazy&act=relu&width=64&t=100&autorun=1');
  await expect.poll(async () => (await json(page, 'wide-sweep')).done, { timeout: 90_000 }).toBe(15);
  await expect.poll(async () => (await json(page, 'wide-sweep')).elapsed_ms).not.toBeNull();
  await expect.poll(async () => (await json(page, 'wide-readout')).elapsed_ms, { timeout: 30_000 }).not.toBeNull();
  const readout = await json(page, 'wide-readout');
  const sweep = await json(page, 'wide-sweep');
  const { app } = await notebook(page, 'wide-lazy-relu.ipynb');
  for (const key of ['net_vs_kernel', 'rel_weight_change', 'rel_kernel_change', 'diverged_at', 't']) {
    expect(app.train[key], key).toBe(readout[key]);
  }
  for (const key of Object.keys(sweep).filter((k) => k !== 'elapsed_ms')) {
    expect(app.sweep[key], key).toEqual(sweep[key]);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
