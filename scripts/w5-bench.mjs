// W5's benchmark (issue #23, DESIGN.md): the real-digits lab's network trained for the same
// steps by genlab's engine and by TensorFlow.js (its wasm backend, then its cpu backend),
// in the same Chromium page, one thread each, at the lab's default size and at a large one
// (784 inputs, width 512, batch 128), with the page's SIMD matrix-product ceiling.
// Usage: node scripts/w5-bench.mjs [--rounds N]   (after scripts/build.sh; N fresh pages,
// medians printed). Writes tests/e2e/results/w5.json.
//
// genlab runs from the benchmark page's "Run W5" button (src/panels/bench/w5.rs). TF.js is
// a benchmark dependency only: its bundles are served from node_modules under /tfjs/ of
// the page's own origin (its Content-Security-Policy allows scripts from there and
// WebAssembly), never copied to dist/. Its network: dense ReLU layers and a dense output,
// He-normal kernels N(0, 2/fan-in) and zero biases as `Mlp::init`, momentum SGD
// (v ← μv + g, w ← w − ηv, as genlab's) on the mean softmax cross-entropy, the same 1,000
// standardised digits (upsampled 2× for 784 inputs) in full batches made into tensors
// before timing, each step `optimizer.minimize`. The page is not cross-origin isolated,
// so the wasm backend has no threads (the script also sets one); it loads its SIMD build.
// Last, TF.js's matMul alone at the large size's three products of a step (forward, weight
// gradient xᵀ·δ, input gradient δ·Wᵀ): where its time goes.
import { chromium } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { serve } from './serve-gzip.mjs';

const PORT = 4183;
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 1;
// The ES2017 bundles: the ES5 ones carry regenerator-runtime, whose fallback evaluates a
// string, which the page's Content-Security-Policy refuses (and the bundle stops there).
const TFJS = {
  'tf.js': 'node_modules/@tensorflow/tfjs/dist/tf.es2017.min.js',
  'tf-backend-wasm.js': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js',
};
for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  TFJS[name] = `node_modules/@tensorflow/tfjs-backend-wasm/dist/${name}`;
}

// dist/ as a static host serves it, plus TF.js's files under /tfjs/.
const server = await serve('dist', PORT);
const [app] = server.listeners('request');
server.removeAllListeners('request');
server.on('request', async (req, res) => {
  const name = new URL(req.url, 'http://x').pathname.match(/^\/tfjs\/([\w.-]+)$/)?.[1];
  if (!name) return app(req, res);
  if (!TFJS[name]) return res.writeHead(404).end('not found');
  res.writeHead(200, { 'content-type': name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  res.end(await readFile(TFJS[name]));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** In the page: trains `spec` (a size of genlab's readout) with TF.js's `backend`. */
async function tfjsW5({ backend, spec }) {
  const tf = globalThis.tf;
  if (backend === 'wasm' && !globalThis.w5WasmSet) {
    globalThis.w5WasmSet = true;
    tf.wasm.setWasmPaths('/tfjs/');
    tf.wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  // The digits as genlab's w5::training_data gives them: rows 1000..2000 of the asset,
  // x = (v − μ)/σ in f32 with μ and σ of those images' grey levels v = byte/255.
  const bytes = new Uint8Array(await (await fetch('digits.bin')).arrayBuffer());
  const count = new DataView(bytes.buffer).getUint32(4, true);
  const side = bytes[8];
  const dim = side * side;
  const [TEST, TRAIN] = [1000, 1000];
  const labels = bytes.subarray(12 + TEST, 12 + TEST + TRAIN);
  const pixels = bytes.subarray(12 + count + TEST * dim, 12 + count + (TEST + TRAIN) * dim);
  let sum = 0;
  for (const p of pixels) sum += p / 255;
  const mean = sum / pixels.length;
  let sq = 0;
  for (const p of pixels) sq += (p / 255 - mean) ** 2;
  const [mu, sigma] = [Math.fround(mean), Math.fround(Math.max(Math.sqrt(sq / pixels.length), 1e-3))];
  const k = Math.round(Math.sqrt(spec.inputs) / side);
  const x = new Float32Array(TRAIN * spec.inputs);
  for (let i = 0; i < TRAIN; i++) {
    for (let r = 0; r < side * k; r++) {
      for (let c = 0; c < side * k; c++) {
        const v = pixels[i * dim + Math.floor(r / k) * side + Math.floor(c / k)];
        x[i * spec.inputs + r * side * k + c] = (Math.fround(v / 255) - mu) / sigma;
      }
    }
  }
  // One shuffled pass (a seeded Fisher–Yates) cut into full batches, made into tensors.
  let state = 1;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const order = [...Array(TRAIN).keys()];
  for (let i = TRAIN - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const batches = [];
  for (let b = 0; b + spec.batch <= TRAIN; b += spec.batch) {
    const rows = order.slice(b, b + spec.batch);
    const bx = new Float32Array(spec.batch * spec.inputs);
    rows.forEach((row, i) => bx.set(x.subarray(row * spec.inputs, (row + 1) * spec.inputs), i * spec.inputs));
    batches.push([tf.tensor2d(bx, [spec.batch, spec.inputs]), tf.oneHot(tf.tensor1d(rows.map((row) => labels[row]), 'int32'), 10)]);
  }
  // The network and its optimiser.
  const he = (fanIn) => tf.initializers.randomNormal({ mean: 0, stddev: Math.sqrt(2 / fanIn), seed: 1 });
  const model = tf.sequential();
  for (let l = 0; l < spec.hidden; l++) {
    const fanIn = l === 0 ? spec.inputs : spec.width;
    const shape = l === 0 ? { inputShape: [spec.inputs] } : {};
    model.add(tf.layers.dense({ ...shape, units: spec.width, activation: 'relu', kernelInitializer: he(fanIn), biasInitializer: 'zeros' }));
  }
  model.add(tf.layers.dense({ units: 10, kernelInitializer: he(spec.width), biasInitializer: 'zeros' }));
  const optimizer = tf.train.momentum(spec.lr, spec.momentum);
  const loss = ([bx, by]) => tf.losses.softmaxCrossEntropy(by, model.apply(bx));
  const step = (s) => optimizer.minimize(() => loss(batches[s % batches.length]), false);
  const sync = () => model.getWeights()[0].dataSync();
  for (let s = 0; s < spec.warmup; s++) step(s);
  sync();
  await new Promise((done) => setTimeout(done, 300));
  const tensors = tf.memory().numTensors;
  const t0 = performance.now();
  for (let s = 0; s < spec.steps; s++) step(spec.warmup + s);
  sync();
  const ms = performance.now() - t0;
  const leaked = tf.memory().numTensors - tensors;
  const last = batches[(spec.warmup + spec.steps - 1) % batches.length];
  const finalLoss = tf.tidy(() => loss(last).dataSync()[0]);
  const wasm = performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => n.startsWith('tfjs-backend-wasm'));
  model.dispose();
  optimizer.dispose();
  batches.flat().forEach((t) => t.dispose());
  return { backend: tf.getBackend(), ms, steps_per_s: (spec.steps / ms) * 1e3, final_loss: finalLoss, leaked, wasm: [...new Set(wasm)] };
}

/** In the page: TF.js's matMul alone at `spec`'s three products of a step's first layer
 * (forward x·W, weight gradient xᵀ·δ, input gradient δ·Wᵀ), in GFLOP/s. */
async function tfjsMatMul({ backend, spec }) {
  const tf = globalThis.tf;
  await tf.setBackend(backend);
  const [m, k, n] = [spec.batch, spec.inputs, spec.width];
  const cases = { 'x·W': [[m, k], [k, n], false, false], 'xᵀ·δ': [[m, k], [m, n], true, false], 'δ·Wᵀ': [[m, n], [k, n], false, true] };
  const out = {};
  for (const [name, [sa, sb, ta, tb]] of Object.entries(cases)) {
    const [a, b] = [tf.randomNormal(sa), tf.randomNormal(sb)];
    for (let r = 0; r < 3; r++) tf.matMul(a, b, ta, tb).dispose();
    const t0 = performance.now();
    for (let r = 0; r < 10; r++) tf.matMul(a, b, ta, tb).dispose();
    out[name] = (2 * m * k * n * 10) / (performance.now() - t0) / 1e6;
    a.dispose();
    b.dispose();
  }
  return out;
}

/** One round in a fresh page: genlab's W5 from the page's button, then TF.js's. */
async function round() {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT}/`, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('?panel=bench');
  await page.getByTestId('bench-w5-run').click();
  const readout = page.getByTestId('bench-w5');
  await readout.waitFor({ state: 'attached', timeout: 300_000 });
  const genlab = JSON.parse(await readout.textContent());
  const module = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).find((n) => n.endsWith('.wasm')));
  await page.addScriptTag({ url: '/tfjs/tf.js' });
  await page.addScriptTag({ url: '/tfjs/tf-backend-wasm.js' });
  const tfjs = { wasm: [], cpu: [] };
  for (const backend of ['wasm', 'cpu']) {
    for (const spec of genlab.sizes) tfjs[backend].push(await page.evaluate(tfjsW5, { backend, spec }));
  }
  const matmul = await page.evaluate(tfjsMatMul, { backend: 'wasm', spec: genlab.sizes.at(-1) });
  const version = await page.evaluate(() => globalThis.tf.version.tfjs);
  await context.close();
  if (errors.length) console.log(`console errors: ${errors.join(' | ')}`);
  return { module, version, genlab, tfjs, matmul };
}

const results = [];
for (let r = 0; r < rounds; r++) results.push(await round());
await browser.close();
server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const first = results[0];
// Ratios are taken round by round (both sides in one page, minutes apart at most), then
// their median and range.
const rows = first.genlab.sizes.map((spec, i) => {
  const per = (f) => results.map((r) => f(r.genlab.sizes[i].steps_per_s, r.tfjs.wasm[i].steps_per_s, r.tfjs.cpu[i].steps_per_s));
  const stat = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
  const genlab = median(per((g) => g));
  const wasm = median(per((_, w) => w));
  const flops = (spec.gflops / spec.steps_per_s) * 1e9;
  return {
    size: spec.size,
    network: `${spec.inputs}-${spec.width}-10`,
    batch: spec.batch,
    steps: spec.steps,
    genlab_steps_per_s: genlab,
    tfjs_wasm_steps_per_s: wasm,
    tfjs_cpu_steps_per_s: median(per((_, __, c) => c)),
    genlab_over_wasm: stat(per((g, w) => g / w)),
    genlab_over_cpu: stat(per((g, _, c) => g / c)),
    genlab_gflops: (genlab * flops) / 1e9,
    tfjs_wasm_gflops: (wasm * flops) / 1e9,
    final_loss: { genlab: first.genlab.sizes[i].final_loss, tfjs_wasm: first.tfjs.wasm[i].final_loss, tfjs_cpu: first.tfjs.cpu[i].final_loss },
  };
});
const ceiling = median(results.map((r) => r.genlab.ceiling.gflops));
const f = (x, d = 0) => x.toFixed(d);
const ratio = (r, d) => (rounds > 1 ? `${f(r.median, d)} (${f(r.min, d)}–${f(r.max, d)})` : f(r.median, d));
const table = [['size', 'network', 'batch', 'steps', 'genlab/s', 'tfjs-wasm/s', 'tfjs-cpu/s', '× wasm', '× cpu', 'genlab GFLOP/s', 'tfjs-wasm GFLOP/s']];
for (const r of rows) {
  table.push([r.size, r.network, r.batch, r.steps, f(r.genlab_steps_per_s), f(r.tfjs_wasm_steps_per_s, 1), f(r.tfjs_cpu_steps_per_s, 1),
    ratio(r.genlab_over_wasm, 2), ratio(r.genlab_over_cpu, 1), f(r.genlab_gflops, 2), f(r.tfjs_wasm_gflops, 2)].map(String));
}
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
console.log(`W5 in Chromium, ${rounds} round(s), medians; genlab ${first.module}, TF.js ${first.version} (wasm: ${first.tfjs.wasm[0].wasm.join(', ')})`);
for (const row of table) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
console.log(`ceiling: ${first.genlab.ceiling.n}³ f32 matrix product, ${first.genlab.ceiling.simd ? 'WebAssembly SIMD' : 'plain loops'}: ${ceiling.toFixed(2)} GFLOP/s`);
const large = first.genlab.sizes.at(-1);
const products = Object.keys(first.matmul).map((name) => `${name} ${median(results.map((r) => r.matmul[name])).toFixed(1)}`);
console.log(`TF.js wasm matMul alone, ${large.batch}×${large.inputs}·${large.inputs}×${large.width} (GFLOP/s): ${products.join(', ')}`);
const leaks = results.flatMap((r) => [...r.tfjs.wasm, ...r.tfjs.cpu]).filter((t) => t.leaked !== 0);
if (leaks.length) console.log(`note: TF.js runs that left tensors behind: ${leaks.map((t) => t.leaked).join(', ')}`);
await mkdir('tests/e2e/results', { recursive: true });
await writeFile('tests/e2e/results/w5.json', `${JSON.stringify({ rounds, rows, ceiling_gflops: ceiling, results }, null, 2)}\n`);
console.log('written: tests/e2e/results/w5.json');
