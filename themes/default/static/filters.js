// movebook default theme: filters of the exercise index.
//
// Without JavaScript the index shows every exercise and the filter form is hidden (a
// <noscript> style). The form is in the page from the start, so nothing moves when this
// script runs.
// With it, the form narrows the list by target muscle, equipment (or bodyweight only),
// level and category, all combined. Each choice shows how many exercises it would leave
// given the other filters, the number shown is announced, and the state lives in the
// URL (?muscle=...&equipment=...&level=...&category=...) so a filtered list can be shared
// or bookmarked. The data comes from the cards' data-* attributes.
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
  var cards = Array.prototype.slice.call(document.querySelectorAll('.category-group .card'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('.category-group'));
  var shown = form.querySelector('.shown');
  var noMatch = document.querySelector('.no-match');
  var selects = {};
  FACETS.forEach(function (f) { selects[f.name] = form.elements[f.name]; });

  // Each card's values per facet, read once.
  var data = cards.map(function (card) {
    var values = {};
    FACETS.forEach(function (f) {
      values[f.name] = (card.getAttribute(f.attr) || '').split(/\s+/).filter(Boolean);
    });
    return { card: card, values: values };
  });

  function state() {
    var s = {};
    FACETS.forEach(function (f) {
      var el = selects[f.name];
      s[f.name] = el ? el.value : '';
    });
    return s;
  }

  function matches(d, s, except) {
    for (var i = 0; i < FACETS.length; i++) {
      var name = FACETS[i].name;
      if (name === except || !s[name]) continue;
      if (d.values[name].indexOf(s[name]) < 0) return false;
    }
    return true;
  }

  function apply(updateUrl) {
    var s = state();
    var count = 0;
    data.forEach(function (d) {
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
    // Counts of each choice, given the other filters.
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
        o.textContent = (o.getAttribute('data-label') || o.value) + ' (' + n + ')';
        o.disabled = n === 0 && o.value !== el.value;
      });
    });
    if (shown) shown.textContent = String(count);
    if (noMatch) noMatch.hidden = count !== 0;
    if (updateUrl) {
      var params = new URLSearchParams(window.location.search);
      FACETS.forEach(function (f) {
        if (s[f.name]) params.set(f.name, s[f.name]); else params.delete(f.name);
      });
      var query = params.toString();
      history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
    }
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

  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('reset', function () {
    // After the form has reset its fields.
    setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener('submit', function (ev) { ev.preventDefault(); });
  apply(false);
})();
