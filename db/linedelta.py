"""A new text as line operations over an older one: how a changed page is stored small.

An edit of an article changes a few lines of its 90 KB page, so the new page is written as
"copy lines i..j of the old one" and "insert these lines", JSON, zlib-compressed: some
hundred bytes where a zlib copy costs twelve thousand (the bench's "Extra version" row).
Bytes that are not UTF-8 pass through ``surrogateescape``, so every page round-trips exactly.
"""

from __future__ import annotations

import difflib
import json
import zlib


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\n")


def encode(old: bytes, new: bytes) -> bytes:
    """``new`` as copy/insert operations over ``old``'s lines, JSON, zlib level 9."""
    a, b = _lines(old), _lines(new)
    ops: list = []
    # autojunk off: pages repeat the same markup lines hundreds of times, which autojunk
    # would ignore and turn into needless inserts
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ops.append([i1, i2] if tag == "equal" else b[j1:j2])
    text = json.dumps(ops, ensure_ascii=False).encode("utf-8", "surrogateescape")
    return zlib.compress(text, 9)


def apply(old: bytes, delta: bytes) -> bytes:
    """The page ``encode(old, new)`` was made from."""
    a, out = _lines(old), []
    for op in json.loads(zlib.decompress(delta).decode("utf-8", "surrogateescape")):
        # a copy is [start, end]; an insert is a list of strings (never ints)
        out += a[op[0]:op[1]] if op and isinstance(op[0], int) else op
    return "\n".join(out).encode("utf-8", "surrogateescape")
