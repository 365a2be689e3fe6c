// movebook default theme: the search box in the header.
//
// Without JavaScript the header shows a link to the exercise index instead of the box (a
// <noscript> style); the box is in the page from the start, so nothing moves when this
// script runs. Nothing is downloaded until the reader first focuses or types in
// the box: then the search engine (MiniSearch, vendor/minisearch/) and the site's
// search-index.json are loaded once, and results appear as the reader types, with typo
// tolerance (fuzzy matching) and prefix matching. Results are links; arrow keys move
// between them, Escape closes the list. All text is inserted as text, never as HTML.
//
// Words: every word this script writes comes from LABELS, which the box's data-labels
// attribute (JSON: the [search] section of the theme's translation table) overrides key by
// key. A label is a string or, for a count, a plural table {one, other, few, many...}
// chosen by the page's language (<html lang>) with Intl.PluralRules; {n} and the other
// {placeholders} are filled in, numbers written the language's way.
// Matching ignores case and accents on both sides (index and query): "hoftlyft" finds
// "Höftlyft", "strasse" finds "Straße".
(function () {
  'use strict';
  var root = document.querySelector('.site-search');
  if (!root) return;
  var form = root.querySelector('.search-form');
  var input = root.querySelector('input[type="search"]');
  var list = root.querySelector('.search-results');
  var status = root.querySelector('[role="status"]');
  if (!form || !input || !list || !status) return;
  var base = root.getAttribute('data-base') || '/';
  var LABELS = {
    kind_exercise: 'Exercise',
    kind_muscle: 'Muscle',
    kind_equipment: 'Equipment',
    kind_path: 'Path',
    kind_routine: 'Routine',
    kind_page: 'Page',
    results: { one: '{n} result', other: '{n} results' },
    results_first: { one: '{n} result (showing the first {shown})', other: '{n} results (showing the first {shown})' },
    nothing_found: 'Nothing found for “{query}”.',
    unavailable: 'Search is not available right now.',
    browse_all: 'Browse all exercises',
    // Extra words for exercises that need no equipment, so that searching for them finds them.
    bodyweight_words: 'bodyweight no equipment'
  };
  var KINDS = { e: 'kind_exercise', m: 'kind_muscle', q: 'kind_equipment', p: 'kind_path', r: 'kind_routine', a: 'kind_page' };
  var LIMIT = 10;

  // --- Words in the page's language -------------------------------------------------------

  var lang = document.documentElement.lang || 'en';
  var plurals;
  try {
    plurals = new Intl.PluralRules(lang);
    (0).toLocaleString(lang);
  } catch (e) {
    lang = 'en';
    plurals = new Intl.PluralRules('en');
  }
  var L = labels(LABELS, root.getAttribute('data-labels'));

  // The defaults, with each key the JSON gives (a string, or a plural table with `other`).
  function labels(defaults, json) {
    var out = {};
    var given = null;
    Object.keys(defaults).forEach(function (k) { out[k] = defaults[k]; });
    try { given = json ? JSON.parse(json) : null; } catch (e) { given = null; }
    if (given && typeof given === 'object') {
      Object.keys(defaults).forEach(function (k) {
        var v = given[k];
        if (typeof v === 'string' || (v && typeof v === 'object' && typeof v.other === 'string')) out[k] = v;
      });
    }
    return out;
  }
  // A number in the page's language, without grouping, as the build writes them ("1000").
  function number(v) {
    return typeof v === 'number' ? v.toLocaleString(lang, { useGrouping: false }) : String(v);
  }
  // The label `key` with its {placeholders} filled in; a plural label takes the form for
  // vars.n.
  function say(key, vars) {
    var text = L[key];
    if (text && typeof text === 'object') {
      text = text[plurals.select(Number(vars && vars.n) || 0)] || text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return vars && k in vars ? number(vars[k]) : m;
    });
  }

  // Case- and accent-folded: "Höftlyft" and "HOFTLYFT" are "hoftlyft", "Straße" "strasse".
  var LETTERS = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ł': 'l', 'ı': 'i', 'ŀ': 'l', 'ħ': 'h', 'ŧ': 't', 'ĸ': 'k', 'ŉ': 'n' };
  function fold(term) {
    return term.toLowerCase().normalize('NFD').replace(/\p{Mn}+/gu, '')
      .replace(/[ßæøœđðþłıŀħŧĸŉ]/g, function (c) { return LETTERS[c]; });
  }

  var engine = null; // a promise of { search, docs }
  var lastQuery = '';

  function load() {
    if (engine) return engine;
    var scriptUrl = root.getAttribute('data-engine');
    var indexUrl = root.getAttribute('data-index');
    engine = Promise.all([
      import(scriptUrl),
      fetch(indexUrl).then(function (r) {
        if (!r.ok) throw new Error('search index: HTTP ' + r.status);
        return r.json();
      })
    ]).then(function (loaded) {
      var MiniSearch = loaded[0].default;
      var data = loaded[1];
      var muscles = data.muscles || [];
      var equipment = data.equipment || [];
      var docs = data.docs.map(function (d, id) {
        return {
          id: id,
          kind: d[0],
          title: d[1],
          path: d[2],
          summary: d[3],
          aka: d[4],
          muscles: d[5].map(function (m) { return muscles[m] || ''; }).join(' '),
          equipment: d[0] === 'e' && d[6].length === 0
            ? say('bodyweight_words')
            : d[6].map(function (q) { return equipment[q] || ''; }).join(' '),
          keywords: d[7],
          thumb: d[0] === 'e' && d[12] ? d[12] : null
        };
      });
      var search = new MiniSearch({
        fields: ['title', 'aka', 'muscles', 'equipment', 'summary', 'keywords'],
        // For the index and for queries alike.
        processTerm: function (term) { return fold(term); },
        searchOptions: {
          boost: { title: 4, aka: 2, muscles: 1, equipment: 1, summary: 0.6, keywords: 0.4 },
          prefix: true,
          fuzzy: 0.25
        }
      });
      search.addAll(docs);
      return { search: search, docs: docs };
    });
    engine.catch(function () { engine = null; });
    return engine;
  }

  // A page whose title the query covers beats one that only mentions the words:
  // "glute bridge" puts Glute Bridge before Banded Glute Bridge.
  function rank(results, docs) {
    return results.map(function (r) {
      var words = fold(docs[r.id].title).split(/[\s\p{P}]+/u).filter(Boolean);
      var got = words.filter(function (w) { return r.terms.indexOf(w) >= 0; }).length;
      var cover = words.length ? got / words.length : 0;
      return { id: r.id, score: r.score * (1 + cover) * (1 + cover) };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  function clear() {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  function close() {
    list.hidden = true;
  }

  function show(results, query) {
    clear();
    results.slice(0, LIMIT).forEach(function (doc) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = base + doc.path;
      if (doc.thumb) {
        // The exercise's first picture, drawn at a fixed size (no layout shift).
        var img = document.createElement('img');
        img.className = 'result-thumb';
        img.src = base + doc.thumb[0];
        img.width = doc.thumb[1];
        img.height = doc.thumb[2];
        img.alt = '';
        img.loading = 'lazy';
        img.decoding = 'async';
        a.appendChild(img);
      }
      var title = document.createElement('span');
      title.className = 'result-title';
      title.textContent = doc.title;
      var kind = document.createElement('span');
      kind.className = 'result-kind';
      kind.textContent = KINDS[doc.kind] ? say(KINDS[doc.kind]) : '';
      a.appendChild(title);
      a.appendChild(document.createTextNode(' '));
      a.appendChild(kind);
      if (doc.summary) {
        var summary = document.createElement('span');
        summary.className = 'result-summary';
        summary.textContent = doc.summary;
        a.appendChild(summary);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (results.length === 0) {
      list.appendChild(notice(say('nothing_found', { query: query })));
    }
    status.textContent = results.length > LIMIT
      ? say('results_first', { n: results.length, shown: LIMIT })
      : say('results', { n: results.length });
    list.hidden = false;
  }

  // A line of the list that is no result: `text`, then a link to the exercise index.
  function notice(text) {
    var li = document.createElement('li');
    li.className = 'no-results';
    li.textContent = text + ' ';
    var all = document.createElement('a');
    all.href = base + 'exercises/';
    all.textContent = say('browse_all');
    li.appendChild(all);
    return li;
  }

  function run() {
    var query = input.value.trim();
    lastQuery = query;
    if (!query) {
      clear();
      close();
      status.textContent = '';
      return;
    }
    load().then(function (e) {
      if (query !== lastQuery) return; // the reader typed on
      // Every word must match (with typos allowed); if nothing does, any word may.
      var results = e.search.search(query, { combineWith: 'AND' });
      if (results.length === 0) results = e.search.search(query);
      show(rank(results, e.docs).map(function (r) { return e.docs[r.id]; }), query);
    }).catch(function () {
      clear();
      list.appendChild(notice(say('unavailable')));
      list.hidden = false;
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll('a'));
  }

  input.addEventListener('focus', function () { load(); });
  input.addEventListener('input', run);
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowDown') {
      var first = links()[0];
      if (first && !list.hidden) { ev.preventDefault(); first.focus(); }
    } else if (ev.key === 'Escape') {
      close();
    }
  });
  list.addEventListener('keydown', function (ev) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (ev.key === 'ArrowDown' && at >= 0 && at < all.length - 1) {
      ev.preventDefault();
      all[at + 1].focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (at > 0) all[at - 1].focus(); else input.focus();
    } else if (ev.key === 'Escape') {
      close();
      input.focus();
    }
  });
  form.addEventListener('submit', function (ev) {
    // Enter opens the best result.
    var first = list.hidden ? null : list.querySelector('a');
    if (first) {
      ev.preventDefault();
      window.location.href = first.href;
    } else if (!input.value.trim()) {
      ev.preventDefault();
    }
  });
  document.addEventListener('click', function (ev) {
    if (!root.contains(ev.target)) close();
  });
  input.addEventListener('focus', function () {
    if (input.value.trim() && list.firstChild) list.hidden = false;
  });
  // A search submitted before the index had loaded lands on the exercise index with
  // ?q=...: run it there.
  var q = new URLSearchParams(window.location.search).get('q');
  if (q) {
    input.value = q;
    run();
  }
})();
