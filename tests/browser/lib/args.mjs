// Command-line helpers shared by the suite's site generators (gen-guide.mjs,
// media-site/make.mjs). Node's standard library only.
import fs from 'node:fs';

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
