// genlab's service worker: after one visit the app works offline (self-learners, flaky
// lecture-hall Wi-Fi). Same-origin GET requests go to the network first, so a new
// version is picked up at once when online, and fall back to the cache when offline.
// Nothing is ever requested from another origin.
const CACHE = 'genlab-v1';

// On install, cache the page and every asset it links (Trunk writes hashed names for
// the script, the wasm and the stylesheet into index.html as preload/stylesheet links).
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const index = await fetch('./', { cache: 'no-cache' });
    const html = await index.clone().text();
    await cache.put('./', index);
    // The compute worker's files are not linked from the page (it loads them on demand),
    // so they are named here.
    const links = [...html.matchAll(/(?:href|src)="([^"#]+)"/g)].map((m) => m[1]);
    const assets = [...links, 'worker.js', 'worker_bg.wasm']
      .map((path) => new URL(path, self.location.href))
      .filter((url) => url.origin === self.location.origin);
    await Promise.all(assets.map((url) => cache.add(url).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    } catch (offline) {
      const cached = await caches.match(request, { ignoreSearch: true });
      if (cached) return cached;
      if (request.mode === 'navigate') return (await caches.match('./')) || Response.error();
      return Response.error();
    }
  })());
});
