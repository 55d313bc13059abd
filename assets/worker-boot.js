// The compute worker's entry (a file beside the page, so the Content-Security-Policy can
// allow workers from the app's own origin only): loads the worker's glue and its
// WebAssembly, which then says "ready" (see src/bin/worker.rs). Where the browser runs
// WebAssembly SIMD it loads the build that uses it (scripts/simd-worker.mjs, about twice
// as fast), else, or where that build is missing (development builds), the plain one.
// The probe is a function of one SIMD instruction, i8x16.popcnt(i8x16.splat(0)).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
let worker = './worker';
if (WebAssembly.validate(SIMD_PROBE)) {
  try {
    importScripts('./worker-simd.js');
    worker = './worker-simd';
  } catch {
    importScripts('./worker.js');
  }
} else {
  importScripts('./worker.js');
}
wasm_bindgen(`${worker}_bg.wasm`);
