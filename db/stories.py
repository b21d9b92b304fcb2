"""Syndication: one story, many copies (a TTXVN dispatch republished by several sites).

Copies are found by near-duplicate detection on the text: a MinHash signature of the
article's 5-syllable shingles (folded: no case, no diacritics) and a MinHashLSH index
(datasketch) to find candidates, confirmed by the estimated Jaccard similarity.

Every article gets a ``story_id`` (``stories`` has one row per story: its first copy,
title and first capture time). An edit of a copy keeps the story and refreshes the
signature. How the rest of newsmon uses it:

* alerts: queue a new article under the key ``new_article:story:<story_id>``, so the
  outbox's unique key turns later copies into no alert at all (told once);
* indicators: an observation of a later copy that agrees with a copy of the same story
  is ``confirmed`` (never ``new`` again); :func:`story_articles` gives the copies.

datasketch is imported only when a signature is computed, so the store opens without it.
"""

from __future__ import annotations

import re

from crawler.text import fold

NUM_PERM = 128
SHINGLE = 5  # syllables per shingle: long enough that common phrases do not match
THRESHOLD = 0.5  # estimated Jaccard similarity from which two texts are one story
SCHEME = "affine32"  # datasketch 2's hashing scheme, named so stored signatures read back alike
_WORD = re.compile(r"\w+")
_INDEXES: dict[str, "_Index"] = {}  # one LSH per database file, refreshed incrementally


def shingles(text: str) -> set[bytes]:
    """The folded 5-syllable shingles of a text (the whole text when it is shorter)."""
    words = _WORD.findall(fold(text or ""))
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str):
    """The MinHash of a text."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def _from_bytes(blob: bytes):
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint32).copy())


class _Index:
    """The LSH of every stored signature of one database file."""

    def __init__(self):
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.keys: set[int] = set()  # article ids in the LSH
        self.seen = 0  # highest article_minhash.seq loaded

    def refresh(self, db) -> None:
        """Load signatures written since the last call (by this or another process)."""
        for row in db.query("select seq, article_id, signature from article_minhash "
                            "where seq > ? order by seq", [self.seen]):
            self.put(row["article_id"], _from_bytes(row["signature"]))
            self.seen = row["seq"]

    def put(self, article_id: int, minhash) -> None:
        if article_id in self.keys:
            self.lsh.remove(article_id)
        self.keys.add(article_id)
        self.lsh.insert(article_id, minhash)

    def similar(self, db, article_id: int, minhash) -> list[tuple[float, int]]:
        """(similarity, article id) of the near duplicates, most similar first.

        Candidates come from the LSH; similarity is computed from the stored signatures,
        so an entry left in memory by a rolled-back transaction cannot match.
        """
        candidates = [other for other in self.lsh.query(minhash) if other != article_id]
        found = [(signature.jaccard(minhash), other) for other, signature in _stored(db, candidates)]
        return sorted((pair for pair in found if pair[0] >= THRESHOLD), reverse=True)


def _stored(db, article_ids: list[int]) -> list[tuple[int, object]]:
    """(article id, MinHash) of the stored signatures of these articles."""
    if not article_ids:
        return []
    rows = db.query(f"select article_id, signature from article_minhash where article_id in "
                    f"({', '.join('?' * len(article_ids))})", article_ids)
    return [(row["article_id"], _from_bytes(row["signature"])) for row in rows]


def _index(db) -> _Index:
    path = db.execute("pragma database_list").fetchone()[2] or f":memory:{id(db.conn)}"
    index = _INDEXES.get(path) or _INDEXES.setdefault(path, _Index())  # an _Index is costly to build
    newest = db.execute("select coalesce(max(seq), 0) from article_minhash").fetchone()[0]
    if newest < index.seen:  # the file was recreated under the same name
        index = _INDEXES[path] = _Index()
    index.refresh(db)
    return index


def assign_story(db, article_id: int, text: str, minhash=None) -> int:
    """The story of an article: that of its nearest earlier copy, or a new one. Idempotent.

    ``minhash``: the text's signature when the caller has it already (a crawl computes it
    in its extraction workers).
    """
    index = _index(db)
    minhash = minhash if minhash is not None else signature(text)
    article = db["articles"].get(article_id)
    story_id = article.get("story_id") or _story_of_copies(db, index.similar(db, article_id, minhash))
    if story_id is None:
        story_id = db["stories"].insert({
            "first_article_id": article_id, "title": article["title"],
            "first_seen": article["first_seen"]}).last_pk
    db["articles"].update(article_id, {"story_id": story_id})
    _store_signature(db, index, article_id, minhash)
    return story_id


def _story_of_copies(db, similar: list[tuple[float, int]]) -> int | None:
    for _, other in similar:
        rows = list(db.query("select story_id from articles where id = ?", [other]))
        if rows and rows[0]["story_id"]:
            return rows[0]["story_id"]
    return None


def _store_signature(db, index: _Index, article_id: int, minhash) -> None:
    db.execute("delete from article_minhash where article_id = ?", [article_id])
    db["article_minhash"].insert({
        "article_id": article_id, "signature": minhash.hashvalues.astype("uint32").tobytes()})
    index.put(article_id, minhash)  # index.seen stays: the next refresh re-reads it, harmlessly


def assign_missing(db) -> int:
    """Give a story to every article without one (oldest first); return how many."""
    rows = list(db.query(
        "select a.id, s.title, s.text from articles a join snapshots s "
        "on s.article_id = a.id and s.version = a.current_version "
        "where a.story_id is null order by a.first_seen, a.id"))
    with db.atomic():
        for row in rows:
            assign_story(db, row["id"], story_text(row))
    return len(rows)


def story_text(snapshot: dict) -> str:
    """What is compared: title and text (a copy often keeps both)."""
    return f"{snapshot.get('title') or ''}\n{snapshot.get('text') or ''}"


def new_article_key(db, article_id: int) -> str:
    """The outbox key of a new article: its story's, so a story is alerted once for all copies."""
    rows = list(db.query("select story_id from articles where id = ?", [article_id]))
    story_id = rows[0]["story_id"] if rows else None
    return f"new_article:story:{story_id}" if story_id else f"new_article:{article_id}"


def story_articles(db, story_id: int) -> list[dict]:
    """The copies of a story, first captured first."""
    return list(db.query(
        "select id, source, url, title, published, first_seen, current_version as versions "
        "from articles where story_id = ? order by first_seen, id", [story_id]))


def list_stories(db, since: str | None = None, min_copies: int = 1) -> list[dict]:
    """Stories with their number of copies and sources, most recent first."""
    return list(db.query(
        "select s.id, s.title, s.first_seen, count(a.id) as copies, "
        "group_concat(distinct a.source) as sources from stories s "
        "join articles a on a.story_id = s.id where s.first_seen >= ? "
        "group by s.id having count(a.id) >= ? order by s.first_seen desc, s.id desc",
        [since or "", min_copies]))
