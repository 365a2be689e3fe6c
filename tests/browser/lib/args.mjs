// Command-line helpers shared by the suites (run.mjs, follow.mjs, languages.mjs,
// offline.mjs, lighthouse.mjs) and the site generators (gen-guide.mjs,
// media-site/make.mjs). Node's standard library only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * A suite's command line: the site folder (the first argument without `--`, which must
 * hold `needs`, else the usage line and exit 2) and its `--name=VALUE` options
 * (`opt('name')`, undefined when absent).
 */
export function suiteArgs(usage, needs = 'index.html') {
  const args = process.argv.slice(2);
  const site = args.find((a) => !a.startsWith('--'));
  const opt = (n) => args.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3);
  if (!site || !fs.existsSync(path.join(site, needs))) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { args, site, opt };
}

/** Where screenshots go: `--artifacts=DIR`, else target/browser-artifacts/ (created). */
export function artifactsDir(opt) {
  const dir = path.resolve(opt('artifacts') || path.join(here, '../../../target/browser-artifacts'));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The value of `--name VALUE` or `--name=VALUE` in `args`, else `fallback`. */
export function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] && !args[i + 1].startsWith('--')) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}

/** Makes sure `out` does not exist: removes it with `--force` in `args`, else exits (2). */
export function clearOutput(out, args) {
  if (!fs.existsSync(out)) return;
  if (!args.includes('--force')) {
    console.error(`${out} exists (--force replaces it)`);
    process.exit(2);
  }
  fs.rmSync(out, { recursive: true, force: true });
}
