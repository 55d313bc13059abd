// Shortens the names between a wasm-bindgen module and its JavaScript glue. wasm-bindgen
// names every import `__wbg_<method>_<16 hex digits>` under the module "./<id>_bg.js", and
// exports such as `wasm_bindgen__convert__closures_____invoke__<hash>`; those names stand
// in the wasm and again in the glue, and their random hex barely compresses (5–7 KB gzipped
// per page). Here they get one- or two-letter names (the memory keeps its own). Used by
// assemble.mjs on release builds, before it minifies the pages' glue (Trunk has already
// minified the worker's, all but its property names).

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
    if (flags > 7) throw new Error(`short-names: unknown limits flags ${flags}`);
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
      if (bytes[at] !== 0x70 && bytes[at] !== 0x6f) throw new Error('short-names: unknown table type');
      return limits(at + 1);
    case 2: // memory: limits
      return limits(at);
    case 3: // global: value type, mutability
      if (bytes[at] < 0x6f) throw new Error('short-names: unknown global type');
      return at + 2;
    default:
      throw new Error(`short-names: unknown import kind ${kind}`);
  }
}

/**
 * Renames the imports of `wasm` (a Uint8Array) from the glue module `glueModule`
 * ("./<id>_bg.js") and the matching keys of the glue `js` (wasm-bindgen's output, not yet
 * minified, or minified but for property names), and the module's exports and the glue's
 * `wasm.<name>` uses of them. Throws if the glue does not use the names as expected (each
 * import a key once, exports only through the one variable holding them), so a change in
 * wasm-bindgen's output fails the build, not the page.
 */
export function shortenNames(wasm, js, glueModule) {
  const text = (at) => {
    const [length, start] = leb(wasm, at);
    return [new TextDecoder().decode(wasm.subarray(start, start + length)), start + length];
  };
  const parts = [wasm.subarray(0, 8)];
  const imports = new Map();
  const exports = new Map();
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    if (id !== 2 && id !== 7) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = leb(wasm, start);
    const section = [...lebBytes(count)];
    for (; count > 0; count--) {
      if (id === 2) {
        const [module, m] = text(p);
        const [field, f] = text(m);
        const descEnd = skipImportDesc(wasm, f);
        if (module === glueModule) {
          if (!imports.has(field)) imports.set(field, shortName(imports.size));
          section.push(...name(utf8('w')), ...name(utf8(imports.get(field))), ...wasm.subarray(f, descEnd));
        } else {
          section.push(...wasm.subarray(p, descEnd));
        }
        p = descEnd;
      } else {
        const [field, f] = text(p);
        const descEnd = leb(wasm, f + 1)[1];
        // The memory keeps its name, which tools and tests look for (kind 2: memory).
        if (wasm[f] !== 2) exports.set(field, shortName(exports.size));
        section.push(...name(utf8(exports.get(field) ?? field)), ...wasm.subarray(f, descEnd));
        p = descEnd;
      }
    }
    parts.push(Uint8Array.from([id, ...lebBytes(section.length), ...section]));
    at = end;
  }
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const count = (text, pattern) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;
  let glue = js;
  const quoted = JSON.stringify(glueModule);
  if (count(glue, escape(quoted)) !== 1) throw new Error(`short-names: the glue names ${glueModule} other than once`);
  glue = glue.replace(quoted, '"w"');
  for (const [long, short] of imports) {
    if (count(glue, `\\b${long}\\b`) !== 1) throw new Error(`short-names: the glue names the import ${long} other than once`);
    const next = glue.replace(new RegExp(`\\b${long}(?=\\s*:)`), short);
    if (next === glue) throw new Error(`short-names: ${long} is not a key of the glue's imports`);
    glue = next;
  }
  // The variable the glue keeps the exports in (`wasm`, or a minifier's name for it).
  const holders = new Set([...glue.matchAll(/([A-Za-z_$][\w$]*)\s*=\s*[A-Za-z_$][\w$]*\.exports\b/g)].map((m) => m[1]));
  if (holders.size !== 1) throw new Error(`short-names: ${glueModule}'s glue keeps its exports in ${holders.size} variables`);
  const [holder] = holders;
  for (const [long, short] of exports) {
    glue = glue.replace(new RegExp(`\\b${escape(holder)}\\.${escape(long)}\\b`, 'g'), `${holder}.${short}`);
    if (count(glue, `\\.${escape(long)}\\b`) !== 0) {
      const where = glue.match(new RegExp(`.{0,60}\\.${escape(long)}\\b.{0,20}`));
      throw new Error(`short-names: ${glueModule}'s glue uses the export ${long} other than as ${holder}.${long}: ${where}`);
    }
  }
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => (bytes.set(part, offset), offset + part.length), 0);
  if (!WebAssembly.validate(bytes)) throw new Error('short-names: the rewritten module does not validate');
  return { wasm: bytes, js: glue };
}
