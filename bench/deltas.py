"""What an extra version would cost if versions were stored as deltas: an estimate.

    python -m bench.deltas path/to/newsmon.db

For every article with two or more versions, compares what the store writes today for the
newer version (its text, its zlib raw page) with candidate designs:

- raw page, zlib with the previous raw page as preset dictionary (zlib keeps only 32 KB of it);
- raw page, line diff against the previous raw page (difflib opcodes, JSON, zlib);
- text, paragraph diff against the previous text (the same encoding);
- text, paragraphs stored once (content-addressed, 20-byte ids): new paragraphs + id list.

Prints bytes per extra version for each, next to a fresh version's bytes.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
import statistics
import sys
import zlib


def line_delta(old: str, new: str) -> bytes:
    """New as copy/insert operations over old's lines, JSON, zlib-compressed."""
    a, b = old.split("\n"), new.split("\n")
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append([i1, i2])
        else:
            ops.append(b[j1:j2])
    return zlib.compress(json.dumps(ops, ensure_ascii=False).encode(), 9)


def apply_line_delta(old: str, delta: bytes) -> str:
    a, out = old.split("\n"), []
    for op in json.loads(zlib.decompress(delta)):
        out += a[op[0]:op[1]] if op and isinstance(op[0], int) else op
    return "\n".join(out)


def zdict_size(old: bytes, new: bytes) -> int:
    packer = zlib.compressobj(6, zdict=old[-32768:])
    return len(packer.compress(new) + packer.flush())


def paragraph_store(old: str, new: str) -> int:
    """Bytes for the new version when paragraphs are stored once: new ones + 20-byte ids."""
    known = {hashlib.sha1(p.encode()).digest() for p in old.split("\n")}
    paras = new.split("\n")
    fresh = [p for p in paras if hashlib.sha1(p.encode()).digest() not in known]
    return sum(len(p.encode()) for p in fresh) + 20 * len(paras)


def estimate(path: str) -> dict:
    conn = sqlite3.connect(path)
    pairs = conn.execute("""
        select o.text, n.text, ro.content, rn.content, rn.stored_size
        from snapshots n join snapshots o on o.article_id = n.article_id and o.version = n.version - 1
        left join raw_pages ro on ro.hash = o.raw_hash left join raw_pages rn on rn.hash = n.raw_hash""").fetchall()
    rows = {"text (today)": [], "raw zlib (today)": [], "raw zlib + previous as zdict": [],
            "raw line diff": [], "text paragraph diff": [], "text paragraph store": []}
    for old_text, new_text, old_raw, new_raw, stored in pairs:
        rows["text (today)"].append(len(new_text.encode()))
        if old_raw and new_raw:
            old_html, new_html = zlib.decompress(old_raw), zlib.decompress(new_raw)
            rows["raw zlib (today)"].append(stored)
            rows["raw zlib + previous as zdict"].append(zdict_size(old_html, new_html))
            delta = line_delta(old_html.decode("utf-8", "surrogateescape"), new_html.decode("utf-8", "surrogateescape"))
            assert apply_line_delta(old_html.decode("utf-8", "surrogateescape"), delta).encode(
                "utf-8", "surrogateescape") == new_html
            rows["raw line diff"].append(len(delta))
        delta = line_delta(old_text, new_text)
        assert apply_line_delta(old_text, delta) == new_text
        rows["text paragraph diff"].append(len(delta))
        rows["text paragraph store"].append(paragraph_store(old_text, new_text))
    return {"versions": len(pairs), **{k: statistics.mean(v) if v else 0 for k, v in rows.items()}}


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    figures = estimate(args[0])
    print(f"{figures.pop('versions')} extra versions; mean bytes per extra version:")
    for name, value in figures.items():
        print(f"  {name:32} {value:10,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
