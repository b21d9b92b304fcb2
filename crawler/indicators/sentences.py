"""Sentence and clause boundaries that keep character offsets into the text."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … followed by space and a capital, bracket, quote or digit, or at a
# line break; abbreviations such as "TP." or "ThS." do not end one.
_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“(\dA-ZÀ-ỸĐ])|\n+")
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|TS|ThS|PGS|NXB|St|Th))$")
# Decimal commas ("6,95") are not clause breaks.
CLAUSE_BREAK = re.compile(r"[;:()]|,(?!\d)")
_BRACKET = re.compile(r"[()]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped of surrounding spaces."""
    spans, start = [], 0
    for m in _END.finditer(text):
        if _ABBREVIATION.search(text, max(0, m.start() - 4), m.start()):
            continue
        spans.append((start, m.end() if m.group(0)[0] != "\n" else m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of each bracket pair; an unclosed one runs to the end."""
    groups, stack = [], []
    for m in _BRACKET.finditer(text):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            groups.append((stack.pop(), m.start()))
    return groups + [(k, len(text)) for k in stack]
