// Browser check of a site published in several languages (issue 16), in Debian's Chromium
// through playwright-core; fails (exit 1) on any finding.
//
//   node tests/browser/languages.mjs SITE_DIR [--lang=sv] [--exercise=glute-bridge] [--i18n=DIR] [--artifacts=DIR]
//
// SITE_DIR is a built site with `languages = [...]` (CI: the shipped guide with
// `languages = ["en", "sv"]` added to its site.toml). --lang is the language checked (the
// first one published under /<lang>/ by default), --exercise an exercise translated into
// it, --i18n the folder of the theme's translation tables (themes/default/i18n/ of this
// repository by default). Checks:
// - the language switcher of an exercise page lands on the same exercise in the other
//   language (<html lang>, translated title, aria-current, hreflang alternates in the head)
//   and back; on an exercise with no translation it lands on the fallback page, whose text
//   is marked as the default language and which says it is not translated yet;
// - searching on a page of the language with an accent-free query (a word with å, ä, ö...
//   of a translated exercise's title, its accents taken off) finds that exercise at its
//   /<lang>/ address, labelled in the language;
// - on the translated home, exercise, path and routine pages (and in the routine's
//   follow-along panel, from Start to its summary) no English word of the theme appears
//   outside elements marked lang="en": the words are every string of the theme's
//   themes/default/i18n/en.toml (all sections but [meta]) longer than a short token, split at
//   their {placeholders}, less those the language's own table also uses (as Swedish does
//   "set" and "reps"); page titles, summaries and other names from the search indexes are
//   content, not theme words, and are taken out of the text first;
// - axe-core finds nothing serious or critical on the translated home, exercise and
//   routine pages (follow-along open too), in light and dark mode;
// and no console errors, failed requests or requests to other hosts anywhere.
// Screenshots go to target/browser-artifacts/ (or --artifacts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, blockOutside, checks, executablePath, recordProblems } from './lib/harness.mjs';
import { serve } from './lib/server.mjs';
import { sitemapPaths } from './lib/sitemap.mjs';
import { parseToml } from './lib/toml.mjs';
import { suiteArgs, artifactsDir } from './lib/args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const { site, opt } = suiteArgs('node languages.mjs SITE_DIR [--lang=sv] [--exercise=glute-bridge] [--i18n=DIR] [--artifacts=DIR]', 'sitemap.xml');
const artifacts = artifactsDir(opt);
const started = Date.now();

const { paths, basePath } = sitemapPaths(site);
// The languages published under /<lang>/: the sitemap's alternates of the home page.
const published = [...fs.readFileSync(path.join(site, 'sitemap.xml'), 'utf8')
  .matchAll(/<xhtml:link[^>]*hreflang="([^"]+)"[^>]*href="([^"]+)"/g)]
  .filter(([, l, href]) => l !== 'x-default' && new URL(href.replace(/&amp;/g, '&')).pathname === `${basePath}${l}/`)
  .map(([, l]) => l)
  .filter((l, n, all) => all.indexOf(l) === n);
const lang = opt('lang') || published[0];
if (!lang || !published.includes(lang)) {
  console.error(`${site} publishes no pages under ${basePath}${lang || '<lang>'}/ (languages found: ${published.join(', ') || 'none'}): build it with languages = ["en", "sv"] in site.toml`);
  process.exit(2);
}
const home = `${basePath}${lang}/`;
const slug = opt('exercise') || 'glute-bridge';
const enExercise = `${basePath}exercises/${slug}/`;
const exercise = `${home}exercises/${slug}/`;
/** The pages of the language under `section/` (not the list itself). */
const inSection = (section) => paths.filter((p) => p.startsWith(`${home}${section}/`) && p !== `${home}${section}/`);
/** Does `lang` (an element's lang attribute) name `want` or one of its variants? */
const isLang = (l, want) => !!l && (l.toLowerCase() === want.toLowerCase() || l.toLowerCase().startsWith(`${want.toLowerCase()}-`));

// --- The theme's words ------------------------------------------------------------------

const i18n = path.resolve(opt('i18n') || path.join(here, '../../themes/default/i18n'));
const readTable = (l) => {
  const file = path.join(i18n, `${l}.toml`);
  return fs.existsSync(file) ? parseToml(fs.readFileSync(file, 'utf8')) : null;
};
const enTable = readTable('en');
const langTable = readTable(lang);
assert.ok(enTable, `no ${path.join(i18n, 'en.toml')}`);

/** Every string of a table: [where, text] for strings, the forms of plurals and list items. */
function strings(table, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(table)) {
    const where = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push([where, v]);
    else if (Array.isArray(v)) v.forEach((x, n) => typeof x === 'string' && out.push([`${where}[${n}]`, x]));
    else if (v && typeof v === 'object') out.push(...strings(v, where));
  }
  return out;
}
const letters = (s) => (s.match(/\p{L}/gu) || []).length;
/**
 * A regular expression for `phrase` as whole words, any run of spaces between them; in its
 * own case (as the theme writes it: "Stretch" the label, not "a stretch" in a sentence of
 * content left in English) unless `anyCase`.
 */
const wordsRe = (phrase, anyCase) => new RegExp(`(?<![\\p{L}\\p{N}])${phrase.trim().split(/\s+/)
  .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}(?![\\p{L}\\p{N}])`, anyCase ? 'iu' : 'u');
// What the language's own table says: a word it uses too is no sign of English.
const langText = langTable ? strings(langTable).map(([, s]) => s).join('\n') : '';
const themeWords = new Map(); // phrase -> keys it comes from
for (const [where, text] of strings(enTable)) {
  if (where.startsWith('meta.')) continue;
  for (const piece of text.split(/\{\w+\}/)) {
    // From the first letter to the last: "Nothing found for “" is "Nothing found for".
    const phrase = piece.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').replace(/\s+/g, ' ');
    const words = phrase.split(' ').filter((w) => letters(w));
    // A single short word ("Dose", "min", "Back") says too little.
    if (words.length === 1 ? letters(phrase) < 5 : letters(phrase) < 6) continue;
    if (langText && wordsRe(phrase, true).test(langText)) continue;
    themeWords.set(phrase, [...(themeWords.get(phrase) || []), where]);
  }
}
const themeRes = [...themeWords.keys()].map((phrase) => [phrase, wordsRe(phrase)]);

// Content (titles, summaries and other names of every page, in both languages): taken out of
// a page's text before looking for theme words, so that an exercise called "... Stretch"
// is not the category "Stretch".
function contentStrings() {
  const out = new Set();
  for (const index of [path.join(site, 'search-index.json'), path.join(site, lang, 'search-index.json')]) {
    if (!fs.existsSync(index)) continue;
    const data = JSON.parse(fs.readFileSync(index, 'utf8'));
    for (const d of data.docs || []) {
      for (const s of [d[1], d[3], ...String(d[4] || '').split(', ')]) if (s && s.trim().length >= 3) out.add(s.trim());
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}
const content = contentStrings();

/** The theme words in `text`: "where: phrase (its keys) in …its surroundings…" for each. */
function englishIn(text, where) {
  return englishPhrases(text).map(({ phrase, around }) => `${where}: "${phrase}" (${themeWords.get(phrase).join(', ')}) in "…${around}…"`);
}
function englishPhrases(text) {
  let rest = text.replace(/\s+/g, ' ');
  for (const c of content) rest = rest.split(c).join(' ¶ ');
  const found = [];
  for (const [phrase, re] of themeRes) {
    const m = re.exec(rest);
    if (m) found.push({ phrase, around: rest.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30) });
  }
  return found;
}

/**
 * The text of the page in its own language: every text node of the body and the words of
 * aria-label, placeholder, title and alt attributes, outside elements whose lang is
 * another language, and outside script, style, noscript and template; hidden text too
 * (it may show later). Plus the document's title.
 */
function pageText(page) {
  return page.evaluate((want) => {
    const own = (el) => {
      if (el.closest('script, style, noscript, template')) return false;
      const l = el.closest('[lang]');
      const v = l ? l.getAttribute('lang').toLowerCase() : want;
      return v === want || v.startsWith(`${want}-`);
    };
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement && n.textContent.trim() && own(n.parentElement)) parts.push(n.textContent);
    }
    for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], img[alt], [aria-roledescription]')) {
      if (!own(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt', 'aria-roledescription']) {
        const v = el.getAttribute(a);
        if (v && v.trim()) parts.push(v);
      }
    }
    return parts.join(' \n ');
  }, lang.toLowerCase());
}

// --- The browser ------------------------------------------------------------------------

const { check, results, failed } = checks();
const server = await serve(site);
const origin = server.origin;
const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });

/** Records what the live regions (outside the search box) say, in every page of a context. */
function listen() {
  const said = [];
  Object.defineProperty(window, '__said', { value: said });
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) {
        const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const region = node && node.closest('[aria-live]');
        if (region && region.textContent.trim()) said.push(region.textContent.trim());
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** A new page that records problems: console errors, page errors, failed or outside requests. */
async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const outside = await blockOutside(context, origin);
  await context.addInitScript(listen);
  const page = await context.newPage();
  const problems = recordProblems(page);
  return {
    context, page, problems,
    done: async () => {
      await context.close();
      assert.deepEqual([...problems, ...outside.map((u) => `request to another host: ${u}`)], [], 'console and requests');
    },
  };
}

async function loaded(page) {
  await page.waitForLoadState('load');
  await page.evaluate(() => document.fonts && document.fonts.ready);
}

/** What a page is: its <html lang>, its h1 and the language its h1 is marked in. */
function about(page) {
  return page.evaluate(() => {
    const h1 = document.querySelector('h1');
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: h1 ? h1.textContent.trim() : null,
      titleLang: h1 ? (h1.closest('[lang]')?.getAttribute('lang') || null) : null,
      text: document.body.innerText,
    };
  });
}

// Which pages of the language are translated (their title is in the language), read with
// JavaScript off, one context.
const translated = {};
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const p of paths.filter((x) => x.startsWith(home))) {
    await page.goto(origin + p);
    const a = await about(page);
    translated[p] = { ...a, translated: isLang(a.titleLang, lang) };
  }
  await context.close();
}
const translatedIn = (section) => inSection(section).filter((p) => translated[p].translated);

async function axeFindings(page, where) {
  await page.evaluate(AXE_SOURCE);
  const axe = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: axe [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(' | ')}`);
}

await check(`the site has ${lang} pages and a translated exercise (${exercise})`, async () => {
  assert.ok(translated[home], `${home} is in the sitemap`);
  assert.ok(translated[exercise], `${exercise} is in the sitemap`);
  assert.ok(translated[exercise].translated, `${exercise}: its title "${translated[exercise].title}" is not marked as ${lang} (lang ${translated[exercise].titleLang})`);
  assert.ok(paths.includes(enExercise), `${enExercise} is in the sitemap`);
  assert.ok(themeWords.size > 50, `only ${themeWords.size} English theme words to look for (${path.join(i18n, 'en.toml')})`);
  assert.ok(langTable, `no theme table for ${lang}: ${path.join(i18n, `${lang}.toml`)}`);
});

// --- (a) The language switcher ----------------------------------------------------------

/** The switcher's link to `to` on the page, and the language marked as the current one. */
async function switcher(page, to) {
  const links = page.locator(`nav a[hreflang="${to}"]`);
  assert.equal(await links.count(), 1, `${page.url()}: one link to ${to} in a <nav> (the language switcher)`);
  const link = links.first();
  const nav = page.locator('nav', { has: page.locator(`a[hreflang="${to}"]`) });
  return {
    link,
    name: (await link.textContent()).trim(),
    linkLang: await link.getAttribute('lang'),
    current: await nav.locator('[aria-current="page"]').evaluateAll((els) => els.map((e) => e.getAttribute('hreflang') || e.getAttribute('lang'))),
    navName: await nav.getAttribute('aria-label'),
  };
}

/** The hreflang alternates of the page's head, as paths: { en: '/x/', sv: '/sv/x/', 'x-default': '/x/' }. */
function alternates(page) {
  return page.$$eval('head link[rel="alternate"][hreflang]', (ls) => Object.fromEntries(ls.map((l) => [l.getAttribute('hreflang'), new URL(l.href).pathname])));
}

/** The page's hreflang alternates name both pages, and the default language's as x-default. */
async function sameAlternates(page, where) {
  const got = await alternates(page);
  const want = { [defaultLang]: enExercise, [lang]: exercise, 'x-default': enExercise };
  assert.deepEqual(Object.fromEntries(Object.keys(want).map((k) => [k, got[k]])), want, `${where}: hreflang alternates ${JSON.stringify(got)}`);
}

const defaultLang = await (async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(origin + enExercise);
  const l = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  await context.close();
  return l;
})();

await check(`the language switcher goes from ${enExercise} to ${exercise} and back`, async () => {
  const { page, done } = await open();
  await page.goto(origin + enExercise);
  await loaded(page);
  const en = await about(page);
  assert.ok(en.lang && !isLang(en.lang, lang), `${enExercise}: <html lang="${en.lang}">`);
  let s = await switcher(page, lang);
  assert.ok(s.name, 'the link to the other language has a name');
  assert.ok(isLang(s.linkLang, lang), `the name "${s.name}" is marked lang="${lang}" (it is "${s.linkLang}")`);
  assert.ok(s.navName, 'the switcher has an accessible name');
  assert.deepEqual(s.current, [defaultLang], 'the current language is marked aria-current="page"');
  await sameAlternates(page, enExercise);
  await Promise.all([page.waitForURL(origin + exercise), s.link.click()]);
  await loaded(page);
  const other = await about(page);
  assert.equal(other.lang, lang, `${exercise}: <html lang>`);
  assert.notEqual(other.title, en.title, `${exercise}: the title is translated`);
  assert.ok(isLang(other.titleLang, lang), `${exercise}: the title is marked ${lang}, not ${other.titleLang}`);
  await sameAlternates(page, exercise);
  await page.screenshot({ path: path.join(artifacts, `languages-${lang}-exercise-1280x800.png`), fullPage: true });
  s = await switcher(page, defaultLang);
  assert.deepEqual((await switcher(page, lang)).current, [lang], `${exercise}: the current language is marked aria-current="page"`);
  await Promise.all([page.waitForURL(origin + enExercise), s.link.click()]);
  await loaded(page);
  const back = await about(page);
  assert.equal(back.lang, en.lang, `back on ${enExercise}: <html lang>`);
  assert.equal(back.title, en.title, `back on ${enExercise}: the title`);
  await done();
});

await check(`on an exercise with no ${lang} translation the switcher lands on its fallback page, marked and noted`, async () => {
  const fallback = inSection('exercises').find((p) => !translated[p].translated);
  if (!fallback) return `every exercise is translated into ${lang}`;
  const enPath = basePath + fallback.slice(home.length);
  const { page, done } = await open();
  await page.goto(origin + enPath);
  await loaded(page);
  const en = await about(page);
  const to = await switcher(page, lang);
  await Promise.all([page.waitForURL(origin + fallback), to.link.click()]);
  await loaded(page);
  const other = await about(page);
  assert.equal(other.lang, lang, `${fallback}: <html lang>`);
  assert.equal(other.title, en.title, `${fallback}: the title falls back to the default language`);
  assert.ok(isLang(other.titleLang, defaultLang), `${fallback}: the fallback title is marked lang="${defaultLang}", not ${other.titleLang}`);
  const note = langTable?.page?.not_translated;
  if (note) assert.ok(other.text.replace(/\s+/g, ' ').includes(note.replace(/\s+/g, ' ')), `${fallback}: the note "${note}" is shown`);
  await done();
});

// --- (b) Search without accents ---------------------------------------------------------

/** Takes accents off: "Bäckenlyft" is "Backenlyft", "Straße" "Strasse". */
const plain = (s) => s.normalize('NFD').replace(/\p{Mn}+/gu, '')
  .replace(/ß/g, 'ss').replace(/æ/g, 'ae').replace(/Æ/g, 'AE').replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'))
  .replace(/œ/g, 'oe').replace(/Œ/g, 'OE');

await check(`search on a ${lang} page finds a translated exercise with an accent-free query`, async () => {
  // The exercise of --exercise first, then the other translated ones: the first whose
  // title has a word with an accent.
  const candidates = [exercise, ...translatedIn('exercises').filter((p) => p !== exercise)];
  let target = null;
  for (const p of candidates) {
    const title = translated[p]?.title || '';
    const word = title.split(/[\s\p{P}]+/u).find((w) => w.length >= 4 && plain(w) !== w);
    if (translated[p]?.translated && word) { target = { path: p, title, word, query: plain(word).toLowerCase() }; break; }
  }
  if (!target) return `no translated exercise has a title with an accented letter (${lang})`;
  const { page, done } = await open();
  await page.goto(origin + home);
  await loaded(page);
  const box = page.locator('#site-search');
  for (const query of [target.query, plain(target.title).toLowerCase()]) {
    await box.click();
    await box.fill(query);
    await page.waitForFunction((q) => document.querySelector('#site-search').value === q
      && !document.querySelector('#site-search-results').hidden
      && document.querySelector('#site-search-status').textContent !== '', query);
    const found = await page.$$eval('#site-search-results a', (as) => as.map((a) => ({
      path: new URL(a.href).pathname,
      title: a.querySelector('.result-title')?.textContent,
      kind: a.querySelector('.result-kind')?.textContent,
    })));
    const at = found.findIndex((r) => r.path === target.path);
    assert.ok(at >= 0 && at < 3, `"${query}" (for "${target.title}") should find ${target.path} in the first three results: ${JSON.stringify(found.slice(0, 5))}`);
    assert.equal(found[at].title, target.title, 'the result shows the translated title');
    const kind = langTable?.search?.kind_exercise;
    if (kind) assert.equal(found[at].kind, kind, `the result is labelled ${kind}`);
    else assert.notEqual(found[at].kind, 'Exercise', 'the result is labelled in the language');
    const status = await page.locator('#site-search-status').textContent();
    assert.deepEqual(englishIn(status, 'search status'), [], 'the status line is in the language');
  }
  await page.screenshot({ path: path.join(artifacts, `languages-${lang}-search-1280x800.png`) });
  await done();
});

// --- (c) No English theme word on translated pages ---------------------------------------

const pathPage = translatedIn('paths')[0];
const routinePage = translatedIn('routines')[0];
const checked = [['home', home], ['exercise', exercise], ['path', pathPage], ['routine', routinePage]];

await check(`no English theme word on the ${lang} home, exercise, path and routine pages (${themeWords.size} words)`, async () => {
  const missing = checked.filter(([, p]) => !p).map(([k]) => k);
  assert.deepEqual(missing, [], `translated ${lang} pages of these kinds`);
  const { page, done } = await open();
  const found = [];
  for (const [, p] of checked) {
    await page.goto(origin + p);
    await loaded(page);
    found.push(...englishIn(await pageText(page), p));
  }
  assert.deepEqual(found, [], 'English theme words');
  await done();
});

await check(`no English theme word in the follow-along panel of ${routinePage}, from Start to the summary`, async () => {
  if (!routinePage) return `no translated routine in ${lang}`;
  const { page, done } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(origin + routinePage);
  await loaded(page);
  // Each word once, where it was first seen.
  const found = new Map();
  const note = (text, when) => {
    for (const { phrase, around } of englishPhrases(text)) {
      if (!found.has(phrase)) found.set(phrase, `${routinePage} (${when}): "${phrase}" (${themeWords.get(phrase).join(', ')}) in "…${around}…"`);
    }
  };
  const look = async (when) => note(await pageText(page), when);
  const phase = () => page.locator('#follow-along').getAttribute('data-phase');
  await page.click('#follow-start');
  await look('started');
  if (await phase() === 'wait') {
    await page.click('.follow-now .follow-primary');
    await look('begun');
  }
  await page.click('.follow-pause');
  await look('paused');
  await page.click('.follow-pause');
  let stopped = false;
  for (let i = 0; i < 200 && await phase() !== 'done'; i++) {
    if (!stopped && i === 3) {
      // The offer to resume.
      await page.click('.follow-stop');
      await look('stopped');
      await page.click('.follow-resume');
      stopped = true;
    }
    const p = await phase();
    if (p === 'wait' || p === 'work') await page.click('.follow-now .follow-primary');
    else await page.click('.follow-skip');
    await look(`phase ${p}`);
  }
  assert.equal(await phase(), 'done', 'the routine reaches its summary');
  await look('summary');
  // Everything the live region said on the way.
  const said = await page.evaluate(() => window.__said);
  note(said.join(' \n '), 'read out');
  await page.screenshot({ path: path.join(artifacts, `languages-${lang}-follow-done-390x844.png`) });
  assert.deepEqual([...found.values()], [], 'English theme words');
  await done();
});

// --- (d) axe ----------------------------------------------------------------------------

for (const scheme of ['light', 'dark']) {
  await check(`axe finds nothing serious on the ${lang} home, exercise and routine pages (${scheme} mode)`, async () => {
    const { page, done } = await open({ colorScheme: scheme });
    const findings = [];
    for (const p of [home, exercise, routinePage].filter(Boolean)) {
      await page.goto(origin + p);
      await loaded(page);
      findings.push(...await axeFindings(page, p));
      if (p === routinePage) {
        await page.click('#follow-start');
        findings.push(...await axeFindings(page, `${p}, follow-along open`));
      }
    }
    assert.deepEqual(findings, []);
    await done();
  });
}

await browser.close();
server.close();
const failures = failed();
console.log(`\n${results.length - failures} ok, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots: ${artifacts}`);
process.exit(failures ? 1 : 0);
