// Third-party files the default theme ships must be the unmodified published files:
// compares each with the copy npm installed from the registry (package-lock.json).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const vendor = path.join(here, '../../themes/default/static/vendor');
const pairs = [
  ['minisearch/index.js', 'minisearch/dist/es/index.js'],
  ['minisearch/LICENSE.txt', 'minisearch/LICENSE.txt'],
];
let failed = 0;
for (const [ours, published] of pairs) {
  const a = fs.readFileSync(path.join(vendor, ours));
  const b = fs.readFileSync(path.join(here, 'node_modules', published));
  if (a.equals(b)) console.log(`ok   vendor/${ours} is ${published} from npm`);
  else { console.log(`FAIL vendor/${ours} differs from ${published} from npm`); failed++; }
}
const version = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/minisearch/package.json'), 'utf8')).version;
const readme = fs.readFileSync(path.join(vendor, 'minisearch/README.md'), 'utf8');
if (!readme.includes(`MiniSearch ${version}`)) { console.log(`FAIL vendor/minisearch/README.md does not name version ${version}`); failed++; }
process.exit(failed ? 1 : 0);
