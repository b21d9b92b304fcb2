"""Full-text search over every version of every article, insensitive to diacritics.

The FTS5 index ``paragraphs_fts`` (migration ``store_text_as_paragraphs``) holds each
distinct paragraph and title once, with đ spelled d, tokenised by ``unicode61
remove_diacritics 2``; the query is folded the same way (:func:`crawler.text.fold`), so
"lang son grdp" finds "Lạng Sơn … GRDP". A version matches when it holds every word: first
the versions with a paragraph (or title) that has them all, ranked by that paragraph's
bm25 (title hits weigh more); then, when fewer than asked for, versions whose words fall in
different paragraphs, ranked by the sum of each word's best paragraph. One row per article
(its best version, the latest among equals), with a snippet of the *original* text in
which the matched words are marked.
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
    terms = fts_terms(query)
    where, params = [], []
    for clause, value in (("a.source = ?", source), ("coalesce(a.published, a.first_seen) >= ?", since),
                          ("substr(coalesce(a.published, a.first_seen), 1, 10) <= ?", until)):
        if value:
            where.append(clause)
            params.append(value)
    import sqlite3

    try:
        found, hit = _versions(db, terms, "".join(f" and {w}" for w in where), params, limit, all_versions)
        rows = _rows(db, terms, found, hit)
    except sqlite3.OperationalError as err:
        raise SearchError(f"cannot search for {' '.join(terms)!r}: {err}") from err
    return [_with_snippet(row) for row in rows]


def fts_terms(text: str) -> list[str]:
    """The user's words as FTS5 query terms, each required (see :func:`fts_query`)."""
    parts = fts_query(text)
    return re.findall(r'"[^"]*"\*?', parts)


def _hits(db, match: str, filters: str, params: list) -> list[tuple[int, int, float]]:
    """(article, paragraph, bm25) of every paragraph matching ``match``, best first."""
    sql = f"""select ap.article_id, f.rowid, bm25(paragraphs_fts, {TITLE_WEIGHT}, 1.0) as rank
              from paragraphs_fts f join article_paragraphs ap on ap.paragraph_id = f.rowid
              join articles a on a.id = ap.article_id where paragraphs_fts match ?{filters} order by rank"""
    return db.execute(sql, [match, *params]).fetchall()


def _top_hits(db, match: str, filters: str, params: list, limit: int) -> list[tuple[int, int, float]]:
    """The best paragraph hits, enough of them to name ``limit`` articles (or all there are).

    FTS5 ranks only the best ``k`` paragraphs through its top-k path; ranking and joining
    every hit of a common phrase ("thu ngân sách": 20,000 paragraphs at N = 10,000) cost
    more than the rest of the search. ``k`` grows when filters or copies leave too few.
    """
    k = max(200, 10 * limit)
    while True:
        sql = f"""select ap.article_id, f.rowid, f.rank from (
                    select rowid, bm25(paragraphs_fts, {TITLE_WEIGHT}, 1.0) as rank from paragraphs_fts
                    where paragraphs_fts match ? order by rank limit ?) f
                  join article_paragraphs ap on ap.paragraph_id = f.rowid
                  join articles a on a.id = ap.article_id where 1{filters} order by f.rank"""
        hits = db.execute(sql, [match, k, *params]).fetchall()
        if len(_articles(hits)) >= limit:
            return hits
        if filters:  # they may reject most hits: rank every hit once
            return _hits(db, match, filters, params)
        if len({pid for _, pid, _ in hits}) < k:  # every matching paragraph was read
            return hits
        k *= 4


def _versions(db, terms: list[str], filters: str, params: list, limit: int,
              all_versions: bool) -> tuple[list[tuple], set[int]]:
    """(rank, snapshot id) of the versions to show, best first, and the paragraphs that hit."""
    match = " ".join(terms)
    together = _hits(db, match, filters, params) if all_versions else _top_hits(db, match, filters, params, limit)
    # hits come best first, and an article's best version holds its first hit: only the
    # first ``limit`` articles can be shown, so only their versions are read
    articles = _articles(together) if all_versions else _articles(together)[:limit]
    best = _best_versions(db, [{pid: rank for _, pid, rank in together}], articles, all_versions)
    hit = {pid for _, pid, _ in together}
    if len(best) < limit and len(terms) > 1:  # the words in different paragraphs of one version
        per_term = [_hits(db, term, filters, params) for term in terms]
        shared = set.intersection(*(set(_articles(hits)) for hits in per_term)) - set(_articles(together))
        ranks = [{pid: rank for article, pid, rank in hits if article in shared} for hits in per_term]
        best += _best_versions(db, ranks, sorted(shared), all_versions)
        hit |= {pid for r in ranks for pid in r}
    return best[:limit], hit


def _articles(hits) -> list[int]:
    """The articles of ``hits`` in their order, each once."""
    return list(dict.fromkeys(article for article, _, _ in hits))


def _best_versions(db, ranks: list[dict], articles: list[int], all_versions: bool) -> list[tuple]:
    """Versions of ``articles`` holding a hit of every ``ranks`` entry, by summed best rank."""
    import json

    found = []
    for start in range(0, len(articles), 500):  # SQLite's limit on host parameters
        chunk = articles[start:start + 500]
        rows = db.execute(f"select id, article_id, version, fetched_at, title_id, paragraph_ids from snapshot_rows "
                          f"where article_id in ({', '.join('?' * len(chunk))})", chunk).fetchall()
        for snapshot_id, article_id, version, fetched_at, title_id, ids in rows:
            held = {title_id, *json.loads(ids or "[]")}
            best = [min((r[pid] for pid in held if pid in r), default=None) for r in ranks]
            if None not in best:
                found.append((sum(best), fetched_at, version, article_id, snapshot_id))
    found.sort(key=lambda f: (f[0], -_stamp(f[1]), -f[2]))
    if not all_versions:
        seen: set[int] = set()
        found = [f for f in found if not (f[3] in seen or seen.add(f[3]))]
    return [(rank, snapshot_id) for rank, _, _, _, snapshot_id in found]


def _stamp(fetched_at: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(fetched_at).timestamp()


def _rows(db, terms: list[str], found: list[tuple], hit: set[int]) -> list[dict]:
    """The rows shown, with title and text rebuilt and the hits in them as ranges."""
    if not found:
        return []
    ids = [snapshot_id for _, snapshot_id in found]
    sql = f"""select s.id as snapshot_id, a.id as article_id, a.source, a.url, a.published, s.version,
                     a.current_version, s.fetched_at, s.title, s.text, r.title_id, r.paragraph_ids
              from snapshots s join snapshot_rows r on r.id = s.id join articles a on a.id = s.article_id
              where s.id in ({', '.join('?' * len(ids))})"""
    rows = {row["snapshot_id"]: row for row in db.query(sql, ids)}
    marked = _marked(db, terms, rows.values(), hit | _shown_hits(db, terms, rows.values(), hit))
    out = []
    for rank, snapshot_id in found:
        row = rows[snapshot_id]
        row["rank"] = rank
        row.update(_ranges(row.pop("title_id"), row.pop("paragraph_ids"), row["text"], marked))
        out.append(row)
    return out


def _shown_hits(db, terms: list[str], rows, hit: set[int]) -> set[int]:
    """For a version shown for its title alone, its first paragraph holding every word, so
    its snippet shows a hit: only the best hits were ranked (:func:`_top_hits`).

    A paragraph whose folded text lacks a word cannot match, so FTS5 is asked (by rowid,
    its fast path) only about the others, in text order, until one matches.
    """
    import json

    words = [word for term in terms for word in re.findall(r"\w+", term)]
    sql = "select 1 from paragraphs_fts where paragraphs_fts match ? and rowid = ?"
    found = set()
    for row in rows:
        ids = json.loads(row["paragraph_ids"] or "[]")
        if hit.intersection(ids):
            continue
        for pid, line in zip(ids, fold(row["text"] or "").split("\n")):
            if all(word in line for word in words) and db.execute(sql, [" ".join(terms), pid]).fetchone():
                found.add(pid)
                break
    return found


def _marked(db, terms: list[str], rows, hit: set[int]) -> dict[int, str]:
    """Highlighted hit paragraphs of the rows shown, one by rowid: FTS5 seeks a rowid, while a
    rowid list would make it walk every match of the query first."""
    import json

    pids = {pid for row in rows for pid in [row["title_id"], *json.loads(row["paragraph_ids"] or "[]")]} & hit
    sql = f"""select coalesce(highlight(paragraphs_fts, 0, '{_START}', '{_END}'),
                              highlight(paragraphs_fts, 1, '{_START}', '{_END}'))
              from paragraphs_fts where paragraphs_fts match ? and rowid = ?"""
    match, out = " OR ".join(terms), {}
    for pid in pids:
        row = db.execute(sql, [match, pid]).fetchone()
        if row:
            out[pid] = row[0]
    return out


def _ranges(title_id, paragraph_ids, text: str | None, marked: dict[int, str]) -> dict:
    """Hit ranges in the title and in the text, whose lines are the version's paragraphs."""
    import json

    text_ranges, offset = [], 0
    for pid, line in zip(json.loads(paragraph_ids or "[]"), (text or "").split("\n")):
        if pid in marked:
            text_ranges += [(offset + a, offset + b) for a, b in marked_ranges(marked[pid])]
        offset += len(line) + 1
    return {"title_ranges": marked_ranges(marked.get(title_id) or ""), "text_ranges": text_ranges}


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
    row["snippet"] = snippet(row["text"], row["text_ranges"], mark)
    return row
