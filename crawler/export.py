"""`newsmon export`: whole tables as CSV, JSON or JSON Lines, streamed row by row.

``--since`` bounds the capture time (``first_seen``, ``fetched_at``, ``observed_at``,
``created_at``), never the publication date.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable

QUERIES = {
    "articles": ("select * from articles where first_seen >= ? order by id", "first_seen"),
    "versions": ("select a.url as article_url, a.source, s.* from snapshots s "
                 "join articles a on a.id = s.article_id where s.fetched_at >= ? order by s.id", "fetched_at"),
    "indicators": ("select o.*, a.url from observations o join articles a on a.id = o.article_id "
                   "where o.observed_at >= ? order by o.id", "observed_at"),
    "events": ("select e.*, a.url from indicator_events e left join articles a on a.id = e.article_id "
               "where e.created_at >= ? order by e.id", "created_at"),
}
FORMATS = ("csv", "json", "jsonl")


def rows(db, what: str, since: str | None = None) -> Iterable[dict]:
    """The rows of one export, oldest first."""
    sql, _ = QUERIES[what]
    return db.query(sql, [since or ""])


def write(rows: Iterable[dict], fmt: str, out: IO[str]) -> int:
    """Write ``rows`` to ``out`` in ``fmt``; return how many."""
    return {"csv": _csv, "json": _json, "jsonl": _jsonl}[fmt](iter(rows), out)


def _csv(rows, out) -> int:
    first = next(rows, None)
    if first is None:
        return 0
    writer = csv.DictWriter(out, fieldnames=list(first))
    writer.writeheader()
    writer.writerow(first)
    count = 1
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _json(rows, out) -> int:
    out.write("[")
    count = 0
    for row in rows:
        out.write(("," if count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _jsonl(rows, out) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
