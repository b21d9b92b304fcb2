"""What the report shows, read from the database: figures, events, changes, new articles."""

from __future__ import annotations

import json


def indicator_points(db, names: list[str] | None = None) -> dict[tuple[str, str], list[dict]]:
    """Observations grouped by (indicator, unit), oldest first: one chart each."""
    sql = ("select indicator, unit, value, place, period, status, source, observed_at, version "
           "from observations where value is not null")
    params: list = []
    if names:
        sql += f" and indicator in ({', '.join('?' * len(names))})"
        params = list(names)
    charts: dict[tuple[str, str], list[dict]] = {}
    for row in db.query(sql + " order by indicator, observed_at, id", params):
        charts.setdefault((row["indicator"], row["unit"] or ""), []).append(row)
    return charts


def latest_events(db, since: str, limit: int = 50) -> list[dict]:
    """Indicator events since ``since``, newest first."""
    return list(db.query(
        "select e.created_at, e.kind, e.indicator, e.place, e.period, e.value, e.unit, "
        "e.previous_value, e.source, e.version, a.url, a.title from indicator_events e "
        "left join articles a on a.id = e.article_id where e.created_at >= ? "
        "order by e.created_at desc, e.id desc limit ?", [since, limit]))


def recent_changes(db, since: str, limit: int = 30) -> list[dict]:
    """Versions after the first captured since ``since``, with the version before them."""
    rows = list(db.query(
        "select s.*, a.url as article_url, a.source, a.current_version from snapshots s "
        "join articles a on a.id = s.article_id where s.version > 1 and s.fetched_at >= ? "
        "order by s.fetched_at desc, s.id desc limit ?", [since, limit]))
    for row in rows:
        previous = list(db.query("select * from snapshots where article_id = ? and version = ?",
                                 [row["article_id"], row["version"] - 1]))
        row["previous"] = previous[0] if previous else None
        row["figures_removed"] = json.loads(row.get("figures_removed") or "[]")
        row["figures_added"] = json.loads(row.get("figures_added") or "[]")
    return rows


def new_articles(db, since: str, limit: int = 100) -> list[dict]:
    """Articles first captured since ``since``, one row per story, with its copies."""
    rows = list(db.query(
        "select a.id, a.source, a.url, a.title, a.published, a.first_seen, a.relevance_score, "
        "a.story_id from articles a where a.first_seen >= ? order by a.first_seen desc, a.id desc",
        [since]))
    stories: dict = {}
    for row in rows:  # later copies of a story fold into its first row
        key = row["story_id"] or f"article:{row['id']}"
        stories.setdefault(key, {**row, "copies": []})["copies"].append(row)
    return list(stories.values())[:limit]
