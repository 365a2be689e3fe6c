// A reader of the TOML the theme's translation tables use (themes/default/i18n/*.toml), for
// the browser suites, which install no TOML package: tables ([a] and [a.b]), keys (bare,
// quoted, dotted), basic and literal strings (one line or multi-line), arrays, inline
// tables, integers, floats and booleans. Anything else (dates, arrays of tables) is an
// error, never a silent misreading.

/** The TOML document `text` as a plain object; throws on what it cannot read. */
export function parseToml(text) {
  let i = 0;
  const root = {};
  let table = root;
  const fail = (what) => {
    throw new Error(`TOML line ${text.slice(0, i).split('\n').length}: ${what} at ${JSON.stringify(text.slice(i, i + 20))}`);
  };
  const spaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  // Spaces, comments and line ends (inside arrays, and between statements).
  const blank = () => {
    for (;;) {
      spaces();
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      if (text[i] === '\r' || text[i] === '\n') {
        i++;
        continue;
      }
      return;
    }
  };
  const ESCAPES = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
  const basic = () => {
    const multi = text.startsWith('"""', i);
    i += multi ? 3 : 1;
    if (multi && text[i] === '\r') i++;
    if (multi && text[i] === '\n') i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      if (multi ? text.startsWith('"""', i) : text[i] === '"') break;
      const c = text[i];
      if (!multi && c === '\n') fail('line end in a string');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u' || e === 'U') {
          const n = e === 'u' ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + n);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) fail('bad \\u escape');
          out += String.fromCodePoint(parseInt(hex, 16));
          i += 2 + n;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else if (multi && /[ \t\r\n]/.test(e)) {
          // A line-ending backslash: the line end and the spaces after it go.
          i++;
          while (/[ \t\r\n]/.test(text[i])) i++;
        } else {
          fail('bad escape');
        }
      } else {
        out += c;
        i++;
      }
    }
    i += multi ? 3 : 1;
    return out;
  };
  const literal = () => {
    const multi = text.startsWith("'''", i);
    i += multi ? 3 : 1;
    if (multi && text[i] === '\r') i++;
    if (multi && text[i] === '\n') i++;
    const end = text.indexOf(multi ? "'''" : "'", i);
    if (end < 0) fail('unterminated string');
    const out = text.slice(i, end);
    if (!multi && out.includes('\n')) fail('line end in a string');
    i = end + (multi ? 3 : 1);
    return out;
  };
  const key = () => {
    const parts = [];
    for (;;) {
      spaces();
      if (text[i] === '"') parts.push(basic());
      else if (text[i] === "'") parts.push(literal());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 200));
        if (!m) fail('expected a key');
        parts.push(m[0]);
        i += m[0].length;
      }
      spaces();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const dig = (from, parts, what) => {
    let t = from;
    for (const p of parts) {
      if (!(p in t)) t[p] = {};
      t = t[p];
      if (typeof t !== 'object' || Array.isArray(t)) fail(`${what} ${parts.join('.')} is not a table`);
    }
    return t;
  };
  const set = (into, parts) => {
    const t = dig(into, parts.slice(0, -1), 'key');
    const last = parts[parts.length - 1];
    if (last in t) fail(`key ${parts.join('.')} given twice`);
    spaces();
    if (text[i] !== '=') fail('expected =');
    i++;
    spaces();
    t[last] = value();
  };
  const value = () => {
    const c = text[i];
    if (c === '"') return basic();
    if (c === "'") return literal();
    if (c === '[') {
      i++;
      const out = [];
      for (;;) {
        blank();
        if (text[i] === ']') { i++; return out; }
        out.push(value());
        blank();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return out; }
        fail('expected , or ] in an array');
      }
    }
    if (c === '{') {
      i++;
      const out = {};
      spaces();
      if (text[i] === '}') { i++; return out; }
      for (;;) {
        set(out, key());
        spaces();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return out; }
        fail('expected , or } in an inline table');
      }
    }
    const m = /^(true|false|[+-]?(?:inf|nan)|[+-]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9_]+)?)(?=[\s,\]}#]|$)/.exec(text.slice(i, i + 100));
    if (!m) fail('expected a value');
    i += m[0].length;
    if (m[1] === 'true' || m[1] === 'false') return m[1] === 'true';
    if (/inf|nan/.test(m[1])) return m[1].includes('nan') ? NaN : (m[1].startsWith('-') ? -Infinity : Infinity);
    return Number(m[1].replace(/_/g, ''));
  };
  for (;;) {
    blank();
    if (i >= text.length) return root;
    if (text.startsWith('[[', i)) fail('arrays of tables are not supported');
    if (text[i] === '[') {
      i++;
      const parts = key();
      if (text[i] !== ']') fail('expected ]');
      i++;
      table = dig(root, parts, 'table');
    } else {
      set(table, key());
    }
    spaces();
    if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
    if (i < text.length && text[i] !== '\n' && text[i] !== '\r') fail('expected a line end');
  }
}
