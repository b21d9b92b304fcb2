"""Full-text search over every version of every article, insensitive to diacritics.

The FTS5 index ``snapshots_fts`` (migration ``create_search_index``) holds the title and
text of each snapshot with đ spelled d, tokenised by ``unicode61 remove_diacritics 2``;
the query is folded the same way (:func:`crawler.text.fold`), so "lang son grdp" finds
"Lạng Sơn … GRDP". Results are ranked by bm25 (title hits weigh more), one row per
article: its best-matching version (the latest among equals), with a snippet of the
*original* text in which the matched words are marked.
"""

from __future__ import annotations

import re

from crawler.text import fold

TITLE_WEIGHT = 4.0
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 180  # characters around the first hit
_START, _END = "\x02", "\x03"  # highlight() markers: control characters never in our text
_TERM = re.compile(r'"[^"]*"|\S+')


class SearchError(Exception):
    """A query FTS5 cannot parse, said plainly."""


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word required, "quoted phrases", prefix*."""
    parts = []
    for term in _TERM.findall(fold(text)):
        prefix = term.endswith("*") and not term.startswith('"')
        words = re.findall(r"\w+", term)
        if not words:
            continue
        if term.startswith('"') or len(words) > 1:
            parts.append('"' + " ".join(words) + '"')  # "7,2" stays one phrase: 7 then 2
        else:
            parts.append(f'"{words[0]}"' + ("*" if prefix else ""))
    if not parts:
        raise SearchError(f"nothing to search for in {text!r}")
    return " ".join(parts)


def search(db, query: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = 20, all_versions: bool = False) -> list[dict]:
    """Matching articles (or versions), best first, with ``snippet`` marked by ``mark``.

    ``since``/``until`` bound the publication date (the first capture when unknown).
    """
    where, params = ["snapshots_fts match ?"], [fts_query(query)]
    for clause, value in (("a.source = ?", source), ("coalesce(a.published, a.first_seen) >= ?", since),
                          ("substr(coalesce(a.published, a.first_seen), 1, 10) <= ?", until)):
        if value:
            where.append(clause)
            params.append(value)
    rows = _run(db, " and ".join(where), params, limit, all_versions)
    return [_with_snippet(row) for row in rows]


def _run(db, where: str, params: list, limit: int, all_versions: bool) -> list[dict]:
    import sqlite3

    keep = "" if all_versions else "where best = 1"
    sql = f"""
        with hits as (
          select s.id as snapshot_id, a.id as article_id, a.source, a.url, a.published,
                 s.version, a.current_version, s.fetched_at,
                 bm25(snapshots_fts, {TITLE_WEIGHT}, 1.0) as rank
          from snapshots_fts join snapshots s on s.id = snapshots_fts.rowid
          join articles a on a.id = s.article_id where {where}),
        ranked as (
          select *, row_number() over (partition by article_id order by rank, version desc) as best
          from hits)
        select * from ranked {keep} order by rank, fetched_at desc limit ?"""
    try:
        rows = list(db.query(sql, [*params, limit]))
        marked = _marked(db, params[0], [row["snapshot_id"] for row in rows])
    except sqlite3.OperationalError as err:
        raise SearchError(f"cannot search for {params[0]!r}: {err}") from err
    return [{**row, **marked[row["snapshot_id"]]} for row in rows]


def _marked(db, match: str, ids: list[int]) -> dict[int, dict]:
    """Text and highlights of the rows shown only: highlighting every hit costs 40 times more."""
    if not ids:
        return {}
    sql = f"""
        select s.id, s.title, s.text,
               highlight(snapshots_fts, 0, '{_START}', '{_END}') as title_marked,
               highlight(snapshots_fts, 1, '{_START}', '{_END}') as text_marked
        from snapshots_fts join snapshots s on s.id = snapshots_fts.rowid
        where snapshots_fts match ? and snapshots_fts.rowid in ({', '.join('?' * len(ids))})"""
    return {row.pop("id"): row for row in db.query(sql, [match, *ids])}


def marked_ranges(marked: str) -> list[tuple[int, int]]:
    """(start, end) of the highlighted stretches, in the coordinates of the unmarked text."""
    ranges, offset, start = [], 0, None
    for index, char in enumerate(marked):
        if char == _START:
            start = index - offset
            offset += 1
        elif char == _END:
            ranges.append((start, index - offset))
            offset += 1
    return ranges


def snippet(original: str, ranges: list[tuple[int, int]], mark=lambda s: f"[{s}]") -> str:
    """A window of ``original`` around its first hit, with every hit in it passed to ``mark``.

    The index spells đ as d but keeps every position, so ranges fit the original text.
    """
    original = original or ""
    first = ranges[0][0] if ranges else 0
    start = _word_start(original, max(0, first - SNIPPET_BEFORE))
    end = _word_end(original, min(len(original), first + SNIPPET_AFTER))
    out, position = [], start
    for a, b in ranges:
        if a < start or b > end:
            continue
        out += [original[position:a], mark(original[a:b])]
        position = b
    out.append(original[position:end])
    text = " ".join("".join(out).split())  # one line
    return ("… " if start > 0 else "") + text + (" …" if end < len(original) else "")


def mark_all(text: str, ranges: list[tuple[int, int]], mark=lambda s: f"[{s}]") -> str:
    """The whole of ``text`` (a title) with every hit passed to ``mark``."""
    out, position = [], 0
    for a, b in ranges:
        out += [text[position:a], mark(text[a:b])]
        position = b
    return "".join(out) + text[position:]


def _word_start(text: str, index: int) -> int:
    """Move a cut forward to the start of a word, so a snippet never opens mid-syllable."""
    if index == 0:
        return 0
    space = text.find(" ", index)
    return space + 1 if 0 <= space < index + 20 else index


def _word_end(text: str, index: int) -> int:
    """Move a cut back to the end of a word, so a snippet never closes mid-syllable."""
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return space if space > index - 20 else index


def _with_snippet(row: dict, mark=lambda s: f"[{s}]") -> dict:
    row["title_ranges"] = marked_ranges(row.pop("title_marked") or "")
    row["text_ranges"] = marked_ranges(row.pop("text_marked") or "")
    row["snippet"] = snippet(row["text"], row["text_ranges"], mark)
    return row
