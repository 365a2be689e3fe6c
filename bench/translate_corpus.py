#!/usr/bin/env python3
"""Makes a generated corpus (shared/bench/gen_corpus.py) a two-language site for the
languages benchmark: copies SRC to DST, lists the languages in site.toml, and writes a
translation (`x.<lang>.md` beside `x.md`) for every Nth page of each kind.

A translation gives the text keys a translator would (title, summary, aka, cues, stop_if,
common errors, advance_when) and a body of the same length and Markdown as the original
(every word given a Swedish-looking ending), so the benchmark renders as much Markdown
for a translated page as for the original. Standard library only; deterministic.

    python3 bench/translate_corpus.py SRC DST [--every 10] [--lang sv] [--omit]
"""

import argparse
import os
import re
import shutil
import sys

TEXT_KEYS = ("title", "summary", "advance_when")
LIST_KEYS = ("aka", "cues", "stop_if")


def swedish(text: str) -> str:
    """Same shape, other words: `Glute bridge` -> `Glutea bridgen`."""
    return re.sub(r"\b([A-Za-z]{3,})\b", lambda m: m.group(1) + "en", text)


def split_front(text: str):
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return None, text
    return text[4:end], text[end + 5 :]


def translate(front: str, body: str) -> str:
    out = []
    lines = front.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        key = line.split(":", 1)[0]
        if key in TEXT_KEYS and ":" in line:
            out.append(f"{key}: {swedish(line.split(':', 1)[1].strip())}")
        elif key in LIST_KEYS and ":" in line:
            value = line.split(":", 1)[1].strip()
            if value:
                out.append(f"{key}: {swedish(value)}")
            else:
                out.append(f"{key}:")
                while i + 1 < len(lines) and lines[i + 1].startswith("  "):
                    i += 1
                    out.append(swedish(lines[i]))
        elif key == "common_errors" and ":" in line:
            out.append("common_errors:")
            while i + 1 < len(lines) and lines[i + 1].startswith("  "):
                i += 1
                item = lines[i]
                m = re.match(r"(\s*-?\s*(?:error|fix):\s*)(.*)", item)
                out.append(m.group(1) + swedish(m.group(2)) if m else item)
        i += 1
    # The body: words changed, links, anchors, code and headings' structure kept.
    new_body = []
    in_code = False
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            new_body.append(line)
        elif in_code or line.startswith("#"):
            new_body.append(line)
        else:
            parts = re.split(r"(\]\([^)]*\))", line)
            new_body.append("".join(p if p.startswith("](") else swedish(p) for p in parts))
    return "---\n" + "\n".join(out) + "\n---\n" + "\n".join(new_body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--lang", default="sv")
    ap.add_argument("--omit", action="store_true", help='untranslated = "omit"')
    a = ap.parse_args()
    if os.path.exists(a.dst):
        shutil.rmtree(a.dst)
    shutil.copytree(a.src, a.dst, ignore=shutil.ignore_patterns("public", ".movebook", "floor-out", "no-output"))
    toml_path = os.path.join(a.dst, "site.toml")
    with open(toml_path, encoding="utf-8") as f:
        toml = f.read()
    extra = f'languages = ["en", "{a.lang}"]\n'
    if a.omit:
        extra += 'untranslated = "omit"\n'
    with open(toml_path, "w", encoding="utf-8") as f:
        f.write(extra + toml)
    written = 0
    content = os.path.join(a.dst, "content")
    for kind in sorted(os.listdir(content)):
        folder = os.path.join(content, kind)
        if not os.path.isdir(folder):
            continue
        pages = sorted(
            p for p in os.listdir(folder) if p.endswith(".md") and not p.startswith("_")
        )
        for n, name in enumerate(pages):
            if n % a.every:
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                front, body = split_front(f.read())
            if front is None:
                continue
            target = os.path.join(folder, name[: -len(".md")] + f".{a.lang}.md")
            with open(target, "w", encoding="utf-8") as f:
                f.write(translate(front, body))
            written += 1
    print(f"{a.dst}: {written} translations into '{a.lang}' (every {a.every}th page of each kind)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
