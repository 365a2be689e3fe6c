// A deterministic generated guide for the browser suite's large-guide checks: N exercises
// (default 1,000) in progression families of 3-5, spread over muscles (each with a body-map
// region), equipment (about a quarter of the exercises need none), the three levels and
// the six categories, a path for every fourth family, a home page and a safety page.
// Node's standard library only; the same --n and --seed give the same files.
//
//   node tests/browser/gen-guide.mjs --out DIR [--n 1000] [--seed 1] [--force]
//
// (The benchmarks use ../shared/bench/gen_corpus.py, which is not in this repository; this
// generator is small on purpose and only needs to make a big, valid, varied guide.)
import fs from 'node:fs';
import path from 'node:path';
import { clearOutput, option } from './lib/args.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => option(args, name, fallback);
const out = opt('out');
const n = Number(opt('n', '1000'));
const seed = Number(opt('seed', '1'));
if (!out || !Number.isInteger(n) || n < 10 || !Number.isInteger(seed)) {
  console.error('usage: node tests/browser/gen-guide.mjs --out DIR [--n 1000] [--seed 1] [--force]');
  process.exit(2);
}
clearOutput(out, args);

// mulberry32: a small deterministic generator.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
function some(list, count, without = []) {
  const pool = list.filter((x) => !without.includes(x));
  const chosen = [];
  while (chosen.length < count && pool.length) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen;
}

// slug, title, map region, where
const MUSCLES = [
  ['gluteus-maximus', 'Gluteus Maximus', 'gluteus-maximus', 'back of the hip'],
  ['gluteus-medius', 'Gluteus Medius', 'gluteus-medius', 'side of the hip'],
  ['hamstrings', 'Hamstrings', 'hamstrings', 'back of the thigh'],
  ['quadriceps', 'Quadriceps', 'quadriceps', 'front of the thigh'],
  ['adductors', 'Adductors', 'adductors', 'inner thigh'],
  ['hip-flexors', 'Hip Flexors', 'hip-flexors', 'front of the hip'],
  ['calves', 'Calves', 'calves', 'back of the lower leg'],
  ['rectus-abdominis', 'Rectus Abdominis', 'rectus-abdominis', 'front of the trunk'],
  ['obliques', 'Obliques', 'obliques', 'sides of the trunk'],
  ['erector-spinae', 'Erector Spinae', 'erector-spinae', 'low back'],
  ['latissimus-dorsi', 'Latissimus Dorsi', 'latissimus-dorsi', 'side of the back'],
  ['rhomboids', 'Rhomboids', 'rhomboids', 'between the shoulder blades'],
  ['trapezius', 'Trapezius', 'trapezius', 'upper back and neck'],
  ['pectorals', 'Pectorals', 'pectoralis-major', 'chest'],
  ['deltoids', 'Deltoids', 'deltoid-side', 'shoulder'],
  ['triceps', 'Triceps', 'triceps', 'back of the upper arm'],
];
const EQUIPMENT = [
  ['mini-band', 'Mini Band'], ['long-band', 'Long Band'], ['dumbbell', 'Dumbbell'],
  ['kettlebell', 'Kettlebell'], ['bench', 'Bench'], ['stability-ball', 'Stability Ball'],
  ['foam-roller', 'Foam Roller'], ['pull-up-bar', 'Pull-Up Bar'],
];
const CATEGORIES = ['activation', 'strength', 'stability', 'mobility', 'stretch', 'release'];
const LEVELS = ['beginner', 'intermediate', 'advanced'];
const MOVES = ['Bridge', 'Squat', 'Lunge', 'Hinge', 'Row', 'Press', 'Plank', 'Raise', 'Curl',
  'Walk', 'Reach', 'Rotation', 'Hold', 'Roll', 'Stretch', 'Kick', 'Step-Up', 'Pull'];
const STYLES = ['Banded', 'Slow', 'Paused', 'Single-Leg', 'Split', 'Wall', 'Half-Kneeling',
  'Tall-Kneeling', 'Side-Lying', 'Supported', 'Loaded', 'Elevated', 'Staggered', 'Wide',
  'Narrow', 'Offset', 'Tempo', 'Isometric', 'Alternating', 'Crossover'];
const RUNGS = ['Assisted', 'Basic', 'Full', 'Weighted', 'Advanced'];
const CUES = ['Keep the ribs down', 'Breathe out as you work', 'Move slowly and with control',
  'Keep the neck long', 'Press the feet into the floor', 'Stop a little short of the end range',
  'Keep the pelvis level', 'Let the working muscle do the job'];
const ERRORS = [
  ['The low back arches', 'Tuck the ribs down and stop a little earlier.'],
  ['The knees fall in', 'Push the knees out over the middle toes.'],
  ['The movement gets fast', 'Count two seconds down and one second up.'],
  ['The shoulders shrug', 'Draw the shoulders away from the ears before each rep.'],
];
const WORDS = ['control', 'tension', 'balance', 'breath', 'range', 'posture', 'rhythm',
  'effort', 'support', 'alignment', 'timing', 'strength', 'comfort', 'patience', 'form'];

const files = new Map();
const write = (rel, text) => files.set(rel, text);
const yamlList = (xs) => `[${xs.join(', ')}]`;
const sentence = () => {
  const w = some(WORDS, 6);
  return `Work on ${w[0]} and ${w[1]}, keep your ${w[2]} and ${w[3]}, and let ${w[4]} guide the ${w[5]}.`;
};

write('site.toml', `title = "Generated guide (${n} exercises)"
base_url = "https://example.org/"
description = "A generated exercise guide with ${n} exercises for the browser suite's large-guide checks."
language = "en"
`);
write('content/_index.md', `---
title: Generated guide
summary: A generated exercise guide with ${n} exercises, used to test large guides.
---

This guide is generated for tests. Every exercise page says how to do the movement, how much to do and [when to stop](@/safety.md).
`);
write('content/safety.md', `---
title: When to Stop
summary: Stop when pain spreads, and see a professional.
---

Stop an exercise when pain spreads down a leg, when you feel numbness or tingling, or when pain grows during the set. See a doctor or a physical therapist if it does not settle.
`);
for (const [slug, title, region, where] of MUSCLES) {
  write(`content/muscles/${slug}.md`, `---
title: ${title}
region: ${where}
map_region: ${region}
summary: The muscles of the ${where}.
---

The ${title.toLowerCase()} sit at the ${where}. ${sentence()}
`);
}
for (const [slug, title] of EQUIPMENT) {
  write(`content/equipment/${slug}.md`, `---
title: ${title}
summary: A ${title.toLowerCase()} for the exercises that use it.
---

${sentence()}
`);
}

// Exercises, family by family: each family is one movement pattern in one style, its rungs
// from easier to harder, sharing muscles and equipment.
const exercises = [];
const families = [];
const titles = new Set();
while (exercises.length < n) {
  const size = Math.min(between(3, 5), n - exercises.length);
  const move = pick(MOVES);
  const style = pick(STYLES);
  let base = `${style} ${move}`;
  for (let k = 2; titles.has(base); k++) base = `${style} ${move} ${k}`;
  titles.add(base);
  const targets = some(MUSCLES.map((m) => m[0]), between(1, 2));
  const secondary = some(MUSCLES.map((m) => m[0]), between(0, 2), targets);
  const equipment = random() < 0.25 ? [] : some(EQUIPMENT.map((q) => q[0]), between(1, 2));
  const category = pick(CATEGORIES);
  const family = [];
  for (let r = 0; r < size; r++) {
    const rung = size === 1 ? '' : `${RUNGS[Math.round((r * (RUNGS.length - 1)) / Math.max(1, size - 1))]} `;
    const title = `${rung}${base}`;
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const e = {
      slug, title, targets, secondary,
      // Later rungs sometimes add a piece of equipment, so families are not all alike.
      equipment: r > 1 && random() < 0.3 ? [...new Set([...equipment, pick(EQUIPMENT)[0]])] : equipment,
      category: random() < 0.15 ? pick(CATEGORIES) : category,
      level: LEVELS[Math.min(2, Math.floor((r * 3) / size))],
    };
    family.push(e);
    exercises.push(e);
  }
  families.push(family);
}
exercises.forEach((e, i) => {
  const family = families.find((f) => f.includes(e));
  const next = family[family.indexOf(e) + 1];
  const hold = e.category === 'stretch' || e.category === 'release' || /Plank|Hold/.test(e.title);
  const dose = hold
    ? `sets: ${between(2, 4)}\nhold: ${pick([20, 30, 45, 60])}s\n`
    : `sets: ${between(2, 4)}\nreps: ${pick(['5-8', '8-12', '10-15', '6', '10'])}\nrest: ${pick([30, 45, 60, 90])}s\n`;
  const muscleTitle = MUSCLES.find((m) => m[0] === e.targets[0])[1].toLowerCase();
  const error = pick(ERRORS);
  write(`content/exercises/${e.slug}.md`, `---
title: ${e.title}
summary: ${e.level === 'beginner' ? 'A' : 'An'} ${e.level} ${e.category} exercise for the ${muscleTitle}.
target_muscles: ${yamlList(e.targets)}
${e.secondary.length ? `secondary_muscles: ${yamlList(e.secondary)}\n` : ''}${e.equipment.length ? `equipment: ${yamlList(e.equipment)}\n` : ''}category: ${e.category}
level: ${e.level}
${dose}${next ? `progression:\n  harder: [${next.slug}]\n` : ''}common_errors:
  - error: ${error[0]}
    fix: ${error[1]}
cues: ${yamlList(some(CUES, 2))}
stop_if: [Pain spreads below the knee]
weight: ${i + 1}
---

${sentence()} ${sentence()}

## How to do it

1. Set up for the ${e.title.toLowerCase()}.
2. ${sentence()}
3. Return slowly and repeat.

## Why it helps

${sentence()}
`);
});
// A path for every fourth family of three or more.
let paths = 0;
families.forEach((family, i) => {
  if (i % 4 !== 0 || family.length < 3) return;
  paths++;
  const title = `${family[family.length - 1].title.replace(/^\S+ /, '')} Ladder`;
  write(`content/paths/${family[0].slug}-ladder.md`, `---
title: ${title}
summary: From the ${family[0].title.toLowerCase()} to the ${family[family.length - 1].title.toLowerCase()}.
steps: ${yamlList(family.map((e) => e.slug))}
advance_when: You do every set with good form and no pain.
---

${sentence()}
`);
});

for (const [rel, text] of files) {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
console.log(`${out}: ${exercises.length} exercises, ${families.length} families, ${paths} paths, ${MUSCLES.length} muscles, ${EQUIPMENT.length} pieces of equipment`);
