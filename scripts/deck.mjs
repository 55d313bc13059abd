// Serves examples/deck-example.html, a reveal.js deck with two genlab panels, on its own
// origin as a slide host would, with reveal.js from npm under /reveal/.
// Usage: node scripts/deck.mjs [port] [app address]   (defaults 8081 and http://127.0.0.1:8080/,
// where scripts/serve.sh serves genlab), then open the address it prints.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const ROOTS = [
  ['/reveal/', 'node_modules/reveal.js/dist/'],
  ['/', 'examples/'],
];

/** Starts the deck's server on `port` (loopback); resolves to the server. */
export function serveDeck(port) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [prefix, dir] = ROOTS.find(([p]) => path.startsWith(p));
    const file = normalize(join(dir, path.slice(prefix.length) || 'deck-example.html'));
    if (!file.startsWith(normalize(dir))) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 8081);
  const app = process.argv[3] ?? 'http://127.0.0.1:8080/';
  await serveDeck(port);
  console.log(`The deck: http://127.0.0.1:${port}/deck-example.html#${app}`);
}
