// The benchmark page runs workload W1 and publishes its result as JSON.
import { test, expect } from '@playwright/test';
import { openApp, watchPage } from './helpers';

interface BenchResult {
  workload: string;
  runs_ms: number[];
  median_ms: number;
  gflops: number;
  final_loss: number;
}

async function readResult(page): Promise<BenchResult> {
  const result = page.getByTestId('bench-result');
  await expect(result).toHaveCount(1, { timeout: 45_000 });
  return JSON.parse((await result.textContent())!);
}

test('the Run button produces a W1 result', async ({ page }) => {
  const watch = watchPage(page);
  await openApp(page, '/?panel=bench');
  await page.getByTestId('bench-run').click();
  const result = await readResult(page);
  expect(result.workload).toBe('W1');
  expect(result.runs_ms).toHaveLength(5);
  for (const ms of result.runs_ms) expect(ms).toBeGreaterThan(0);
  const sorted = [...result.runs_ms].sort((a, b) => a - b);
  expect(result.median_ms).toBe(sorted[2]);
  expect(result.gflops).toBeCloseTo(182.4 / result.median_ms, 6);
  expect(result.final_loss).toBeLessThan(0.05);
  await expect(page.locator('table.runs tbody tr')).toHaveCount(5);
  expect(watch.consoleErrors).toEqual([]);
  console.log(`W1 in Chromium: median ${result.median_ms.toFixed(1)} ms, runs ${result.runs_ms.map((m) => m.toFixed(1)).join(', ')}`);
});

test('autorun=1 starts on load and the seed changes the run', async ({ page }) => {
  await openApp(page, '/?panel=bench&autorun=1');
  const first = await readResult(page);
  await openApp(page, '/?panel=bench&autorun=1&seed=2');
  const second = await readResult(page);
  expect(second.final_loss).not.toBe(first.final_loss);
  expect(new URL(page.url()).searchParams.get('seed')).toBe('2');
});
