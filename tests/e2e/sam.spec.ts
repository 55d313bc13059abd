// The sharpness panel: dragging and arrow keys move the start, the URL follows, a huge
// learning rate is explained, step mode and basin maps work, and the canvas shows them.
import { test, expect, Page } from '@playwright/test';
import { openApp, watchPage, showFigure } from './helpers';

interface End { end: [number, number]; loss: number; diverged: boolean }
interface Worst { angle_deg: number | null; sam_loss: number; worst_loss: number }
interface Readout { gd: End; sam: End; worst: Worst | null; basin_ms: number | null }

async function readout(page: Page): Promise<Readout> {
  return JSON.parse((await page.getByTestId('sam-readout').textContent())!);
}

/** RGBA of the canvas pixel at CSS position (x, y) inside the element with `testid`. */
async function pixel(page: Page, testid: string, x: number, y: number): Promise<number[]> {
  return page.getByTestId(testid).evaluate((c: HTMLCanvasElement, [x, y]) => {
    const r = window.devicePixelRatio;
    return Array.from(c.getContext('2d')!.getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data);
  }, [x, y]);
}

test('defaults: GD ends in the sharp well, SAM in the flat one, drawn on a heatmap', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=sam');
  const r = await readout(page);
  expect(Math.hypot(r.gd.end[0] + 0.6, r.gd.end[1] - 0.4)).toBeLessThan(0.01);
  expect(Math.hypot(r.sam.end[0] - 0.6, r.sam.end[1] + 0.3)).toBeLessThan(0.1);
  expect(r.gd.diverged || r.sam.diverged).toBe(false);
  // The still layer is painted with the colour map (not the white page) near its centre,
  // and the path layer above it is transparent there but draws the paths somewhere.
  const box = (await page.getByTestId('sam-surface-canvas').boundingBox())!;
  const [red, green, blue] = await pixel(page, 'sam-surface-canvas', box.width * 0.55, box.height * 0.5);
  expect(red + green + blue).toBeLessThan(600);
  expect(green).toBeGreaterThan(red);
  const drawn = await page.getByTestId('sam-canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let opaque = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 200) opaque++;
    return opaque / (c.width * c.height);
  });
  expect(drawn).toBeGreaterThan(0.001);
  expect(drawn).toBeLessThan(0.2);
  expect(watch.consoleErrors).toEqual([]);
});

test('dragging the start point moves the paths and the URL', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, '/?panel=sam');
  const before = await readout(page);
  const box = (await page.getByTestId('sam-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.25);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await readout(page)).gd.end[0]).not.toBeCloseTo(before.gd.end[0], 3);
  const after = await readout(page);
  // From the lower right both end in the flat well.
  expect(after.gd.end[0]).toBeGreaterThan(0.3);
  await expect.poll(() => Number(new URL(page.url()).searchParams.get('x0'))).toBeGreaterThan(0.5);
  expect(Number(new URL(page.url()).searchParams.get('y0'))).toBeLessThan(-0.5);

  // One drag redraw: the work done for a pointer move (the panel's effects run as
  // microtasks, so a zero timeout fires after they finish), and the time to the next frame.
  const [work, frame] = await page.getByTestId('sam-canvas').evaluate(async (c: HTMLCanvasElement) => {
    const r = c.getBoundingClientRect();
    const work: number[] = [];
    const frame: number[] = [];
    for (let k = 0; k < 20; k++) {
      const t0 = performance.now();
      const opts = { bubbles: true, clientX: r.left + r.width * (0.2 + 0.02 * k), clientY: r.top + r.height * 0.3, pointerId: 1, buttons: 1 };
      c.dispatchEvent(new PointerEvent(k === 0 ? 'pointerdown' : 'pointermove', opts));
      await new Promise((resolve) => setTimeout(resolve, 0));
      work.push(performance.now() - t0);
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      frame.push(performance.now() - t0);
    }
    c.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, pointerId: 1 }));
    const median = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
    return [median(work), median(frame)];
  });
  console.log(`SAM drag: median ${work.toFixed(1)} ms of work per pointer move, ${frame.toFixed(1)} ms to the next frame`);
});

test('arrow keys move the start point', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  const before = await readout(page);
  await page.getByTestId('sam-canvas').focus();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => Number(new URL(page.url()).searchParams.get('x0'))).toBeCloseTo(-0.8 + 2 * 0.15, 3);
  const after = await readout(page);
  expect(after.sam.end).not.toEqual(before.sam.end);
});

test('a huge learning rate stops the paths with an explanation', async ({ page }) => {
  await openApp(page, '/?panel=sam&lr=5');
  await expect(page.getByTestId('sam-diverged').first()).toContainText('left the plot at step');
  const r = await readout(page);
  expect(r.gd.diverged).toBe(true);
  await expect(page.getByTestId('panic-overlay')).toHaveCount(0);
});

test('out-of-range URL values are clamped with a notice', async ({ page }) => {
  await openApp(page, '/?panel=sam&rho=3&x0=9&surface=nope');
  await expect(page.getByTestId('url-notices')).toContainText('rho=3 is outside');
  await expect(page.getByTestId('url-notices')).toContainText('x0=9 is outside');
  await expect(page.getByTestId('url-notices')).toContainText('surface=nope');
  await expect(page.getByTestId('sam-rho')).toHaveValue('0.5');
});

test('step mode walks SAM one step at a time', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  await page.getByTestId('sam-step-mode').click();
  const start = await readout(page);
  expect(start.sam.end[0]).toBeCloseTo(-0.8, 5);
  await page.getByTestId('sam-step').click();
  await page.getByTestId('sam-step').click();
  await expect.poll(async () => (await readout(page)).sam.end[0]).not.toBeCloseTo(-0.8, 5);
  await page.screenshot({ path: 'tests/e2e/results/sam-step-mode.png' });
});

test('step mode draws the exact worst point of the ρ-circle beside SAM\'s ε and compares them', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  await expect(page.getByTestId('sam-worst')).toHaveText('');
  expect((await readout(page)).worst).toBeNull();
  await page.getByTestId('sam-step-mode').click();
  await expect(page.locator('.legend')).toContainText('SAM\'s ε (linearised)');
  await expect(page.locator('.legend')).toContainText('◆ exact worst point');
  await expect(page.getByTestId('sam-look')).toContainText('circle\'s highest point: SAM takes its gradient at the arrow\'s tip');
  // One step into the default run the two part by tens of degrees (tests/engine_sam.rs and
  // describe.rs check the search); the line states the angle and both losses, as computed.
  await page.getByTestId('sam-step').click();
  await expect(page.getByTestId('sam-worst')).toContainText('After 1 step: SAM\'s ε (linearised) is');
  const w = (await readout(page)).worst!;
  expect(w.angle_deg!).toBeGreaterThan(30);
  expect(w.worst_loss).toBeGreaterThan(w.sam_loss);
  await expect(page.getByTestId('sam-worst')).toContainText(`${w.angle_deg!.toFixed(1)}° from the exact worst point`);
  // The ◆ is drawn: the path layer has pixels of its colour (#CC79A7).
  const purple = await page.getByTestId('sam-canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 250 && Math.abs(d[i] - 0xcc) < 6 && Math.abs(d[i + 1] - 0x79) < 6 && Math.abs(d[i + 2] - 0xa7) < 6) n++;
    }
    return n;
  });
  expect(purple).toBeGreaterThan(10);
  await page.screenshot({ path: 'tests/e2e/results/sam-worst-point.png' });
  // Back to all steps: no comparison.
  await page.getByRole('button', { name: 'Show all steps' }).click();
  await expect(page.getByTestId('sam-worst')).toHaveText('');
  await expect(page.getByTestId('sam-look')).toContainText('Look at where each path ends');
});

test('basin maps: SAM reaches the flat well from everywhere, GD does not', async ({ page }) => {
  await openApp(page, '/?panel=sam&basins=1');
  await expect.poll(async () => (await readout(page)).basin_ms, { timeout: 20_000 }).not.toBeNull();
  const r = await readout(page);
  console.log(`W3 basin map (120x120, GD and SAM, 300 steps): ${r.basin_ms} ms`);
  const shares = await page.getByTestId('basin-shares').textContent();
  expect(shares).toContain('SAM 100 %');
  // Canvas content: the GD map has sharp-basin (vermilion) pixels at the sharp well's place,
  // the SAM map is bluish green there.
  await showFigure(page, 'basin-gd');
  await showFigure(page, 'basin-sam');
  const box = (await page.getByTestId('basin-gd').boundingBox())!;
  const at = [box.width * (0.9 / 3), box.height * (1.1 / 3)]; // w = (−0.6, 0.4)
  const gd = await pixel(page, 'basin-gd', at[0], at[1]);
  const sam = await pixel(page, 'basin-sam', at[0], at[1]);
  expect(gd[0]).toBeGreaterThan(gd[1]);
  expect(sam[1]).toBeGreaterThan(sam[0]);
});

test('raising ρ grows the flat basin of SAM, without blocking the page', async ({ page }) => {
  await openApp(page, '/?panel=sam&basins=1&rho=0');
  const shares = page.getByTestId('basin-shares');
  await expect(shares).not.toBeEmpty({ timeout: 20_000 });
  // Long tasks from here on (page load itself is not counted).
  await page.evaluate(() => {
    (window as any).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  // With ρ = 0 SAM is gradient descent: the same share ends in the flat well.
  const text = (await shares.textContent())!;
  const flat = text.match(/flat: GD (\d+) %, SAM (\d+) %/)!;
  expect(flat[1]).toBe(flat[2]);
  expect(Number(flat[1])).toBeLessThan(100);
  await page.getByTestId('sam-rho').fill('0.05');
  await expect(shares).toContainText('SAM 100 %', { timeout: 20_000 });
  const longest = await page.evaluate(() => Math.max(0, ...(window as any).longTasks));
  console.log(`basin maps: longest main-thread task while computing ${longest.toFixed(0)} ms`);
});

for (const [name, width, height] of [['phone', 390, 844], ['laptop', 1280, 900]] as const) {
  test(`screenshot at ${name} size, no horizontal scroll`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=sam&test=1');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/results/sam-${name}.png`, fullPage: true });
  });
}

for (const [width, height] of [[600, 450], [960, 540]]) {
  test(`embedded at ${width}x${height} the plot fits the frame`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, '/?panel=sam&embed=1');
    await expect(page.getByTestId('site-header')).toHaveCount(0);
    const box = (await page.getByTestId('sam-canvas').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    expect(box.width).toBeGreaterThan(width * 0.4);
    await page.screenshot({ path: `tests/e2e/results/sam-embed-${width}.png` });
  });
}

test('the text says what moves SAM, with η·λ_max computed for the chosen η', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  const why = page.getByTestId('sam-why');
  await expect(why).toContainText('at η=0.06 it is 1.80');
  expect((await readout(page)).gd).toMatchObject({ eta_lambda: expect.any(Number) });
  const gd = (await readout(page)).gd as unknown as { eta_lambda: number; lambda_max: number };
  expect(gd.eta_lambda).toBeCloseTo(0.06 * gd.lambda_max, 4);
  await page.goto('/?panel=sam&lr=0.01');
  await expect(why).toContainText('at η=0.01 it is 0.30');
});

test('on the valley of global minima SAM ends at a flatter minimum than gradient descent', async ({ page }) => {
  await openApp(page, '/?panel=sam&surface=valley&rho=0.3');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sharpness and SAM');
  const r = (await readout(page)) as unknown as { gd: { lambda_max: number; end: number[] }; sam: { lambda_max: number; end: number[] } };
  expect(Math.abs(r.gd.end[1])).toBeLessThan(0.05);
  expect(r.sam.lambda_max).toBeLessThan(0.5 * r.gd.lambda_max);
  await expect(page.getByTestId('sam-valley')).toContainText('Wen, Ma and Li 2022');
});

test('the scenario buttons show the bounce, the small step and the wide ρ', async ({ page }) => {
  await openApp(page, '/?panel=sam');
  const gap = async () => {
    const r = await readout(page);
    return Math.hypot(r.sam.end[0] - r.gd.end[0], r.sam.end[1] - r.gd.end[1]);
  };
  // No line until a button is pressed; then the pressed scenario's line.
  await expect(page.getByTestId('sam-scenario-says')).toHaveText('');
  // Small step: SAM stays in gradient descent's (sharp) well; the URL says so.
  await page.getByTestId('sam-scenario-2').click();
  await expect(page.getByTestId('sam-scenario-says')).toContainText('Both stay in the sharp minimum');
  await expect.poll(() => new URL(page.url()).searchParams.get('lr')).toBe('0.01');
  expect(new URL(page.url()).searchParams.get('rho')).toBe('0.2');
  await expect.poll(gap).toBeLessThan(0.2);
  // Wide ρ: SAM climbs out of the sharp well but stalls on the slope, at a high loss.
  await page.getByTestId('sam-scenario-3').click();
  await expect(page.getByTestId('sam-scenario-says')).toContainText('stalls on the slope');
  await expect.poll(gap).toBeGreaterThan(0.3);
  expect((await readout(page)).sam.loss).toBeGreaterThan((await readout(page)).gd.loss + 1);
  // The bounce: SAM ends in the flat well.
  await page.getByTestId('sam-scenario-1').click();
  await expect(page.getByTestId('sam-scenario-says')).toContainText('bounces out into the flat one');
  await expect.poll(gap).toBeGreaterThan(0.8);
  await expect(page.getByTestId('sam-why')).toContainText('at η=0.06 it is 1.80');
  // The valley scenario switches the surface.
  await page.getByTestId('sam-scenario-4').click();
  await expect(page.getByTestId('sam-surface')).toHaveValue('valley');
  await expect(page.getByTestId('sam-scenario-says')).toContainText('drifts along the floor');
  const r = (await readout(page)) as unknown as { gd: { loss: number; sharpness: number; sam_objective: number } };
  expect(r.gd.sam_objective).toBeCloseTo(r.gd.loss + r.gd.sharpness, 5);
  // Moving the start leaves the scenario: its line no longer applies and goes.
  await page.getByTestId('sam-canvas').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('sam-scenario-says')).toHaveText('');
});

test('stochastic gradients are minibatches on data and isotropic noise elsewhere', async ({ page }) => {
  await openApp(page, '/?panel=sam&sgd=1');
  await expect(page.getByTestId('sam-sgd-kind')).toContainText('not minibatch noise');
  await expect(page.getByTestId('sam-noise')).toBeVisible();
  await expect(page.getByTestId('sam-batch')).toHaveCount(0);
  await openApp(page, '/?panel=sam&surface=tanh&sgd=1');
  await expect(page.getByTestId('sam-sgd-kind')).toContainText('Minibatch SGD');
  await expect(page.getByTestId('sam-sgd-kind')).toContainText('-sharpness (§4.1)');
  await openApp(page, '/?panel=sam&surface=tanh');
  const full = (await readout(page)).gd.end;
  await openApp(page, '/?panel=sam&surface=tanh&sgd=1&batch=4');
  await expect(page.getByTestId('sam-batch')).toBeVisible();
  const mini = (await readout(page)).gd.end;
  expect(Math.hypot(mini[0] - full[0], mini[1] - full[1])).toBeGreaterThan(1e-4);
  // A batch of all 24 points is plain gradient descent.
  await openApp(page, '/?panel=sam&surface=tanh&sgd=1&batch=24');
  const all = (await readout(page)).gd.end;
  expect(all[0]).toBeCloseTo(full[0], 5);
  expect(all[1]).toBeCloseTo(full[1], 5);
});

test('first screen: the figure, its look-at line and the controls; the reasons behind Why?', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openApp(page, '/?panel=sam');
  await expect(page.getByTestId('sam-look')).toBeVisible();
  await expect(page.getByTestId('sam-look')).toContainText('Look at where each path ends');
  await expect(page.getByTestId('sam-why')).toBeHidden();
  await page.locator('.sam-panel .explain summary').click();
  await expect(page.getByTestId('sam-why')).toBeVisible();
  await expect(page.locator('.sam-panel .explain')).toContainText('-sharpness');
  // Basin maps carry their own look-at line.
  await openApp(page, '/?panel=sam&basins=1');
  await expect(page.getByTestId('sam-basins-view').locator('.look')).toContainText('where the two maps differ');
});
