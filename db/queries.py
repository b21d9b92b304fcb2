"""Read-only questions the CLI (and anyone with SQL) asks of the snapshot store."""

from __future__ import annotations

import difflib
import json

from crawler.urls import canonical


class NotFound(Exception):
    """No such article or version; the message says which."""


def find_article(db, url_or_id: str) -> dict:
    """An article by id, canonical URL, or any URL that led to it."""
    if url_or_id.isdigit():
        rows = list(db.query("select * from articles where id = ?", [int(url_or_id)]))
    else:
        url = canonical(url_or_id)
        rows = list(db.query(
            "select a.* from articles a left join urls u on u.article_id = a.id "
            "where a.url in (?, ?) or u.url in (?, ?) limit 1", [url, url_or_id, url, url_or_id]))
    if not rows:
        raise NotFound(f"no article for {url_or_id!r}; `newsmon articles` lists them")
    return rows[0]


def list_articles(db, source: str | None = None, since: str | None = None,
                  limit: int | None = None) -> list[dict]:
    """Relevant articles, most recently changed first."""
    where, params = ["1 = 1"], []
    if source:
        where.append("source = ?")
        params.append(source)
    if since:
        where.append("coalesce(published, first_seen) >= ?")
        params.append(since)
    sql = ("select id, source, published, current_version as versions, relevance_score as score, "
           "status, title, url, last_changed from articles where " + " and ".join(where) +
           " order by last_changed desc, id desc")
    if limit:
        sql += f" limit {int(limit)}"
    return list(db.query(sql, params))


def versions(db, article_id: int) -> list[dict]:
    """Every snapshot of an article, oldest first, without the text."""
    return list(db.query(
        "select version, fetched_at, title, published, chars, chars_added as added, "
        "chars_removed as removed, figures_added, cosmetic, reverted_to, content_hash from snapshots "
        "where article_id = ? order by version", [article_id]))  # change summary: db/changes.py


def snapshot(db, article_id: int, version: int | None = None) -> dict:
    """One version of an article (the latest when ``version`` is None)."""
    sql = "select * from snapshots where article_id = ? "
    params: list = [article_id]
    if version is None:
        sql += "order by version desc limit 1"
    else:
        sql += "and version = ?"
        params.append(version)
    rows = list(db.query(sql, params))
    if not rows:
        raise NotFound(f"article {article_id} has no version {version}")
    return rows[0]


def unified_diff(old: dict, new: dict, context: int = 2) -> str:
    """A plain unified diff of two snapshots' title and text."""
    def lines(snap):
        return [f"# {snap['title'] or ''}", *(snap["text"] or "").split("\n")]
    return "\n".join(difflib.unified_diff(
        lines(old), lines(new), f"version {old['version']} ({old['fetched_at']})",
        f"version {new['version']} ({new['fetched_at']})", n=context, lineterm=""))


def runs_after(db, run_id: int, pid: int | None = None) -> list[dict]:
    """Runs recorded after ``run_id`` (by process ``pid`` if given), figures decoded."""
    sql, params = "select * from runs where id > ?", [run_id]
    if pid is not None:  # another crawl may be writing to the same database right now
        sql += " and pid = ?"
        params.append(pid)
    rows = list(db.query(sql + " order by id", params))
    for row in rows:
        row["stats"] = json.loads(row["stats"] or "{}")
        row["sources"] = json.loads(row["sources"] or "[]")
    return rows


def last_run_id(db) -> int:
    """The newest run's id, 0 on a fresh database."""
    rows = list(db.query("select max(id) as id from runs"))
    return rows[0]["id"] or 0


def latest_indicators(db, name: str | None = None, place: str | None = None,
                      period: str | None = None, as_of: str | None = None) -> list[dict]:
    """The latest known value of each indicator, place, period and status, with its source.

    With ``as_of`` (a capture time), only what had been observed by then counts.
    """
    bound = as_of or "9999"
    where, params = ["o.observed_at <= ?"], [bound]
    for column, value in (("indicator", name), ("place", place), ("period", period)):
        if value:
            where.append(f"o.{column} = ?")
            params.append(value)
    sql = f"""
        select o.indicator, o.place, o.period, o.status, o.value, o.unit, o.qualifier, o.total,
               o.observed_at, o.source, a.url, o.version, o.sentence
        from observations o join articles a on a.id = o.article_id
        where {' and '.join(where)} and o.id = (
            select o2.id from observations o2
            where o2.indicator = o.indicator and o2.place is o.place and o2.period is o.period
              and o2.status = o.status and o2.observed_at <= ?
            order by o2.observed_at desc, o2.id desc limit 1)
        order by o.indicator, o.place, o.period desc, o.status"""
    return list(db.query(sql, [*params, bound]))


def indicator_history(db, name: str) -> list[dict]:
    """Every observation of one indicator, oldest first, with the event it made (if any).

    Not the sentence: the command does not show it, and carrying the widest column through
    the join made the query twice as slow (`newsmon show` or the view give the sentence).
    """
    sql = """
        select o.observed_at, o.place, o.period, o.status, o.value, o.unit, e.kind as event,
               e.previous_value, o.source, a.url, o.version
        from observations o join articles a on a.id = o.article_id
        left join indicator_events e on e.observation_id = o.id
        where o.indicator = ? order by o.observed_at, o.id"""
    return list(db.query(sql, [name]))
