"""A word-level diff of two versions of an article, as short snippets around each change.

Rendered two ways: plain text in git's word-diff style (``[-old-]{+new+}``) and HTML with
inline ``<del>``/``<ins>`` (mail clients drop style sheets). Every word is escaped.
"""

from __future__ import annotations

import difflib
import html
import itertools

CONTEXT_WORDS = 8  # words of unchanged text shown around a change
MAX_HUNKS = 6  # snippets per article; the rest is in `newsmon diff`
DEL_STYLE = "background:#ffe3e3;color:#a40000;text-decoration:line-through"
INS_STYLE = "background:#ddf7dd;color:#005c00;text-decoration:none"


def words(snapshot: dict) -> list[str]:
    """Title and text as one list of words (the title is part of what can change)."""
    return f"{snapshot.get('title') or ''} ¶ {snapshot.get('text') or ''}".split()


def hunks(old: list[str], new: list[str]) -> list[list[tuple[str, str]]]:
    """Snippets: lists of (op, text) with op '=', '-' or '+'."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    result = []
    for group in itertools.islice(matcher.get_grouped_opcodes(CONTEXT_WORDS), MAX_HUNKS):
        hunk = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.append(("=", " ".join(old[i1:i2])))
            if tag in ("delete", "replace"):
                hunk.append(("-", " ".join(old[i1:i2])))
            if tag in ("insert", "replace"):
                hunk.append(("+", " ".join(new[j1:j2])))
        result.append(hunk)
    return result


def as_text(snippets: list[list[tuple[str, str]]]) -> str:
    """'… đạt [-6.230-]{+6.500+} tỷ đồng …', one snippet per line."""
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "\n".join("… " + " ".join(marks[op].format(text) for op, text in hunk) + " …"
                     for hunk in snippets)


def as_html(snippets: list[list[tuple[str, str]]]) -> str:
    """The same snippets as HTML paragraphs with inline-styled <del> and <ins>."""
    def part(op: str, text: str) -> str:
        text = html.escape(text)
        if op == "-":
            return f'<del style="{DEL_STYLE}">{text}</del>'
        return f'<ins style="{INS_STYLE}">{text}</ins>' if op == "+" else text
    return "".join(f'<p style="margin:4px 0;font-size:14px">… {" ".join(part(*p) for p in hunk)} …</p>'
                   for hunk in snippets)
