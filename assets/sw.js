// genlab's service worker: after one visit the app works offline (self-learners, flaky
// lecture-hall Wi-Fi). Same-origin GET requests go to the network first, so a new
// version is picked up at once when online, and fall back to the cache when offline.
// Nothing is ever requested from another origin.
const CACHE = 'genlab-v2';

// On install, cache the page and every file of the build, every panel's module included
// (precache.json is written at build time by scripts/assemble.mjs), so that after one
// visit to any page every panel works offline.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const list = await fetch('./precache.json', { cache: 'no-cache' });
    const files = list.ok ? await list.json() : [];
    const assets = ['./', ...files]
      .map((path) => new URL(path, self.location.href))
      .filter((url) => url.origin === self.location.origin);
    await Promise.all(assets.map((url) => cache.add(new Request(url, { cache: 'no-cache' })).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  // Drop the caches of earlier versions of this file.
  for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
  await self.clients.claim();
})()));

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
