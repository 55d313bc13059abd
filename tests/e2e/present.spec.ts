// Presenting: keyboard shortcuts (never in a field), the ? list, presets and reset,
// run/pause by Space, and projector mode by key and by URL (larger type, thicker lines).
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage } from './helpers';

const root = (page: Page) => page.getByTestId('app-root');

/** Share of a canvas's backing-store pixels that are drawn (alpha > 0). */
async function drawnShare(page: Page, testid: string): Promise<number> {
  return page.getByTestId(testid).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn++;
    return drawn / (c.width * c.height);
  });
}

test('? lists the shortcuts and the panel presets; Escape closes the list', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=sam');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('projector mode');
  await expect(help).toContainText('Presets of this panel');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // The header button opens it too.
  await page.getByTestId('shortcuts').click();
  await expect(help).toBeVisible();
  await page.getByTestId('shortcut-help-close').click();
  await expect(help).toBeHidden();
  expect(watch.consoleErrors).toEqual([]);
});

test('presets by number, reset by R, one step by .', async ({ page }) => {
  await openApp(page, '/?panel=sam&lr=0.05');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('2');
  // The scenario replaces the link's settings; the URL follows.
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).not.toBe('0.05');
  await page.keyboard.press('r');
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.05');
  await expect(page.getByTestId('sam-step')).toHaveCount(0);
  await page.keyboard.press('.');
  await expect(page.getByTestId('sam-step')).toBeVisible();
});

test('shortcuts never fire in a number input or a select, nor with Ctrl', async ({ page }) => {
  await openApp(page, '/?panel=restarts');
  const seed = page.getByTestId('restarts-seed');
  await seed.focus();
  for (const key of ['p', '?', ' ', '1', 'r']) await page.keyboard.press(key);
  await expect(root(page)).not.toHaveClass(/projector/);
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  await expect(root(page)).toHaveAttribute('data-running', 'false');
  await page.getByTestId('restarts-metric').focus();
  await page.keyboard.press('p');
  await expect(root(page)).not.toHaveClass(/projector/);
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Alt+p');
  await expect(root(page)).not.toHaveClass(/projector/);
  await page.keyboard.press('p');
  await expect(root(page)).toHaveClass(/projector/);
  expect(new URL(page.url()).searchParams.get('present')).toBe('1');
  await page.keyboard.press('P');
  await expect(root(page)).not.toHaveClass(/projector/);
  expect(new URL(page.url()).searchParams.get('present')).toBeNull();
});

test('Space runs and pauses the panel', async ({ page }) => {
  await openApp(page, '/?panel=restarts&runs=400&steps=3000');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('restarts-status')).toContainText('training');
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('restarts-status')).toContainText('stopped');
});

test('measures: Space trains, pauses and resumes the study; presets by number, R resets', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=measures&seeds=5');
  const done = async () => JSON.parse((await page.getByTestId('measures-summary').textContent())!).done as number;
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await expect(root(page)).toHaveAttribute('data-running', 'false');
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('measures-status')).toContainText('training');
  await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('measures-status')).toContainText('stopped');
  const paused = await done();
  // Resuming keeps the nets trained so far.
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'true');
  expect(await done()).toBeGreaterThanOrEqual(paused);
  await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(paused);
  await page.keyboard.press(' ');
  await expect(root(page)).toHaveAttribute('data-running', 'false');
  // Preset 3: a fixed step budget; 2: the training-set size varying too; 1: Jiang et al.'s
  // design. R: back to the link's own settings.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('fixed step budget');
  await page.keyboard.press('Escape');
  await page.keyboard.press('3');
  await expect.poll(() => new URL(page.url()).searchParams.get('fixed')).toBe('1');
  expect(new URL(page.url()).searchParams.get('seeds')).toBeNull();
  await page.keyboard.press('2');
  await expect.poll(() => new URL(page.url()).searchParams.get('axes')).toBe('width,depth,lr,batch,n,wd');
  expect(new URL(page.url()).searchParams.get('fixed')).toBeNull();
  await page.keyboard.press('1');
  await expect.poll(() => new URL(page.url()).searchParams.get('axes')).toBeNull();
  await page.keyboard.press('r');
  await expect.poll(() => new URL(page.url()).searchParams.get('seeds')).toBe('5');
  expect(watch.consoleErrors).toEqual([]);
});

test('projector mode from the URL: larger type and thicker lines', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, '/?panel=sam');
  const fontOf = () => page.locator('.panel-host').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  const normalFont = await fontOf();
  await expect.poll(() => drawnShare(page, 'sam-canvas')).toBeGreaterThan(0);
  const normalInk = await drawnShare(page, 'sam-canvas');

  await openApp(page, '/?panel=sam&present=1');
  await expect(root(page)).toHaveClass(/projector/);
  expect(await fontOf()).toBeGreaterThan(normalFont * 1.2);
  await expect.poll(() => drawnShare(page, 'sam-canvas')).toBeGreaterThan(normalInk * 1.5);
});

test('F puts the page in full screen and takes it out again', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const fullScreen = () => page.evaluate(() => document.fullscreenElement?.tagName ?? null);
  expect(await fullScreen()).toBeNull();
  await page.keyboard.press('f');
  await expect.poll(fullScreen).toBe('HTML');
  await page.keyboard.press('f');
  await expect.poll(fullScreen).toBeNull();
  // Not from a field: F typed into the seed stays a letter for the field.
  await openApp(page, '/?panel=restarts');
  await page.getByTestId('restarts-seed').focus();
  await page.keyboard.press('f');
  expect(await fullScreen()).toBeNull();
});

test('Share copies each link to the clipboard and says so', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, '/?panel=sam&lr=0.05');
  await page.getByTestId('share').click();
  for (const id of ['share-plain', 'share-embed', 'share-iframe']) {
    const value = await page.getByTestId(id).inputValue();
    await page.getByTestId(`${id}-copy`).click();
    await expect(page.getByTestId(`${id}-copy`)).toHaveText('Copied ✓');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  }
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('allowfullscreen');
  // The label returns to Copy.
  await expect(page.getByTestId('share-plain-copy')).toHaveText('Copy', { timeout: 5000 });
});

test('without the clipboard API the link is selected for copying by hand', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  const watch = watchPage(page);
  await openApp(page, '/?panel=sam');
  await page.getByTestId('share').click();
  await page.getByTestId('share-embed-copy').click();
  await expect(page.getByTestId('share-embed-copy')).toHaveText('Selected: copy it');
  const selected = await page.evaluate(() => {
    const f = document.getElementById('share-embed') as HTMLInputElement;
    return f.value.slice(f.selectionStart!, f.selectionEnd!);
  });
  expect(selected).toBe(await page.getByTestId('share-embed').inputValue());
  expect(watch.consoleErrors).toEqual([]);
});
