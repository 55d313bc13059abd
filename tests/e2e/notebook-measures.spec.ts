// The measures panel's notebook (issue #27): after the population has trained on the page,
// "Download notebook" saves a notebook whose APP readout is the page's own JSON readout to
// the last digit (the compute worker trains the same population from the address), with
// every URL key in its parameter cell and a link to the view. Both notebooks are kept in
// tests/e2e/results/notebooks/, where scripts/test.sh runs them in Python.
import { test, expect } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

/** Every URL key of the panel. */
const KEYS = ['axes', 'ce', 'flip', 'seeds', 'm', 'colour', 'fixed', 'seed', 'autorun'];
/** Readout keys only a page has (time taken, whether it runs or was stopped). */
const PAGE_ONLY = ['elapsed_ms', 'running', 'stopped'];

test('the measures panel saves its trained population as a notebook with the page’s own readout', async ({ page }) => {
  test.setTimeout(300_000);
  const watch = watchPage(page);
  const views: [string, string, number][] = [
    // The default view: 96 nets, started with the button.
    ['?panel=measures', 'measures.ipynb', 96],
    // A small study that starts on load, another measure and colouring.
    ['?panel=measures&seeds=1&axes=width,lr,batch&m=path&colour=lr&autorun=1', 'measures-small.ipynb', 8],
  ];
  for (const [query, name, total] of views) {
    await openApp(page, query);
    if (!query.includes('autorun=1')) {
      await expect(page.getByTestId('measures-status')).toContainText('Press');
      await page.getByTestId('measures-run').click();
    }
    await expect(page.getByTestId('measures-status')).toContainText(new RegExp(`^${total} of ${total} nets, .* s, done$`), {
      timeout: 240_000,
    });
    const readout = JSON.parse((await page.getByTestId('measures-summary').textContent())!);
    expect(readout.done).toBe(total);
    const nb = await download(page, page.getByTestId('measures-notebook'), name);
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    for (const key of KEYS) expect(text(nb.cells[1])).toMatch(new RegExp(`^${key.toUpperCase()} = .*# ${key}: `, 'm'));
    // The app's numbers in the notebook are the page's, to the last digit.
    const app = assigned(nb, 'APP');
    const shown = Object.keys(readout).filter((k) => !PAGE_ONLY.includes(k));
    expect(Object.keys(app).sort()).toEqual(shown.sort());
    for (const key of shown) expect(app[key], key).toEqual(readout[key]);
    // One row of numbers per net.
    expect(assigned(nb, 'SUBSET').length).toBeGreaterThan(0);
    expect(text(nb.cells[3]).match(/^ {4}\[\d+, \d+, (True|False)/gm)?.length).toBe(total);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
