// The offline copy of a built movebook site, in Debian's Chromium (playwright-core):
//
//   node tests/browser/offline.mjs SITE_DIR [--serve-bin=MOVEBOOK --serve-root=SITE_ROOT]
//
// After one online visit to a routine (the service worker installed, its precache
// complete), with the network gone (the page offline and the server refusing
// connections: Playwright's setOffline does not reach a service worker's own fetches), the
// routine reloads with its pictures and follow-along starts, each of its exercise pages
// opens, search finds exercises, and a page never visited shows the offline note instead of
// a browser error.
// Then a new deploy (a copy of the site with a changed routine page and a new sw.js
// version) replaces the cache: after an update only the new version's cache is left, and
// the changed page shows, online and offline. The site must be installable
// (Page.getInstallabilityErrors in a persistent profile), and no page logs an error while
// online. With --serve-bin, `movebook serve` is then started on the same address: the old
// worker must let go (no worker, no movebook cache, the page uncontrolled, live content).
//
// The site is served below the base path its manifest names (a build with
// --base-url http://127.0.0.1/guide/ is served under /guide/). A site built with
// `[offline] enabled = false` is checked for having no manifest, no registration and a
// sw.js that removes itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS, checks, executablePath } from './lib/harness.mjs';
import { serve } from './lib/server.mjs';
import { suiteArgs } from './lib/args.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const { site, opt } = suiteArgs('node offline.mjs SITE_DIR [--serve-bin=MOVEBOOK --serve-root=SITE_ROOT]');
const read = (rel) => fs.readFileSync(path.join(site, rel), 'utf8');

const { check, failed } = checks();

// --- The copy turned off ----------------------------------------------------------------

if (!fs.existsSync(path.join(site, 'manifest.webmanifest'))) {
  await check('with the offline copy turned off, nothing registers a worker and sw.js removes itself', async () => {
    const home = read('index.html');
    assert.ok(!/rel="manifest"/.test(home), 'no manifest link');
    assert.ok(!/offline\.js/.test(home), 'no registration script');
    assert.ok(!fs.existsSync(path.join(site, 'offline.js')), 'no offline.js');
    const sw = read('sw.js');
    assert.match(sw, /^\/\/ movebook service worker \(removed\)/);
    assert.match(sw, /unregister\(\)/);
  });
  process.exit(failed() ? 1 : 0);
}

const manifest = JSON.parse(read('manifest.webmanifest'));
const base = manifest.scope;
assert.match(base, /^\/(.*\/)?$/, 'the manifest scope is a base path');
/** The data the build gave the worker: version and precache list. */
function buildOf(sw) {
  const m = /const BUILD = (\{.*\});\n/.exec(sw);
  assert.ok(m, 'sw.js holds the build data');
  return JSON.parse(m[1]);
}
const build = buildOf(read('sw.js'));
const cacheName = (version) => `movebook:${base}:${version}`;

// The routine to visit: the first page below routines/ with steps.
const routinesDir = path.join(site, 'routines');
const routine = fs.existsSync(routinesDir)
  ? fs.readdirSync(routinesDir).sort().find((d) => fs.existsSync(path.join(routinesDir, d, 'index.html'))
    && read(`routines/${d}/index.html`).includes('class="routine-step"'))
  : undefined;
const routinePath = routine && `${base}routines/${routine}/`;
const exercisePaths = routine
  ? [...new Set([...read(`routines/${routine}/index.html`).matchAll(/class="step-title">(?:(?!<\/h[23]>)[\s\S])*?<a href="([^"]+)"/g)].map((m) => m[1]))]
  : [];

// --- A host whose network can be cut, and whose files can be replaced (a deploy) --------

/**
 * Serves `dir` below `base` on a fixed port: `down` refuses every connection (as with no
 * network); `use(dir)` serves another build from then on.
 */
async function host(dir) {
  let upstream = await serve(dir);
  const state = { down: false };
  const server = http.createServer((req, res) => {
    if (state.down) {
      req.socket.destroy();
      return;
    }
    if (!req.url.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    const up = http.request(`${upstream.origin}/${req.url.slice(base.length)}`,
      { method: req.method, headers: req.headers }, (r) => {
        const headers = { ...r.headers, 'cache-control': 'no-cache' };
        if (headers.location?.startsWith('/')) headers.location = base + headers.location.slice(1);
        res.writeHead(r.statusCode, headers);
        r.pipe(res);
      });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => { if (state.down) s.destroy(); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    state,
    async use(next) {
      upstream.close();
      upstream = await serve(next);
    },
    close: () => new Promise((resolve) => {
      upstream.close();
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}

const web = await host(site);
const origin = web.origin;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'movebook-offline-'));
// A persistent profile: installability is not checked in an incognito context.
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 390, height: 844 },
  args: CHROMIUM_ARGS,
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
let online = true;
page.on('console', (m) => { if (online && m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

async function goOffline() {
  online = false;
  web.state.down = true;
  await context.setOffline(true);
}
async function goOnline() {
  web.state.down = false;
  await context.setOffline(false);
  online = true;
}

/** Evaluates `fn` until it returns something truthy (pages may reload meanwhile). */
async function until(what, fn, arg, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch (e) {
      last = e.message; // the page navigated: try again
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await page.waitForTimeout(100);
  }
}

/** The cache names of this site, and the URLs the named one holds. */
const cacheState = (name) => page.evaluate(async (n) => {
  const names = (await caches.keys()).filter((k) => k.startsWith('movebook:'));
  const urls = (await caches.has(n)) ? (await (await caches.open(n)).keys()).map((r) => r.url) : [];
  return { names, urls };
}, name);

/** Every picture of the page loaded (lazy ones too) with real pixels. */
async function picturesLoaded() {
  await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((i) => { i.loading = 'eager'; }));
  // (A picture that is not saved comes as an empty 1x1 one.)
  return until('the pictures', () => [...document.images].every((i) => i.complete)
    && [...document.images].map((i) => i.naturalWidth > 1 ? '' : i.currentSrc || i.src).filter(Boolean), undefined)
    .then((broken) => assert.deepEqual(broken, [], 'every picture loads'));
}

await check('the first visit installs the worker and saves the routines, their exercises and the shell', async () => {
  if (!routine) return 'the site has no routine';
  await page.goto(origin + routinePath);
  await until('the page to be controlled', () => navigator.serviceWorker.controller !== null
    && navigator.serviceWorker.controller.state === 'activated');
  const { names, urls } = await cacheState(cacheName(build.version));
  assert.deepEqual(names, [cacheName(build.version)], 'one cache, named by the build version');
  const want = build.precache.map(([p]) => new URL(p, origin + base).href);
  assert.deepEqual(want.filter((u) => !urls.includes(u)), [], 'every precached file is saved');
  for (const p of [routinePath, ...exercisePaths]) assert.ok(urls.includes(origin + p), `${p} is saved`);
  assert.ok(exercisePaths.length > 0, 'the routine links its exercises');
});

await check('the site is installable (manifest, icons, service worker)', async () => {
  await page.goto(origin + base);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const { url, errors } = await cdp.send('Page.getAppManifest');
  assert.equal(url, `${origin}${base}manifest.webmanifest`);
  assert.deepEqual(errors, [], 'the manifest parses without errors');
  await cdp.detach();
});

await check('online pages log no errors with the worker in place', async () => {
  if (!routine) return 'the site has no routine';
  for (const p of [base, routinePath, exercisePaths[0]]) await page.goto(origin + p);
  assert.deepEqual(problems, []);
});

await check('offline, the routine reloads with its pictures and follow-along starts', async () => {
  if (!routine) return 'the site has no routine';
  await goOffline();
  await page.goto(origin + routinePath);
  assert.ok(await page.locator('.routine-step').count() > 0, 'the steps are there');
  assert.equal(await page.locator('.offline-note').count(), 0);
  await picturesLoaded();
  // Follow-along starts with no network: routine.js and the step's picture are saved.
  const start = page.locator('#follow-start');
  if (await start.count()) {
    await start.waitFor({ state: 'visible' });
    await start.click();
    await page.locator('#follow-along').waitFor({ state: 'visible' });
    const first = (await page.locator('.step-title a').first().textContent()).trim();
    assert.ok((await page.locator('#follow-title').textContent()).includes(first), 'follow-along shows the first exercise');
    await page.evaluate(() => localStorage.clear());
  }
});

await check('offline, each exercise of the routine opens with its pictures', async () => {
  if (!routine) return 'the site has no routine';
  for (const p of exercisePaths) {
    await page.goto(origin + p);
    assert.equal(await page.locator('.offline-note').count(), 0, `${p} is saved`);
    assert.ok((await page.locator('h1').textContent()).trim().length > 0, `${p} has its title`);
    await picturesLoaded();
  }
});

await check('offline, search finds exercises', async () => {
  if (!routine) return 'the site has no routine';
  await page.goto(origin + routinePath);
  const word = (await page.locator('.step-title a').first().textContent()).trim().split(/\s+/).pop();
  await page.locator('#site-search').fill(word);
  await page.waitForFunction(() => !document.querySelector('#site-search-results').hidden
    && document.querySelectorAll('#site-search-results a .result-title').length > 0);
  const titles = await page.$$eval('#site-search-results a .result-title', (els) => els.map((e) => e.textContent));
  assert.ok(titles.some((t) => t.toLowerCase().includes(word.toLowerCase())), `"${word}" finds ${JSON.stringify(titles)}`);
});

await check('offline, a page never visited shows the offline note, not a browser error', async () => {
  const resp = await page.goto(`${origin}${base}never-visited-${Date.now()}/`);
  assert.equal(resp.status(), 503);
  assert.equal((await page.locator('h1').textContent()).trim(), 'You are offline');
  assert.match(await page.title(), /^Offline · /);
  assert.ok(await page.locator('link[rel="stylesheet"]').count() > 0, 'styled like the site');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily !== ''), true);
});

await check('a new deploy replaces the cache: one version left, the changed page shown online and offline', async () => {
  if (!routine) return 'the site has no routine';
  await goOnline();
  // The next build: the routine's page changed, and with it the version.
  const next = fs.mkdtempSync(path.join(os.tmpdir(), 'movebook-deploy-'));
  fs.cpSync(site, next, { recursive: true });
  const file = path.join(next, 'routines', routine, 'index.html');
  const marker = 'Deployed again';
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/<h1([^>]*)>/, `<h1$1>${marker} `));
  const nextVersion = `${build.version.slice(0, 8)}deadbeef`;
  const sw = read('sw.js').replace(`"version":"${build.version}"`, `"version":"${nextVersion}"`)
    .replace(`["routines/${routine}/","`, `["routines/${routine}/","x`);
  assert.notEqual(sw, read('sw.js'));
  fs.writeFileSync(path.join(next, 'sw.js'), sw);
  await web.use(next);
  await page.goto(origin + routinePath);
  assert.match(await page.locator('h1').textContent(), new RegExp(marker), 'online, pages come from the network first');
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until('only the new cache', (n) => caches.keys().then((k) => {
    const ours = k.filter((x) => x.startsWith('movebook:'));
    return ours.length === 1 && ours[0] === n && navigator.serviceWorker.controller?.state === 'activated';
  }), cacheName(nextVersion));
  await goOffline();
  await page.goto(origin + routinePath);
  assert.match(await page.locator('h1').textContent(), new RegExp(marker), 'offline, the new version');
  await page.goto(origin + exercisePaths[0]);
  assert.equal(await page.locator('.offline-note').count(), 0, 'the exercises were saved again');
  await goOnline();
  fs.rmSync(next, { recursive: true, force: true });
});

const serveBin = opt('serve-bin');
const serveRoot = opt('serve-root');
await check('movebook serve on the same address is not stuck on the built worker', async () => {
  if (!serveBin || !serveRoot) return 'no --serve-bin and --serve-root';
  if (base !== '/') return 'serve previews at /, this build is below a subpath';
  if (!routine) return 'the site has no routine';
  // The built site's worker controls the routine page; its cache holds the changed page.
  await page.goto(origin + routinePath);
  await until('the page to be controlled', () => navigator.serviceWorker.controller !== null);
  await web.close();
  const child = spawn(serveBin, ['serve', '--root', serveRoot, '--port', String(web.port), '--bind', '127.0.0.1', '--quiet'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  try {
    const end = Date.now() + 30000;
    for (;;) {
      const ok = await fetch(`${origin}/__movebook/status`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > end) throw new Error(`serve did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(origin + routinePath);
    await until('no worker and no cache of the earlier build', async () => {
      const regs = await navigator.serviceWorker.getRegistrations();
      const ours = (await caches.keys()).filter((k) => k.startsWith('movebook:'));
      return regs.length === 0 && ours.length === 0 && navigator.serviceWorker.controller === null
        && document.readyState === 'complete';
    }, undefined, 20000);
    await page.reload();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'the page is not controlled');
    assert.ok(await page.locator('script[src="/__movebook/client.js"]').count(), 'the page comes from serve');
    assert.doesNotMatch(await page.locator('h1').textContent(), /Deployed again/, 'the content is live, not saved');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0,
      'pages from serve register no worker');
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
  }
});

await context.close();
await web.close().catch(() => {});
fs.rmSync(profile, { recursive: true, force: true });
if (failed()) {
  console.log(`${failed()} offline check(s) failed`);
  process.exit(1);
}
