// A static server for dist/ that compresses as a real static host does (gzip for text
// and WebAssembly, with the right MIME types), for the load benchmark and Lighthouse.
// Usage: node scripts/serve-gzip.mjs [port] [base]  (loopback only). With a base such as
// /course/genlab/ the app is served under that sub-path only, as on a course's web space.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Starts serving `root` at `base` on 127.0.0.1:`port`; resolves to the server. */
export function serve(root, port, base = '/') {
  const server = createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!url.startsWith(base)) return res.writeHead(404).end('not found');
    const path = normalize(`/${url.slice(base.length)}`).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-cache' };
      const compress = /gzip/.test(req.headers['accept-encoding'] ?? '') && !type.startsWith('image/png');
      res.writeHead(200, compress ? { ...headers, 'content-encoding': 'gzip' } : headers);
      res.end(compress ? gzipSync(body, { level: 9 }) : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 4180);
  const base = process.argv[3] ?? '/';
  serve('dist', port, base).then(() => console.log(`serving dist/ gzipped at http://127.0.0.1:${port}${base}`));
}
