// movebook default theme: the search box in the header.
//
// Without JavaScript the header shows a link to the exercise index instead of the box (a
// <noscript> style); the box is in the page from the start, so nothing moves when this
// script runs. Nothing is downloaded until the reader first focuses or types in
// the box: then the search engine (MiniSearch, vendor/minisearch/) and the site's
// search-index.json are loaded once, and results appear as the reader types, with typo
// tolerance (fuzzy matching) and prefix matching. Results are links; arrow keys move
// between them, Escape closes the list. All text is inserted as text, never as HTML.
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
  var KINDS = { e: 'Exercise', m: 'Muscle', q: 'Equipment', p: 'Path', r: 'Routine', a: 'Page' };
  var LIMIT = 10;

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
            ? 'bodyweight no equipment'
            : d[6].map(function (q) { return equipment[q] || ''; }).join(' '),
          keywords: d[7],
          thumb: d[0] === 'e' && d[12] ? d[12] : null
        };
      });
      var search = new MiniSearch({
        fields: ['title', 'aka', 'muscles', 'equipment', 'summary', 'keywords'],
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
      var words = docs[r.id].title.toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean);
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
      kind.textContent = KINDS[doc.kind] || '';
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
    var more = results.length > LIMIT ? ' (showing the first ' + LIMIT + ')' : '';
    if (results.length === 0) {
      var li = document.createElement('li');
      li.className = 'no-results';
      li.textContent = 'Nothing found for “' + query + '”. ';
      var all = document.createElement('a');
      all.href = base + 'exercises/';
      all.textContent = 'Browse all exercises';
      li.appendChild(all);
      list.appendChild(li);
    }
    status.textContent = results.length === 1 ? '1 result' : results.length + ' results' + more;
    list.hidden = false;
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
      var li = document.createElement('li');
      li.className = 'no-results';
      li.textContent = 'Search is not available right now. ';
      var all = document.createElement('a');
      all.href = base + 'exercises/';
      all.textContent = 'Browse all exercises';
      li.appendChild(all);
      list.appendChild(li);
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
