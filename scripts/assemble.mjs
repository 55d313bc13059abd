// Trunk post-build hook: shortens the names between the modules and their glue
// (short-names.mjs), minifies the modules' JavaScript glue (Trunk's own minifier cannot
// parse web-target modules), gives each panel's module a content-hashed name, writes the
// table the page's loader boot.js reads (the string `"__GENLAB_PAGES__"`), puts the loader
// inline into index.html with its hash in the page's policy, and lists every file of the
// build in precache.json for the service worker. Release builds also get the compute
// worker and the benchmark page built with SIMD (simd-builds.mjs). Panels are found as the
// pairs `<id>[-hash].js` + `<id>[-hash]_bg.wasm`, a SIMD build as `<id>-simd.js` +
// `<id>-simd_bg.wasm` (the loader's table lists it as the panel's `simd`); the compute
// worker keeps its fixed names (its entry, worker-boot.js, loads it by name). A panel's own
// stylesheet (style/panels/<id>.css, linked in index.html with data-target-path="panels")
// comes from Trunk minified and content-hashed as panels/<id>-<hash>.css: the hook takes
// its link out of the page again and lists it in the panel's entry as `css`, which the
// loader links on that panel's page only; every page keeps the shared style/main.css.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { shortenNames } from './short-names.mjs';
import { buildSimd } from './simd-builds.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('assemble.mjs runs as a Trunk hook (TRUNK_STAGING_DIR unset)');
// 7 hex digits: enough to tell builds apart for caching, and every page's loader table
// carries about twenty of them (16 digits cost each page about 100 bytes gzipped).
const hash = (file) => createHash('sha256').update(readFileSync(join(dir, file))).digest('hex').slice(0, 7);

// Release builds only (`trunk serve` keeps the glue readable for debugging): each
// module's imports and exports get short names (scripts/short-names.mjs), then its glue is
// minified.
const isWorker = (file) => /^worker(-simd)?\.js$/.test(file);
if (process.env.TRUNK_PROFILE === 'release') {
  buildSimd(process.env.TRUNK_SOURCE_DIR ?? process.cwd(), dir);
  for (const file of readdirSync(dir).filter((f) => /^[a-z]+(-[0-9a-f]+|-simd)?\.js$/.test(f) && f !== 'sw.js')) {
    const path = join(dir, file);
    let glue = readFileSync(path, 'utf8');
    const wasm = join(dir, file.replace(/\.js$/, '_bg.wasm'));
    if (existsSync(wasm)) {
      const id = file.replace(/(-[0-9a-f]+)?\.js$/, '');
      const short = shortenNames(readFileSync(wasm), glue, `./${id}_bg.js`);
      writeFileSync(wasm, short.wasm);
      glue = short.js;
    }
    // The compute worker is a classic script: its top-level names stay.
    const module = !isWorker(file);
    const { code } = await minify(glue, { module, compress: true, mangle: true });
    writeFileSync(path, code);
  }
}

/** The module `<name>.js` + `<name>_bg.wasm` under a content-hashed name (`<name>-<hash>`),
 * which the loader's table lists without the extensions (assets/boot.js adds them). */
const hashed = (name) => {
  const h = hash(`${name}_bg.wasm`);
  renameSync(join(dir, `${name}.js`), join(dir, `${name}-${h}.js`));
  renameSync(join(dir, `${name}_bg.wasm`), join(dir, `${name}-${h}_bg.wasm`));
  return `${name}-${h}`;
};
const pages = {};
for (const file of readdirSync(dir)) {
  const m = /^([a-z]+)(-[0-9a-f]+)?\.js$/.exec(file);
  if (!m || m[1] === 'worker' || m[1] === 'sw') continue;
  const wasm = `${m[1]}${m[2] ?? ''}_bg.wasm`;
  if (!readdirSync(dir).includes(wasm)) continue;
  pages[m[1]] = { js: m[2] ? `${m[1]}${m[2]}` : hashed(m[1]) };
  if (existsSync(join(dir, `${m[1]}-simd_bg.wasm`))) pages[m[1]].simd = hashed(`${m[1]}-simd`);
}
if (!pages.home) throw new Error('assemble.mjs: no home page module in the build');

// Each panel's own stylesheet, as Trunk wrote it (panels/<id>[-hash].css).
const sheets = existsSync(join(dir, 'panels')) ? readdirSync(join(dir, 'panels')) : [];
for (const file of sheets) {
  const m = /^([a-z]+)(-[0-9a-f]+)?\.css$/.exec(file);
  if (!m) continue;
  if (!pages[m[1]]) throw new Error(`assemble.mjs: panels/${file} belongs to no panel module`);
  // Renamed with the short content hash of the modules above.
  const named = `${m[1]}-${hash(join('panels', file))}`;
  renameSync(join(dir, 'panels', file), join(dir, 'panels', `${named}.css`));
  pages[m[1]].css = named;
}
// A sheet in style/panels/ without its link in index.html would leave its panel unstyled.
const source = join(process.env.TRUNK_SOURCE_DIR ?? process.cwd(), 'style', 'panels');
for (const file of existsSync(source) ? readdirSync(source) : []) {
  const id = file.replace(/\.css$/, '');
  if (file.endsWith('.css') && pages[id] && !pages[id].css) {
    throw new Error(`assemble.mjs: style/panels/${file} is not in the build; link it in index.html`);
  }
}

// The loader gets the table and goes inline into index.html (one round trip less before
// the panel's module is requested), allowed by its SHA-256 hash in the page's
// Content-Security-Policy, so inline scripts stay forbidden otherwise.
const boot = join(dir, 'boot.js');
const loader = readFileSync(boot, 'utf8');
// The placeholder is a string literal (its quotes may change if the loader is minified).
const placeholder = /(["'`])__GENLAB_PAGES__\1/;
if (!placeholder.test(loader)) throw new Error('assemble.mjs: loader table placeholder missing in boot.js');
const { code: bootCode } = await minify(loader.replace(placeholder, JSON.stringify(pages)), { compress: true, mangle: true });
if (/<\/script|<!--/i.test(bootCode)) throw new Error('assemble.mjs: the loader cannot be inlined as it is');
const bootHash = `'sha256-${createHash('sha256').update(bootCode).digest('base64')}'`;
rmSync(boot);

const index = join(dir, 'index.html');
const html = readFileSync(index, 'utf8');
const bootTag = /<script\b[^>]*\bsrc=["']?(?:\.\/)?boot\.js["']?[^>]*><\/script>/;
if (!bootTag.test(html)) throw new Error('assemble.mjs: index.html does not load boot.js');
const scriptSrc = /(script-src [^;"]*[^;"\s])/;
if (!scriptSrc.test(html)) throw new Error("assemble.mjs: index.html's policy has no script-src");
// Trunk leaves the home page's build link in place when it injects no script.
const rustLink = /<link[^>]*\brel="?rust"?[^>]*>/g;
// Trunk links every panel's stylesheet into the page; the loader links the page's own.
const panelSheetLink = /<link\b[^>]*\bhref=["']?(?:\.\/)?panels\/[a-z]+(?:-[0-9a-f]+)?\.css["']?[^>]*>/g;
const page = html
  .replace(bootTag, () => `<script>${bootCode}</script>`)
  .replace(scriptSrc, `$1 ${bootHash}`)
  .replace(rustLink, '')
  .replace(panelSheetLink, '');
const leftSheet = /<link\b[^>]*panels\/[^>]*>/.exec(page);
if (leftSheet) throw new Error(`assemble.mjs: a panel's stylesheet link is left in index.html: ${leftSheet[0]}`);
writeFileSync(index, page);

const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1).split('\\').join('/'))
  .filter((f) => f !== 'sw.js' && f !== 'precache.json' && !f.endsWith('.d.ts'))
  // The digits (788 KB) are cached when the digits lab first fetches them (the service
  // worker keeps every file it serves), not by every visitor on install.
  .filter((f) => f !== 'digits.bin');
writeFileSync(join(dir, 'precache.json'), JSON.stringify(files.map((f) => `./${f}`)));
console.log(`assemble: ${Object.keys(pages).length} panel modules, ${files.length} files to precache`);
