// A small guide with every kind of media, for the browser suite's media checks: the
// repository's minimal fixture (tests/fixtures/minimal), with the Glute Bridge made a page
// bundle holding start and end pictures, a portrait step picture sized only by its viewBox,
// a photo (tests/fixtures/media/oriented.jpg, EXIF-rotated; left out while that file is not
// in the repository), a Markdown image in the body, a YouTube video with a poster and a Vimeo
// video without one; the Bridge Ladder path a bundle with its own picture; and a routine of
// eight steps under three headings (the longest a printed card is made for).
// Node's standard library only.
//
//   node tests/browser/media-site/make.mjs --out DIR [--photo=FILE] [--force]
//   cargo run -- build --root DIR --output SITE
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearOutput, option } from '../lib/args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const args = process.argv.slice(2);
const opt = (name) => option(args, name);
const out = opt('out');
if (!out) {
  console.error('usage: node tests/browser/media-site/make.mjs --out DIR [--photo=FILE] [--force]');
  process.exit(2);
}
clearOutput(out, args);
fs.cpSync(path.join(repo, 'tests/fixtures/minimal'), out, { recursive: true });
const content = path.join(out, 'content');

/** Turns content/<file>.md into a bundle <file>/index.md with `files`, adding `front` to its front matter and `body` to its end. */
function bundle(file, files, front, body = '') {
  const md = path.join(content, `${file}.md`);
  const text = fs.readFileSync(md, 'utf8');
  assert(text.startsWith('---\n'), `${md} starts with front matter`);
  const dir = path.join(content, file);
  fs.mkdirSync(dir);
  for (const [name, from] of files) fs.copyFileSync(from, path.join(dir, name));
  fs.writeFileSync(path.join(dir, 'index.md'), `---\n${front}${text.slice(4)}${body}`);
  fs.rmSync(md);
}

function assert(ok, what) {
  if (!ok) throw new Error(`media-site: expected ${what}`);
}

const own = (dir, name) => [name, path.join(here, dir, name)];
const photo = opt('photo') || path.join(repo, 'tests/fixtures/media/oriented.jpg');
const hasPhoto = fs.existsSync(photo);

bundle('exercises/glute-bridge', [
  own('glute-bridge', 'start.svg'),
  own('glute-bridge', 'end.svg'),
  own('glute-bridge', 'feet.svg'),
  own('glute-bridge', 'line.svg'),
  ...(hasPhoto ? [['oriented.jpg', photo]] : []),
], `media:
  - src: start.svg
    alt: Lying on your back with the knees bent and the feet flat on the floor.
    role: start
  - src: end.svg
    alt: Hips lifted until shoulders, hips and knees form one straight line.
    role: end
  - src: feet.svg
    alt: Seen from above, the feet parallel and hip-width apart.
    caption: Where the feet go
    role: step
${hasPhoto ? `  - src: oriented.jpg
    alt: A test photo taken with the camera on its side.
    caption: A photo
    role: step
` : ''}  - src: https://www.youtube.com/watch?v=aqz-KE-bpKQ
    alt: A coach shows three slow glute bridges from the side.
    caption: The whole movement
    poster: start.svg
  - src: https://vimeo.com/76979871
    alt: The same movement filmed from the feet.
`, `
![The line from the shoulders to the knees at the top of the bridge.](line.svg)
`);

bundle('paths/bridge-ladder', [own('bridge-ladder', 'cover.svg')], `image:
  src: cover.svg
  alt: Three steps rising from left to right.
`);

// The longest routine a printed card promises to fit on one page: eight exercise steps
// under three headings, ranges of sets (a box per set, up to the most), long notes.
fs.mkdirSync(path.join(content, 'routines'));
const step = (slug, dose, note) => `  - exercise: ${slug}\n${dose}    note: ${note}\n`;
fs.writeFileSync(path.join(content, 'routines', 'eight-step-circuit.md'), `---
title: Eight-Step Bridge Circuit With Three Parts
summary: The longest routine the printed card is made for.
when: Two to four times a week, with a rest day in between
steps:
  - section: Warm-up and activation before the main block
${step('glute-bridge', '    sets: 2-3\n    reps: 10-15\n', 'Slow on the way down, and breathe out as the hips rise.')}${step('banded-glute-bridge', '    sets: 2\n    reps: 12\n', 'Press the knees out against the band all the way up.')}${step('glute-bridge', '    sets: 1\n    reps: 5\n    hold: 10s\n', 'Hold the top of each rep without arching the low back.')}  - section: Main block of the circuit, done twice through
${step('hip-thrust', '    sets: 3\n    reps: 8\n    rest: 90s\n', 'Keep the chin tucked and the ribs down.')}${step('banded-glute-bridge', '    sets: 3\n    reps: 10\n    rest: 60s\n', 'Pause for a second at the top of each rep.')}${step('hip-thrust', '    sets: 2-4\n    reps: 6-8\n    rest: 90s\n', 'Only if the first round felt easy.')}  - section: Cool-down
${step('glute-bridge', '    sets: 1\n    reps: 10\n', 'Easy and slow.')}${step('banded-glute-bridge', '    sets: 1\n    reps: max\n', 'Stop a rep or two before your form slips.')}---
A test routine for the browser suite: eight steps, the most the printed card is made for.
`);

console.log(`media site in ${out}${hasPhoto ? ` (with ${photo})` : ' (no photo: tests/fixtures/media/oriented.jpg is not there yet)'}`);
