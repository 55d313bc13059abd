// The compute worker's entry (a file beside the page, so the Content-Security-Policy can
// allow workers from the app's own origin only): loads the worker's glue and its
// WebAssembly, which then says "ready" (see src/bin/worker.rs).
importScripts('./worker.js');
wasm_bindgen('./worker_bg.wasm');
