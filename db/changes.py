"""The change summary stored with each version, and flapping (a return to an older text).

``db.store`` calls :func:`record_change` in the transaction that inserts a new version, so
every snapshot after the first says what it changed (``chars_added``, ``chars_removed``,
``sentences_changed``, ``figures_removed``/``figures_added`` as JSON lists, ``cosmetic``)
and, when its text is exactly that of an older version, which one (``reverted_to``): a
site that flips between two texts makes versions 1, 2, 3=1, 4=2 …, and readers are told
"back to version 1" instead of "new text".
"""

from __future__ import annotations

from crawler.diffing import change_summary

SUMMARY_COLUMNS = {"chars_added": int, "chars_removed": int, "sentences_changed": int,
                   "figures_removed": str, "figures_added": str, "cosmetic": int,
                   "reverted_to": int}


def record_change(db, previous: dict | None, snapshot_id: int, table: str = "snapshot_rows") -> dict:
    """Store the summary of the version ``snapshot_id`` against ``previous``; return it.

    ``table``: where versions are written; ``snapshots`` only while an old database
    migrates (its summaries are filled before ``snapshots`` becomes a view).
    """
    new = dict(next(db.query("select * from snapshots where id = ?", [snapshot_id])))
    summary = change_summary(previous, new) if previous else {}
    summary["reverted_to"] = reverted_to(db, new)
    if summary:
        db[table].update(snapshot_id, summary)
    return summary


def reverted_to(db, snapshot: dict) -> int | None:
    """The latest older version with exactly this content, if the article went back to it."""
    rows = list(db.query(
        "select max(version) as v from snapshots where article_id = ? and content_hash = ? "
        "and version < ?", [snapshot["article_id"], snapshot["content_hash"], snapshot["version"]]))
    return rows[0]["v"] if rows else None


def backfill(db) -> int:
    """Summaries for versions stored before summaries existed; return how many were filled."""
    filled = 0
    rows = list(db.query("select id, article_id, version from snapshots "
                         "where version > 1 and cosmetic is null order by id"))
    for row in rows:
        previous = list(db.query("select * from snapshots where article_id = ? and version = ?",
                                 [row["article_id"], row["version"] - 1]))
        record_change(db, previous[0] if previous else None, row["id"], table="snapshots")
        filled += 1
    return filled
