// Browser suite: drives Debian's Chromium (through playwright-core, no browser download)
// over a built movebook site served on 127.0.0.1, and fails (exit 1) on any finding.
//
//   node tests/browser/run.mjs SITE_DIR [--artifacts=DIR] [--only=NAME,...] [--expect-positions]
//
// Checks: no console errors, failed requests or outside requests on any page; axe-core
// (WCAG 2.x A/AA and best practice) finds nothing serious or critical on any page, in
// light and dark mode; search finds misspelt exercises as you type and degrades to a
// link without JavaScript; every filter of the exercise index narrows the list to what
// the exercise pages themselves say, combined, with counts and the state in the URL; on a
// guide whose exercise index has several pages (gen-guide.mjs writes one; --only=large),
// the filters cover every exercise of the site, shown 48 at a time, and degrade to the
// page's own cards when the search index cannot be loaded;
// progression diagrams and body maps render (non-empty boxes, real text); printing an
// exercise or a path gives one clean page, and a routine one clean A4 and Letter page with
// every step, its dose and a tick box per set; every picture of an exercise page loads at the
// shape its width and height reserve (with --expect-positions, as for the shipped guide, every
// exercise shows a start and an end position), and nothing moves as pictures arrive; a
// hosted video's facade requests nothing from YouTube or Vimeo until it is clicked
// (tests/browser/media-site/make.mjs writes a guide with one). Screenshots at 390x844 and
// 1280x800 go to target/browser-artifacts/ (or --artifacts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM_ARGS, blockOutside, checks, executablePath, recordProblems, unlessClosed } from './lib/harness.mjs';
import { serve } from './lib/server.mjs';
import { sitemapPaths } from './lib/sitemap.mjs';
import { suiteArgs, artifactsDir } from './lib/args.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const { args, site, opt } = suiteArgs('node run.mjs SITE_DIR [--artifacts=DIR] [--only=NAME,...] [--expect-positions]');
const artifacts = artifactsDir(opt);
const only = opt('only')?.split(',');
// The shipped guide promises a start and an end picture on every exercise page.
const expectPositions = args.includes('--expect-positions');
// A check that does not apply to this site returns why.
const { check, results, failed } = checks(only);

const server = await serve(site);
const origin = server.origin;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: CHROMIUM_ARGS,
});

/** A new page that records problems: console errors, page errors, failed or outside requests. */
async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const outside = await blockOutside(context, origin);
  const page = await context.newPage();
  const problems = recordProblems(page, (url) => url.endsWith('/404.html'));
  return { context, page, problems, outside, close: () => context.close() };
}

const { paths: pagePaths, basePath } = sitemapPaths(site);
pagePaths.push(`${basePath}404.html`);
const exercisePaths = pagePaths.filter((p) => p.startsWith(`${basePath}exercises/`) && p !== `${basePath}exercises/`);
const pathPaths = pagePaths.filter((p) => p.startsWith(`${basePath}paths/`) && p !== `${basePath}paths/`);
const musclePaths = pagePaths.filter((p) => p.startsWith(`${basePath}muscles/`) && p !== `${basePath}muscles/`);
const equipmentPaths = pagePaths.filter((p) => p.startsWith(`${basePath}equipment/`) && p !== `${basePath}equipment/`);
const routinePaths = pagePaths.filter((p) => p.startsWith(`${basePath}routines/`) && p !== `${basePath}routines/`);
assert.ok(exercisePaths.length > 0, 'the sitemap lists exercise pages');

async function loaded(page) {
  // Wait until external <use> references (the body map) and fonts are in.
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts && document.fonts.ready);
}

/**
 * Scrolls to the bottom a screen at a time, as a reader would, so that lazy pictures
 * load on the way; then waits until every picture that is drawn has arrived. (Driven from
 * here, not by a script in the page: it also works with JavaScript turned off.)
 */
async function scrollThrough(page) {
  const { height, step } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, step: window.innerHeight }));
  for (let y = step; y < height + step; y += step) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await page.waitForTimeout(50);
  }
  const waiting = () => page.evaluate(() => [...document.images]
    .filter((i) => !i.complete && i.getClientRects().length).map((i) => i.getAttribute('src')));
  for (let tries = 0; (await waiting()).length; tries++) {
    if (tries === 100) throw new Error(`pictures still loading after 10 s: ${(await waiting()).join(' ')}`);
    await page.waitForTimeout(100);
  }
}

/** A short name for a node of the page, for messages: tag#id.class[src]. */
const describeNode = `function describeNode(n) {
  if (!n) return '(removed node)';
  const el = n.nodeType === 1 ? n : n.parentElement;
  if (!el) return '(text)';
  const src = el.getAttribute('src');
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('')
    + (src ? '[src=' + src + ']' : '') + (el === n ? '' : ' (text)');
}`;

// --- Every page: console, requests, axe in light and dark mode --------------------------

for (const scheme of ['light', 'dark']) {
  await check(`every page is clean and accessible (${scheme} mode)`, async () => {
    const { page, problems, outside, close } = await open({ colorScheme: scheme });
    const findings = [];
    for (const p of pagePaths) {
      problems.length = 0;
      const resp = await page.goto(origin + p);
      await loaded(page);
      // Use the search box so that its lazy loading is exercised on every page.
      const box = page.locator('#site-search');
      if (await box.count()) {
        await box.fill('bridge');
        // Real results: "Nothing found" or "Search is not available" would also fill the list.
        const results = page.locator('#site-search-results');
        await results.locator('.result-title, .no-results').first().waitFor();
        const titles = await results.locator('a .result-title').allTextContents();
        if (!titles.some((t) => /bridge/i.test(t))) {
          findings.push(`${p}: search for "bridge" found no bridge: ${JSON.stringify(titles)} ${await results.textContent()}`);
        }
        await box.fill('');
      }
      if (!resp || (resp.status() >= 400 && !p.endsWith('404.html'))) findings.push(`${p}: HTTP ${resp && resp.status()}`);
      await page.evaluate(AXE_SOURCE);
      const axe = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }));
      for (const v of axe.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          findings.push(`${p}: axe [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        }
      }
      findings.push(...problems.map((m) => `${p}: ${m}`));
    }
    findings.push(...outside.map((u) => `request to another host: ${u}`));
    await close();
    assert.deepEqual(findings, [], `findings on ${pagePaths.length} pages`);
  });
}

// --- Search -----------------------------------------------------------------------------

async function searchFor(page, query) {
  const box = page.locator('#site-search');
  await box.click();
  await box.fill(query);
  await page.waitForFunction(
    (q) => document.querySelector('#site-search').value === q
      && !document.querySelector('#site-search-results').hidden
      && document.querySelector('#site-search-status').textContent !== '',
    query,
  );
  return page.$$eval('#site-search-results a .result-title', (els) => els.map((e) => e.textContent));
}

await check('search finds misspelt exercises, muscles, paths, routines and articles as you type', async () => {
  const { page, problems, close } = await open();
  await page.goto(`${origin}${basePath}`);
  const cases = [
    ['glute brigde', 'Glute Bridge'],
    ['clamshel', 'Clamshell'],
    ['romanain deadlift', 'Romanian Deadlift'],
    ['hamstrng', 'Hamstrings'],
    ['bridge ladder', 'Bridge Ladder'],
    ['piriformis strech', 'Piriformis Stretch'],
    // A routine, by its title (only on a guide that has one).
    ...(routinePaths.some((p) => p.endsWith('/beginner-glute-session/')) ? [['beginer glute sesion', 'Beginner Glute Session']] : []),
  ];
  for (const [query, want] of cases) {
    const titles = await searchFor(page, query);
    assert.ok(titles.slice(0, 3).includes(want), `"${query}" should find ${want} in the first results, got ${JSON.stringify(titles)}`);
  }
  // Results as you type: a prefix already finds it.
  const partial = await searchFor(page, 'clam');
  assert.ok(partial.includes('Clamshell'), `prefix: ${partial}`);
  // Keyboard: ArrowDown moves into the results, Enter follows the link.
  await searchFor(page, 'glute brigde');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.match(focused, /Glute Bridge/);
  await Promise.all([page.waitForURL(/\/exercises\/glute-bridge\/$/), page.keyboard.press('Enter')]);
  // Nothing found says so and offers the index.
  await page.goto(`${origin}${basePath}`);
  await searchFor(page, 'zzzzqqqq');
  const none = await page.locator('#site-search-results .no-results').textContent();
  assert.match(none, /Nothing found/);
  assert.deepEqual(problems, []);
  await close();
});

await check('without JavaScript the search box is a link to the exercise index', async () => {
  const { page, close } = await open({ javaScriptEnabled: false });
  await page.goto(`${origin}${basePath}exercises/glute-bridge/`);
  assert.equal(await page.locator('.search-form').isVisible(), false);
  const link = page.locator('.search-fallback');
  assert.equal(await link.isVisible(), true);
  assert.equal(await link.getAttribute('href'), `${basePath}exercises/`);
  await close();
});

// --- Filters ----------------------------------------------------------------------------

/** What each exercise page says about itself: muscles, equipment, level, category. */
async function exerciseFacts(paths = exercisePaths) {
  const { page, close } = await open({ javaScriptEnabled: false });
  const facts = {};
  for (const p of paths) {
    await page.goto(origin + p);
    facts[p] = await page.evaluate(() => {
      const dd = {};
      for (const div of document.querySelectorAll('.facts > div')) {
        dd[div.querySelector('dt').textContent.trim()] = [...div.querySelectorAll('dd a')]
          .map((a) => new URL(a.href).pathname.split('/').filter(Boolean).pop());
      }
      const badges = [...document.querySelectorAll('.page-header .badge')];
      const word = (prefix) => badges.map((b) => [...b.classList].find((c) => c.startsWith(prefix)))
        .filter(Boolean).map((c) => c.slice(prefix.length))[0];
      return {
        muscle: dd['Target muscles'] || [],
        equipment: dd['Equipment'] || [],
        level: [word('level-')],
        category: [word('category-')],
      };
    });
  }
  await close();
  return facts;
}

/** The exercises the index shows: the page's own cards, or the filters' results. */
const visible = (page) => page.$$eval('.exercises-index .card:not([hidden]) .card-title',
  (els) => els.filter((e) => e.offsetParent !== null).map((e) => new URL(e.href).pathname).sort());

/** Waits until the filters are done: the index loaded (or failed), the count shown. */
const settled = (page) => page.waitForFunction(() => {
  const status = document.querySelector('#filters .filter-count');
  return status && status.querySelector('.shown') && !/Loading/.test(status.textContent);
});

await check('filters narrow the exercise index, combined, with counts and the state in the URL', async () => {
  const facts = await exerciseFacts();
  const { page, problems, close } = await open();
  const index = `${origin}${basePath}exercises/`;
  await page.goto(index);
  assert.equal(await page.locator('#filters').isVisible(), true);
  const all = await visible(page);
  assert.deepEqual(all, [...exercisePaths].sort(), 'the index lists every exercise');
  const facets = ['muscle', 'equipment', 'level', 'category'];
  const options = {};
  for (const f of facets) {
    options[f] = await page.$$eval(`#filter-${f} option`, (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(options[f].length > 0, `${f} has choices`);
  }
  const expected = (state) => Object.keys(facts).filter((p) => facets.every((f) => !state[f] || facts[p][f].includes(state[f]))).sort();
  const choose = async (state) => {
    for (const f of facets) await page.selectOption(`#filter-${f}`, '');
    for (const f of facets) if (state[f]) await page.selectOption(`#filter-${f}`, state[f]);
    await settled(page);
  };
  const verify = async (state) => {
    const want = expected(state);
    const got = await visible(page);
    assert.deepEqual(got, want, `filter ${JSON.stringify(state)}`);
    const shown = await page.locator('.filter-count .shown').textContent();
    assert.equal(Number(shown), want.length, `count for ${JSON.stringify(state)}`);
    assert.equal(await page.locator('.no-match').isVisible(), want.length === 0);
    // Each choice's count is what choosing it would leave, given the other filters.
    for (const f of facets) {
      const texts = await page.$$eval(`#filter-${f} option`, (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
      const disabled = await page.$$eval(`#filter-${f} option`, (os) => os.filter((o) => o.value && o.disabled).map((o) => o.value));
      for (const [value, text] of texts) {
        const n = expected({ ...state, [f]: value }).length;
        assert.ok(text.endsWith(`(${n})`), `${f}=${value} should say (${n}) under ${JSON.stringify(state)}: "${text}"`);
        // A choice that would leave nothing is disabled (unless it is the one chosen).
        assert.equal(disabled.includes(value), n === 0 && state[f] !== value, `${f}=${value} disabled iff it leaves nothing`);
      }
    }
    const url = new URL(page.url());
    for (const f of facets) assert.equal(url.searchParams.get(f), state[f] || null, `URL keeps ${f}`);
  };
  // Each filter on its own, every choice.
  for (const f of facets) {
    for (const value of options[f]) {
      await choose({ [f]: value });
      await verify({ [f]: value });
    }
  }
  // "Bodyweight only" leaves exactly the exercises with no equipment.
  await choose({ equipment: 'bodyweight' });
  const bodyweight = await visible(page);
  assert.ok(bodyweight.length > 0);
  for (const p of bodyweight) assert.deepEqual(facts[p].equipment, ['bodyweight'], `${p} needs no equipment`);
  // Combinations: every muscle with every level, and every equipment with every category.
  // (Choices that would leave nothing are disabled; such combinations are checked through
  // the URL below.)
  let empty = null;
  for (const [a, b] of [['muscle', 'level'], ['equipment', 'category'], ['muscle', 'equipment']]) {
    for (const x of options[a]) {
      for (const y of options[b]) {
        const state = { [a]: x, [b]: y };
        if (expected(state).length === 0) { empty = empty || state; continue; }
        await choose(state);
        await verify(state);
      }
    }
  }
  // A shared URL may name a combination that leaves nothing: the page says so.
  assert.ok(empty, 'no combination of two filters leaves nothing, so the "no match" state is not checked: the site needs one');
  await page.goto(`${index}?${new URLSearchParams(empty)}`);
  await settled(page);
  assert.equal(await page.locator('.no-match').isVisible(), true, `no match for ${JSON.stringify(empty)}`);
  assert.equal(await page.locator('.filter-count .shown').textContent(), '0');
  assert.deepEqual(await visible(page), []);
  assert.equal(await page.locator('.category-group:visible').count(), 0, 'empty groups are hidden');
  await page.click('button[type="reset"]');
  await page.waitForFunction(() => !window.location.search);
  // All four at once, on a combination that leaves something.
  const sample = facts[exercisePaths[0]];
  const four = { muscle: sample.muscle[0], equipment: sample.equipment[0], level: sample.level[0], category: sample.category[0] };
  await choose(four);
  await verify(four);
  // The URL is shareable: opening it restores the filters and the list.
  const shared = page.url();
  const other = await open();
  await other.page.goto(shared);
  await settled(other.page);
  for (const f of facets) assert.equal(await other.page.inputValue(`#filter-${f}`), four[f]);
  assert.deepEqual(await visible(other.page), expected(four));
  await other.close();
  // Clearing shows everything again and empties the query string.
  await page.click('button[type="reset"]');
  await page.waitForFunction(() => !window.location.search);
  assert.deepEqual(await visible(page), all);
  await page.screenshot({ path: path.join(artifacts, 'exercises-filtered-1280x800.png') });
  assert.deepEqual(problems, []);
  await close();
});

await check('nothing moves while the scripts load (no layout shift)', async () => {
  // A shared link to a filtered list opens with the results in place, not the page 1 list.
  for (const p of [`${basePath}exercises/`, `${basePath}exercises/?level=beginner`, basePath, exercisePaths[0]]) {
    const { context, page, close } = await open({ viewport: { width: 390, height: 844 } });
    // Hold the page's scripts back for a moment, as a slow phone would: whatever they add
    // or reveal then moves the content below it, and the page records a layout shift.
    await context.route((url) => url.pathname.endsWith('.js'), async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      return route.continue().catch(unlessClosed);
    });
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(origin + p);
    await loaded(page);
    await page.waitForTimeout(400);
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift < 0.001, `${p}: cumulative layout shift ${shift.toFixed(3)} (should be 0)`);
    await close();
  }
});

await check('no layout shift from pictures on exercise pages and the exercise index (CLS 0)', async () => {
  // Every exercise page and the index with its thumbnails (its own cards, and the cards the
  // filters make from the search index), on a phone and on a desktop.
  const pages = [...exercisePaths, `${basePath}exercises/`, `${basePath}exercises/?level=beginner`];
  // The two screens side by side: the time goes in waiting, not in work.
  const findings = (await Promise.all([{ width: 390, height: 844 }, { width: 1280, height: 800 }].map(async (viewport) => {
    const findings = [];
    const { context, page, problems, close } = await open({ viewport });
    // The worst a slow connection does: each picture arrives only once the reader sees it,
    // in the upper half of the screen, with the page below it in view. One whose space the
    // markup does not reserve (width and height, at the picture's shape) then moves what
    // is below it, and the page records a layout shift. Held pictures wait here.
    const held = new Map();
    await context.route((url) => url.href.startsWith(origin), (route) => {
      if (route.request().resourceType() !== 'image') return route.fallback();
      const url = route.request().url();
      held.set(url, [...(held.get(url) || []), route]);
    });
    const release = (urls) => {
      for (const url of urls) {
        for (const route of held.get(url) || []) route.fallback().catch(() => {});
        held.delete(url);
      }
    };
    // Every file such a picture may be asking for: its src and its srcsets' (<source> too).
    const waitingInView = () => page.evaluate(() => [...document.images].filter((i) => {
      const r = i.getBoundingClientRect();
      return !i.complete && i.getClientRects().length && r.bottom >= 0 && r.top < window.innerHeight / 2;
    }).flatMap((i) => [i, ...(i.parentElement.tagName === 'PICTURE' ? i.parentElement.querySelectorAll('source') : [])]
      .flatMap((e) => [e.getAttribute('src'), ...(e.getAttribute('srcset') || '').split(',').map((c) => c.trim().split(/\s+/)[0])])
      .filter(Boolean).map((u) => new URL(u, window.location.href).href)));
    await page.addInitScript(`(() => {
      ${describeNode}
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          window.__shifts.push({ value: e.value, sources: (e.sources || []).map((s) => describeNode(s.node)
            + ' ' + [s.previousRect, s.currentRect].map((r) => Math.round(r.x) + ',' + Math.round(r.y) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)).join(' -> ')) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    })()`);
    for (const p of pages) {
      problems.length = 0;
      // Not until "load": that waits for the pictures, which wait for the reader.
      await page.goto(origin + p, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // Down the page half a screen at a time; at each stop the pictures now in the upper
      // half arrive (a lazy one asks for its file when it comes near: wait for that too).
      for (let y = 0; ; y += viewport.height / 2) {
        await page.evaluate((to) => window.scrollTo(0, to), y);
        for (let tries = 0; tries < 40; tries++) {
          const waiting = await waitingInView();
          if (!waiting.length) break;
          release(waiting.filter((u) => held.has(u)));
          await page.waitForTimeout(50);
        }
        if (await page.evaluate((to) => to >= document.documentElement.scrollHeight - window.innerHeight, y)) break;
      }
      // The rest (pictures at the very bottom, the body map's shapes) arrive at the end.
      release([...held.keys()]);
      await loaded(page);
      await page.waitForTimeout(300);
      const shifts = await page.evaluate(() => window.__shifts);
      const total = shifts.reduce((a, e) => a + e.value, 0);
      if (total > 0) {
        findings.push(`${p} at ${viewport.width}x${viewport.height}: cumulative layout shift ${total.toFixed(4)} (should be 0); moved: ${
          [...new Set(shifts.flatMap((e) => e.sources))].slice(0, 6).join(' | ')}`);
      }
      findings.push(...problems.map((m) => `${p}: ${m}`));
    }
    await close();
    return findings;
  }))).flat();
  assert.deepEqual(findings, [], `layout shifts on ${pages.length} pages`);
});

await check('a page painted before all of it arrived does not move when the rest comes (the Clear filters button)', async () => {
  // A slow connection (or a busy phone's parser) paints what has arrived: here the exercise
  // index up to just inside its Clear filters button, whose label comes half a second later.
  const marker = '<button type="reset" class="button">';
  const index = `${basePath}exercises/`;
  const split = (rel, body) => (rel === index ? body.indexOf(marker) + marker.length : -1);
  const slow = await serve(site, { split, pauseMs: 500 });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(`(() => {
      ${describeNode}
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__shifts.push((e.sources || []).map((s) => describeNode(s.node) + ' ' + [s.previousRect, s.currentRect]
            .map((r) => Math.round(r.x) + ',' + Math.round(r.y) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height)).join(' -> ')).join(' | '));
        }
      }).observe({ type: 'layout-shift', buffered: true });
    })()`);
    const body = fs.readFileSync(path.join(site, index.slice(basePath.length), 'index.html'), 'utf8');
    if (!body.includes(marker)) return 'the exercise index has no filters';
    await page.goto(slow.origin + index, { waitUntil: 'commit' });
    // The first part is painted while the rest is held back.
    await page.waitForSelector('button[type=reset]', { state: 'attached' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await loaded(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__shifts), []);
    await context.close();
  } finally {
    slow.close();
  }
});

await check('without JavaScript the exercise index shows every exercise and no filters', async () => {
  const { page, close } = await open({ javaScriptEnabled: false });
  await page.goto(`${origin}${basePath}exercises/?muscle=gluteus-maximus`);
  assert.equal(await page.locator('#filters').isVisible(), false);
  assert.equal((await visible(page)).length, exercisePaths.length);
  await close();
});

// --- Filters over a paginated index (a large guide: gen-guide.mjs) -----------------------

/** The exercises of the site's search index, with the values the filters match. */
function indexedExercises() {
  const data = JSON.parse(fs.readFileSync(path.join(site, 'search-index.json'), 'utf8'));
  return data.docs.filter((d) => d[0] === 'e').map((d) => ({
    path: basePath + d[2],
    slug: d[2].split('/').filter(Boolean).pop(),
    title: d[1],
    muscle: d[5].slice(0, d[10]).map((m) => data.muscle_slugs[m]),
    equipment: d[6].length ? d[6].map((q) => data.equipment_slugs[q]) : ['bodyweight'],
    level: [d[8]],
    category: [d[9]],
  }));
}

await check('filters cover every exercise of a paginated index (large guide)', async () => {
  const facets = ['muscle', 'equipment', 'level', 'category'];
  const index = `${origin}${basePath}exercises/`;
  const { page, problems, close } = await open();
  await page.goto(index);
  if (!(await page.locator('.exercises-index nav.pagination').count())) {
    await close();
    // A guide whose exercises fit on one page (the shipped guide): nothing to check here,
    // unless this check was asked for by name (--only=large, as CI does).
    if (only?.includes('large')) throw new Error('the exercise index has one page: run this check on a large guide (tests/browser/gen-guide.mjs)');
    return 'the exercise index has one page';
  }
  const all = indexedExercises();
  const firstPage = await page.$$eval('.category-group .card', (cs) => cs.map((c) => c.getAttribute('data-slug')));
  assert.equal(firstPage.length, 48, 'the first page shows 48 exercises');
  const expected = (state) => all.filter((e) => facets.every((f) => !state[f] || e[f].includes(state[f])));
  const status = () => page.locator('#filters .filter-count').textContent();
  const shownCards = () => page.$$eval('#filter-results .card', (cs) => cs.filter((c) => c.offsetParent !== null)
    .map((c) => ({ slug: c.getAttribute('data-slug'), href: new URL(c.querySelector('a.card-title').href).pathname,
      muscles: c.getAttribute('data-muscles').split(/\s+/).filter(Boolean),
      equipment: c.getAttribute('data-equipment').split(/\s+/).filter(Boolean) })));
  const more = page.locator('#filter-results .show-more');
  /** Checks what the page says under `state`; shows every result; returns the cards. */
  const verify = async (state) => {
    await settled(page);
    const want = expected(state);
    assert.equal(await page.locator('.filter-count .shown').textContent(), String(want.length), `count under ${JSON.stringify(state)}`);
    assert.equal(await status(), `Showing ${want.length} of ${all.length} exercises`);
    // The page's own groups and page links make room for the results.
    assert.equal(await page.locator('.category-group:visible').count(), 0, 'the page\'s groups are hidden');
    assert.equal(await page.locator('.exercises-index nav.pagination').isVisible(), false, 'the page links are hidden');
    assert.equal(await page.locator('#filter-results h2').isVisible(), want.length > 0);
    // The first 48 at once, the others on demand.
    let cards = await shownCards();
    assert.equal(cards.length, Math.min(48, want.length), `first batch under ${JSON.stringify(state)}`);
    assert.equal(await more.isVisible(), want.length > 48, '"Show more" iff more are left');
    while (await more.isVisible()) {
      const before = cards.length;
      // A click as a keyboard or pointer user makes it, without first scrolling the button
      // into view: scrolling alone loads the next batch (the observer), which raced the
      // click and left the focus where it was.
      await more.evaluate((b) => b.click());
      await page.waitForFunction((n) => document.querySelectorAll('#filter-results .card').length > n, before);
      cards = await shownCards();
      // The focus moves to the first exercise the click added.
      const focused = await page.evaluate(() => document.activeElement.closest('#filter-results .card')?.getAttribute('data-slug'));
      assert.ok(focused && cards.findIndex((c) => c.slug === focused) >= before, `focus on a new card, got ${focused}`);
    }
    // The whole site's matches, in the order of the index (by category, like the pages).
    assert.deepEqual(cards.map((c) => c.href), want.map((e) => e.path), `results under ${JSON.stringify(state)}`);
    // Each choice's count is what choosing it would leave among all exercises.
    for (const f of facets) {
      const texts = await page.$$eval(`#filter-${f} option`, (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent, o.disabled]));
      for (const [value, text, disabled] of texts) {
        const n = expected({ ...state, [f]: value }).length;
        assert.ok(text.endsWith(`(${n})`), `${f}=${value} should say (${n}) under ${JSON.stringify(state)}: "${text}"`);
        assert.equal(disabled, n === 0 && state[f] !== value, `${f}=${value} disabled iff it leaves nothing`);
      }
    }
    const url = new URL(page.url());
    for (const f of facets) assert.equal(url.searchParams.get(f), state[f] || null, `URL keeps ${f}`);
    return cards;
  };

  // The muscle the most exercises target among those the first page shows, and the
  // equipment that leaves the most with it.
  const count = (f) => {
    const c = {};
    for (const e of all) for (const v of e[f]) c[v] = (c[v] || 0) + 1;
    return c;
  };
  const muscles = count('muscle');
  const muscle = Object.keys(muscles)
    .filter((m) => all.some((e) => firstPage.includes(e.slug) && e.muscle.includes(m)))
    .sort((a, b) => muscles[b] - muscles[a] || a.localeCompare(b))[0];
  assert.ok(muscle && expected({ muscle }).length > 96, `the large guide has more than two batches for ${muscle}`);
  const equipments = Object.keys(count('equipment')).filter((q) => q !== 'bodyweight');
  const equipment = equipments.sort((a, b) => expected({ muscle, equipment: b }).length - expected({ muscle, equipment: a }).length || a.localeCompare(b))[0];

  // One muscle: more than a batch; the next one comes when the button scrolls into view.
  await page.selectOption('#filter-muscle', muscle);
  await settled(page);
  assert.equal((await shownCards()).length, 48);
  await more.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('#filter-results .card').length > 48);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Cards made by the script are the theme's cards: the same markup as on the page.
  const same = await page.evaluate(() => {
    const done = [];
    for (const card of document.querySelectorAll('#filter-results .card')) {
      const slug = card.getAttribute('data-slug');
      const own = document.querySelector(`.category-group .card[data-slug="${slug}"]`);
      if (own) done.push([slug, card.outerHTML, own.outerHTML]);
    }
    return done;
  });
  assert.ok(same.length > 0, 'some results are on the first page too, to compare the markup');
  for (const [slug, made, own] of same) assert.equal(made, own, `${slug}: the script's card is the page's card`);
  await page.selectOption('#filter-muscle', '');
  await page.selectOption('#filter-muscle', muscle);
  const oneMuscle = await verify({ muscle });
  for (const c of oneMuscle) assert.ok(c.muscles.includes(muscle), `${c.slug} targets ${muscle}`);

  // A muscle and a piece of equipment.
  const state = { muscle, equipment };
  await page.selectOption('#filter-equipment', equipment);
  const both = await verify(state);
  assert.ok(both.length > 0, `${muscle} with ${equipment}`);
  for (const c of both) {
    assert.ok(c.muscles.includes(muscle) && c.equipment.includes(equipment), `${c.slug} matches ${JSON.stringify(state)}`);
  }
  // What the exercise pages themselves say.
  const facts = await exerciseFacts(both.slice(0, 4).map((c) => c.href));
  for (const [p, fact] of Object.entries(facts)) {
    assert.ok(fact.muscle.includes(muscle), `${p} says it targets ${muscle}: ${fact.muscle}`);
    assert.ok(fact.equipment.includes(equipment), `${p} says it uses ${equipment}: ${fact.equipment}`);
  }
  // The filters reach exercises that are not on this page.
  const elsewhere = both.find((c) => !firstPage.includes(c.slug));
  assert.ok(elsewhere, `a result that is not on the first page (of ${both.length})`);
  // Accessible in the filtered state.
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(serious, [], 'axe on the filtered index');
  await page.screenshot({ path: path.join(artifacts, 'exercises-large-filtered-1280x800.png') });

  // The URL keeps the state: reloading gives the same results.
  await page.reload();
  for (const f of facets) assert.equal(await page.inputValue(`#filter-${f}`), state[f] || '');
  const again = await verify(state);
  assert.deepEqual(again, both, 'the same results after a reload');
  // Following a result opens it.
  await Promise.all([page.waitForURL(`${origin}${elsewhere.href}`), page.click(`#filter-results a[href="${elsewhere.href}"]`)]);
  await page.goBack();
  await settled(page);

  // Clearing the filters brings back the first page as it came.
  await page.click('button[type="reset"]');
  await page.waitForFunction(() => !window.location.search);
  assert.equal(await page.locator('#filter-results').isVisible(), false);
  assert.equal(await page.locator('.exercises-index nav.pagination').isVisible(), true);
  const back = await page.$$eval('.category-group .card', (cs) => cs.filter((c) => c.offsetParent !== null).map((c) => c.getAttribute('data-slug')));
  assert.deepEqual(back, firstPage);
  assert.equal(await status(), `Showing 48 of ${all.length} exercises`);
  for (const f of facets) {
    const texts = await page.$$eval(`#filter-${f} option`, (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
    for (const [value, text] of texts) assert.ok(text.endsWith(`(${expected({ [f]: value }).length})`), `${f}=${value}: "${text}"`);
  }
  assert.deepEqual(problems, []);
  await close();

  // While the index loads the status says so; if it cannot be loaded, the filters narrow
  // this page's cards and say that only this page is filtered.
  const broken = await open();
  await broken.context.route((url) => url.pathname.endsWith('/search-index.json'), async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    return route.abort().catch(unlessClosed);
  });
  await broken.page.goto(`${index}?muscle=${muscle}`);
  await broken.page.waitForFunction(() => /Loading all \d+ exercises/.test(document.querySelector('.filter-count').textContent));
  await settled(broken.page);
  const note = await broken.page.locator('.filter-count').textContent();
  assert.match(note, /Only this page is filtered/);
  const onPage = all.filter((e) => firstPage.includes(e.slug) && e.muscle.includes(muscle)).map((e) => e.path).sort();
  assert.equal(note, `Showing ${onPage.length} of the 48 exercises on this page. Only this page is filtered: the list of all exercises could not be loaded.`);
  assert.deepEqual(await visible(broken.page), onPage);
  assert.equal(await broken.page.locator('.exercises-index nav.pagination').isVisible(), true, 'the page links stay');
  await broken.close();
});

// --- Diagrams and body maps -------------------------------------------------------------

async function box(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const b = typeof el.getBBox === 'function' ? el.getBBox() : { width: r.width, height: r.height };
    return { width: Math.min(r.width, b.width), height: Math.min(r.height, b.height) };
  });
}

await check('every exercise shows its muscles on the map and its place on a ladder', async () => {
  const { page, problems, close } = await open();
  let diagrams = 0;
  for (const p of exercisePaths) {
    await page.goto(origin + p);
    await loaded(page);
    const title = (await page.locator('h1').textContent()).trim();
    // Body map: one highlighted shape per target region, each drawn.
    const targets = page.locator('.bodymap use.bm-target');
    assert.ok(await targets.count() > 0, `${p}: the map highlights a target muscle`);
    for (const loc of await targets.all()) {
      const b = await box(loc);
      assert.ok(b.width > 2 && b.height > 2, `${p}: ${await loc.getAttribute('data-region')} is drawn (${JSON.stringify(b)})`);
    }
    for (const loc of await page.locator('.bodymap use.bm-secondary').all()) {
      const b = await box(loc);
      assert.ok(b.width > 2 && b.height > 2, `${p}: secondary ${await loc.getAttribute('data-region')} is drawn`);
    }
    const caption = await page.locator('#muscle-map').textContent();
    const targetNames = await page.$$eval('.facts > div:nth-child(2) dd a', (as) => as.map((a) => a.textContent));
    for (const name of targetNames) assert.ok(caption.includes(name), `${p}: the map's caption names ${name}`);
    // The legend never names a muscle the picture does not colour.
    const coloured = await page.$$eval('.bodymap use[data-region]', (us) => us.map((u) => u.getAttribute('data-region')));
    for (const loc of await page.locator('#muscle-map .bm-name').all()) {
      const region = await loc.getAttribute('data-region');
      assert.ok(coloured.includes(region), `${p}: the legend names ${await loc.textContent()}, but ${region} is not coloured`);
    }
    // Ladder: every exercise with an easier or harder neighbour has a diagram.
    const hasNeighbours = await page.locator('nav.progression').count() > 0;
    const svg = page.locator('.progression-diagram svg.pg');
    assert.equal(await svg.count(), hasNeighbours ? 1 : 0, `${p}: diagram present iff neighbours`);
    if (hasNeighbours) {
      diagrams++;
      const b = await box(svg);
      assert.ok(b.width > 50 && b.height > 20, `${p}: diagram box ${JSON.stringify(b)}`);
      const current = page.locator('svg.pg .pg-current text');
      assert.equal((await current.textContent()).replace(/\s+/g, ' ').trim(), title, `${p}: the current exercise is highlighted`);
      const cb = await box(current);
      assert.ok(cb.width > 10 && cb.height > 5, `${p}: the current node's text is drawn`);
      // Every neighbour listed in words is a node of the diagram, linked.
      const neighbours = await page.$$eval('nav.progression .card-title', (as) => as.map((a) => a.getAttribute('href')));
      const nodes = await page.$$eval('svg.pg a.pg-node', (as) => as.map((a) => a.getAttribute('href')));
      for (const n of neighbours) assert.ok(nodes.includes(n), `${p}: ${n} is in the diagram`);
    }
  }
  assert.ok(diagrams > 0, 'some exercises have diagrams');
  for (const p of pathPaths) {
    await page.goto(origin + p);
    await loaded(page);
    const b = await box(page.locator('.progression-diagram svg.pg'));
    assert.ok(b.width > 50 && b.height > 20, `${p}: path diagram box ${JSON.stringify(b)}`);
    const steps = await page.$$eval('.steps .card-title', (as) => as.map((a) => a.getAttribute('href')));
    // Top to bottom, the diagram shows the steps in order.
    const nodes = await page.$$eval('svg.pg a.pg-node', (as) => as
      .map((a) => [a.getBoundingClientRect().top, a.getAttribute('href')])
      .sort((x, y) => x[0] - y[0]).map((n) => n[1]));
    assert.deepEqual(nodes, steps, `${p}: the diagram shows the steps in order`);
  }
  // Every muscle of the shipped guide has a map region, so every muscle page draws it.
  assert.ok(musclePaths.length > 0, 'the sitemap lists muscle pages');
  for (const p of musclePaths) {
    await page.goto(origin + p);
    await loaded(page);
    const uses = page.locator('.bodymap use.bm-target');
    assert.ok(await uses.count() > 0, `${p}: the muscle page shows no highlighted region on a body map (every muscle of the guide has a map_region)`);
    const b = await box(uses.first());
    assert.ok(b.width > 2 && b.height > 2, `${p}: the muscle is drawn`);
  }
  assert.deepEqual(problems, []);
  await close();
});

// --- Pictures and videos ----------------------------------------------------------------

/** The pictures of an exercise page: positions, steps, others (video posters) and the body's. */
const MEDIA_IMAGES = '.positions img, .media-steps img, .media-other img, .prose picture img';

await check('every exercise page shows its pictures, loaded, at the shape their markup reserves', async () => {
  const { page, problems, close } = await open();
  const findings = [];
  let pictures = 0;
  for (const p of exercisePaths) {
    problems.length = 0;
    await page.goto(origin + p);
    await loaded(page);
    if (expectPositions) {
      // The guide promises both positions on every exercise, captioned as such.
      for (const [role, label] of [['start', 'Start position'], ['end', 'End position']]) {
        const figure = page.locator(`.positions figure.media-${role}`);
        if (await figure.count() !== 1) { findings.push(`${p}: ${await figure.count()} ${role} pictures (should be 1)`); continue; }
        if (await figure.locator('picture img').count() !== 1) findings.push(`${p}: the ${role} position is not a picture`);
        const caption = (await figure.locator('figcaption').textContent() || '').trim();
        if (!caption.startsWith(label)) findings.push(`${p}: the ${role} picture's caption is "${caption}", not "${label}"`);
      }
    }
    for (const img of await page.locator(MEDIA_IMAGES).all()) {
      pictures++;
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((el) => el.complete || new Promise((resolve) => {
        el.addEventListener('load', resolve, { once: true });
        el.addEventListener('error', resolve, { once: true });
        setTimeout(resolve, 5000);
      }));
      const f = await img.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return {
          src: el.getAttribute('src'), current: el.currentSrc, complete: el.complete,
          naturalWidth: el.naturalWidth, naturalHeight: el.naturalHeight,
          width: el.getAttribute('width'), height: el.getAttribute('height'), alt: el.getAttribute('alt'),
          boxWidth: r.width, boxHeight: r.height, fit: getComputedStyle(el).objectFit,
          // A hosted video's poster is decorative: its play link says what the video shows.
          figure: !!el.closest('figure.media') && !el.closest('.video-facade'),
        };
      });
      const name = `${p}: ${f.src}`;
      if (!f.complete || !(f.naturalWidth > 0)) { findings.push(`${name} did not load (${f.current || 'no source chosen'})`); continue; }
      const w = Number(f.width);
      const h = Number(f.height);
      if (!(Number.isInteger(w) && w > 0 && Number.isInteger(h) && h > 0)) {
        findings.push(`${name} has no usable width and height attributes (width=${JSON.stringify(f.width)} height=${JSON.stringify(f.height)})`);
        continue;
      }
      if (f.figure && !(f.alt || '').trim()) findings.push(`${name} has no alt text`);
      const ratio = w / h;
      const off = (a) => Math.abs(a / ratio - 1);
      // The attributes tell the shape of the picture that arrives...
      const natural = f.naturalWidth / f.naturalHeight;
      if (off(natural) > 0.02) {
        findings.push(`${name}: width="${w}" height="${h}" (${ratio.toFixed(3)}) but the picture is ${f.naturalWidth}x${f.naturalHeight} (${natural.toFixed(3)})`);
      }
      // ...and it is drawn at that shape (unless CSS crops it into a box: object-fit).
      if (!(f.boxWidth > 0 && f.boxHeight > 0)) findings.push(`${name} is not drawn (${f.boxWidth}x${f.boxHeight})`);
      else if (f.fit === 'fill' && off(f.boxWidth / f.boxHeight) > 0.02) {
        findings.push(`${name}: drawn ${f.boxWidth.toFixed(1)}x${f.boxHeight.toFixed(1)} (${(f.boxWidth / f.boxHeight).toFixed(3)}), but width="${w}" height="${h}" reserve ${ratio.toFixed(3)}`);
      }
    }
    findings.push(...problems.map((m) => `${p}: ${m}`));
  }
  await close();
  assert.deepEqual(findings, [], `pictures on ${exercisePaths.length} exercise pages`);
  if (!pictures) return 'no exercise page has pictures';
});

/** The host's page for a video the facade would play from `embed` (works without JavaScript). */
function watchUrl(embed) {
  const u = new URL(embed);
  const yt = u.hostname === 'www.youtube-nocookie.com' && u.pathname.match(/^\/embed\/([\w-]{11})$/);
  if (yt) return `https://www.youtube.com/watch?v=${yt[1]}`;
  const vimeo = u.hostname === 'player.vimeo.com' && u.pathname.match(/^\/video\/(\d+)$/);
  if (vimeo && u.searchParams.get('dnt') === '1') return `https://vimeo.com/${vimeo[1]}`;
  return null;
}

await check('a hosted video requests nothing from its host until clicked, then plays from the privacy-enhanced player', async () => {
  const hosted = exercisePaths.filter((p) => {
    const file = path.join(site, p.slice(basePath.length), 'index.html');
    return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('class="video-facade"');
  });
  if (!hosted.length) {
    // Asked for by name (CI runs it on the media site): the site must have one.
    if (only) throw new Error('no exercise page has a hosted video: run this check on tests/browser/media-site/make.mjs\'s guide');
    return 'no exercise page has a hosted video';
  }
  const hosts = /(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|ytimg\.com|googlevideo\.com|vimeo\.com|vimeocdn\.com)$/;
  /** A page that records every request; the video hosts answer an empty page from here (no network). */
  const visit = async (options) => {
    const v = await open(options);
    v.requests = [];
    v.page.on('request', (r) => v.requests.push(r.url()));
    await v.context.route((url) => hosts.test(url.hostname), (route) => route.fulfill({
      status: 200, contentType: 'text/html', body: '<!doctype html><title>player</title>',
    }));
    // (data: and blob: addresses are no requests to anyone.)
    v.outsideSince = (n) => v.requests.slice(n).filter((u) => /^(https?|wss?):/.test(u) && !u.startsWith(origin));
    return v;
  };
  for (const p of hosted) {
    for (const js of [true, false]) {
      const how = js ? '' : ' without JavaScript';
      const { page, requests, outsideSince, problems, close } = await visit({ javaScriptEnabled: js });
      await page.goto(origin + p);
      await loaded(page);
      await scrollThrough(page);
      await page.waitForTimeout(300);
      assert.deepEqual(outsideSince(0), [], `${p}${how}: requests to other hosts before any click`);
      assert.equal(await page.locator('iframe').count(), 0, `${p}${how}: an iframe before any click`);
      const facades = page.locator('.video-facade');
      const n = await facades.count();
      const embeds = [];
      for (let i = 0; i < n; i++) {
        const facade = facades.nth(i);
        const embed = await facade.getAttribute('data-embed');
        const watch = watchUrl(embed);
        assert.ok(watch, `${p}: facade ${i + 1} plays ${embed}, not from youtube-nocookie.com or Vimeo with dnt=1`);
        const link = facade.locator('a.video-play');
        assert.equal(await link.count(), 1, `${p}: facade ${i + 1} has one play link`);
        assert.equal(await link.getAttribute('href'), watch, `${p}${how}: facade ${i + 1}'s link opens the video's page`);
        assert.ok(await link.isVisible(), `${p}${how}: facade ${i + 1}'s link is shown`);
        embeds.push(embed);
      }
      if (js) {
        // Each click (the second by keyboard) puts in one player, from the facade's address,
        // and the only host it reaches is that player's.
        for (let i = 0; i < n; i++) {
          const facade = facades.nth(i);
          const before = requests.length;
          const link = facade.locator('a.video-play');
          if (i % 2) {
            await link.focus();
            await page.keyboard.press('Enter');
          } else {
            await link.click();
          }
          await facade.locator('iframe').waitFor({ timeout: 5000 }).catch(() => {
            throw new Error(`${p}: ${i % 2 ? 'Enter' : 'a click'} on facade ${i + 1}'s link put no player in it (the page is now ${page.url()})`);
          });
          assert.equal(await page.locator('iframe').count(), i + 1, `${p}: one new iframe for click ${i + 1}`);
          const frame = facade.locator('iframe');
          assert.equal(await frame.count(), 1, `${p}: one iframe in facade ${i + 1}`);
          assert.equal(await frame.getAttribute('src'), embeds[i], `${p}: the player is the facade's data-embed`);
          assert.ok((await frame.getAttribute('title') || '').trim(), `${p}: the player has a title`);
          assert.equal(await facade.locator('a.video-play').count(), 0, `${p}: the play link made way for the player`);
          await page.waitForFunction((src) => [...document.querySelectorAll('iframe')].some((f) => f.src === src), embeds[i]);
          await page.waitForTimeout(300);
          const after = outsideSince(before);
          const host = new URL(embeds[i]).host;
          assert.ok(after.includes(embeds[i]), `${p}: the player was requested: ${JSON.stringify(after)}`);
          assert.deepEqual(after.filter((u) => new URL(u).host !== host), [], `${p}: after click ${i + 1}, requests to hosts other than ${host}`);
          assert.equal(page.url(), origin + p, `${p}: the click stayed on the page`);
          assert.equal(await page.evaluate(() => document.activeElement.tagName), 'IFRAME', `${p}: the focus moves to the player`);
        }
        // The page with its players is as accessible as it was (frames named, nothing lost).
        await page.evaluate(AXE_SOURCE);
        const axe = await page.evaluate(() => window.axe.run(document, {
          iframes: false,
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
        }));
        const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `axe [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        assert.deepEqual(serious, [], `${p}: axe with the players in`);
      } else {
        assert.deepEqual(outsideSince(0), [], `${p}${how}: requests to other hosts`);
      }
      assert.deepEqual(problems, [], `${p}${how}`);
      await close();
    }
  }
});

// --- Print ------------------------------------------------------------------------------

/** Text without hyphens (pdftotext joins words hyphenated at a line end) and with single spaces. */
const squash = (t) => t.replace(/-/g, '').replace(/\s+/g, ' ');

/** The text of a PDF, words separated by single spaces (poppler's pdftotext). */
function pdfText(buffer) {
  const file = path.join(artifacts, '.print-check.pdf');
  fs.writeFileSync(file, buffer);
  const out = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  fs.rmSync(file);
  return squash(out);
}

function pdfPages(buffer) {
  return (buffer.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

await check('printing an exercise or a path gives one clean page', async () => {
  const { page, close } = await open();
  const long = [];
  for (const p of [...exercisePaths, ...pathPaths]) {
    await page.goto(origin + p);
    await loaded(page);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => ['.site-header', '.site-footer', '.site-search', 'nav.progression', '.skip-link']
      .filter((s) => document.querySelector(s))
      .filter((s) => getComputedStyle(document.querySelector(s)).display !== 'none'));
    assert.deepEqual(hidden, [], `${p}: no navigation or search chrome in print`);
    const shown = p.includes('/paths/')
      ? ['h1', '.workout-card']
      : ['h1', '.facts .dose', '.prose ol', '#cues', '#common-errors', '.stop', '.bodymap-svg'];
    for (const s of shown) {
      if (s === '.facts .dose' && !(await page.locator(s).count())) continue;
      if ((s === '#cues' || s === '#common-errors' || s === '.stop') && !(await page.locator(s).count())) continue;
      assert.ok(await page.locator(s).first().isVisible(), `${p}: ${s} is printed`);
    }
    if (p.includes('/paths/')) {
      const rows = await page.locator('.workout-card tbody tr').count();
      const steps = await page.locator('.steps > li').count();
      assert.equal(rows, steps, `${p}: one row per step`);
      const doses = await page.$$eval('.workout-card tbody tr td:nth-child(3)', (tds) => tds.map((t) => t.textContent.trim()));
      const stepDoses = await page.$$eval('.steps > li', (lis) => lis.map((li) => li.querySelector('.dose')?.textContent.trim() || ''));
      assert.deepEqual(doses, stepDoses, `${p}: every step's dose`);
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const n = pdfPages(pdf);
    // Everything the card must show is really on the page (not cut off or pushed out).
    const must = p.includes('/paths/')
      ? await page.$$eval('.workout-card tbody td:nth-child(2)', (tds) => tds.map((t) => t.textContent))
      : await page.$$eval('.prose > ol > li, .cues li, .error-fix dt, .error-fix dd, .stop li', (els) => els.map((e) => e.textContent));
    const text = pdfText(pdf);
    const before = long.length;
    for (const m of must) {
      const words = squash(m).trim().split(' ').slice(-4).join(' ');
      if (!text.includes(words)) long.push(`${p}: "${words}" is missing from the printed page`);
    }
    if (p.endsWith('/glute-bridge/') || p === pathPaths[0] || n !== 1 || long.length > before) {
      fs.writeFileSync(path.join(artifacts, `print-${p.split('/').filter(Boolean).join('-')}.pdf`), pdf);
    }
    if (n !== 1) long.push(`${p}: prints on ${n} pages`);
    await page.emulateMedia({ media: 'screen' });
  }
  await close();
  assert.deepEqual(long, [], 'every card fits on one A4 page');
});

// A routine prints as a workout card to pin on a wall: every step with its dose and a tick
// box for each set, on one page of A4 and of Letter (for up to 8 steps), with no site chrome
// and no follow-along controls. Every finding of every routine is reported, not just the first.
await check('printing a routine gives one clean page on A4 and on Letter', async () => {
  if (!routinePaths.length) return 'the site has no routines';
  const { page, close } = await open();
  const found = [];
  for (const p of routinePaths) {
    await page.goto(origin + p);
    await loaded(page);
    const data = JSON.parse(await page.locator('#routine-data').textContent());
    await page.emulateMedia({ media: 'print' });
    // Chrome that takes room on paper (an empty box with no height is not chrome).
    const chrome = await page.evaluate((sel) => sel.filter((s) => [...document.querySelectorAll(s)].some((el) => {
      const st = getComputedStyle(el);
      return st.display !== 'none' && st.visibility !== 'hidden' && el.getBoundingClientRect().height > 0;
    })), ['.site-header', '.site-footer', '.site-search', '.skip-link', '.follow-controls', '#follow-start', '#follow-along']);
    if (chrome.length) found.push(`${p}: printed with navigation, search or follow-along controls: ${chrome.join(' ')}`);
    for (const s of ['h1', '.workout-card']) {
      if (!(await page.locator(s).first().isVisible())) found.push(`${p}: ${s} is not printed`);
    }
    if (data.steps.length > 8) found.push(`${p}: ${data.steps.length} steps; a printed card promises to fit up to 8`);
    // One row per step (section headings have rows of their own), with the step's title and
    // dose and a tick box for each of its sets.
    const rows = await page.$$eval('.workout-card tbody tr:not(.card-part)', (trs) => trs.map((tr) => ({
      text: tr.textContent.replace(/\s+/g, ' '),
      ticks: tr.querySelectorAll('.tick').length,
    })));
    const parts = await page.$$eval('.workout-card tr.card-part', (trs) => trs.map((tr) => tr.textContent.trim()));
    const sections = data.steps.map((s) => s.section).filter(Boolean);
    if (parts.join('|') !== sections.join('|')) found.push(`${p}: the card's section rows are [${parts}], not [${sections}]`);
    if (rows.length !== data.steps.length) found.push(`${p}: the card has ${rows.length} rows for ${data.steps.length} steps`);
    data.steps.forEach((step, i) => {
      const row = rows[i];
      if (!row) return;
      if (!row.text.includes(step.title)) found.push(`${p}: row ${i + 1} does not name ${step.title}`);
      if (!row.text.includes(step.dose.replace(/\s+/g, ' '))) found.push(`${p}: row ${i + 1} does not give the dose "${step.dose}"`);
      // A box for each set, up to the most a range allows (2-3 sets: three boxes).
      const most = Number((step.dose.match(/^(?:\d+–)?(\d+) sets?/) || [])[1] || 1);
      if (row.ticks !== most) found.push(`${p}: row ${i + 1} (${step.title}) has ${row.ticks} tick boxes for ${most} sets`);
    });
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format, printBackground: true });
      const n = pdfPages(pdf);
      const text = pdfText(pdf);
      const before = found.length;
      for (const step of data.steps) {
        for (const m of [step.title, step.dose]) {
          if (!text.includes(squash(m).trim())) found.push(`${p} (${format}): "${m}" is missing from the printed page`);
        }
      }
      if (n !== 1) found.push(`${p} (${format}): ${data.steps.length} steps print on ${n} pages`);
      if (p === routinePaths[0] || found.length > before) {
        fs.writeFileSync(path.join(artifacts, `print-${p.split('/').filter(Boolean).join('-')}-${format}.pdf`), pdf);
      }
    }
    await page.emulateMedia({ media: 'screen' });
  }
  await close();
  assert.deepEqual(found, [], 'every routine prints as one clean card on A4 and on Letter');
});

// --- Screenshots ------------------------------------------------------------------------

await check('screenshots at 390x844 and 1280x800', async () => {
  const shots = [
    ['home', basePath],
    ['exercise', exercisePaths.find((p) => p.endsWith('/glute-bridge/')) || exercisePaths[0]],
    ['exercise-index', `${basePath}exercises/?equipment=bodyweight`],
    ['path', pathPaths[0]],
    ['muscle', musclePaths[0]],
    ['equipment', equipmentPaths[0]],
  ].filter(([, p]) => p);
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    for (const scheme of ['light', 'dark']) {
      const mobile = width < 768;
      const { page, problems, close } = await open({ viewport: { width, height }, isMobile: mobile, hasTouch: mobile, colorScheme: scheme });
      for (const [name, p] of shots) {
        await page.goto(origin + p);
        await loaded(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${p} at ${width}px scrolls sideways by ${overflow}px`);
        await page.screenshot({ path: path.join(artifacts, `${name}-${width}x${height}-${scheme}.png`), fullPage: true });
      }
      await page.goto(origin + basePath);
      await searchFor(page, 'glute brigde');
      await page.screenshot({ path: path.join(artifacts, `search-${width}x${height}-${scheme}.png`) });
      assert.deepEqual(problems, []);
      await close();
    }
  }
});

await browser.close();
server.close();
const failures = failed();
console.log(`\nscreenshots and PDFs: ${artifacts}`);
console.log(`${results.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
