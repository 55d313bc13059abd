// A second build of the compute worker with WebAssembly SIMD (128-bit vectors), for
// assemble.mjs in release builds. With `+simd128` LLVM vectorises the engine's dense loops:
// the restarts panel's default 100 runs (W2) took 1.08 s with the plain worker and 0.49 s
// with this one, in the same Chromium. Browsers without SIMD (Safari before 16.4) cannot
// even compile such a module, so the plain worker stays beside it and
// assets/worker-boot.js picks one. Vectorising does not reorder floating-point sums, so
// both train exactly the same nets (tests/e2e/restarts.spec.ts checks it).
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

/** Builds `worker-simd.js` and `worker-simd_bg.wasm` into `dir` (the glue as
 * wasm-bindgen writes it; assemble.mjs shortens and minifies it like the others). */
export function buildSimdWorker(root, dir) {
  const targetDir = join(root, 'target', 'simd');
  const env = { ...process.env, RUSTFLAGS: '-C target-feature=+simd128' };
  delete env.CARGO_ENCODED_RUSTFLAGS;
  const run = (cmd, args, options = {}) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  run('cargo', ['build', '--release', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', 'worker', '--target-dir', targetDir], { env });
  run('wasm-bindgen', [
    '--target', 'no-modules', '--no-typescript', '--out-name', 'worker-simd', '--out-dir', dir,
    join(targetDir, 'wasm32-unknown-unknown', 'release', 'worker.wasm'),
  ]);
  const wasm = join(dir, 'worker-simd_bg.wasm');
  run('wasm-opt', ['-O3', '--strip-debug', '--strip-producers', ...FEATURES, wasm, '-o', wasm]);
}
