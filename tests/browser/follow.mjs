// Browser check of follow-along mode (routine.js) on every routine page of a built movebook
// site, in Debian's Chromium through playwright-core, with a fake clock; fails (exit 1) on
// any finding.
//
//   node tests/browser/follow.mjs SITE_DIR [--artifacts=DIR]
//
// On each routine page (the sitemap's pages under <base>/routines/, except the list):
// Start, then the WHOLE routine at 390x844: "Set done" moves rep sets on; timed holds wait
// for "Begin" when an exercise starts, then count down a get-ready and the hold; rests
// count down; both count down as the clock runs and move on by themselves, with a beep and
// a vibration, and the live region speaks a few times per countdown, never every second;
// every set of every side is shown ("second side"); the screen wake lock is requested on
// start, released on pause (the countdown stops) and on finish; a reload in the middle
// offers "Resume (exercise N of M)" and resumes at the same exercise, set and side; the
// summary counts every exercise and set and the saved state is gone; nothing scrolls
// sideways; no request leaves the page but pictures. When no routine of the site rests
// between sets, one is run again with a 20 s rest written into its routine-data as it is
// served. Then, on one page: axe-core finds nothing serious or critical with the panel
// open, the resume offer and the summary, in light and dark mode; the keyboard reaches
// Start and every control, Enter and Space work ("Set done"), Escape pauses, focus never
// falls to <body>; sound and vibration can be turned off and stay off;
// prefers-reduced-motion stops the countdown bar's transition; "labels" in the routine
// data replace the English words; without JavaScript the page is the full routine and no
// Start button shows. No console errors anywhere. Screenshots go to
// target/browser-artifacts/ (or --artifacts).
import assert from 'node:assert/strict';
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

const { site, opt } = suiteArgs('node follow.mjs SITE_DIR [--artifacts=DIR]', 'sitemap.xml');
const artifacts = artifactsDir(opt);
const started = Date.now();

const { check, results, failed } = checks();

const server = await serve(site);
const origin = server.origin;
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
});

// Observes, in every page of a context: wake lock requests and releases, beeps (oscillators
// started), vibrations, and what the follow-along live region says.
function observe() {
  const log = { wake: [], beeps: 0, vibrations: 0, said: [] };
  Object.defineProperty(window, '__follow', { value: log });
  class FakeSentinel extends EventTarget {
    constructor(type) { super(); this.type = type; this.released = false; }
    release() { this.released = true; this.dispatchEvent(new Event('release')); return Promise.resolve(); }
  }
  const wakeLock = navigator.wakeLock || {};
  const request = navigator.wakeLock ? navigator.wakeLock.request.bind(navigator.wakeLock) : null;
  wakeLock.request = async (type) => {
    log.wake.push(`request ${type}`);
    // Headless Chromium may refuse a real lock: then a stand-in shows the release.
    let sentinel;
    try { sentinel = await request(type); } catch { sentinel = new FakeSentinel(type); }
    const release = sentinel.release.bind(sentinel);
    sentinel.release = () => { log.wake.push('release'); return release(); };
    return sentinel;
  };
  if (!navigator.wakeLock) Object.defineProperty(navigator, 'wakeLock', { value: wakeLock });
  navigator.vibrate = () => { log.vibrations++; return true; };
  if (window.AudioContext) {
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...a) { log.beeps++; return start.apply(this, a); };
  }
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const region = node && node.closest('[aria-live]');
        if (region && !region.closest('.site-search') && region.textContent.trim()) log.said.push(region.textContent.trim());
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** A new page with a fake clock that records problems: console errors, page errors, failed or outside requests. */
async function open({ clock = true, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, ...options });
  const outside = await blockOutside(context, origin);
  await context.addInitScript(observe);
  const page = await context.newPage();
  const problems = recordProblems(page);
  // Time stands still until the test runs it (runFor fires every timer on the way).
  if (clock) {
    await page.clock.install({ time: new Date('2030-01-07T08:00:00Z') });
    await page.clock.pauseAt(new Date('2030-01-07T08:00:01Z'));
  }
  return {
    context, page, problems, outside,
    done: async () => {
      await context.close();
      assert.deepEqual([...problems, ...outside.map((u) => `request to another host: ${u}`)], [], 'console and requests');
    },
  };
}

const { paths, basePath } = sitemapPaths(site);
const routinePaths = paths.filter((p) => p.startsWith(`${basePath}routines/`) && p !== `${basePath}routines/`);

/** The routine's data and the work units it must show: [step, set, side] for each set of each side. */
async function routineData(page) {
  const data = await page.evaluate(() => JSON.parse(document.getElementById('routine-data').textContent));
  const units = [];
  let totalSets = 0;
  data.steps.forEach((step, s) => {
    const sets = Math.max(1, step.sets || 1);
    totalSets += sets;
    for (let set = 1; set <= sets; set++) {
      for (let side = 1; side <= (step.per_side ? 2 : 1); side++) units.push(`${s + 1}/${set}/${side}`);
    }
  });
  return { data, units, totalSets };
}

/** What the panel shows now. */
function panelState(page) {
  return page.evaluate(() => {
    const panel = document.getElementById('follow-along');
    const q = (s) => panel.querySelector(s);
    const shown = (n) => !!n && n.getClientRects().length > 0;
    const count = q('.follow-count');
    const text = shown(count) ? count.textContent : null;
    const seconds = text === null ? null : text.split(':').reduce((a, b) => a * 60 + Number(b), 0);
    const primary = q('.follow-now .follow-primary');
    const active = document.activeElement;
    return {
      visible: shown(panel),
      phase: panel.dataset.phase,
      step: Number(panel.dataset.step),
      set: Number(panel.dataset.set),
      side: Number(panel.dataset.side),
      running: panel.dataset.state === 'running',
      seconds,
      where: q('.follow-where')?.textContent || '',
      title: q('.follow-run .follow-title')?.textContent || '',
      primary: shown(primary) ? primary.textContent : null,
      picture: shown(q('.follow-picture img')),
      focus: active === document.body ? 'body' : active.tagName.toLowerCase() + (active.id ? '#' + active.id : '') + (active.className ? '.' + active.className.split(' ').join('.') : ''),
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      log: JSON.parse(JSON.stringify(window.__follow)),
    };
  });
}
const key = (s) => `${s.phase} ${s.step}/${s.set}/${s.side}`;

async function loaded(page) {
  await page.waitForLoadState('load');
  await page.locator('#follow-start').waitFor({ state: 'visible' });
}

// --- The whole routine, on every routine page ------------------------------------------

await check('the site has routine pages', async () => {
  assert.ok(routinePaths.length > 0, `no page under ${basePath}routines/ in the sitemap`);
});

/** Serves the page at `routinePath` with its routine-data changed by `change`. */
async function rewriteData(context, routinePath, change) {
  await context.route(origin + routinePath, async (route) => {
    try {
      const response = await route.fetch();
      const html = (await response.text()).replace(/(<script type="application\/json" id="routine-data">)(.*?)(<\/script>)/s, (m, a, json, b) => {
        const data = JSON.parse(json);
        change(data);
        return a + JSON.stringify(data).replace(/</g, '\\u003c') + b;
      });
      await route.fulfill({ response, body: html });
    } catch (e) {
      unlessClosed(e);
    }
  });
}

/**
 * Runs the routine at `routinePath` from Start to the summary. With `rests`, every step of
 * several sets gets that many seconds of rest, written into the page's routine-data as the
 * page is served (for a site whose routines have no rests).
 */
async function runWhole(routinePath, rests) {
  const { page, context, done } = await open();
  if (rests) {
    await rewriteData(context, routinePath, (data) => {
      data.version += '-rests';
      for (const step of data.steps) if (step.sets > 1) step.rest = rests;
    });
  }
  await page.goto(origin + routinePath);
  await loaded(page);
  assert.equal(await page.locator('#follow-start').textContent(), 'Start');
  assert.equal(await page.locator('.follow-resume').isVisible(), false, 'nothing to resume on a first visit');
  const { data, units, totalSets } = await routineData(page);
  const n = data.steps.length;
  const stepImages = await page.evaluate(() => [...document.querySelectorAll('.routine-step')]
    .map((li) => !!li.querySelector('.step-picture img')));
  const requests = [];
  let recording = true;
  page.on('request', (r) => { if (recording) requests.push(r); });
  await page.click('#follow-start');
  let s = await panelState(page);
  assert.ok(s.visible, 'Start shows the panel');
  assert.equal(s.step, 1, 'starts at the first exercise');
  assert.equal(s.focus, 'h2#follow-title.follow-title', 'focus goes to the exercise heading');
  await page.waitForFunction(() => window.__follow.wake.includes('request screen'));

  const seen = new Set();
  const phasesMet = new Set();
  const findings = [];
  let reloaded = false;
  let paused = false;
  let guard = 0;
  const note = (msg) => findings.push(`${key(s)}: ${msg}`);
  while (s.phase !== 'done') {
    if (++guard > 600) throw new Error(`no end after 600 phases, at ${key(s)}`);
    if (s.sideways) note('the page scrolls sideways at 390 px');
    if (s.focus === 'body') note('focus fell to <body>');
    if (s.phase !== 'rest') seen.add(`${s.step}/${s.set}/${s.side}`);
    phasesMet.add(s.phase);
    const step = data.steps[s.step - 1];
    if (!s.title.includes(step.title)) note(`heading "${s.title}" is not ${step.title}`);
    if (stepImages[s.step - 1] && !s.picture) note('the exercise\'s picture is missing');
    if (s.side === 2 && !/second side/.test(s.where)) note(`"${s.where}" does not say second side`);
    if (!s.where.includes(`Set ${s.set} of ${Math.max(1, step.sets || 1)}`)) note(`"${s.where}" does not give the set`);

    // Reload in the middle: the page offers to resume, and resumes at the same place.
    if (!reloaded && seen.size > units.length / 2 && s.phase !== 'rest') {
      reloaded = true;
      const before = s;
      recording = false;
      await page.reload();
      await loaded(page);
      recording = true;
      const offer = page.locator('.follow-resume');
      assert.ok(await offer.isVisible(), 'after a reload the page offers to resume');
      assert.equal(await offer.textContent(), `Resume (exercise ${before.step} of ${n})`);
      assert.equal(await page.locator('#follow-start').textContent(), 'Start over');
      await offer.click();
      s = await panelState(page);
      assert.deepEqual([s.step, s.set, s.side], [before.step, before.set, before.side], 'resumes at the same exercise, set and side');
      assert.equal(s.focus, 'h2#follow-title.follow-title', 'Resume puts focus on the exercise heading');
      continue;
    }

    if (!paused && (s.phase === 'hold' || s.phase === 'work')) {
      // Pause releases the wake lock and stops a countdown; Resume asks for the lock again.
      paused = true;
      await page.click('.follow-pause');
      const p1 = await panelState(page);
      await page.clock.runFor(5000);
      const p2 = await panelState(page);
      if (p1.running || key(p2) !== key(s) || p2.seconds !== s.seconds) note(`paused, the countdown went on: ${s.seconds} → ${key(p2)} ${p2.seconds}`);
      if (p2.log.wake.at(-1) !== 'release') note(`pause did not release the wake lock: ${p2.log.wake}`);
      await page.click('.follow-pause');
      s = await panelState(page);
      if (!s.running || s.log.wake.at(-1) !== 'request screen') note(`resume did not ask for the wake lock again: ${s.log.wake}`);
    }
    const was = key(s);
    if (s.phase === 'work') {
      if (s.primary !== 'Set done') note(`a rep set shows ${s.primary}, not "Set done"`);
      await page.click('.follow-now .follow-primary');
    } else if (s.phase === 'wait') {
      if (s.primary !== 'Begin') note(`a hold that waits shows ${s.primary}, not "Begin"`);
      await page.click('.follow-now .follow-primary');
      const after = await panelState(page);
      if (after.phase !== 'ready' || after.seconds !== 5) note(`Begin gives ${key(after)} ${after.seconds} s, not a 5 s get-ready`);
    } else {
      // A countdown: it decreases as the clock runs, then moves on by itself.
      const total = s.seconds;
      await page.clock.runFor(1000);
      const later = await panelState(page);
      if (key(later) !== was || !(later.seconds < total)) note(`${total} s, 1 s later ${key(later)} ${later.seconds} s`);
      const before = await panelState(page);
      if (s.phase === 'ready') {
        // A tab asleep through the get-ready (timers fire late, once): the hold started
        // when the get-ready ended, not when the page woke up.
        await page.clock.fastForward(later.seconds * 1000 + 2000);
        const after = await panelState(page);
        const hold = step.hold;
        if (after.phase !== 'hold' || after.seconds !== hold - 2) note(`2 s after the get-ready, ${key(after)} shows ${after.seconds} s, not ${hold - 2}`);
        if (after.log.beeps <= before.log.beeps) note('no beep at the end of the get-ready');
      } else {
        // Holds run in the foreground (every timer fires); rests as in a throttled tab.
        if (s.phase === 'hold') await page.clock.runFor(later.seconds * 1000 + 300);
        else await page.clock.fastForward(later.seconds * 1000 + 300);
        const after = await panelState(page);
        if (key(after) === was) note(`still at ${key(after)} after its countdown`);
        if (after.log.beeps <= before.log.beeps) note('no beep at the end of the countdown');
        if (after.log.vibrations <= before.log.vibrations) note('no vibration at the end of the countdown');
        // Entering, maybe "10 seconds left", and the next phase: never every second.
        const said = after.log.said.slice(before.log.said.length);
        if (said.length > 3) note(`${said.length} announcements in one countdown: ${said.slice(0, 6).join(' | ')} …`);
        if (s.phase === 'hold' && total >= 20 && !said.some((t) => /10 seconds left/.test(t))) note(`no "10 seconds left" in a ${total} s hold: ${said.join(' | ')}`);
      }
    }
    s = await panelState(page);
    if (s.phase !== 'done' && key(s) === was) note('did not move on');
  }
  assert.ok(reloaded, 'the routine was reloaded in the middle');
  assert.deepEqual([...seen].sort(), [...units].sort(), 'every set of every side was shown');
  const summary = await page.locator('.follow-summary-text').textContent();
  assert.match(summary, new RegExp(`^${n} of ${n} exercises and ${totalSets} of ${totalSets} sets done in `), 'summary');
  assert.equal(s.focus, 'h2#follow-done.follow-title', 'focus goes to the summary heading');
  assert.equal(s.log.wake.at(-1), 'release', 'the wake lock is released at the end');
  assert.ok(await page.locator('.follow-again').isVisible(), '"Start again" is offered');
  const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('movebook:routine:')));
  assert.deepEqual(saved, [], 'finishing forgets the saved state');
  // (Chromium fetches the favicon on its own from time to time.)
  const fetched = requests.filter((r) => r.resourceType() !== 'image' && !r.url().endsWith('/favicon.svg'));
  assert.deepEqual(fetched.map((r) => r.url()), [], 'follow-along makes no requests but pictures');
  assert.deepEqual(findings, [], `findings over ${guard} phases`);
  // Every kind of phase the routine has was met on the way.
  const kinds = new Set(data.steps.flatMap((st) => [
    st.hold > 0 && !st.hold_per_rep ? 'hold' : 'work',
    st.sets > 1 && st.rest > 0 ? 'rest' : null,
  ]).filter(Boolean));
  assert.deepEqual([...kinds].filter((k) => !phasesMet.has(k)), [], `phases met: ${[...phasesMet]}`);
  await done();
  return kinds;
}

const kindsMet = new Set();
for (const routinePath of routinePaths) {
  await check(`follow-along runs the whole routine ${routinePath}`, async () => {
    for (const k of await runWhole(routinePath)) kindsMet.add(k);
  });
}
if (routinePaths.length && !kindsMet.has('rest')) {
  // No routine of this site rests between sets: give one the rests it could have.
  const multi = [];
  for (const p of routinePaths) {
    const html = fs.readFileSync(path.join(site, p.slice(basePath.length), 'index.html'), 'utf8');
    const steps = JSON.parse(html.match(/id="routine-data">(.*?)<\/script>/s)[1]).steps;
    multi.push([steps.filter((st) => st.sets > 1).length, p]);
  }
  multi.sort((a, b) => b[0] - a[0]);
  if (multi[0][0]) {
    await check(`follow-along rests count down between sets (${multi[0][1]} with a 20 s rest)`, async () => {
      const kinds = await runWhole(multi[0][1], 20);
      assert.ok(kinds.has('rest'), 'the routine has rests');
    });
  }
}

// --- One page: accessibility, keyboard, settings, reduced motion, no JavaScript ---------

const chosen = await (async () => {
  // A routine with a rep set (for "Set done") and a timed phase if there is one.
  if (!routinePaths.length) return null;
  const { page, context } = await open();
  let best = routinePaths[0];
  let bestScore = -1;
  for (const p of routinePaths) {
    await page.goto(origin + p);
    const steps = await page.evaluate(() => JSON.parse(document.getElementById('routine-data').textContent).steps);
    const reps = steps.some((st) => !(st.hold > 0 && !st.hold_per_rep));
    const timed = steps.some((st) => st.hold > 0 && !st.hold_per_rep) || steps.some((st) => st.rest > 0 && st.sets > 1);
    const score = (reps ? 2 : 0) + (timed ? 1 : 0);
    if (score > bestScore) { best = p; bestScore = score; }
  }
  await context.close();
  return best;
})();

async function axeFindings(page, where) {
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: axe [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(' | ')}`);
}

/** Presses Tab until `test` holds for the focused element (at most 80 times). */
async function tabTo(page, test, shift = false) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const hit = await page.evaluate(test);
    if (hit) return true;
  }
  return false;
}

if (chosen) {
  for (const scheme of ['light', 'dark']) {
    await check(`axe finds nothing serious with follow-along open, resumable and finished (${scheme} mode, ${chosen})`, async () => {
      // A real clock: axe waits on timers. Nothing here waits for a countdown.
      const { page, done } = await open({ colorScheme: scheme, clock: false });
      const findings = [];
      for (const [width, height] of [[390, 844], [1280, 800]]) {
        await page.setViewportSize({ width, height });
        await page.goto(origin + chosen);
        await loaded(page);
        await page.evaluate(() => localStorage.clear());
        await page.reload();
        await loaded(page);
        await page.click('#follow-start');
        let s = await panelState(page);
        if (s.phase === 'wait') await page.click('.follow-now .follow-primary');
        findings.push(...await axeFindings(page, `${width}px, panel open`));
        await page.screenshot({ path: path.join(artifacts, `follow-${width}x${height}-${scheme}.png`) });
        // A timed phase and a rep set look different: check both.
        for (let i = 0; i < 40 && s.phase !== 'work' && s.phase !== 'done'; i++) {
          await page.click('.follow-skip');
          s = await panelState(page);
        }
        if (s.phase === 'work') {
          findings.push(...await axeFindings(page, `${width}px, rep set`));
          await page.screenshot({ path: path.join(artifacts, `follow-set-${width}x${height}-${scheme}.png`) });
        }
        if (s.sideways) findings.push(`${width}px: the page scrolls sideways`);
        if (s.phase !== 'done') {
          await page.click('.follow-stop');
          s = await panelState(page);
          if (s.focus !== 'button.follow-start.follow-resume') findings.push(`after Stop, focus is on ${s.focus}, not Resume`);
          findings.push(...await axeFindings(page, `${width}px, resume offer`));
          await page.click('.follow-resume');
        }
        for (let i = 0; i < 400 && s.phase !== 'done'; i++) {
          await page.click('.follow-skip');
          s = await panelState(page);
        }
        const summary = await page.locator('.follow-summary-text').textContent();
        if (!/^0 of \d+ exercises and 0 of \d+ sets done/.test(summary)) findings.push(`skipped sets counted as done: ${summary}`);
        findings.push(...await axeFindings(page, `${width}px, summary`));
        if (s.sideways) findings.push(`${width}px: the summary scrolls sideways`);
        await page.screenshot({ path: path.join(artifacts, `follow-done-${width}x${height}-${scheme}.png`) });
      }
      assert.deepEqual(findings, []);
      await done();
    });
  }

  await check(`keyboard: Tab reaches Start and every control, Enter and Space work, Escape pauses (${chosen})`, async () => {
    const { page, done } = await open({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
    await page.goto(origin + chosen);
    await loaded(page);
    assert.ok(await tabTo(page, () => document.activeElement.id === 'follow-start'), 'Tab reaches Start');
    await page.keyboard.press('Enter');
    let s = await panelState(page);
    assert.ok(s.visible && s.focus === 'h2#follow-title.follow-title', `Enter on Start opens the panel with focus on its heading (focus: ${s.focus})`);
    const reached = new Set();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => (document.activeElement.closest('#follow-along') ? document.activeElement.textContent.trim() || document.activeElement.id : null));
      if (label === null) break;
      reached.add(label);
    }
    for (const want of ['Back', 'Pause', 'Skip', 'Stop']) assert.ok(reached.has(want), `Tab reaches ${want}: ${[...reached].join(', ')}`);
    // Skip with Enter until a rep set, then "Set done" with Space.
    await page.locator('.follow-skip').focus();
    for (let i = 0; i < 60 && s.phase !== 'work'; i++) {
      await page.keyboard.press('Enter');
      s = await panelState(page);
      assert.notEqual(s.focus, 'body', 'focus stays in the panel');
      if (s.phase === 'done') break;
      if (!s.focus.includes('follow-skip')) await page.locator('.follow-skip').focus();
    }
    assert.equal(s.phase, 'work', 'Enter on Skip reaches a rep set');
    assert.ok(await tabTo(page, () => document.activeElement.textContent === 'Set done', true), 'Shift+Tab reaches "Set done"');
    const was = key(s);
    await page.keyboard.press('Space');
    s = await panelState(page);
    assert.notEqual(key(s), was, 'Space on "Set done" moves on');
    assert.notEqual(s.focus, 'body', 'focus stays in the panel after "Set done"');
    assert.ok(s.running);
    await page.locator('.follow-back').focus();
    await page.keyboard.press('Enter');
    s = await panelState(page);
    assert.equal(key(s), was, 'Back returns to the set just done');
    await page.keyboard.press('Escape');
    s = await panelState(page);
    assert.equal(s.running, false, 'Escape pauses');
    assert.equal(s.log.wake.at(-1), 'release', 'pausing releases the wake lock');
    await done();
  });

  await check(`sound and vibration can be turned off and stay off (${chosen})`, async () => {
    const { page, done } = await open();
    await page.goto(origin + chosen);
    await loaded(page);
    await page.click('#follow-start');
    for (const id of ['#follow-sound', '#follow-vibrate']) {
      assert.ok(await page.locator(id).isChecked(), `${id} is on at first`);
      await page.uncheck(id);
    }
    await page.reload();
    await loaded(page);
    await page.click('#follow-start');
    for (const id of ['#follow-sound', '#follow-vibrate']) assert.equal(await page.locator(id).isChecked(), false, `${id} stays off`);
    // Run to the end by the clock and the buttons: no beep, no vibration.
    let s = await panelState(page);
    for (let i = 0; i < 600 && s.phase !== 'done'; i++) {
      if (s.phase === 'work' || s.phase === 'wait') await page.click('.follow-now .follow-primary');
      else await page.clock.runFor((s.seconds + 1) * 1000);
      s = await panelState(page);
    }
    assert.equal(s.phase, 'done');
    assert.deepEqual([s.log.beeps, s.log.vibrations], [0, 0], 'beeps and vibrations with both off');
    await done();
  });

  await check(`prefers-reduced-motion: the countdown bar does not animate (${chosen})`, async () => {
    const durations = {};
    for (const reducedMotion of ['no-preference', 'reduce']) {
      const { page, done } = await open({ reducedMotion });
      await page.goto(origin + chosen);
      await loaded(page);
      await page.click('#follow-start');
      durations[reducedMotion] = await page.evaluate(() => getComputedStyle(document.querySelector('.follow-bar span')).transitionDuration);
      await done();
    }
    assert.notEqual(durations['no-preference'], '0s', 'the bar moves smoothly by default');
    assert.equal(durations.reduce, '0s');
  });

  await check(`labels in the routine data replace the English words (${chosen})`, async () => {
    const { page, context, done } = await open();
    await rewriteData(context, chosen, (data) => {
      data.labels = {
        start: 'Los',
        exercise_of: 'Übung {n} von {total}',
        pause: 'Pause!',
        // A plural label: the form for the count (of a range, its last number).
        reps: { one: '{n} Wiederholung', other: '{n} Wiederholungen' },
        notALabel: 'x',
        skip: 42,
      };
    });
    await page.goto(origin + chosen);
    await loaded(page);
    assert.equal(await page.locator('#follow-start').textContent(), 'Los');
    await page.click('#follow-start');
    assert.match(await page.locator('.follow-count-text').textContent(), /^Übung 1 von \d+$/);
    assert.equal(await page.locator('.follow-pause').textContent(), 'Pause!');
    assert.equal(await page.locator('.follow-skip').textContent(), 'Skip', 'a label not given (or not a string) stays English');
    const { data } = await routineData(page);
    let s = await panelState(page);
    for (let i = 0; i < 60 && s.phase !== 'work' && s.phase !== 'done'; i++) {
      await page.click('.follow-skip');
      s = await panelState(page);
    }
    assert.equal(s.phase, 'work', 'Skip reaches a rep set');
    const reps = data.steps[s.step - 1].reps;
    if (/^\d/.test(reps)) {
      const one = Number(reps.match(/(\d+)\D*$/)[1]) === 1;
      assert.equal(await page.locator('.follow-phase').textContent(), `${reps} ${one ? 'Wiederholung' : 'Wiederholungen'}`);
    }
    await done();
  });

  await check(`without JavaScript the page is the whole routine and shows no Start (${chosen})`, async () => {
    const { page, done } = await open({ javaScriptEnabled: false });
    await page.goto(origin + chosen);
    const steps = JSON.parse(await page.locator('#routine-data').textContent()).steps;
    assert.equal(await page.locator('#follow-start').isVisible(), false);
    assert.equal(await page.locator('#follow-along').isVisible(), false);
    assert.equal(await page.locator('.routine-step').count(), steps.length, 'a card for every step');
    for (const step of steps) {
      const card = page.locator(`#step-${step.n}`);
      assert.ok((await card.locator('.step-title').textContent()).includes(step.title));
      assert.equal((await card.locator('.step-dose').textContent()).trim(), step.dose);
    }
    await done();
  });
}

await browser.close();
server.close();
const failures = failed();
console.log(`\n${results.length - failures} ok, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots: ${artifacts}`);
process.exit(failures ? 1 : 0);
