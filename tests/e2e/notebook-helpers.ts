// Shared by the notebook specs (issue #27): download a panel's notebook and read it.
import { expect, type Page, type Locator } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where downloaded notebooks are kept: scripts/test.sh runs every one in Python. */
export const dir = 'tests/e2e/results/notebooks';

/** Clicks `button`, saves what it downloads as `name` and returns it parsed. */
export async function download(page: Page, button: Locator, name: string) {
  mkdirSync(dir, { recursive: true });
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(file.suggestedFilename()).toMatch(/^genlab-[a-z]+\.ipynb$/);
  const path = join(dir, name);
  await file.saveAs(path);
  // The button is ready again for the next one.
  await expect(button).toBeEnabled();
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const text = (cell: { source: string[] }) => cell.source.join('');

/** The value of `NAME = …` in the notebook's code cells, parsed as JSON (None as null). */
export function assigned(nb: { cells: { cell_type: string; source: string[] }[] }, name: string) {
  for (const cell of nb.cells) {
    const m = new RegExp(`^${name} = (.*)$`, 'm').exec(text(cell));
    if (cell.cell_type === 'code' && m) return JSON.parse(m[1].replace(/\s+#.*$/, '').replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
  }
  throw new Error(`no ${name} in the notebook`);
}
