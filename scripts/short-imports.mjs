// Shortens the names a wasm-bindgen module imports its JavaScript glue by. wasm-bindgen
// names every import `__wbg_<method>_<16 hex digits>` under the module "./<id>_bg.js";
// those names stand twice in a page's download, once in the wasm's import section and once
// as a key of the glue's import object, and their random hex barely compresses (about 5 KB
// gzipped per page). Here both get one- or two-letter names. Used by assemble.mjs on
// release builds, before the glue is minified.

/** Reads an unsigned LEB128 number at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128. */
function lebBytes(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const utf8 = (s) => [...new TextEncoder().encode(s)];
const name = (bytes) => [...lebBytes(bytes.length), ...bytes];

/** The k-th short name: a … z, A … Z, then two letters. */
export function shortName(k) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = letters[k % 52];
  for (k = Math.floor(k / 52); k > 0; k = Math.floor((k - 1) / 52)) out = letters[(k - 1) % 52] + out;
  return out;
}

/** Offset just past an import's description (its kind byte at `at`). */
function skipImportDesc(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    if (flags > 7) throw new Error(`short-imports: unknown limits flags ${flags}`);
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: // function: type index
    case 4: // tag: attribute byte, then type index
      if (kind === 4) at++;
      return leb(bytes, at)[1];
    case 1: // table: reference type (funcref or externref), limits
      if (bytes[at] !== 0x70 && bytes[at] !== 0x6f) throw new Error('short-imports: unknown table type');
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      if (bytes[at] < 0x6f) throw new Error('short-imports: unknown global type');
      return at + 2;
    default:
      throw new Error(`short-imports: unknown import kind ${kind}`);
  }
}

/**
 * Renames the imports of `wasm` (a Uint8Array) from the glue module `glueModule`
 * ("./<id>_bg.js") and the matching keys of the glue `js` (wasm-bindgen's output, not yet
 * minified). Throws if the glue does not name each import exactly once, so a change in
 * wasm-bindgen's output fails the build rather than the page.
 */
export function shortenImports(wasm, js, glueModule) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  const renamed = new Map();
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, start);
    const section = [...lebBytes(count)];
    for (; count > 0; count--) {
      const [moduleLength, m] = leb(wasm, p);
      const module = new TextDecoder().decode(wasm.subarray(m, m + moduleLength));
      const [fieldLength, f] = leb(wasm, m + moduleLength);
      const field = new TextDecoder().decode(wasm.subarray(f, f + fieldLength));
      const descEnd = skipImportDesc(wasm, f + fieldLength);
      const desc = wasm.subarray(f + fieldLength, descEnd);
      if (module === glueModule) {
        if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
        section.push(...name(utf8('w')), ...name(utf8(renamed.get(field))), ...desc);
      } else {
        section.push(...wasm.subarray(p, descEnd));
      }
      p = descEnd;
    }
    parts.push(Uint8Array.from([2, ...lebBytes(section.length), ...section]));
    at = end;
  }
  const once = (text, pattern, what) => {
    const hits = text.match(new RegExp(pattern, 'g'))?.length ?? 0;
    if (hits !== 1) throw new Error(`short-imports: the glue names ${what} ${hits} times, not once`);
  };
  let glue = js;
  const quoted = JSON.stringify(glueModule);
  once(glue, quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), glueModule);
  glue = glue.replace(quoted, '"w"');
  for (const [long, short] of renamed) {
    once(glue, `\\b${long}\\b`, long);
    const next = glue.replace(new RegExp(`\\b${long}(?=\\s*:)`), short);
    if (next === glue) throw new Error(`short-imports: ${long} is not a key of the glue's imports`);
    glue = next;
  }
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => (bytes.set(part, offset), offset + part.length), 0);
  if (!WebAssembly.validate(bytes)) throw new Error('short-imports: the rewritten module does not validate');
  return { wasm: bytes, js: glue, count: renamed.size };
}
