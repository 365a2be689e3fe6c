// movebook service worker (removed): this site keeps no offline copy. Installed over an
// earlier movebook service worker, it deletes that worker's saved pages, unregisters
// itself and reloads the open pages, which then come from the network as usual.
'use strict';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const prefix = 'movebook:' + new URL('./', self.location).pathname + ':';
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith(prefix)).map((k) => caches.delete(k)));
    await self.registration.unregister();
    const pages = await self.clients.matchAll({ type: 'window' });
    await Promise.all(pages.map((c) => c.navigate(c.url).catch(() => {})));
  })());
});
