// Starts genlab's page. scripts/assemble.mjs puts it inline into index.html (so the panel's
// module is requested without waiting for another file) and allows it by its SHA-256 hash
// in the page's Content-Security-Policy, which forbids every other inline script. Picks this page's panel module from `?panel=…`
// (unknown names load the home page, which says so) and starts fetching it at once, while
// the stylesheet loads; starts the module once the page is parsed and styled; registers
// the service worker for offline use. scripts/assemble.mjs writes the table of modules
// into "__GENLAB_PAGES__".
(() => {
  const pages = "__GENLAB_PAGES__";
  const id = (new URLSearchParams(location.search).get('panel') || '').trim();
  const page = pages[id] || pages.home;
  const preload = document.createElement('link');
  preload.rel = 'modulepreload';
  preload.href = page.js;
  document.head.append(preload);
  const wasm = fetch(page.wasm);

  const parsed = new Promise((done) => {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', done, { once: true });
    else done();
  });
  const styled = (sheet) =>
    sheet.sheet ? Promise.resolve() : new Promise((done) => {
      sheet.addEventListener('load', done, { once: true });
      sheet.addEventListener('error', done, { once: true });
    });
  parsed
    .then(() => Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map(styled)))
    .then(() => import(page.js))
    .then(({ default: init }) => init({ module_or_path: wasm }));

  // Offline use after the first visit (see sw.js).
  if ('serviceWorker' in navigator) {
    addEventListener('load', () => navigator.serviceWorker.register('./sw.js').catch(() => {}), { once: true });
  }
})();
