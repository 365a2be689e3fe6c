// movebook default theme: follow-along mode on routine pages.
//
// Without JavaScript the page is the whole routine: numbered steps, doses, cues. This
// script reveals "Start" (#follow-start); once started, #follow-along shows one exercise at
// a time with its picture, dose, note, cues and stop signals, which set and which side, and
// the progress through the session. The routine comes from the page's #routine-data JSON.
//
// Each set of each side is a phase: a rep set waits for "Set done"; a hold-only set counts
// down a 5 s get-ready, then the hold, and moves on by itself; between the sets of an
// exercise a rest counts down and moves on (skippable). No rest after an exercise's last
// set: the next exercise waits, and a timed one starts only when the reader presses
// "Begin". Countdowns are computed from performance.now(), never by counting ticks, so a
// throttled background tab (or a test's fake clock) stays right; a phase that ends while
// the tab sleeps starts the next one at the moment it ended.
//
// The end of a countdown beeps (Web Audio, created on the Start click) and vibrates where
// the device can; the reader can turn either off (remembered in localStorage). The screen
// is kept awake (Screen Wake Lock) while running, released on pause, stop and finish.
// One polite live region announces phase changes and "10 seconds left", never every
// second. Progress is saved in localStorage under the page's URL with the routine's
// version, so a reload offers to resume; finishing shows a summary and forgets it.
// Every word is in LABELS; the JSON's "labels" object (the [follow] section of the theme's
// translation table) overrides them key by key. A label is a string or, for a count, a
// plural table {one, other, few, many...} chosen by the page's language (<html lang>) with
// Intl.PluralRules; numbers are written the language's way. All text is inserted as text,
// never as HTML; pictures, cues and stop signals are cloned from the page.
(function () {
  'use strict';
  var LABELS = {
    start: 'Start',
    resume_at: 'Resume (exercise {n} of {total})',
    start_over: 'Start over',
    start_again: 'Start again',
    close: 'Close',
    panel: 'Follow along',
    controls: 'Controls',
    exercise_of: 'Exercise {n} of {total}',
    progress: 'Progress through the routine',
    set_of: 'Set {n} of {total}',
    first_side: 'first side',
    second_side: 'second side',
    // {n} may be a range ("10–15"): its last number chooses the form.
    reps: { one: '{n} rep', other: '{n} reps' },
    do_set: 'Do the set',
    hold_per_rep: 'Hold each rep {n} s.',
    hold_for: 'Hold {n} s',
    get_in_position: 'Get into position, then press Begin.',
    get_ready: 'Get ready',
    hold: 'Hold',
    rest: 'Rest',
    next_set: 'Next: set {n} of {total}.',
    set_done: 'Set done',
    begin: 'Begin',
    pause: 'Pause',
    resume: 'Resume',
    back: 'Back',
    skip: 'Skip',
    stop: 'Stop',
    paused: 'Paused',
    cues: 'Cues',
    signals: 'Signals',
    sound: 'Sound',
    vibration: 'Vibration',
    // Spoken (the live region).
    say_exercise: 'Exercise {n} of {total}: {name}.',
    say_work: '{where}: {what}.',
    say_wait: { one: '{where}: hold {n} second. Get into position, then press Begin.', other: '{where}: hold {n} seconds. Get into position, then press Begin.' },
    say_ready: { one: 'Get ready: hold {n} second.', other: 'Get ready: hold {n} seconds.' },
    say_hold: { one: 'Hold {n} second.', other: 'Hold {n} seconds.' },
    say_rest: { one: 'Rest {n} second.', other: 'Rest {n} seconds.' },
    say_rest_over: 'Rest over.',
    say_hold_done: 'Hold done.',
    say_left: { one: '{n} second left.', other: '{n} seconds left.' },
    say_paused: 'Paused.',
    say_resumed: 'Resumed.',
    done: 'Routine done',
    // {exercises} and {sets} are summary_exercises and summary_sets.
    summary: '{exercises} and {sets} done in {time}.',
    summary_exercises: { one: '{done} of {n} exercise', other: '{done} of {n} exercises' },
    summary_sets: { one: '{done} of {n} set', other: '{done} of {n} sets' },
    time_s: '{s} s',
    time_m: '{m} min',
    time_ms: '{m} min {s} s',
    time_hm: '{h} h {m} min'
  };
  var READY_SECONDS = 5;
  var LEFT_SECONDS = 10; // announced in countdowns of at least twice as long
  var TICK_MS = 250;

  var startButton = document.getElementById('follow-start');
  var panel = document.getElementById('follow-along');
  var dataNode = document.getElementById('routine-data');
  if (!startButton || !panel || !dataNode) return;
  var data;
  try { data = JSON.parse(dataNode.textContent); } catch (e) { return; }
  if (!data || !data.steps || !data.steps.length) return;

  var lang = document.documentElement.lang || 'en';
  var plurals;
  try {
    plurals = new Intl.PluralRules(lang);
    (0).toLocaleString(lang);
  } catch (e) {
    lang = 'en';
    plurals = new Intl.PluralRules('en');
  }
  // The defaults, with each key the data gives (a string, or a plural table with `other`).
  var L = {};
  Object.keys(LABELS).forEach(function (k) {
    var v = data.labels && typeof data.labels === 'object' ? data.labels[k] : null;
    L[k] = typeof v === 'string' || (v && typeof v === 'object' && typeof v.other === 'string') ? v : LABELS[k];
  });
  // A number in the page's language, without grouping, as the build writes them ("1000").
  function number(v) {
    return typeof v === 'number' ? v.toLocaleString(lang, { useGrouping: false }) : String(v);
  }
  // The label `key` with its {placeholders} filled in. A plural label takes the form for
  // vars.n: a number, or text whose last number counts ("10–15").
  function fmt(key, vars) {
    var text = L[key];
    if (text && typeof text === 'object') {
      var n = vars ? vars.n : 0;
      if (typeof n !== 'number') n = Number((String(n).match(/(\d+)\D*$/) || [0, 0])[1]);
      text = text[plurals.select(n)] || text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? number(vars[k]) : m; });
  }
  function noop() {}
  function now() { return window.performance && performance.now ? performance.now() : Date.now(); }

  // --- The phases of the session ---------------------------------------------------------

  var steps = data.steps;
  var phases = [];
  var totalSets = 0;
  steps.forEach(function (step, s) {
    var sets = Math.max(1, Math.floor(Number(step.sets)) || 1);
    var sides = step.per_side ? 2 : 1;
    var timed = Number(step.hold) > 0 && !step.hold_per_rep;
    totalSets += sets;
    for (var set = 1; set <= sets; set++) {
      for (var side = 1; side <= sides; side++) {
        var at = { step: s, set: set, sets: sets, side: side, sides: sides };
        if (timed) {
          phases.push(phase(at, 'ready', READY_SECONDS));
          phases.push(phase(at, 'hold', Number(step.hold)));
        } else {
          phases.push(phase(at, 'work', 0));
        }
      }
      if (set < sets && Number(step.rest) > 0) {
        phases.push(phase({ step: s, set: set, sets: sets, side: sides, sides: sides }, 'rest', Number(step.rest)));
      }
    }
  });
  function phase(at, kind, seconds) {
    return { step: at.step, set: at.set, sets: at.sets, side: at.side, sides: at.sides, kind: kind, seconds: seconds };
  }
  function isTimed(p) { return p.kind !== 'work'; }
  function firstOfStep(i) { return i === 0 || phases[i - 1].step !== phases[i].step; }

  // --- Storage: saved progress and the reader's settings ---------------------------------

  var KEY = 'movebook:routine:' + (data.url || location.pathname);
  function load(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* storage full or disabled: nothing to keep */ }
  }
  var settings = {
    sound: load('movebook:follow:sound') !== 'off',
    vibrate: load('movebook:follow:vibrate') !== 'off'
  };
  function savedState() {
    var saved;
    try { saved = JSON.parse(load(KEY)); } catch (e) { return null; }
    if (!saved || saved.version !== data.version || typeof saved.i !== 'number'
      || saved.i < 0 || saved.i >= phases.length || Math.floor(saved.i) !== saved.i) return null;
    return saved;
  }

  // --- Sound, vibration, wake lock ------------------------------------------------------

  var audio = null;
  function ensureAudio() {
    // Called from a click: browsers let a page start sound only after a user gesture.
    var Context = window.AudioContext || window.webkitAudioContext;
    if (audio || !settings.sound || !Context) return;
    try { audio = new Context(); } catch (e) { audio = null; }
  }
  function beep(frequency) {
    if (!settings.sound || !audio) return;
    try {
      if (audio.state === 'suspended' && audio.resume) audio.resume().catch(noop);
      var t = audio.currentTime;
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(t);
      osc.stop(t + 0.27);
    } catch (e) { /* no sound then */ }
  }
  function buzz() {
    if (!settings.vibrate || !navigator.vibrate) return;
    // Chrome refuses (and complains) before the reader has touched the page.
    if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return;
    try { navigator.vibrate(200); } catch (e) { /* no vibration then */ }
  }
  function signal(kind) {
    beep(kind === 'ready' ? 880 : 660);
    buzz();
  }

  var lock = null;
  var lockWanted = false;
  var lockPending = false;
  function requestLock() {
    lockWanted = true;
    if (lock || lockPending || !navigator.wakeLock || document.visibilityState !== 'visible') return;
    lockPending = true;
    var request;
    try { request = Promise.resolve(navigator.wakeLock.request('screen')); } catch (e) { request = Promise.reject(e); }
    request.then(function (sentinel) {
      lockPending = false;
      if (!sentinel) return;
      if (!lockWanted) { releaseSentinel(sentinel); return; }
      lock = sentinel;
      if (sentinel.addEventListener) {
        sentinel.addEventListener('release', function () { if (lock === sentinel) lock = null; });
      }
    }, function () { lockPending = false; /* refused (battery saver, no permission): fine */ });
  }
  function releaseLock() {
    lockWanted = false;
    if (lock) { var sentinel = lock; lock = null; releaseSentinel(sentinel); }
  }
  function releaseSentinel(sentinel) {
    try { Promise.resolve(sentinel.release()).catch(noop); } catch (e) { /* already released */ }
  }

  // --- The panel --------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function button(className, text, onClick) {
    var b = el('button', 'follow-button ' + className, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
  // The one live region: outside the panel, so that it exists before the panel is shown.
  var live = el('div', 'visually-hidden');
  live.setAttribute('aria-live', 'polite');
  panel.parentNode.insertBefore(live, panel.nextSibling);
  var lastSaid = '';
  function say(text) {
    // The same words twice in a row are still announced: vary the node's text.
    lastSaid = text === lastSaid ? text + '\u00a0' : text;
    live.textContent = lastSaid;
  }

  var ui = null;
  function build() {
    if (ui) return;
    ui = {};
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', fmt('panel'));
    var run = ui.run = el('div', 'follow-run');
    var top = el('div', 'follow-top');
    ui.count = el('p', 'follow-count-text');
    ui.count.id = 'follow-progress-label';
    ui.progress = el('progress', 'follow-progress');
    ui.progress.max = phases.length;
    ui.progress.setAttribute('aria-label', fmt('progress'));
    top.appendChild(ui.count);
    top.appendChild(ui.progress);
    run.appendChild(top);
    ui.section = el('p', 'follow-section');
    run.appendChild(ui.section);
    ui.title = el('h2', 'follow-title');
    ui.title.id = 'follow-title';
    ui.title.tabIndex = -1;
    ui.link = el('a');
    ui.title.appendChild(ui.link);
    run.appendChild(ui.title);
    ui.where = el('p', 'follow-where');
    run.appendChild(ui.where);

    var body = el('div', 'follow-body');
    ui.picture = el('div', 'follow-picture');
    body.appendChild(ui.picture);
    var nowBox = el('div', 'follow-now');
    ui.phase = el('p', 'follow-phase');
    nowBox.appendChild(ui.phase);
    ui.timer = el('p', 'follow-timer');
    ui.timer.setAttribute('role', 'timer');
    ui.timer.setAttribute('aria-atomic', 'true');
    ui.number = el('span', 'follow-count');
    ui.timer.appendChild(ui.number);
    nowBox.appendChild(ui.timer);
    ui.bar = el('div', 'follow-bar');
    ui.barFill = el('span');
    ui.bar.appendChild(ui.barFill);
    ui.bar.setAttribute('aria-hidden', 'true');
    nowBox.appendChild(ui.bar);
    ui.hint = el('p', 'follow-hint');
    nowBox.appendChild(ui.hint);
    ui.primary = button('follow-primary', fmt('set_done'), onPrimary);
    nowBox.appendChild(ui.primary);
    body.appendChild(nowBox);
    run.appendChild(body);

    var controls = el('div', 'follow-buttons');
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', fmt('controls'));
    ui.back = button('follow-back', fmt('back'), back);
    ui.pause = button('follow-pause', fmt('pause'), function () {
      if (state.running) pause(false); else resume(true);
    });
    ui.skip = button('follow-skip', fmt('skip'), skip);
    ui.stop = button('follow-stop', fmt('stop'), stop);
    [ui.back, ui.pause, ui.skip, ui.stop].forEach(function (b) { controls.appendChild(b); });
    run.appendChild(controls);

    ui.details = el('div', 'follow-details');
    ui.dose = el('p', 'follow-dose');
    ui.note = el('p', 'follow-note');
    ui.cues = el('div', 'follow-cues');
    ui.details.appendChild(ui.dose);
    ui.details.appendChild(ui.note);
    ui.details.appendChild(ui.cues);
    run.appendChild(ui.details);
    run.appendChild(options());
    panel.appendChild(run);

    var end = ui.end = el('div', 'follow-summary');
    ui.endTitle = el('h2', 'follow-title', fmt('done'));
    ui.endTitle.id = 'follow-done';
    ui.endTitle.tabIndex = -1;
    ui.endText = el('p', 'follow-summary-text');
    var endButtons = el('div', 'follow-buttons');
    endButtons.appendChild(button('follow-primary follow-again', fmt('start_again'), function () { begin(null); }));
    endButtons.appendChild(button('follow-close', fmt('close'), close));
    end.appendChild(ui.endTitle);
    end.appendChild(ui.endText);
    end.appendChild(endButtons);
    end.hidden = true;
    panel.appendChild(end);
  }
  function options() {
    var box = el('fieldset', 'follow-options');
    box.appendChild(el('legend', null, fmt('signals')));
    var choices = [['sound', fmt('sound')]];
    if (navigator.vibrate) choices.push(['vibrate', fmt('vibration')]);
    choices.forEach(function (c) {
      var label = el('label');
      var input = el('input');
      input.type = 'checkbox';
      input.id = 'follow-' + c[0];
      input.checked = settings[c[0]];
      input.addEventListener('change', function () {
        settings[c[0]] = input.checked;
        store('movebook:follow:' + c[0], input.checked ? null : 'off');
        if (c[0] === 'sound') ensureAudio();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + c[1]));
      box.appendChild(label);
    });
    return box;
  }

  function stepNode(s) { return document.getElementById('step-' + (steps[s].n || s + 1)); }
  // A copy of part of the step's card, without ids (they must stay unique).
  function cloneFrom(s, selector) {
    var node = stepNode(s);
    var part = node && node.querySelector(selector);
    if (!part) return null;
    var copy = part.cloneNode(true);
    if (copy.removeAttribute) copy.removeAttribute('id');
    var inner = copy.querySelectorAll('[id]');
    for (var k = 0; k < inner.length; k++) inner[k].removeAttribute('id');
    return copy;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  var shownStep = -1;
  function showExercise(s) {
    var step = steps[s];
    shownStep = s;
    var card = stepNode(s);
    var anchor = card && card.querySelector('.step-title a');
    ui.link.textContent = step.title;
    ui.link.href = (anchor && anchor.getAttribute('href')) || step.url;
    ui.section.textContent = step.section || '';
    ui.section.hidden = !step.section;
    ui.count.textContent = fmt('exercise_of', { n: s + 1, total: steps.length });
    clear(ui.picture);
    var picture = cloneFrom(s, '.step-picture');
    if (picture) {
      while (picture.firstChild) ui.picture.appendChild(picture.firstChild);
      var imgs = ui.picture.querySelectorAll('img');
      for (var k = 0; k < imgs.length; k++) imgs[k].loading = 'eager';
    }
    ui.picture.hidden = !picture;
    ui.dose.textContent = step.dose || '';
    ui.note.textContent = step.note || '';
    ui.note.hidden = !step.note;
    clear(ui.cues);
    var cues = cloneFrom(s, '.step-cues');
    if (cues) {
      ui.cues.appendChild(el('p', 'follow-label', fmt('cues')));
      ui.cues.appendChild(cues);
    }
    var stopIf = cloneFrom(s, '.step-stop');
    if (stopIf) ui.cues.appendChild(stopIf);
  }

  function whereText(p) {
    var text = fmt('set_of', { n: p.set, total: p.sets });
    if (p.sides > 1) text += ' · ' + (p.side === 1 ? fmt('first_side') : fmt('second_side'));
    return text;
  }
  function repsText(step) {
    var reps = step.reps;
    if (reps == null || reps === '') return fmt('do_set');
    reps = String(reps);
    if (/^\d/.test(reps)) return fmt('reps', { n: reps });
    return reps.charAt(0).toLocaleUpperCase(lang) + reps.slice(1);
  }
  function clockText(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (s < 60) return String(s);
    var r = s % 60;
    return Math.floor(s / 60) + ':' + (r < 10 ? '0' : '') + r;
  }
  function durationText(ms) {
    var s = Math.round(ms / 1000);
    if (s < 60) return fmt('time_s', { s: s });
    var m = Math.floor(s / 60);
    if (m >= 60) return fmt('time_hm', { h: Math.floor(m / 60), m: m % 60 });
    return s % 60 ? fmt('time_ms', { m: m, s: s % 60 }) : fmt('time_m', { m: m });
  }

  // --- The session ------------------------------------------------------------------------

  // { i (the phase), waiting (a get-ready waiting for Begin), running (not paused),
  //   remaining (ms, while paused or waiting), endAt (performance.now() when the countdown
  //   ends), done: {phase index: true}, activeMs and activeSince (time taken, pauses left
  //   out), saidLeft ("10 seconds left" said), finished }, or null when no session is open.
  var state = null;
  var ticker = null;

  function counting() {
    return state && state.running && !state.waiting && isTimed(phases[state.i]);
  }
  function elapsed() {
    return state.activeMs + (state.running ? now() - state.activeSince : 0);
  }
  function save() {
    if (!state || state.finished) return;
    var done = Object.keys(state.done).map(Number);
    store(KEY, JSON.stringify({ version: data.version, i: state.i, done: done, activeMs: Math.round(elapsed()) }));
  }

  function begin(saved) {
    ensureAudio();
    build();
    state = { i: 0, waiting: false, running: true, remaining: 0, endAt: 0, done: {},
      activeMs: 0, activeSince: now(), saidLeft: false, finished: false };
    var at = 0;
    if (saved) {
      (Array.isArray(saved.done) ? saved.done : []).forEach(function (i) {
        if (typeof i === 'number') state.done[i] = true;
      });
      state.activeMs = Number(saved.activeMs) || 0;
      at = saved.i;
      // A hold cut short by the reload starts again from its get-ready.
      if (phases[at].kind === 'hold') at -= 1;
    } else {
      store(KEY, null);
    }
    offer(false);
    ui.run.hidden = false;
    ui.end.hidden = true;
    panel.hidden = false;
    shownStep = -1;
    requestLock();
    enter(at, { wait: !!saved, from: now() });
  }

  // Shows phase i. opts.from: when it starts (a countdown that ended while the tab slept
  // starts the next one when it ended); opts.wait: a get-ready that waits for "Begin";
  // opts.prefix: words announced first ("Rest over.").
  function enter(i, opts) {
    opts = opts || {};
    var p = phases[i];
    state.i = i;
    state.waiting = p.kind === 'ready' && (opts.wait || firstOfStep(i));
    state.remaining = p.seconds * 1000;
    state.endAt = (opts.from || now()) + state.remaining;
    state.saidLeft = false;
    var newExercise = shownStep !== p.step;
    if (newExercise) showExercise(p.step);
    render();
    var words = [];
    if (opts.prefix) words.push(opts.prefix);
    if (newExercise) words.push(fmt('say_exercise', { n: p.step + 1, total: steps.length, name: steps[p.step].title }));
    words.push(phaseWords(p));
    say(words.join(' '));
    placeFocus(newExercise);
    save();
    schedule();
  }
  function phaseWords(p) {
    if (p.kind === 'work') return fmt('say_work', { where: whereText(p), what: repsText(steps[p.step]) });
    if (p.kind === 'rest') return fmt('say_rest', { n: p.seconds });
    if (p.kind === 'hold') return fmt('say_hold', { n: p.seconds });
    var hold = phases[state.i + 1].seconds;
    if (state.waiting) return fmt('say_wait', { where: whereText(p), n: hold });
    return whereText(p) + '. ' + fmt('say_ready', { n: hold });
  }

  function render() {
    var p = phases[state.i];
    var step = steps[p.step];
    panel.setAttribute('data-phase', state.waiting ? 'wait' : p.kind);
    panel.setAttribute('data-step', String(p.step + 1));
    panel.setAttribute('data-set', String(p.set));
    panel.setAttribute('data-side', String(p.side));
    panel.setAttribute('data-state', state.running ? 'running' : 'paused');
    panel.classList.toggle('is-paused', !state.running);
    ui.progress.value = state.i;
    ui.where.textContent = whereText(p);
    var hint = '';
    var primary = null;
    if (p.kind === 'work') {
      ui.phase.textContent = repsText(step);
      if (Number(step.hold) > 0) hint = fmt('hold_per_rep', { n: step.hold });
      primary = fmt('set_done');
    } else if (state.waiting) {
      ui.phase.textContent = fmt('hold_for', { n: phases[state.i + 1].seconds });
      hint = fmt('get_in_position');
      primary = fmt('begin');
    } else if (p.kind === 'ready') {
      ui.phase.textContent = fmt('get_ready');
      hint = fmt('hold_for', { n: phases[state.i + 1].seconds });
    } else if (p.kind === 'hold') {
      ui.phase.textContent = fmt('hold');
    } else {
      ui.phase.textContent = fmt('rest');
      hint = fmt('next_set', { n: p.set + 1, total: p.sets });
    }
    if (!state.running) ui.phase.textContent += ' · ' + fmt('paused');
    ui.hint.textContent = hint;
    ui.hint.hidden = !hint;
    ui.primary.hidden = !primary;
    if (primary) ui.primary.textContent = primary;
    var timed = isTimed(p) && !state.waiting;
    ui.timer.hidden = !timed;
    ui.bar.hidden = !timed;
    ui.pause.textContent = state.running ? fmt('pause') : fmt('resume');
    ui.pause.classList.toggle('follow-primary', !state.running);
    if (timed) renderTime();
  }
  function renderTime() {
    var p = phases[state.i];
    var left = counting() ? state.endAt - now() : state.remaining;
    var text = clockText(left);
    if (ui.number.textContent !== text) ui.number.textContent = text;
    var share = p.seconds ? Math.max(0, Math.min(1, left / (p.seconds * 1000))) : 0;
    ui.barFill.style.width = (share * 100).toFixed(1) + '%';
  }

  // Focus goes to the exercise's heading on start and on each new exercise (if the reader
  // is in the panel), and never stays on a control that has just been hidden. A new
  // exercise brings the top of the panel into view: on a phone the countdown and the
  // buttons then fit on the screen.
  function placeFocus(newExercise) {
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.getClientRects().length;
    if (newExercise && (lost || panel.contains(active))) {
      panel.scrollIntoView({ block: 'start' });
      ui.title.focus({ preventScroll: true });
    } else if (lost) {
      ui.title.focus();
    }
  }

  function schedule() {
    if (counting()) {
      if (!ticker) ticker = setInterval(tick, TICK_MS);
    } else if (ticker) {
      clearInterval(ticker);
      ticker = null;
    }
  }
  function tick() {
    if (!counting()) { schedule(); return; }
    var t = now();
    var signalled = false;
    // Catch up: every countdown that has ended since the last tick (a sleeping tab).
    while (counting() && state.endAt <= t) {
      var p = phases[state.i];
      if (!signalled) signal(p.kind);
      signalled = true;
      var prefix = p.kind === 'rest' ? fmt('say_rest_over') : p.kind === 'hold' ? fmt('say_hold_done') : '';
      if (p.kind === 'hold') state.done[state.i] = true;
      if (!advance(state.endAt, prefix)) return;
    }
    if (!counting()) return;
    var left = state.endAt - t;
    var p2 = phases[state.i];
    if (!state.saidLeft && p2.seconds >= 2 * LEFT_SECONDS && left <= LEFT_SECONDS * 1000) {
      state.saidLeft = true;
      say(fmt('say_left', { n: LEFT_SECONDS }));
    }
    renderTime();
  }
  // Moves to the next phase; false when the session has finished.
  function advance(from, prefix) {
    if (state.i + 1 >= phases.length) { finish(); return false; }
    enter(state.i + 1, { from: from, prefix: prefix });
    return true;
  }

  function onPrimary() {
    if (!state) return;
    if (!state.running) resume(false);
    var p = phases[state.i];
    if (p.kind === 'work') {
      state.done[state.i] = true;
      advance(now(), '');
    } else if (state.waiting) {
      state.waiting = false;
      state.endAt = now() + state.remaining;
      render();
      say(phaseWords(p));
      placeFocus(false);
      save();
      schedule();
    }
  }
  function skip() {
    if (!state) return;
    advance(now(), '');
  }
  function back() {
    if (!state) return;
    var i = state.i - 1;
    // A hold is redone from its get-ready.
    if (i > 0 && phases[i].kind === 'hold') i -= 1;
    enter(Math.max(0, i), { from: now() });
  }
  function pause(silent) {
    if (!state || !state.running) return;
    if (counting()) state.remaining = Math.max(0, state.endAt - now());
    state.activeMs = elapsed();
    state.running = false;
    releaseLock();
    render();
    if (!silent) say(fmt('say_paused'));
    save();
    schedule();
  }
  function resume(announce) {
    if (!state || state.running) return;
    state.running = true;
    state.activeSince = now();
    state.endAt = now() + state.remaining;
    requestLock();
    render();
    if (announce) say(fmt('say_resumed'));
    save();
    schedule();
  }
  function stop() {
    if (!state) return;
    pause(true);
    state = null;
    schedule();
    panel.hidden = true;
    offer(true);
    (resumeButton.hidden ? startButton : resumeButton).focus();
  }
  function finish() {
    state.activeMs = elapsed();
    state.running = false;
    state.finished = true;
    releaseLock();
    schedule();
    store(KEY, null);
    // A set is done when the reader finished it on every side (not skipped it).
    var setDone = {};
    phases.forEach(function (p, i) {
      if (p.kind !== 'work' && p.kind !== 'hold') return;
      var k = p.step + '/' + p.set;
      setDone[k] = setDone[k] !== false && !!state.done[i];
    });
    var setsDone = 0;
    var missed = {};
    Object.keys(setDone).forEach(function (k) {
      if (setDone[k]) setsDone++;
      else missed[k.split('/')[0]] = true;
    });
    var exercisesDone = steps.filter(function (step, s) { return !missed[s]; }).length;
    ui.endText.textContent = fmt('summary', {
      exercises: fmt('summary_exercises', { done: exercisesDone, n: steps.length }),
      sets: fmt('summary_sets', { done: setsDone, n: totalSets }),
      time: durationText(state.activeMs)
    });
    panel.setAttribute('data-phase', 'done');
    panel.removeAttribute('data-state');
    panel.classList.remove('is-paused');
    ui.run.hidden = true;
    ui.end.hidden = false;
    offer(false);
    ui.endTitle.focus();
    say(fmt('done') + '. ' + ui.endText.textContent);
  }
  function close() {
    state = null;
    panel.hidden = true;
    offer(true);
    startButton.focus();
  }

  // --- Start, resume and the keyboard -----------------------------------------------------

  var resumeButton = el('button', 'follow-start follow-resume');
  resumeButton.type = 'button';
  resumeButton.hidden = true;
  startButton.parentNode.insertBefore(resumeButton, startButton);
  // Shows Start (or Resume and Start over when progress is saved), or hides them.
  function offer(show) {
    var saved = show ? savedState() : null;
    resumeButton.hidden = !saved;
    if (saved) {
      resumeButton.textContent = fmt('resume_at', { n: phases[saved.i].step + 1, total: steps.length });
    }
    startButton.textContent = saved ? fmt('start_over') : fmt('start');
    startButton.classList.toggle('follow-secondary', !!saved);
    startButton.hidden = !show;
  }
  resumeButton.addEventListener('click', function () { begin(savedState()); });
  startButton.addEventListener('click', function () { begin(null); });
  offer(true);

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !state || !state.running || state.finished || event.defaultPrevented) return;
    var target = event.target;
    if (target && target.closest && target.closest('.site-search')) return;
    pause(false);
  });
  document.addEventListener('visibilitychange', function () {
    if (!state || state.finished) return;
    if (document.visibilityState === 'visible') {
      // The browser drops the wake lock when the page is hidden.
      if (state.running) requestLock();
      tick();
    } else {
      save();
    }
  });
  window.addEventListener('pagehide', save);
})();
