// Accessibility: axe-core's WCAG 2.1 A and AA rules on the home page and on every panel
// (found from the navigation, so a new panel is checked without editing this file), once
// ready and again after its main computation; every figure has a live text alternative;
// the interactive figures work from the keyboard with a visible focus.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openApp } from './helpers';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations on the page as it is now, one line per rule and element. */
async function violations(page: Page, where: string): Promise<string[]> {
  const wcag = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  // Also the one best-practice rule the issue names: a table header with no text.
  const headers = await new AxeBuilder({ page }).withRules(['empty-table-header']).analyze();
  return [...wcag.violations, ...headers.violations].flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`),
  );
}

/** Every panel's id, read from the navigation links of the home page. */
async function panelIds(page: Page): Promise<string[]> {
  await openApp(page, '/');
  const ids = await page
    .locator('[data-testid^="nav-"]')
    .evaluateAll((links) => links.map((a) => (a as HTMLElement).dataset.testid!.slice('nav-'.length)));
  expect(ids.length).toBeGreaterThanOrEqual(5);
  return ids;
}

/** Clicks every visible, enabled button whose test id ends in `-run` (a panel's main
 * computation) and waits until each is offered again, that is the work has finished. */
async function runMainComputations(page: Page): Promise<number> {
  const buttons = page.locator('button[data-testid$="-run"]:visible:enabled');
  const ids = await buttons.evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.testid!));
  for (const id of ids) {
    const button = page.getByTestId(id);
    await button.click();
    await expect(button).toBeVisible({ timeout: 120_000 });
    await expect(button).toBeEnabled({ timeout: 120_000 });
  }
  return ids.length;
}

test('axe finds no WCAG 2.1 A/AA violation on any page, before and after its computation', async ({ page }) => {
  test.setTimeout(600_000);
  const ids = await panelIds(page);
  const found = await violations(page, 'home');
  for (const id of ids) {
    if (id === 'home') continue;
    await test.step(id, async () => {
      await openApp(page, `/?panel=${id}`);
      await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
      const tabs = page.getByRole('tab');
      const tabCount = await tabs.count();
      for (let t = 0; t < Math.max(tabCount, 1); t++) {
        if (tabCount > 0) await tabs.nth(t).click();
        const where = tabCount > 0 ? `${id} tab ${t + 1}` : id;
        found.push(...(await violations(page, `${where} (ready)`)));
        if ((await runMainComputations(page)) > 0) found.push(...(await violations(page, `${where} (computed)`)));
      }
    });
  }
  // Computations that start on their own rather than from a button.
  await test.step('sets once its sweeps have reported', async () => {
    await openApp(page, '/?panel=sets');
    await expect(page.getByTestId('excess-status')).toContainText('largest at', { timeout: 60_000 });
    await expect(page.getByTestId('labels-summary')).toContainText('computed in', { timeout: 60_000 });
    found.push(...(await violations(page, 'sets (computed)')));
  });
  // States behind a switch rather than a run button.
  await test.step('sam with basin maps and the test loss', async () => {
    await openApp(page, '/?panel=sam&basins=1&test=1');
    await expect(page.getByTestId('basin-shares')).toContainText('SAM', { timeout: 30_000 });
    found.push(...(await violations(page, 'sam basins=1 test=1')));
  });
  console.log(found.length ? found.join('\n') : 'axe: no violation on any page');
  expect(found).toEqual([]);
});

/** Presses Tab until the element with test id `testid` has the focus (at most 150 times). */
async function tabTo(page: Page, testid: string): Promise<void> {
  for (let k = 0; k < 150; k++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)) === testid) break;
  }
  await expect(page.getByTestId(testid)).toBeFocused();
  // The focus is visible: an outline of at least 2 px, not the page's colour.
  const outline = await page.getByTestId(testid).evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor };
  });
  expect(outline.style).not.toBe('none');
  expect(outline.width).toBeGreaterThanOrEqual(2);
}

/** The text alternative of the figure `testid`, through its aria-describedby. */
async function alt(page: Page, testid: string): Promise<string> {
  return page.getByTestId(testid).evaluate((el) => {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
  });
}

test('SAM: tab to the surface, move the start with the arrow keys; the description follows', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  const before = await alt(page, 'sam-canvas');
  expect(before).toMatch(/^Loss surface “Sharp and flat minimum” with both paths from the start \(−0\.8, 0\.6\): SAM ends in the flat minimum, loss [0-9.]+; gradient descent ends in the sharp minimum, loss [0-9.e−]+\.$/);
  const readout = async () => JSON.parse((await page.getByTestId('sam-readout').textContent())!);
  const gdBefore = (await readout()).gd.end;
  await tabTo(page, 'sam-canvas');
  for (let k = 0; k < 3; k++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => alt(page, 'sam-canvas')).not.toBe(before);
  expect(await alt(page, 'sam-canvas')).toContain('from the start (−0.35, 0.6)');
  expect((await readout()).gd.end).not.toEqual(gdBefore);
});

test('sets: tab to the plane, move the probe with the arrow keys; the description follows', async ({ page }) => {
  await openApp(page, '/?panel=sets');
  const inspected = page.getByTestId('sets-inspected');
  const trainingError = inspected.locator('math').first().locator('mn');
  await expect(trainingError).toHaveText('0.0000');
  const before = await alt(page, 'sets-plane');
  expect(before).toContain('The inspected point (0, 0) has training error 0');
  expect(before).toContain('inside green');
  await tabTo(page, 'sets-plane');
  for (let k = 0; k < 8; k++) await page.keyboard.press('ArrowUp');
  await expect(trainingError).not.toHaveText('0.0000');
  await expect.poll(() => alt(page, 'sets-plane')).not.toBe(before);
  expect(await alt(page, 'sets-function')).toMatch(/they differ most at x = /);
});

test('restarts: the histogram, the map and the thumbnails pick runs from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, '/?panel=restarts&runs=12');
  await tabTo(page, 'restarts-run');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('restarts-status')).toContainText('12 of 12 runs', { timeout: 60_000 });
  await expect(page.getByTestId('restarts-status')).toContainText('done');
  const hist = await alt(page, 'restarts-histogram');
  expect(hist).toMatch(/^Histogram of 12 runs' test accuracy\. SGD: median [0-9.]+\s%, lowest [0-9.]+\s%, highest [0-9.]+\s%, \d+ of 12 fit the training data\.$/);
  const selection = page.getByTestId('restarts-selection');
  await expect(selection).toContainText('Click a bar');
  await tabTo(page, 'restarts-histogram');
  await page.keyboard.press('ArrowRight');
  await expect(selection).not.toContainText('Click a bar');
  await expect.poll(() => alt(page, 'restarts-histogram')).toMatch(/Picked: \d+ runs? at /);
  // The lowest bar is picked first: its runs have the lowest accuracy the text states.
  const lowest = hist.match(/lowest ([0-9.]+)\s%/)![1];
  expect(await alt(page, 'restarts-histogram')).toMatch(new RegExp(`Picked: \\d+ runs? at ${lowest.replace('.', '\\.')}\\s%`));
  await tabTo(page, 'restarts-map');
  await page.keyboard.press('ArrowRight');
  await expect(selection).toContainText('seed');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(selection).toContainText('; seed');
  await tabTo(page, 'restarts-thumbnails');
  await page.keyboard.press('ArrowRight');
  await expect(selection).not.toContainText('; seed');
  await expect(selection).toContainText('seed');
  expect(await alt(page, 'restarts-map')).toMatch(/^Map of minima: 12 runs' functions/);
  expect(await alt(page, 'restarts-norm')).toMatch(/^Test accuracy against parameter norm ‖w‖ for 12 runs/);
});

test('lowrank: the reparametrisation planes move their start from the keyboard', async ({ page }) => {
  await openApp(page, '/?panel=lowrank&tab=reparam');
  const formula = page.getByTestId('reparam-formula');
  const before = (await formula.textContent())!;
  await tabTo(page, 'reparam-plane0');
  await page.keyboard.press('ArrowRight');
  await expect(formula).not.toHaveText(before);
  await expect(formula).toContainText('from w0=(0.06,0.00)'); // w₀ = (0.06, 0.00) as MathML
});

test('every figure has a text alternative', async ({ page }) => {
  test.setTimeout(120_000);
  const ids = await panelIds(page);
  const missing: string[] = [];
  for (const id of ids.filter((i) => i !== 'home')) {
    await openApp(page, `/?panel=${id}`);
    await expect(page.locator('html[data-ready="1"]')).toHaveCount(1);
    const tabs = page.getByRole('tab');
    const tabCount = await tabs.count();
    for (let t = 0; t < Math.max(tabCount, 1); t++) {
      if (tabCount > 0) await tabs.nth(t).click();
      const found = await page.locator('canvas:visible').evaluateAll((cs) =>
        cs.map((c) => {
          const label = c.getAttribute('aria-label') ?? '';
          const hidden = c.getAttribute('aria-hidden') === 'true';
          const described = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
            .map((d) => document.getElementById(d)?.textContent ?? '').join(' ').trim();
          return { testid: (c as HTMLElement).dataset.testid ?? '?', ok: hidden || (c.getAttribute('role') === 'img' && label.length > 10 && described.length > 5) };
        }),
      );
      missing.push(...found.filter((f) => !f.ok).map((f) => `${id}: ${f.testid}`));
    }
  }
  console.log(missing.length ? `figures without a text alternative:\n${missing.join('\n')}` : 'every figure has a text alternative');
  expect(missing).toEqual([]);
});
