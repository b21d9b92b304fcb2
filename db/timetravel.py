"""What the database knew at a given moment.

Three times are kept apart in newsmon and only the first is used here:

* *capture time* — ``snapshots.fetched_at`` and ``observations.observed_at``: when newsmon
  saw a text or a figure. "As of" means: captured at or before that moment;
* *publication date* — ``articles.published``/``snapshots.published``: what the site says;
* *period* — ``observations.period``: the year, half or quarter a figure is about.

An as-of bound is a date (``2026-11-20``: the whole day, UTC) or a timestamp with or
without offset (``2026-11-20T08:00``: UTC; ``2026-11-20T15:00+07:00``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from db.queries import NotFound


class BadDate(ValueError):
    """An as-of bound that is not a date or timestamp."""


def as_of_bound(text: str) -> str:
    """The bound as stored times are written (UTC ISO 8601, seconds), inclusive."""
    text = text.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time(23, 59, 59), timezone.utc)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise BadDate(f"{text!r} is not a date (YYYY-MM-DD) or timestamp (YYYY-MM-DDTHH:MM[+07:00])") from err
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def snapshot_as_of(db, article_id: int, bound: str) -> dict:
    """The version of an article that was the latest at ``bound`` (see :func:`as_of_bound`)."""
    rows = list(db.query(
        "select * from snapshots where article_id = ? and fetched_at <= ? "
        "order by version desc limit 1", [article_id, bound]))
    if not rows:
        first = db.execute("select min(fetched_at) from snapshots where article_id = ?",
                           [article_id]).fetchone()[0]
        raise NotFound(f"article {article_id} was not yet captured at {bound} (first captured {first})")
    return rows[0]


def versions_known(db, article_id: int, bound: str) -> int:
    """How many versions of the article had been captured at ``bound``."""
    return db.execute("select count(*) from snapshots where article_id = ? and fetched_at <= ?",
                      [article_id, bound]).fetchone()[0]


def latest_indicators_as_of(db, bound: str, name: str | None = None, place: str | None = None,
                            period: str | None = None) -> list[dict]:
    """Like ``db.queries.latest_indicators``, counting only figures observed by ``bound``."""
    from db.queries import latest_indicators

    return latest_indicators(db, name, place, period, as_of=bound)
