// Second builds, with WebAssembly SIMD (128-bit vectors), of the two modules that run the
// engine at full speed: the compute worker and the benchmark page. assemble.mjs calls it
// in release builds. With `+simd128` LLVM vectorises the engine's dense loops: the
// restarts panel's default 100 runs (W2) took 1.08 s with the plain worker and 0.49 s
// with this one, and W1 on the benchmark page about a third of its plain time, in the same
// Chromium. Browsers without SIMD (Safari before 16.4) cannot even compile such a module,
// so the plain build stays beside each; assets/worker-boot.js and assets/boot.js pick one
// with the same probe. Vectorising does not reorder floating-point sums, so both builds
// compute exactly the same numbers (restarts.spec.ts and bench.spec.ts check it).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The features of the modules Rust emits for wasm32 today, plus SIMD. */
const FEATURES = [
  '--enable-simd',
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-reference-types',
  '--enable-multivalue',
];

/** The SIMD builds: binary, wasm-bindgen target (the worker is a classic script). */
const BUILDS = [
  ['worker', 'no-modules'],
  ['bench', 'web'],
];

/** Builds `<bin>-simd.js` and `<bin>-simd_bg.wasm` into `dir` for each of BUILDS (the
 * glue as wasm-bindgen writes it; assemble.mjs shortens and minifies it like the others). */
export function buildSimd(root, dir) {
  const targetDir = join(root, 'target', 'simd');
  const env = { ...process.env, RUSTFLAGS: '-C target-feature=+simd128' };
  delete env.CARGO_ENCODED_RUSTFLAGS;
  const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  const bins = BUILDS.flatMap(([bin]) => ['--bin', bin]);
  run('cargo', ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown', ...bins, '--target-dir', targetDir], { env });
  for (const [bin, target] of BUILDS) {
    run('wasm-bindgen', [
      '--target', target, '--no-typescript', '--out-name', `${bin}-simd`, '--out-dir', dir,
      join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.wasm`),
    ]);
    const wasm = join(dir, `${bin}-simd_bg.wasm`);
    run('wasm-opt', ['-O3', '--strip-debug', '--strip-producers', ...FEATURES, wasm, '-o', wasm]);
  }
}
