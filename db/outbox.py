"""The alert outbox: every change worth telling, queued in the transaction that recorded it.

The store calls these hooks inside its own transactions (``record_page``, ``finish_run``;
the indicator update detection for each event), so a change and its alert are committed
together or not at all. Each row has a unique key derived from what it tells, so
recording the same thing twice never queues it twice. ``crawler.alerts`` delivers them.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache

from db.rows import first_row

# indicator_events kinds worth telling; "confirmed" (the same figure again) is not.
INDICATOR_KINDS = {"new", "revised", "conflict"}

# Source-problem thresholds when no configuration can be read ([alerts] holds the real ones).
DEFAULT_THRESHOLDS = {"failed_runs": 3, "min_empty": 3, "empty_share": 0.5}


def now() -> str:
    """UTC, ISO 8601, seconds: as everywhere in the database."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# An alert's row; "or ignore": a key already queued is not queued twice.
_ENQUEUE = ("insert or ignore into outbox (key, kind, source, article_id, run_id, created_at, payload) "
            "values (?, ?, ?, ?, ?, ?, ?)")


def enqueue(db, key: str, kind: str, payload: dict, *, source: str | None = None,
            article_id: int | None = None, run_id: int | None = None) -> bool:
    """Queue one alert under ``key``; False when that key is already queued."""
    cursor = db.execute(
        _ENQUEUE, [key, kind, source, article_id, run_id, now(), json.dumps(payload, ensure_ascii=False)])
    return cursor.rowcount == 1


# -- articles ---------------------------------------------------------------------------

def on_recorded(db, page, outcome: str, article_id: int | None) -> None:
    """A page was recorded: a new relevant article or a new version is worth telling."""
    if not article_id or outcome not in ("new", "changed"):
        return
    article = _article(db, article_id)
    version = article["current_version"] or 1
    payload = {"url": article["url"], "title": article["title"], "published": article["published"],
               "version": version, "previous_version": version - 1 if outcome == "changed" else None,
               "terms": sorted(json.loads(article["relevance_terms"] or "{}"))}
    run_id = _snapshot_run(db, page)
    if outcome == "new":
        enqueue(db, _new_article_key(db, article_id), "new_article", payload,
                source=article["source"], article_id=article_id, run_id=run_id)
    else:
        enqueue(db, f"article_changed:{article_id}:{version - 1}:{version}", "article_changed",
                payload, source=article["source"], article_id=article_id, run_id=run_id)


def _article(db, article_id: int) -> dict:
    return first_row(db, "select url, title, published, source, current_version, relevance_terms "
                         "from articles where id = ?", [article_id])


def _new_article_key(db, article_id: int) -> str:
    """A syndicated copy of a story already told makes no second alert (db/stories.py keys by story)."""
    try:
        from db.stories import new_article_key
    except ImportError:
        return f"new_article:{article_id}"
    return new_article_key(db, article_id)


def _snapshot_run(db, page) -> int | None:
    snapshot_id = getattr(page, "snapshot_id", None)
    if not snapshot_id:
        return None
    row = db.execute("select run_id from snapshots where id = ?", [snapshot_id]).fetchone()
    return row[0] if row else None


# -- indicators -------------------------------------------------------------------------

def on_indicator_event(db, event: dict, facts: dict | None = None) -> None:
    """An indicator_events row was inserted: new, revised and conflicting figures are news.

    ``facts``: what the caller has at hand of the payload (its article's ``url`` and
    ``title``, the ``figure`` as written and its ``sentence``), so it is not read again.
    """
    on_indicator_events(db, [(event, facts)])


def on_indicator_events(db, events: list[tuple[dict, dict | None]]) -> None:
    """:func:`on_indicator_event` for each (event, facts), queued in one statement."""
    articles: dict = {}  # the previous articles, read once each
    rows = [row for event, facts in events if (row := _indicator_alert(db, event, facts or {}, articles))]
    if rows:
        created = now()
        db.conn.executemany(_ENQUEUE, [(*row[:5], created, row[5]) for row in rows])


def _indicator_alert(db, event: dict, facts: dict, articles: dict) -> tuple | None:
    """(key, kind, source, article_id, run_id, payload) of an event's alert; None for none."""
    if event.get("kind") not in INDICATOR_KINDS:
        return None
    kind = f"indicator_{event['kind']}"
    # One event per observation: the observation names the alert even if events are re-derived.
    key = f"{kind}:{event.get('observation_id') or event.get('id')}"
    payload = {k: v for k, v in event.items() if _plain(v)}
    payload.update(_given(facts, "url", "title") or article_facts(db, event.get("article_id"), ""))
    previous = event.get("previous_article_id")
    if previous not in articles:
        articles[previous] = article_facts(db, previous, "previous_")
    payload.update(articles[previous])
    payload.update(_given(facts, "figure", "sentence") or _observation_facts(db, event.get("observation_id")))
    return (key, kind, event.get("source"), event.get("article_id"), event.get("run_id"),
            json.dumps(payload, ensure_ascii=False))


def _plain(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _given(facts: dict, *names: str) -> dict:
    """These facts, when the caller gave them all."""
    return {name: facts[name] for name in names} if all(name in facts for name in names) else {}


def article_facts(db, article_id: int | None, prefix: str = "") -> dict:
    """``url`` and ``title`` of an article (with ``prefix``), {} for none."""
    if not article_id:
        return {}
    row = db.execute("select url, title from articles where id = ?", [article_id]).fetchone()
    return {f"{prefix}url": row[0], f"{prefix}title": row[1]} if row else {}


def _observation_facts(db, observation_id: int | None) -> dict:
    """The figure as written and its sentence: what the reader checks the number against."""
    row = db.execute("select figure, sentence from observations where id = ?", [observation_id]).fetchone()
    return {"figure": row[0], "sentence": row[1]} if row else {}


# -- sources ----------------------------------------------------------------------------

def on_run_finished(db, run_id: int) -> None:
    """A run closed: tell when a source's extraction broke or it keeps failing (once each)."""
    run = db["runs"].get(run_id)
    limits = thresholds()
    for source in json.loads(run["sources"] or "[]"):
        runs = _recent_runs(db, source, run_id, limits["failed_runs"] + 1)
        if _extraction_broke(runs[0], limits) and not (len(runs) > 1 and _extraction_broke(runs[1], limits)):
            _problem(db, source, run, "empty", run_id)
        streak = _failing_streak(runs)
        if streak == limits["failed_runs"]:  # exactly at the threshold: once per streak
            _problem(db, source, run, "failing", runs[streak - 1]["id"])


def _recent_runs(db, source: str, run_id: int, count: int) -> list[dict]:
    """This run and the ones before it for ``source``, newest first, stats decoded."""
    rows = list(db.query(
        "select id, status, stats from runs where id <= ? and status != 'running' "
        "and exists (select 1 from json_each(runs.sources) where value = ?) order by id desc limit ?",
        [run_id, source, count]))
    for row in rows:
        row["stats"] = json.loads(row["stats"] or "{}")
    return rows


def _extraction_broke(run: dict, limits: dict) -> bool:
    """Many fetched pages gave no text: the site's layout probably changed."""
    empty, fetched = run["stats"].get("empty", 0), run["stats"].get("fetched", 0)
    return empty >= limits["min_empty"] and empty >= limits["empty_share"] * max(fetched, 1)


def _failed(run: dict) -> bool:
    """Nothing could be fetched, or nothing discovered because discovery itself failed."""
    stats = run["stats"]
    nothing = not stats.get("fetched") and not stats.get("discovered")
    return run["status"] == "failed" or bool(nothing and stats.get("discovery_failed"))


def _failing_streak(runs: list[dict]) -> int:
    streak = 0
    for run in runs:
        if not _failed(run):
            break
        streak += 1
    return streak


def _problem(db, source: str, run: dict, problem: str, anchor: int) -> None:
    stats = json.loads(run["stats"] or "{}")
    payload = {"problem": problem, "run_id": run["id"], "stats": stats,
               "failed_runs": thresholds()["failed_runs"], "finished_at": run["finished_at"]}
    enqueue(db, f"source_problem:{source}:{problem}:{anchor}", "source_problem", payload,
            source=source, run_id=run["id"])


@cache
def thresholds() -> dict:
    """[alerts] thresholds of the configuration this process runs with.

    The hooks get only the database; a crawl child names its configuration in
    $NEWSMON_CONFIG (crawl_here sets it), so read it from there once.
    """
    from crawler.config import ConfigError, load_config

    try:
        alerts = load_config().alerts
    except ConfigError:
        return dict(DEFAULT_THRESHOLDS)
    return {key: getattr(alerts, key) for key in DEFAULT_THRESHOLDS}
