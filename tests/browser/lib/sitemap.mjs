// The pages of a built site, as its sitemap.xml lists them.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The URL path of every page in `site`'s sitemap.xml, and the base path (the home page's,
 * the shortest of them).
 */
export function sitemapPaths(site) {
  const sitemap = fs.readFileSync(path.join(site, 'sitemap.xml'), 'utf8');
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map((m) => new URL(m[1].replace(/&amp;/g, '&')).pathname);
  const basePath = paths.reduce((a, b) => (a.length <= b.length ? a : b));
  return { paths, basePath };
}
