// What the browser suites (run.mjs, follow.mjs, offline.mjs) share: Chromium's path and
// flags, the runner of named checks, and the recording of what goes wrong on a page.
// playwright-core and axe-core are the suites' own dependencies; this file needs none.

/** Debian's Chromium, or CHROMIUM_PATH. */
export const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a quiet headless Chromium that contacts no other host on its own. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * A runner of named checks: `check(name, fn)` runs `fn` and prints `ok`, `skip` (when `fn`
 * returns why it does not apply) or `FAIL` with the error; with `only` (a list of words),
 * only checks whose name contains one of them run. `failed()` counts the failures so far.
 */
export function checks(only) {
  const results = [];
  async function check(name, fn) {
    if (only && !only.some((o) => name.includes(o))) return;
    const start = Date.now();
    try {
      const skipped = await fn();
      results.push({ name, ok: true });
      console.log(skipped ? `skip ${name}: ${skipped}` : `ok   ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    }
  }
  return { check, results, failed: () => results.filter((r) => !r.ok).length };
}

/**
 * Blocks every request of `context` to a host other than `origin` (the site must work
 * offline) and returns the list it records them in.
 */
export async function blockOutside(context, origin) {
  const outside = [];
  await context.route((url) => !url.href.startsWith(origin), (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  return outside;
}

/**
 * For the end of a route handler: swallows the error of a request that was still under way
 * when its context closed (the service worker fetches in the background, so a check may
 * end before its requests do): nothing waits for that answer. Any other error is thrown.
 */
export function unlessClosed(e) {
  if (!/disposed|closed/i.test(String(e && e.message))) throw e;
}

/**
 * Records the problems of `page`: console errors, page errors, failed requests and HTTP
 * errors (except responses `expected(url)` allows, such as a site's 404 page). Returns the
 * list it records them in.
 */
export function recordProblems(page, expected = () => false) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED: the page navigated away while the request was under way.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected(r.url())) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}
