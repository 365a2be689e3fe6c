// movebook service worker: the offline copy of this site, written by `movebook build`.
// Edits are lost at the next build; turn it off with `[offline] enabled = false`.
//
// Routines, their exercises and the files they need are saved when the worker installs;
// other pages and files are saved as they are opened. Pages come from the network first
// (a new deploy shows at once) and from the saved copy when there is no network; other
// files come from the saved copy first. Each build has its own cache, named by a hash of
// everything the build wrote: the new one is filled before it takes over, then the old
// ones are deleted, so a page is never served from a mix of two builds.
'use strict';

const BUILD = /*BUILD*/;
const SCOPE = new URL('./', self.location).href;
const PREFIX = 'movebook:' + new URL(SCOPE).pathname + ':';
const CACHE = PREFIX + BUILD.version;
/** The header a saved copy of a precached file carries: the hash of its bytes. */
const REV = 'X-Movebook-Rev';
/** Past this, a page that is saved is shown from the saved copy (a weak signal). */
const SLOW_MS = 4000;
const PARALLEL = 6;

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(SCOPE)) return;
  if (req.mode === 'navigate') {
    event.respondWith(page(event));
    return;
  }
  if (req.headers.has('range') || new URL(req.url).pathname.includes('/__movebook/')) return;
  event.respondWith(file(event));
});

/** Saves every file of the precache list, reusing the copies of earlier builds whose
 * bytes did not change (same hash; a published picture's name carries its own). */
async function precache() {
  const cache = await caches.open(CACHE);
  const older = await Promise.all((await caches.keys())
    .filter((k) => k.startsWith(PREFIX) && k !== CACHE)
    .map((k) => caches.open(k)));
  const queue = BUILD.precache.slice();
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [path, rev] = item;
      const url = new URL(path, SCOPE).href;
      if (await reuse(cache, older, url, rev)) continue;
      const res = await fetch(new Request(url, { cache: 'no-cache', credentials: 'same-origin' }));
      if (!res.ok) throw new Error(`movebook: could not save ${url} for offline use (HTTP ${res.status})`);
      const headers = new Headers(res.headers);
      headers.set(REV, rev);
      await cache.put(url, new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers }));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function reuse(cache, older, url, rev) {
  for (const c of [cache, ...older]) {
    const hit = await c.match(url);
    if (hit && (rev === '' || hit.headers.get(REV) === rev)) {
      if (c !== cache) await cache.put(url, hit);
      return true;
    }
  }
  return false;
}

/** A response worth saving: a whole, successful, same-origin answer. */
function keep(res) {
  return res.status === 200 && res.type === 'basic'
    && !(res.headers.get('content-type') || '').includes('text/event-stream');
}

/** A page: from the network, saved as it arrives; the saved copy when the network fails,
 * answers with a server error, or is slower than SLOW_MS; the offline page otherwise. */
function page(event) {
  const url = new URL(event.request.url);
  const key = url.origin + url.pathname;
  // (No navigation preload: its requests bypass what tools such as Playwright intercept,
  // and a static page gains little from it.)
  const network = fetch(event.request);
  event.waitUntil(network.then((res) => {
    if (!keep(res)) return undefined;
    const copy = res.clone();
    return caches.open(CACHE).then((c) => c.put(key, copy));
  }).catch(() => {}));
  return (async () => {
    let timer;
    const slow = new Promise((resolve) => { timer = setTimeout(resolve, SLOW_MS); });
    try {
      const first = await Promise.race([network, slow]);
      if (first && first.status < 500) return first;
      return (await saved(url)) || first || (await network);
    } catch (e) {
      return (await saved(url)) || offline(url);
    } finally {
      clearTimeout(timer);
    }
  })();
}

/** The saved copy of the page at `url` (`x/`, `x/index.html` and `x` are one page). */
async function saved(url) {
  const cache = await caches.open(CACHE);
  const path = url.pathname;
  const keys = [path];
  if (path.endsWith('/index.html')) keys.push(path.slice(0, -'index.html'.length));
  else if (!path.endsWith('/') && !/\.[A-Za-z0-9]+$/.test(path)) keys.push(path + '/');
  for (const k of keys) {
    const hit = await cache.match(url.origin + k);
    if (hit) return hit;
  }
  return undefined;
}

/** The site's 404 page in the language of `url`, its content replaced by a note that the
 * page is not saved. */
async function offline(url) {
  const cache = await caches.open(CACHE);
  const rel = url.href.startsWith(SCOPE) ? url.href.slice(SCOPE.length) : '';
  const lang = (BUILD.languages || []).find((l) => rel.startsWith(l.prefix)) || BUILD;
  const res = await cache.match(new URL(lang.fallback, SCOPE).href);
  let html = res ? await res.text() : '<!DOCTYPE html><html><head><title></title></head><body><main></main></body></html>';
  html = html.replace(/(<main\b[^>]*>)[\s\S]*<\/main>/i, (_, open) => open + lang.note + '</main>');
  html = html.replace(/<title>[\s\S]*?<\/title>/i, () => '<title>' + lang.title + '</title>');
  return new Response(html, {
    status: 503,
    statusText: 'Offline',
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** Any other file: the saved copy first, else the network (and saved). Offline, a picture
 * asked for at a width that is not saved gets another saved width of the same picture. */
async function file(event) {
  const req = event.request;
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  try {
    const res = await fetch(req);
    if (keep(res)) {
      const copy = res.clone();
      event.waitUntil(cache.put(req, copy).catch(() => {}));
    }
    return res;
  } catch (e) {
    const other = await otherWidth(cache, req.url);
    if (other) return other;
    // A picture that is not saved: an empty one rather than a broken-image icon.
    if (req.destination === 'image') {
      return new Response('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', {
        headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' },
      });
    }
    return new Response('', { status: 504, statusText: 'Offline' });
  }
}

async function otherWidth(cache, url) {
  const m = /^(.*\.[0-9a-f]{8})-\d+\.(?:webp|jpe?g|png)$/.exec(url.split(/[?#]/)[0]);
  if (!m) return undefined;
  const same = (await cache.keys()).filter((r) => r.url.startsWith(m[1] + '-'));
  const pick = same.find((r) => r.url.endsWith('.webp')) || same[0];
  return pick ? cache.match(pick) : undefined;
}
