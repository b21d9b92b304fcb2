"""The schema, as sqlite-utils migrations.

Each change is a new function at the end; never edit one that may have been applied,
because databases in the field already recorded it as done. `sqlite-utils migrate
data/newsmon.db` finds this file by its name, and newsmon applies it on every open.
"""

from sqlite_utils import Migrations

migrations = Migrations("newsmon")


@migrations()
def create_core_tables(db):
    """Articles, their versions, every URL we know, the fetch log, raw pages and runs."""
    db["runs"].create({
        "id": int, "started_at": str, "finished_at": str, "command": str, "sources": str,
        "status": str, "stats": str, "pid": int,
    }, pk="id")
    db["articles"].create({
        "id": int, "url": str, "source": str, "title": str, "published": str,
        "first_seen": str, "last_checked": str, "last_changed": str,
        "current_version": int, "relevance_score": float, "relevance_terms": str,
        "status": str, "removed_at": str,
    }, pk="id", not_null={"url", "source", "first_seen"}, defaults={"status": "active"})
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["source", "last_changed"])
    db["raw_pages"].create({
        "hash": str, "content": bytes, "size": int, "stored_size": int, "content_type": str,
        "first_seen": str,
    }, pk="hash")
    db["snapshots"].create({
        "id": int, "article_id": int, "version": int, "fetched_at": str, "url": str,
        "title": str, "author": str, "published": str, "modified": str, "description": str,
        "sitename": str, "language": str, "text": str, "content_hash": str, "raw_hash": str,
        "chars": int, "run_id": int,
    }, pk="id", not_null={"article_id", "version", "fetched_at", "content_hash"},
        foreign_keys=[("article_id", "articles", "id"), ("raw_hash", "raw_pages", "hash")])
    db["snapshots"].create_index(["article_id", "version"], unique=True)
    db["snapshots"].create_index(["fetched_at"])
    db["urls"].create({
        "url": str, "source": str, "state": str, "article_id": int, "first_seen": str,
        "last_seen": str, "lastmod": str, "etag": str, "last_modified": str,
        "last_checked": str, "last_status": int, "failures": int, "error": str,
        "relevance_score": float,
    }, pk="url", foreign_keys=[("article_id", "articles", "id")],
        defaults={"state": "pending", "failures": 0})
    db["urls"].create_index(["source", "state"])
    db["urls"].create_index(["article_id"])
    db["fetches"].create({
        "id": int, "run_id": int, "url": str, "article_id": int, "fetched_at": str,
        "http_status": int, "outcome": str, "changed": int, "bytes": int, "duration_ms": int,
        "error": str,
    }, pk="id", foreign_keys=[("run_id", "runs", "id"), ("article_id", "articles", "id")])
    db["fetches"].create_index(["url", "fetched_at"])
    db["fetches"].create_index(["run_id"])


@migrations()
def create_indicator_tables(db):
    """Figures found in snapshots, and the updates they make to what was known."""
    db["observations"].create({
        "id": int, "article_id": int, "snapshot_id": int, "version": int, "source": str,
        "indicator": str, "value": float, "unit": str, "base_value": float, "base_unit": str,
        "total": float, "period": str, "place": str, "status": str, "qualifier": str,
        "sentence": str, "span_start": int, "span_end": int, "figure": str, "observed_at": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("snapshot_id", "snapshots", "id")])
    db["observations"].create_index(["indicator", "place", "period", "status"])
    db["observations"].create_index(["snapshot_id"])
    db["indicator_events"].create({
        "id": int, "kind": str, "indicator": str, "place": str, "period": str, "status": str,
        "value": float, "unit": str, "base_value": float, "previous_value": float,
        "previous_unit": str, "observation_id": int, "previous_observation_id": int,
        "article_id": int, "version": int, "source": str, "previous_article_id": int,
        "previous_version": int, "previous_source": str, "created_at": str, "run_id": int,
    }, pk="id", foreign_keys=[("observation_id", "observations", "id"),
                              ("previous_observation_id", "observations", "id"),
                              ("article_id", "articles", "id")])
    db["indicator_events"].create_index(["indicator", "created_at"])
    db["indicator_events"].create_index(["created_at"])
