"""Readable diffs between two versions of an article, syllable by syllable.

Vietnamese writes one syllable per space-separated word, so the unit of a diff is the
syllable (a run of letters), a number (``6.230``, ``12,4``: one token, so a changed figure
is one change), a punctuation mark or a line break. Tokens are compared in NFC with one
tone placement (``crawler.text.canonical_tones``); a change that only touches whitespace,
punctuation, line breaks, tone placement or the Unicode form is *cosmetic*: hidden unless
asked for, and flagged in the version's change summary.

Rendered for the terminal (click styles, or ``[-old-]{+new+}`` without colour) and as
HTML with inline ``<del>``/``<ins>`` styles (mail clients drop style sheets); every piece
of scraped text is escaped.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import click

from crawler.text import canonical_tones

CONTEXT = 8  # tokens of unchanged text shown on each side of a change
_TOKEN = re.compile(r"([^\S\n]*)(\n|\d+(?:[.,]\d+)*|\w+|[^\w\s])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n")
DEL_STYLE = "background:#ffe3e3;color:#a40000;text-decoration:line-through"
INS_STYLE = "background:#ddf7dd;color:#005c00;text-decoration:none"
COSMETIC_STYLE = "background:#f0f0f0;color:#666666;text-decoration:none"


@dataclass(frozen=True)
class Token:
    """A syllable, number, punctuation mark or line break, with the spaces before it."""

    space: str
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_number(self) -> bool:
        return self.text[:1].isdigit()


@dataclass(frozen=True)
class Op:
    """One stretch of the diff: ``equal``, ``delete``, ``insert`` or ``replace``."""

    tag: str
    old: tuple[Token, ...]
    new: tuple[Token, ...]
    cosmetic: bool = False


@dataclass
class ArticleDiff:
    """The diff of the title and of the text of two snapshots."""

    old: dict
    new: dict
    title: list[Op]
    text: list[Op]

    @property
    def cosmetic(self) -> bool:
        """True when nothing but cosmetic changes separate the versions."""
        return not any(op.tag != "equal" and not op.cosmetic for op in self.title + self.text)


# -- tokens and ops -----------------------------------------------------------------------

def tokens(text: str | None) -> list[Token]:
    """The tokens of ``text`` in NFC (trailing spaces dropped)."""
    normal = unicodedata.normalize("NFC", text or "")
    return [Token(space, tok) for space, tok in _TOKEN.findall(normal)]


def _key(token: Token) -> str:
    """What two tokens must share to be the same: the word with one tone placement."""
    return canonical_tones(token.text)


def _words(toks) -> list[str]:
    """The words and numbers of a stretch, ignoring punctuation, breaks and tone placement."""
    return [_key(t) for t in toks if t.is_word]


def diff_tokens(old: list[Token], new: list[Token]) -> list[Op]:
    """Ops turning ``old`` into ``new``, each change flagged cosmetic or not."""
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in old], [_key(t) for t in new],
                                      autojunk=False)  # autojunk drops common syllables
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        a, b = tuple(old[i1:i2]), tuple(new[j1:j2])
        if tag == "equal":
            ops.extend(_equal_run(a, b))
        else:
            ops.append(Op(tag, a, b, cosmetic=_words(a) == _words(b)))
    return ops


def _equal_run(old: tuple[Token, ...], new: tuple[Token, ...]) -> list[Op]:
    """Equal keys; a token whose spelling differs (tone placement) is a cosmetic replace."""
    ops: list[Op] = []
    for a, b in zip(old, new):
        tag = "equal" if a.text == b.text else "replace"
        if ops and ops[-1].tag == tag:
            last = ops.pop()
            ops.append(Op(tag, last.old + (a,), last.new + (b,), cosmetic=tag == "replace"))
        else:
            ops.append(Op(tag, (a,), (b,), cosmetic=tag == "replace"))
    return ops


def diff_snapshots(old: dict, new: dict) -> ArticleDiff:
    """The diff of two snapshot rows (dicts with title and text)."""
    return ArticleDiff(old, new, diff_tokens(tokens(old.get("title")), tokens(new.get("title"))),
                       diff_tokens(tokens(old.get("text")), tokens(new.get("text"))))


# -- hunks: changes with their context ------------------------------------------------------

def hunks(ops: list[Op], context: int = CONTEXT, show_cosmetic: bool = False) -> list[list[Op]]:
    """Groups of changes with up to ``context`` tokens around them, within their paragraph."""
    ops = _merge_equal([op if _shown(op, show_cosmetic) else _as_equal(op) for op in ops])
    changed = [i for i, op in enumerate(ops) if op.tag != "equal"]
    groups: list[list[int]] = []
    for i in changed:
        if groups and _short_gap(ops, groups[-1][-1], i, context):
            groups[-1].append(i)
        else:
            groups.append([i])
    return [_with_context(ops, g[0], g[-1], context) for g in groups]


def _shown(op: Op, show_cosmetic: bool) -> bool:
    return op.tag == "equal" or show_cosmetic or not op.cosmetic


def _as_equal(op: Op) -> Op:
    """A hidden cosmetic change reads as the new text."""
    return Op("equal", op.new, op.new)


def _merge_equal(ops: list[Op]) -> list[Op]:
    merged: list[Op] = []
    for op in ops:
        if op.tag == "equal" and not op.new:
            continue
        if merged and op.tag == "equal" and merged[-1].tag == "equal":
            merged[-1] = Op("equal", merged[-1].old + op.old, merged[-1].new + op.new)
        else:
            merged.append(op)
    return merged


def _short_gap(ops: list[Op], last: int, current: int, context: int) -> bool:
    """Two changes close enough to share one hunk."""
    gap = sum(len(op.new) for op in ops[last + 1:current])
    return gap <= 2 * context


def _with_context(ops: list[Op], first: int, last: int, context: int) -> list[Op]:
    before = ops[first - 1].new[-context:] if first > 0 else ()
    after = ops[last + 1].new[:context] if last + 1 < len(ops) else ()
    before = _after_break(before)
    after = _before_break(after)
    head = [Op("equal", before, before)] if before else []
    tail = [Op("equal", after, after)] if after else []
    return head + ops[first:last + 1] + tail


def _after_break(toks: tuple[Token, ...]) -> tuple[Token, ...]:
    """Context before a change stops at the paragraph break before it."""
    breaks = [i for i, t in enumerate(toks) if t.text == "\n"]
    return toks[breaks[-1] + 1:] if breaks else toks


def _before_break(toks: tuple[Token, ...]) -> tuple[Token, ...]:
    breaks = [i for i, t in enumerate(toks) if t.text == "\n"]
    return toks[:breaks[0]] if breaks else toks


# -- rendering --------------------------------------------------------------------------

def join(toks) -> str:
    """Tokens back to text, with their spaces."""
    return "".join(t.space + t.text for t in toks)


def _split_space(toks: tuple[Token, ...]) -> tuple[str, str]:
    """Leading space (kept outside the markers) and the rest of a changed stretch."""
    if not toks:
        return "", ""
    text = join(toks)
    return toks[0].space, text[len(toks[0].space):]


def _terminal_op(op: Op, color: bool) -> str:
    if op.tag == "equal":
        return join(op.new)
    out = []
    if op.old:
        space, text = _split_space(op.old)
        out.append(space + _mark(text, "-", op.cosmetic, color))
    if op.new:
        space, text = _split_space(op.new)
        out.append(("" if op.old else space) + _mark(text, "+", op.cosmetic, color))
    return "".join(out)


def _mark(text: str, sign: str, cosmetic: bool, color: bool) -> str:
    if color:
        fg = "bright_black" if cosmetic else ("red" if sign == "-" else "green")
        return click.style(text, fg=fg, strikethrough=sign == "-", bold=sign == "+" and not cosmetic)
    if cosmetic:
        return f"[~{text}~]" if sign == "-" else f"{{~{text}~}}"
    return f"[-{text}-]" if sign == "-" else f"{{+{text}+}}"


def as_terminal(diff: ArticleDiff, *, color: bool = True, show_cosmetic: bool = False,
                context: int = CONTEXT) -> str:
    """The changes of the title and the text, one hunk per paragraph, ``…`` between them."""
    parts = []
    for label, ops in (("title", diff.title), ("text", diff.text)):
        for hunk in hunks(ops, context, show_cosmetic):
            body = "".join(_terminal_op(op, color) for op in hunk).strip()
            parts.append(f"{label}: " + body if label == "title" else "… " + body + " …")
    return "\n\n".join(parts)


def _html_op(op: Op) -> str:
    if op.tag == "equal":
        return _esc(join(op.new))
    out = []
    if op.old:
        space, text = _split_space(op.old)
        out.append(_esc(space) + f'<del style="{COSMETIC_STYLE if op.cosmetic else DEL_STYLE}">{_esc(text)}</del>')
    if op.new:
        space, text = _split_space(op.new)
        out.append(("" if op.old else _esc(space))
                   + f'<ins style="{COSMETIC_STYLE if op.cosmetic else INS_STYLE}">{_esc(text)}</ins>')
    return "".join(out)


def _esc(text: str) -> str:
    """Scraped text as inert HTML; line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def as_html(diff: ArticleDiff, *, show_cosmetic: bool = False, context: int = CONTEXT) -> str:
    """The hunks as HTML paragraphs with inline-styled ``<del>``/``<ins>``; all text escaped."""
    paragraphs = []
    for label, ops in (("title", diff.title), ("text", diff.text)):
        for hunk in hunks(ops, context, show_cosmetic):
            body = "".join(_html_op(op) for op in hunk).strip()
            prefix = "<b>Tiêu đề:</b> " if label == "title" else "… "
            paragraphs.append(f'<p style="margin:4px 0;line-height:1.5">{prefix}{body}'
                              f'{"" if label == "title" else " …"}</p>')
    return "\n".join(paragraphs)


# -- the change summary stored with each version --------------------------------------------

def sentences(text: str | None) -> list[str]:
    """Sentences (and lines) of a text, keyed by their words, so cosmetic edits compare equal."""
    pieces = _SENTENCE_END.split(unicodedata.normalize("NFC", text or ""))
    return [" ".join(_words(tokens(piece))) for piece in pieces if piece.strip()]


def figures(text: str | None) -> Counter:
    """The numbers written in a text, as written (``6.230``, ``12,4``)."""
    return Counter(t.text for t in tokens(text) if t.is_number)


def change_summary(old: dict, new: dict) -> dict:
    """What a version changed: characters, sentences, figures, and whether it is cosmetic."""
    diff = diff_snapshots(old, new)
    real = [op for op in diff.title + diff.text if op.tag != "equal" and not op.cosmetic]
    before, after = _full_text(old), _full_text(new)
    return {
        "chars_added": sum(len(join(op.new).strip()) for op in real),
        "chars_removed": sum(len(join(op.old).strip()) for op in real),
        "sentences_changed": _sentences_changed(before, after),
        "figures_removed": _json_list(figures(before) - figures(after)),
        "figures_added": _json_list(figures(after) - figures(before)),
        "cosmetic": int(diff.cosmetic),
    }


def _full_text(snapshot: dict) -> str:
    return f"{snapshot.get('title') or ''}\n{snapshot.get('text') or ''}"


def _sentences_changed(before: str, after: str) -> int:
    matcher = difflib.SequenceMatcher(None, sentences(before), sentences(after), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _json_list(counter: Counter) -> str:
    return json.dumps(sorted(counter.elements()), ensure_ascii=False)
