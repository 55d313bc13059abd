// The SGD-restarts panel's notebook (issue #27): once the restarts have run, "Download
// notebook" saves the view with the app's data, the first restarts' exact starting points
// and minibatch orders, and the app's numbers for those restarts, which must be the rows of
// the page's run table (its JSON readout) to the last digit. scripts/test.sh runs the saved
// notebooks in Python (scripts/run-notebooks.py), which retrain those restarts in numpy.
import { test, expect, type Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';
import { assigned, download, text } from './notebook-helpers';

test.beforeEach(() => test.skip(test.info().project.name !== 'dpr1', 'a notebook does not depend on the screen’s pixel ratio'));

interface Summary {
  done: number;
  total: number;
  running: boolean;
  runs: { seed: number; pipeline: string }[];
}

async function summary(page: Page): Promise<Summary> {
  return JSON.parse((await page.getByTestId('restarts-summary').textContent())!);
}

const KEYS = ['data', 'n', 'width', 'depth', 'act', 'lr', 'mom', 'batch', 'steps', 'runs', 'q', 'bad', 'guess', 'alpha', 'seed', 'autorun'];

test('the restarts panel saves its view as a notebook with the page’s own runs', async ({ page }) => {
  test.setTimeout(300_000);
  const watch = watchPage(page);
  for (const [query, name, runs] of [
    ['?panel=restarts', 'restarts.ipynb', 100],
    // Random labels: 30 % of the training labels replaced, on another dataset, with momentum.
    ['?panel=restarts&data=circles&q=0.3&mom=0.5&runs=30', 'restarts-circles-q.ipynb', 30],
  ] as const) {
    await openApp(page, query);
    await page.getByTestId('restarts-run').click();
    // Every restart finished (the run table holds them all and nothing runs).
    await expect.poll(async () => {
      const s = await summary(page);
      return s.done === runs && s.total === runs && !s.running;
    }, { timeout: 180_000 }).toBe(true);
    await expect(page.getByTestId('restarts-status')).toContainText(`${runs} of ${runs} runs`);
    const nb = await download(page, page.getByTestId('restarts-notebook'), name);
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec.name).toBe('python3');
    // Linked to the view as its address bar has it.
    expect(text(nb.cells[0])).toContain(`(${page.url()})`);
    // Every URL key of the panel in the parameter cell.
    for (const key of KEYS) expect(text(nb.cells[1])).toMatch(new RegExp(`# ${key}:`));
    // The app's numbers in the notebook are the page's rows of the same restarts, to the last digit.
    const readout = await summary(page);
    const app = assigned(nb, 'APP');
    const rerun = assigned(nb, 'RERUN');
    expect(rerun).toBeGreaterThan(0);
    expect(app.runs.length).toBe(rerun);
    expect(app.train_loss.length).toBe(rerun);
    expect(app.runs.map((r: { seed: number }) => r.seed)).toEqual(Array.from({ length: rerun }, (_, k) => 1 + k));
    for (const row of app.runs) {
      const shown = readout.runs.find((r) => r.seed === row.seed && r.pipeline === row.pipeline);
      expect(shown, `seed ${row.seed}`).toEqual(row);
    }
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
