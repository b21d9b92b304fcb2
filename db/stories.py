"""Syndication: one story, many copies (a TTXVN dispatch republished by several sites).

Copies are found by near-duplicate detection on the text: a MinHash signature (datasketch)
of the article's 5-syllable shingles (folded: no case, no diacritics), locality-sensitive
hashing to find candidates, confirmed by the estimated Jaccard similarity.

The LSH index lives in SQLite, not in memory: each stored signature writes one row per band
to ``story_bands``, so candidates come from one indexed query and nothing grows with the
database in the crawl's process, nor has to be rebuilt by each new one. Similarity is the
share of equal values of two stored signatures, compared in plain Python.

A signature is made in two steps: the extraction workers hash the shingles
(:func:`shingle_hashes`, crc32), and the main process, only for an article it records as
new, turns those hashes into the MinHash (:func:`minhash_values`). That is datasketch 2's
affine32 scheme computed with numpy alone: importing datasketch loads scipy, half a
second of CPU and some 40 MB in every crawl, for a dozen lines of arithmetic. The tests
check the values against datasketch's own MinHash, so stored signatures stay datasketch's.

Every article gets a ``story_id`` (``stories`` has one row per story: its first copy,
title and first capture time). An edit of a copy keeps the story and refreshes the
signature. How the rest of newsmon uses it:

* alerts: queue a new article under the key ``new_article:story:<story_id>``, so the
  outbox's unique key turns later copies into no alert at all (told once);
* indicators: an observation of a later copy that agrees with a copy of the same story
  is ``confirmed`` (never ``new`` again); :func:`story_articles` gives the copies.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from functools import cache
from itertools import accumulate

from crawler.text import fold, word_list

NUM_PERM = 128
SHINGLE = 5  # syllables per shingle: long enough that common phrases do not match
THRESHOLD = 0.5  # estimated Jaccard similarity from which two texts are one story
SCHEME = "affine32"  # datasketch 2's hashing scheme, named so stored signatures read back alike
# The banding datasketch's MinHashLSH(threshold=0.5, num_perm=128) chooses (its .b and .r,
# which minimise false positives + negatives at the threshold): 25 bands of 5 values, the
# last 3 of the 128 values unused. Stored bands depend on these: a change needs a migration.
BANDS, ROWS = 25, 5
_BYTES_WORD = re.compile(rb"[^ ]+")


def shingles(text: str) -> set[bytes]:
    """The folded 5-syllable shingles of a text (the whole text when it is shorter)."""
    words = word_list(fold(text or ""))
    if len(words) <= SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def shingle_hashes(text: str) -> bytes:
    """The crc32 of each of :func:`shingles`, as uint32 bytes (repeats kept: MinHash ignores them).

    Words joined once and each shingle a slice of that, every step a C-level map, not a
    Python loop per shingle: this runs for every kept page.
    """
    return folded_shingle_hashes(fold(text or ""))


def folded_shingle_hashes(folded: str) -> bytes:
    """:func:`shingle_hashes` of a text already folded (crawler.text.fold)."""
    words = word_list(folded)
    joined = " ".join(words).encode()
    if len(words) <= SHINGLE:
        return array("I", [zlib.crc32(joined)]).tobytes() if words else b""
    starts = _word_starts(words, joined)
    ends = map((-1).__add__, starts[SHINGLE:])  # the space before the word after the shingle
    slices = map(memoryview(joined).__getitem__, map(slice, starts, ends))
    return array("I", map(zlib.crc32, slices)).tobytes()


def _word_starts(words: list[str], joined: bytes) -> list[int]:
    """Where each word starts in ``joined``, and where a word after the last would."""
    if len(joined) == sum(map(len, words)) + len(words) - 1:  # all ASCII: lengths add up
        return list(accumulate(map((1).__add__, map(len, words)), initial=0))
    return [m.start() for m in _BYTES_WORD.finditer(joined)] + [len(joined) + 1]


def minhash_values(hashes: bytes) -> array:
    """The MinHash (datasketch) of shingle hashes: its 128 uint32 values, as stored.

    What ``MinHash.update_batch`` computes for the affine32 scheme, on the hashes as one
    numpy array: update_batch first calls its hash function once per value, in Python,
    which cost more than the hashing (tests compare the two).
    """
    import numpy as np

    a, b = _permutations()
    if not hashes:
        return array("I", [0xFFFFFFFF] * NUM_PERM)  # datasketch's empty MinHash
    # One row per permutation, so that each minimum runs over contiguous memory, and the
    # offset added in place: 0.15 ms instead of 0.24 for an article's 2,300 shingles.
    values = np.multiply.outer(a, _fmix32(np.frombuffer(hashes, dtype=np.uint32)))
    values += b[:, None]
    return array("I", values.min(axis=1).tobytes())


def _fmix32(values):
    """MurmurHash3's 32-bit finaliser on a uint32 array (datasketch.minhash._fmix(values, 32))."""
    import numpy as np

    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@cache
def _permutations():
    """datasketch's affine32 permutations for (NUM_PERM, seed 1): odd ``a``, any ``b``, made once."""
    import numpy as np

    random = np.random.RandomState(1)
    a = random.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = random.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


def signature(text: str) -> bytes:
    """The MinHash of a text, as its 128 uint32 values: what is stored."""
    return minhash_values(shingle_hashes(text)).tobytes()


def _values(minhash) -> array:
    """The 128 values of a signature given as bytes, an array, a list or a datasketch MinHash."""
    hashvalues = getattr(minhash, "hashvalues", None)
    if hashvalues is not None:
        minhash = hashvalues.astype("uint32").tobytes()
    values = array("I", minhash) if isinstance(minhash, (bytes, bytearray, memoryview)) \
        else array("I", list(minhash))
    if len(values) != NUM_PERM:
        raise ValueError(f"a story signature has {NUM_PERM} values, not {len(values)}")
    return values


def bands(values: array) -> list[tuple[int, int]]:
    """(band, hash) of each LSH band: a 64-bit digest of its 5 values, signed for SQLite."""
    return [(band, int.from_bytes(hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(),
                                                  digest_size=8).digest(), "little", signed=True))
            for band in range(BANDS)]


def similarity(a: array, b: array) -> float:
    """The estimated Jaccard similarity: the share of equal values (MinHash.jaccard)."""
    return sum(x == y for x, y in zip(a, b)) / NUM_PERM


_CANDIDATES = (
    "with wanted(band, hash) as (values {marks}) "
    "select a.id, a.story_id, m.signature from articles a "
    "join article_minhash m on m.article_id = a.id where a.id != ? and a.id in ("
    " select b.article_id from wanted w join story_bands b on b.band = w.band and b.hash = w.hash)")


def similar(db, article_id: int, values: array) -> list[tuple[float, int, int | None]]:
    """(similarity, article id, story id) of the near duplicates, most similar first.

    Candidates share a band with ``values``; similarity is computed from their stored
    signatures, so a band row that was only ever written in a rolled-back transaction
    cannot match.
    """
    keys = bands(values)
    sql = _CANDIDATES.format(marks=", ".join(["(?, ?)"] * len(keys)))
    params = [part for key in keys for part in key] + [article_id]
    found = [(similarity(values, array("I", row[2])), row[0], row[1]) for row in db.execute(sql, params)]
    return sorted((hit for hit in found if hit[0] >= THRESHOLD), reverse=True)


def assign_story(db, article_id: int, text: str, minhash=None, hashes: bytes | None = None) -> int:
    """The story of an article: that of its nearest earlier copy, or a new one. Idempotent.

    ``minhash``: the text's signature when the caller has it already (:func:`signature`'s
    bytes, or a datasketch MinHash); else ``hashes``, its :func:`shingle_hashes` (a crawl's
    extraction workers make those); else the text is hashed here.
    """
    if minhash is None:
        minhash = minhash_values(shingle_hashes(text) if hashes is None else hashes)
    values = _values(minhash)
    title, first_seen, story_id = db.execute(
        "select title, first_seen, story_id from articles where id = ?", [article_id]).fetchone()
    story_id = story_id or _story_of_copies(similar(db, article_id, values))
    if story_id is None:
        story_id = db.execute("insert into stories (first_article_id, title, first_seen) values (?, ?, ?)",
                              [article_id, title, first_seen]).lastrowid
    db.execute("update articles set story_id = ? where id = ?", [story_id, article_id])
    store_signature(db, article_id, values)
    return story_id


def _story_of_copies(similar: list[tuple[float, int, int | None]]) -> int | None:
    return next((story_id for _, _, story_id in similar if story_id), None)


def store_signature(db, article_id: int, values: array) -> None:
    """Keep an article's signature and its LSH bands, replacing those of an earlier text."""
    # REPLACE: the row and its bands are rewritten in place (the bands' key is article, band).
    db.execute("insert or replace into article_minhash (article_id, signature) values (?, ?)",
               [article_id, values.tobytes()])
    db.conn.executemany("insert or replace into story_bands (article_id, band, hash) values (?, ?, ?)",
                        [(article_id, band, digest) for band, digest in bands(values)])


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
    row = db.execute("select story_id from articles where id = ?", [article_id]).fetchone()
    story_id = row[0] if row else None
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
