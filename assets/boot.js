// Starts genlab's page. scripts/assemble.mjs puts it inline into index.html (so the panel's
// module is requested without waiting for another file) and allows it by its SHA-256 hash
// in the page's Content-Security-Policy, which forbids every other inline script. Picks this page's panel module from `?panel=…`
// (unknown names load the home page, which says so) and starts fetching it at once, while
// the stylesheets load; starts the module once the page is parsed and styled; registers
// the service worker for offline use. scripts/assemble.mjs writes the table of modules
// into "__GENLAB_PAGES__": per panel its module's name as `js` (`<id>-<hash>`, for `.js`
// and `_bg.wasm`) and its stylesheet's (`<id>-<hash>` in panels/). A panel built a second time with WebAssembly SIMD (the
// benchmark page: scripts/simd-builds.mjs) lists it as `simd`; it is loaded where the
// browser validates a SIMD instruction (the probe of worker-boot.js), else the plain one.
// Stylesheets: the page links the shared one (style/main.css: the shell and what several
// panels share); a panel's own rules are in style/panels/<id>.css, which its entry lists as
// `css` and this loader links at once, so that only that panel's page fetches them.
(() => {
  const pages = "__GENLAB_PAGES__";
  const id = (new URLSearchParams(location.search).get('panel') || '').trim();
  const panel = pages[id] || pages.home;
  const SIMD_PROBE = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
  ]);
  const module = './' + (panel.simd && WebAssembly.validate(SIMD_PROBE) ? panel.simd : panel.js);
  const preload = document.createElement('link');
  preload.rel = 'modulepreload';
  preload.href = module + '.js';
  document.head.append(preload);
  const wasm = fetch(module + '_bg.wasm');

  // The panel's own stylesheet, requested now. It goes after <head> (not into it, where it
  // would precede the shared stylesheet's link, which the parser has yet to reach), so its
  // rules follow the shared ones, as if both were one file, and win ties with them.
  let own;
  if (panel.css) {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `./panels/${panel.css}.css` });
    own = new Promise((done) => {
      link.addEventListener('load', done, { once: true });
      link.addEventListener('error', done, { once: true });
    });
    document.documentElement.append(link);
  }

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
    .then(() => Promise.all([own, ...[...document.head.querySelectorAll('link[rel="stylesheet"]')].map(styled)]))
    .then(() => import(module + '.js'))
    .then(({ default: init }) => init({ module_or_path: wasm }))
    .catch(failed);

  // A module that cannot be fetched, compiled or started (a lost connection, a corrupt
  // cache, a browser without the WebAssembly features every module uses: bulk memory,
  // reference types, multi-value, sign extension, non-trapping float-to-int) says so in
  // place of "Loading genlab…", with what to do.
  function failed(error) {
    console.error(error);
    // Once the panel is on the page (it removes #loading), its own panic overlay reports.
    const loading = document.getElementById('loading');
    if (!loading) return;
    const box = document.createElement('div');
    box.className = 'panic-box';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'load-error';
    const line = (tag, text) => box.appendChild(Object.assign(document.createElement(tag), { textContent: text }));
    line('h2', 'genlab could not start');
    line('p', navigator.onLine === false
      ? 'This page needs its WebAssembly, and the browser is offline and has no copy yet. Connect and reload.'
      : 'Its WebAssembly did not load. Reload the page; if this happens again, update your browser: genlab needs Chrome or Edge 96, Firefox 79 or Safari 15 or later.');
    const reload = line('button', 'Reload');
    reload.type = 'button';
    reload.className = 'primary';
    reload.addEventListener('click', () => location.reload());
    const details = document.createElement('details');
    details.append(Object.assign(document.createElement('summary'), { textContent: 'Technical details' }));
    details.append(Object.assign(document.createElement('pre'), { textContent: String(error) }));
    box.append(details);
    loading.replaceChildren(box);
  }

  // On paper (the print media query matches: a browser's print or save as PDF, a test's
  // print emulation; the panel's module listens too, to draw every figure, `ui::print`):
  // every closed disclosure ("Why?") opens, those built while printing too (figures far down
  // the page are built for paper), and they close again afterwards; the page's line
  // of settings (`.print-controls`, before the live view's link) lists each control of the
  // panel as the student sees it: a slider's label and value, a list's choice, a switch on
  // or off, the open tab. Plain DOM work, done here once rather than in every module.
  const words = (e) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const disclose = (open) => {
    for (const d of document.querySelectorAll(open ? 'details:not([open])' : 'details[data-print-opened]')) {
      d.open = open;
      d.toggleAttribute('data-print-opened', open);
    }
  };
  const built = new MutationObserver(() => disclose(true));
  matchMedia('print').addEventListener('change', ({ matches }) => {
    disclose(matches);
    if (matches) built.observe(document.body, { childList: true, subtree: true });
    else built.disconnect();
    const line = document.querySelector('.print-controls');
    const controls = '.panel-host :is(label.slider, label.select, label.toggle, [role=tab][aria-selected=true])';
    if (!matches || !line) return;
    const settings = [...document.querySelectorAll(controls)].map((e) => {
      const [name, input] = [words(e.querySelector('span:not(.slider-head)')), e.querySelector('input')];
      if (e.matches('.slider')) return `${name} = ${words(e.querySelector('output'))}`;
      if (e.matches('.toggle')) return `${name} ${input.checked ? 'on' : 'off'}`;
      if (e.matches('.select')) return `${name}: ${input ? input.value : words(e.querySelector('option:checked'))}`;
      return `View: ${words(e)}`;
    });
    line.textContent = settings.length ? `Settings: ${settings.join(', ')}. ` : '';
  });

  // "Download notebook" (a panel's export row, the Share box): assets/notebook.js, fetched
  // on the first click only, so no page's first load carries it.
  addEventListener('click', (event) => {
    const button = event.target.closest?.('[data-notebook]');
    if (button) import('./notebook.js').then((m) => m.save(button));
  });

  // Offline use after the first visit (see sw.js).
  if ('serviceWorker' in navigator) {
    addEventListener('load', () => navigator.serviceWorker.register('./sw.js').catch(() => {}), { once: true });
  }
})();
