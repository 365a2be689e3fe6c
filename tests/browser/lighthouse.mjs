// Lighthouse (npm `lighthouse`, mobile preset) on one page of every kind of a built site,
// in Debian's Chromium, the site served from 127.0.0.1. Prints the four category scores of
// each page and the audits that fall short; exits 1 when any page scores below the minimum
// in any category (default 0.95; --min-CATEGORY=X sets one category's, e.g. --min-seo=1).
//
//   node tests/browser/lighthouse.mjs SITE_DIR [--min=0.95] [--min-CATEGORY=X]... [--page=/path/]...
//
// Without --page it audits the home page, the list pages, the 404 page, and the first
// exercise, muscle, equipment, path, routine (when the site has one) and article page it
// finds in the site's sitemap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { serve } from './lib/server.mjs';
import { sitemapPaths } from './lib/sitemap.mjs';
import { suiteArgs } from './lib/args.mjs';

const { args, site, opt } = suiteArgs('node tests/browser/lighthouse.mjs SITE_DIR [--min=0.95] [--min-CATEGORY=X]... [--page=/path/]...');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const minimum = Object.fromEntries(CATEGORIES.map((c) => [c, Number(opt(`min-${c}`) ?? opt('min') ?? '0.95')]));
const mins = [...new Set(Object.values(minimum))];
const minText = mins.length === 1 ? String(mins[0]) : CATEGORIES.map((c) => `${c} ${minimum[c]}`).join(', ');

/** One page of each kind: the fixed pages, then the first of each kind in the sitemap. */
function pagesToAudit() {
  const chosen = args.filter((a) => a.startsWith('--page=')).map((a) => a.slice('--page='.length));
  if (chosen.length) return chosen;
  const { paths, basePath: base } = sitemapPaths(site);
  const rel = paths.map((p) => p.slice(base.length));
  const first = (kind, test) => {
    const found = rel.find(test);
    if (!found) throw new Error(`the site has no ${kind} page to audit`);
    return found;
  };
  const lists = ['exercises/', 'muscles/', 'equipment/', 'paths/'];
  // Routines are optional: a site with one gets its list and a routine page audited too.
  const hasRoutines = rel.includes('routines/');
  if (hasRoutines) lists.push('routines/');
  const detail = (dir) => (p) => p.startsWith(dir) && p !== dir;
  return [
    '',
    ...lists,
    '404.html',
    first('exercise', detail('exercises/')),
    first('muscle', detail('muscles/')),
    first('equipment', (p) => detail('equipment/')(p) && p !== 'equipment/bodyweight/'),
    first('path', detail('paths/')),
    ...(hasRoutines ? [first('routine', detail('routines/'))] : []),
    first('article', (p) => p !== '' && !lists.some((l) => p.startsWith(l))),
  ].map((p) => base + p);
}

const pages = pagesToAudit();
const { origin, close } = await serve(site);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'movebook-lighthouse-'));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  userDataDir: profile,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--no-first-run'],
});

let failed = 0;
try {
  for (const page of pages) {
    // Lighthouse runs one page at a time; a slow shared machine gets a retry before a
    // performance score counts against the site.
    let lhr;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const result = await lighthouse(`${origin}${page}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        maxWaitForLoad: 30000,
      });
      lhr = result.lhr;
      const low = CATEGORIES.some((c) => (lhr.categories[c]?.score ?? 0) < minimum[c]);
      if (!low || lhr.runtimeError || attempt === 2) break;
      console.log(`${page}: below ${minText} on attempt 1, measuring again`);
    }
    const scores = CATEGORIES.map((c) => {
      const s = lhr.categories[c]?.score;
      return `${c} ${s == null ? '?' : Math.round(s * 100)}`;
    });
    const below = CATEGORIES.filter((c) => (lhr.categories[c]?.score ?? 0) < minimum[c]);
    console.log(`${page}: ${scores.join(', ')}${below.length ? `  BELOW ${below.map((c) => `${minimum[c]}: ${c}`).join(', ')}` : ''}`);
    if (lhr.runtimeError) console.log(`  runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (below.length || lhr.runtimeError) failed++;
    // The audits that cost points, so a failure says what to fix.
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c]?.auditRefs ?? []) {
        const a = lhr.audits[ref.id];
        if (!a || a.score === null || a.score >= 0.9 || ref.weight === 0) continue;
        if (['informative', 'manual', 'notApplicable'].includes(a.scoreDisplayMode)) continue;
        console.log(`  [${c}] ${a.id} ${a.score}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      }
    }
  }
} finally {
  await chrome.kill();
  fs.rmSync(profile, { recursive: true, force: true });
  close();
}
console.log(`${pages.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
