"""Texts stored as paragraphs, each distinct paragraph once: a small edit adds one paragraph.

A version (``snapshot_rows``) keeps its title as ``title_id`` and its text as
``paragraph_ids``, a JSON list of ``paragraphs`` ids in order; the view ``snapshots``
rebuilds ``title`` and ``text`` in plain SQL, so readers see the table they always saw.
``article_paragraphs`` says which articles ever held a paragraph: full-text search matches
paragraphs (``paragraphs_fts``) and finds the versions through it. A new paragraph waits in
``paragraphs_pending`` until :func:`index_pending` indexes it: :func:`db.store.record_page`
does at once, a crawl every few hundred pages and at its end.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

TEXT, TITLE = 0, 1  # paragraphs.kind: a title is indexed apart, so title hits weigh more


def lookup_key(text: str) -> int:
    """64 bits of sha1: a lookup key only (two texts may share it; the text decides)."""
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _hash(kind: int, text: str) -> int:
    return lookup_key(f"{kind}\n{text}")


def paragraph_id(db, kind: int, text: str) -> int:
    """The id of this paragraph, stored now if it is new."""
    return paragraph_ids(db, kind, [text])[0]


def paragraph_ids(db, kind: int, texts: list[str]) -> list[int]:
    """The ids of these paragraphs, in order, storing the new ones.

    One lookup for all of them and one batch insert for the new ones: a new article's
    twenty-odd paragraphs were forty statements on the crawl's single thread.
    """
    keys = [_hash(kind, text) for text in texts]
    ids = _known_ids(db, kind, set(keys))
    new = list(dict.fromkeys((key, text) for key, text in zip(keys, texts) if (key, text) not in ids))
    if new:
        db.conn.executemany("insert into paragraphs (hash, kind, text) values (?, ?, ?)",
                            [(key, kind, text) for key, text in new])
        ids.update(_known_ids(db, kind, {key for key, _ in new}))
    return [ids[(key, text)] for key, text in zip(keys, texts)]


def _known_ids(db, kind: int, keys: set[int]) -> dict[tuple[int, str], int]:
    """(hash, text) -> id of the stored paragraphs among ``keys`` (the text decides a shared hash)."""
    found: dict[tuple[int, str], int] = {}
    keys = list(keys)
    for start in range(0, len(keys), 500):  # well under SQLite's limit of bound parameters
        chunk = keys[start:start + 500]
        sql = f"select id, hash, text from paragraphs where kind = ? and hash in ({', '.join('?' * len(chunk))})"
        for pid, key, text in db.execute(sql, [kind, *chunk]):
            found.setdefault((key, text), pid)
    return found


def store_text(db, article_id: int, title: str | None, text: str | None) -> dict:
    """``title_id`` and ``paragraph_ids`` of a version; None stays None, "" is one empty paragraph."""
    title_id = None if title is None else paragraph_id(db, TITLE, title)
    ids = None if text is None else paragraph_ids(db, TEXT, text.split("\n"))
    held = [(pid, article_id) for pid in [title_id, *(ids or [])] if pid is not None]
    db.conn.executemany("insert or ignore into article_paragraphs (paragraph_id, article_id) values (?, ?)", held)
    return {"title_id": title_id, "paragraph_ids": None if ids is None else json.dumps(ids, separators=(",", ":"))}


def index_pending(db) -> int:
    """Index the paragraphs still waiting for the search index, in one statement; how many.

    Run it in a transaction: the pending rows go with the index rows or not at all.
    """
    try:
        if not db.execute("select 1 from paragraphs_pending limit 1").fetchone():
            return 0
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):  # a schema from before the queue: its trigger indexed them
            return 0
        raise
    cursor = db.execute("insert into paragraphs_fts (rowid, title, text) select p.id, p.title, p.text "
                        "from paragraphs_pending q join paragraphs_plain p on p.id = q.id")
    db.execute("delete from paragraphs_pending")
    return cursor.rowcount


TITLE_SQL = "(select text from paragraphs where id = s.title_id)"
# no ORDER BY inside group_concat before SQLite 3.44: an ordered subquery keeps the order
TEXT_SQL = ("case when s.paragraph_ids is null then null else coalesce((select group_concat(t, char(10)) "
            "from (select p.text as t from json_each(s.paragraph_ids) j join paragraphs p on p.id = j.value "
            "order by j.key)), '') end")
