// movebook default theme: filters of the exercise index.
//
// Without JavaScript the index is a list of static pages (/exercises/, /exercises/page/2/,
// ...) and the filter form is hidden (a <noscript> style). The form is in the page from the
// start, so nothing moves when this script runs, and nothing is downloaded until a filter
// is set (or the reader starts using the form).
// With it, the form narrows the exercises of the WHOLE site by target muscle, equipment (or
// bodyweight only), level and category, all combined: the site's search index
// (search-index.json, the form's data-index) says what every exercise is, and the matching
// ones are shown as cards in #filter-results, 48 at a time ("Show more", or when the button
// scrolls into view), in place of this page's groups and the page links. Each choice shows
// how many exercises it would leave given the other filters, the number shown is announced,
// and the state lives in the URL (?muscle=...&equipment=...&level=...&category=...) so a
// filtered list can be shared or bookmarked. Clearing the filters brings the page back.
// If the index cannot be loaded, the filters narrow the cards of this page (their data-*
// attributes) and say that only this page is filtered.
// Every word this script writes comes from LABELS, which the form's data-labels attribute
// (JSON: the [filters] section of the theme's translation table) overrides key by key; a
// label is a string or a plural table {one, other, few, many...} chosen by the page's
// language (<html lang>) with Intl.PluralRules, numbers written the language's way.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var FACETS = [
    { name: 'muscle', attr: 'data-muscles' },
    { name: 'equipment', attr: 'data-equipment' },
    { name: 'level', attr: 'data-level' },
    { name: 'category', attr: 'data-category' }
  ];
  var BATCH = 48;
  var LABELS = {
    // {shown} is the number shown (in bold), {n} the number of exercises of the site.
    showing: { one: 'Showing {shown} of {n} exercise', other: 'Showing {shown} of {n} exercises' },
    // The same when the filters narrow this page's cards only ({n}: the cards of the page).
    showing_page: { one: 'Showing {shown} of the {n} exercise on this page.', other: 'Showing {shown} of the {n} exercises on this page.' },
    page_only: 'Only this page is filtered: the list of all exercises could not be loaded.',
    loading: { one: 'Loading {n} exercise…', other: 'Loading all {n} exercises…' },
    // A choice of a filter and how many exercises it would leave.
    choice_count: '{label} ({n})',
    // {n}: how many matching exercises are not in the list yet.
    show_more: { one: 'Show more ({n} not shown yet)', other: 'Show more ({n} not shown yet)' }
  };
  var base = form.getAttribute('data-base') || '/';
  var indexUrl = form.getAttribute('data-index');
  var status = form.querySelector('.filter-count');
  var noMatch = document.querySelector('.no-match');
  var pager = document.querySelector('.exercises-index .pagination');
  var results = document.getElementById('filter-results');
  var resultList = results && results.querySelector('.cards');
  var more = results && results.querySelector('.show-more');
  var groups = Array.prototype.slice.call(document.querySelectorAll('.category-group'));
  var cards = Array.prototype.slice.call(document.querySelectorAll('.category-group .card'));
  var selects = {};
  FACETS.forEach(function (f) { selects[f.name] = form.elements[f.name]; });
  var total = Number(form.getAttribute('data-total')) || cards.length;

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
  var L = labels(LABELS, form.getAttribute('data-labels'));

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
  // The label `key` as a list of pieces: text, and the names of the placeholders `nodes`
  // gives nodes for ({shown} in bold); a plural label takes the form for vars.n.
  function pieces(key, vars, nodes) {
    var label = L[key];
    if (label && typeof label === 'object') {
      label = label[plurals.select(Number(vars && vars.n) || 0)] || label.other;
    }
    label = String(label);
    var out = [];
    var last = 0;
    label.replace(/\{(\w+)\}/g, function (m, k, at) {
      var known = vars && k in vars;
      out.push(label.slice(last, at));
      if (known && nodes && nodes[k]) out.push({ node: nodes[k], text: number(vars[k]) });
      else out.push(known ? number(vars[k]) : m);
      last = at + m.length;
      return m;
    });
    out.push(label.slice(last));
    return out;
  }
  // The label `key` as text.
  function say(key, vars) {
    return pieces(key, vars).join('');
  }

  // This page's cards and their values per facet, read once.
  var pageData = cards.map(function (card) {
    var values = {};
    FACETS.forEach(function (f) {
      values[f.name] = (card.getAttribute(f.attr) || '').split(/\s+/).filter(Boolean);
    });
    return { card: card, values: values };
  });

  // Each option's text as the page came (counts over the whole site, nothing chosen).
  FACETS.forEach(function (f) {
    var el = selects[f.name];
    if (!el) return;
    Array.prototype.forEach.call(el.options, function (o) { o.setAttribute('data-initial', o.textContent); });
  });

  // The label of a level word, as the level filter names it.
  var levelLabels = {};
  if (selects.level) {
    Array.prototype.forEach.call(selects.level.options, function (o) {
      if (o.value) levelLabels[o.value] = o.getAttribute('data-label') || o.value;
    });
  }

  var site = null; // every exercise of the site, from the index, once loaded
  var loading = null; // the promise of the index while it loads
  var failed = false; // the index could not be loaded: filter this page only
  var matching = []; // exercises of the site that match the filters
  var rendered = 0; // how many of them are in the results list

  function load() {
    if (site || failed || loading) return;
    if (!indexUrl || !resultList || !window.fetch) {
      failed = true;
      return;
    }
    loading = fetch(indexUrl, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('search index: HTTP ' + r.status);
      return r.json();
    }).then(function (data) {
      site = exercises(data);
    }).catch(function () {
      failed = true;
    }).then(function () {
      loading = null;
      apply(false);
    });
  }

  // The exercises of a search index (see src/render/search.rs): [kind, title, path,
  // summary, other names, muscles, equipment, keywords, level, category, targets, dose].
  function exercises(data) {
    var muscleSlugs = data.muscle_slugs;
    var equipmentSlugs = data.equipment_slugs;
    if (!muscleSlugs || !equipmentSlugs || !data.docs) throw new Error('search index: no slugs');
    var list = [];
    data.docs.forEach(function (d) {
      if (d[0] !== 'e') return;
      if (d.length < 12) throw new Error('search index: version ' + data.version);
      var slugs = d[5].map(function (m) { return muscleSlugs[m]; });
      var targets = slugs.slice(0, d[10]);
      var equipment = d[6].map(function (q) { return equipmentSlugs[q]; });
      list.push({
        title: d[1],
        path: d[2],
        slug: d[2].split('/').filter(Boolean).pop() || '',
        summary: d[3],
        level: d[8],
        category: d[9],
        dose: d[11],
        thumb: d[12] || null,
        secondary: slugs.slice(d[10]),
        bodyweight: equipment.length === 0,
        values: {
          muscle: targets,
          equipment: equipment.length ? equipment : ['bodyweight'],
          level: [d[8]],
          category: [d[9]]
        }
      });
    });
    return list;
  }

  function state() {
    var s = {};
    FACETS.forEach(function (f) {
      var el = selects[f.name];
      s[f.name] = el ? el.value : '';
    });
    return s;
  }

  function active(s) {
    return FACETS.some(function (f) { return s[f.name]; });
  }

  function matches(d, s, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i].name;
      if (name === except || !s[name]) continue;
      if (d.values[name].indexOf(s[name]) < 0) return false;
    }
    return true;
  }

  // Each choice's count: what choosing it would leave among `data`, given the other
  // filters; a choice that would leave nothing is disabled (unless it is chosen).
  function countChoices(data, s) {
    FACETS.forEach(function (f) {
      var el = selects[f.name];
      if (!el) return;
      var counts = {};
      data.forEach(function (d) {
        if (!matches(d, s, f.name)) return;
        d.values[f.name].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      Array.prototype.forEach.call(el.options, function (o) {
        if (!o.value) return;
        var n = counts[o.value] || 0;
        o.textContent = say('choice_count', { label: o.getAttribute('data-label') || o.value, n: n });
        o.disabled = n === 0 && o.value !== el.value;
      });
    });
  }

  function initialChoices() {
    FACETS.forEach(function (f) {
      var el = selects[f.name];
      if (!el) return;
      Array.prototype.forEach.call(el.options, function (o) {
        o.textContent = o.getAttribute('data-initial') || o.textContent;
        o.disabled = false;
      });
    });
  }

  function text(t) { return document.createTextNode(t); }

  function element(name, className, content) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (content) e.textContent = content;
    return e;
  }

  // The status line (a live region, changed only when what it says changes): "Showing
  // N of TOTAL exercises" (label `key`, N in bold) and a note after it, or a message of its
  // own.
  function show(key, shown, of, note) {
    var parts = pieces(key, { shown: shown, n: of }, { shown: 'strong' });
    if (note) parts.push(' ' + note);
    var whole = parts.map(function (p) { return typeof p === 'string' ? p : p.text; }).join('');
    if (!status || status.textContent === whole) return;
    while (status.firstChild) status.removeChild(status.firstChild);
    parts.forEach(function (p) {
      if (typeof p !== 'string') status.appendChild(element(p.node, 'shown', p.text));
      else if (p) status.appendChild(text(p));
    });
  }
  function sayOnly(message) {
    if (!status || status.textContent === message) return;
    while (status.firstChild) status.removeChild(status.firstChild);
    status.appendChild(text(message));
  }

  // A card like the theme's exercise_item component (macros.html).
  function card(d) {
    var li = element('li', 'card');
    var words = function (list) { return list.map(function (w) { return w + ' '; }).join(''); };
    li.setAttribute('data-slug', d.slug);
    li.setAttribute('data-level', d.level);
    li.setAttribute('data-category', d.category);
    li.setAttribute('data-muscles', words(d.values.muscle));
    li.setAttribute('data-secondary', words(d.secondary));
    li.setAttribute('data-equipment', d.bodyweight ? 'bodyweight' : words(d.values.equipment));
    if (d.thumb) {
      var img = element('img', 'card-thumb');
      img.src = base + d.thumb[0];
      img.width = d.thumb[1];
      img.height = d.thumb[2];
      img.alt = '';
      img.loading = 'lazy';
      img.decoding = 'async';
      li.appendChild(text('\n  '));
      li.appendChild(img);
    }
    var a = element('a', 'card-title', d.title);
    a.href = base + d.path;
    var meta = element('span', 'card-meta');
    meta.appendChild(element('span', 'badge level-' + d.level, levelLabels[d.level] || d.level));
    if (d.dose) {
      meta.appendChild(text(' '));
      meta.appendChild(element('span', 'dose', d.dose));
    }
    li.appendChild(text('\n  '));
    li.appendChild(a);
    li.appendChild(text('\n  '));
    li.appendChild(meta);
    li.appendChild(text('\n  '));
    if (d.summary) li.appendChild(element('span', 'card-summary', d.summary));
    li.appendChild(text('\n'));
    return li;
  }

  // The next batch of matching exercises; `focus` moves the focus to the first new one.
  function showMore(focus) {
    if (rendered >= matching.length) return;
    var end = Math.min(rendered + BATCH, matching.length);
    var fragment = document.createDocumentFragment();
    var first = null;
    for (var i = rendered; i < end; i++) {
      var li = card(matching[i]);
      if (!first) first = li;
      fragment.appendChild(li);
    }
    resultList.appendChild(fragment);
    rendered = end;
    var left = matching.length - rendered;
    if (more) {
      more.hidden = left === 0;
      more.textContent = say('show_more', { n: left });
      watch();
    }
    if (focus && first) first.querySelector('a').focus();
  }

  // Show more when the button scrolls into view (observing anew checks at once).
  var observer = null;
  if (more && 'IntersectionObserver' in window) {
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting && !results.hidden && !more.hidden) showMore(false);
      });
    }, { rootMargin: '0px 0px 200px 0px' });
  }
  function watch() {
    if (!observer) return;
    observer.unobserve(more);
    if (!more.hidden) observer.observe(more);
  }

  // A filtered link opened with the page's list held back (the mb-filtering class set in
  // the page's head): once the list shown is the right one, normal rules apply again.
  function settled() {
    document.documentElement.classList.remove('mb-filtering');
  }

  // Whole-site results in place of this page's groups and page links.
  function showSite(s) {
    matching = site.filter(function (d) { return matches(d, s, null); });
    countChoices(site, s);
    groups.forEach(function (g) { g.hidden = true; });
    if (pager) pager.hidden = true;
    while (resultList.firstChild) resultList.removeChild(resultList.firstChild);
    rendered = 0;
    results.hidden = matching.length === 0;
    if (more) more.hidden = true;
    if (noMatch) noMatch.hidden = matching.length !== 0;
    show('showing', matching.length, site.length);
    showMore(false);
    settled();
  }

  // This page's cards, narrowed by `s` (all of them when nothing is chosen).
  function showPage(s) {
    var count = 0;
    pageData.forEach(function (d) {
      var ok = matches(d, s, null);
      d.card.hidden = !ok;
      if (ok) count++;
    });
    groups.forEach(function (g) {
      var n = g.querySelectorAll('.card:not([hidden])').length;
      g.hidden = n === 0;
      var c = g.querySelector('.group-count');
      if (c) c.textContent = String(n);
    });
    if (results) results.hidden = true;
    if (pager) pager.hidden = false;
    if (noMatch) noMatch.hidden = count !== 0;
    settled();
    return count;
  }

  function apply(updateUrl) {
    var s = state();
    if (updateUrl) {
      var params = new URLSearchParams(window.location.search);
      FACETS.forEach(function (f) {
        if (s[f.name]) params.set(f.name, s[f.name]); else params.delete(f.name);
      });
      var query = params.toString();
      history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
    }
    if (!active(s)) {
      // The page as it came.
      showPage(s);
      if (site) countChoices(site, s); else initialChoices();
      show('showing', pageData.length, total);
      return;
    }
    if (site) {
      showSite(s);
      return;
    }
    if (!failed) load();
    if (loading) {
      // The list stays as it is until every exercise is known.
      sayOnly(say('loading', { n: total }));
      return;
    }
    // The index could not be loaded: this page only.
    var count = showPage(s);
    countChoices(pageData, s);
    show('showing_page', count, pageData.length, say('page_only'));
  }

  // Start from the URL; values the list does not offer are ignored.
  var params = new URLSearchParams(window.location.search);
  FACETS.forEach(function (f) {
    var el = selects[f.name];
    var v = params.get(f.name);
    if (!el || !v) return;
    for (var i = 0; i < el.options.length; i++) {
      if (el.options[i].value === v) { el.value = v; break; }
    }
  });

  // Fetch the index as soon as the reader starts using the form.
  form.addEventListener('focusin', load);
  form.addEventListener('pointerdown', load);
  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('reset', function () {
    // After the form has reset its fields.
    setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  if (more) more.addEventListener('click', function () { showMore(true); });
  if (active(state())) apply(false);
})();
