"""The snapshot store: every function here takes a sqlite-utils Database.

A fetched page is recorded in one transaction: its fetch-log row, the URL's state, and,
when the normalised title + text changed, a new snapshot. So a crash leaves either the
whole record or none of it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import db.lean  # noqa: F401  first: sqlite-utils without numpy
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError, View

from crawler.article import content_hash, pack_raw, raw_digest
from db import linedelta
from db.changes import record_change
from db.migrations import migrations
from db.paragraphs import index_pending, store_text
from db.rows import first_row
from db.outbox import on_recorded, on_run_finished
from db.stories import assign_story, story_text

BUSY_TIMEOUT_MS = 30_000  # default of [database] busy_timeout (there in seconds)
FULL_EVERY = 16  # a raw page is stored in full at least every FULL_EVERY versions
FIRST_WAIT_S = 1.0  # a lock held longer than this is worth saying so before waiting on

logger = logging.getLogger(__name__)
_busy_timeout_s = BUSY_TIMEOUT_MS / 1000


class DatabaseBusy(sqlite3.OperationalError):
    """Another process held a write lock on the database for longer than we wait."""


def set_busy_timeout(seconds: float) -> None:
    """How long databases opened from now on wait for another process's write lock."""
    global _busy_timeout_s
    _busy_timeout_s = max(float(seconds), 0.0)


def is_busy_error(err: BaseException) -> bool:
    """Whether an sqlite3 error means another connection holds the lock."""
    text = str(err).lower()
    return isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class ReadableView(View):
    """A view read like a table: ``snapshots`` was one, and callers ``get`` versions by id."""

    def get(self, pk) -> dict:
        rows = list(self.rows_where("id = ?", [pk], limit=1))
        if not rows:
            raise NotFoundError(f"no row {pk!r} in {self.name}")
        return rows[0]


class NewsmonDatabase(Database):
    """A sqlite-utils Database whose transactions take the write lock first, and say when they wait.

    ``BEGIN IMMEDIATE`` instead of ``BEGIN``: a deferred transaction that has read and then
    wants to write fails at once ("database is locked") when another process committed in
    between, whatever the busy timeout. And SQLite waits for a lock silently, so a crawl
    stuck behind a user's open transaction (sqlite3, Datasette) would look hung: we try
    briefly, then log that we wait and for how long, then wait the configured time.
    """

    def view(self, view_name: str) -> ReadableView:
        return ReadableView(self, view_name)

    path: str = ""
    busy_timeout: float = BUSY_TIMEOUT_MS / 1000

    @contextlib.contextmanager
    def atomic(self):
        if self.conn.in_transaction:  # nested: a savepoint, as sqlite-utils does
            with super().atomic():
                yield self
            return
        self.begin_immediate()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def begin_immediate(self) -> None:
        """BEGIN IMMEDIATE: briefly, then (saying so) up to busy_timeout; DatabaseBusy after."""
        first = min(FIRST_WAIT_S, self.busy_timeout)
        try:
            self._begin(first)
            return
        except sqlite3.OperationalError as err:
            if not is_busy_error(err) or self.busy_timeout <= first:
                raise self._busy(err) if is_busy_error(err) else err
        logger.warning("database is busy: another process holds a write lock on %s; "
                       "waiting up to %g s", self.path, self.busy_timeout)
        try:
            self._begin(self.busy_timeout - first)
        except sqlite3.OperationalError as err:
            raise self._busy(err) if is_busy_error(err) else err
        logger.warning("database %s is free again; going on", self.path)

    def _begin(self, seconds: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:  # plain statements outside atomic() keep the full wait
            self.conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")

    def _busy(self, err: BaseException) -> DatabaseBusy:
        return DatabaseBusy(
            f"database is busy: another process kept a write lock on {self.path} for more than "
            f"{self.busy_timeout:g} s ({err}). Close the other program's transaction (sqlite3, "
            "Datasette, another newsmon) or raise [database] busy_timeout, then run again.")


def check_writable(db: Database) -> None:
    """Commit one no-op write: a busy, read-only or full database fails here, before any work.

    A real write, not just BEGIN IMMEDIATE: a WAL database on a read-only mount still
    grants the lock when its -shm file is there, and a full disk shows only when the
    commit appends to the WAL. Rewriting user_version with its own value changes nothing.
    """
    with db.atomic():
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {int(version)}")


def now() -> str:
    """The current UTC time as stored everywhere: ISO 8601, seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_db(path: str | Path, *, migrate: bool = True, busy_timeout: float | None = None) -> Database:
    """Open (and create) the database in WAL mode with the schema up to date.

    ``busy_timeout``: seconds to wait for another process's write lock (default: the
    value given to :func:`set_busy_timeout`, i.e. ``[database] busy_timeout``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = _busy_timeout_s if busy_timeout is None else busy_timeout
    conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
    db = NewsmonDatabase(conn)
    db.path, db.busy_timeout = str(path), wait
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={int(wait * 1000)}")
    if migrate:
        migrations.apply(db)
    return db


@dataclass
class Page:
    """What one fetch of one URL gave, after extraction (``doc``) and scoring."""

    url: str
    source: str
    http_status: int = 0
    final_url: str | None = None
    # repr=False: Scrapy logs an item that fails with its repr, and a page's is megabytes
    body: bytes = field(default=b"", repr=False)
    html: str | None = field(default=None, repr=False)  # the page as text, when the caller decoded it
    encoding: str | None = None  # else the encoding to read ``body`` in (header, meta or sniffed)
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    duration_ms: int = 0
    error: str | None = None
    doc: Any = field(default=None, repr=False)  # crawler.extraction.Extracted
    relevance: Any = None  # crawler.relevance.Relevance
    relevant: bool = False
    fetched_at: str = field(default_factory=now)
    observations: list | None = field(default=None, repr=False)  # figures read by the extraction worker, if any
    minhash: Any = field(default=None, repr=False)  # story signature (db.stories.signature), if the caller has it
    shingles: bytes | None = field(default=None, repr=False)  # or the hashes it is made from (the extraction worker's)
    raw_digest: str | None = None  # sha256 hex of body, when the extraction worker computed it
    raw_packed: bytes | None = field(default=None, repr=False)  # crawler.article.pack_raw of body, likewise
    content_hash: str | None = None  # content_hash of doc, likewise
    article_id: int | None = None  # set by record_page
    snapshot_id: int | None = None  # set by record_page when it wrote a version


def insert_row(db, table: str, row: dict) -> int:
    """INSERT one row; its rowid. Plain SQL: sqlite-utils' insert reads the table's schema
    again on every call, which made a crawl's writes cost more than its extraction."""
    columns = ", ".join(f"[{key}]" for key in row)
    marks = ", ".join("?" * len(row))
    return db.execute(f"insert into [{table}] ({columns}) values ({marks})", list(row.values())).lastrowid


def insert_rows(db, table: str, rows: list[dict]) -> None:
    """INSERT rows that have the same columns in one statement; each gets its ``id``.

    The ids are the ones SQLite would give (max + 1 on), set here because executemany
    reports no rowid; the caller's write transaction keeps anyone else from taking them.
    """
    if not rows:
        return
    start = db.execute(f"select coalesce(max(id), 0) + 1 from [{table}]").fetchone()[0]
    for offset, row in enumerate(rows):
        row["id"] = start + offset
    columns = ", ".join(f"[{key}]" for key in rows[0])
    marks = ", ".join("?" * len(rows[0]))
    db.conn.executemany(f"insert into [{table}] ({columns}) values ({marks})", [list(row.values()) for row in rows])


def update_row(db, table: str, key: object, values: dict, pk: str = "id") -> None:
    """UPDATE the row whose ``pk`` is ``key`` (plain SQL, as insert_row)."""
    settings = ", ".join(f"[{column}] = ?" for column in values)
    db.execute(f"update [{table}] set {settings} where [{pk}] = ?", [*values.values(), key])


def _content_hash(page: Page) -> str:
    return page.content_hash or content_hash(page.doc.title or "", page.doc.text or "")


def record_page(db: Database, page: Page, run_id: int | None = None, article_url: str | None = None,
                *, index_search: bool = True) -> str:
    """Record one fetch; return its outcome.

    Outcomes: new, changed, unchanged, not_relevant, removed, failed, empty.
    ``article_url`` is the canonical URL the page's text belongs to. ``index_search=False``
    leaves a new version's paragraphs to a later :func:`db.paragraphs.index_pending`.
    """
    with _joined(db):
        outcome, article_id = _classify_and_store(db, page, run_id, article_url)
        page.article_id = article_id
        if outcome == "new":  # before the alert: a copy of a known story is alerted once
            assign_story(db, article_id, story_text({"title": page.doc.title, "text": page.doc.text}),
                         minhash=page.minhash, hashes=page.shingles)
        _update_url(db, page, outcome, article_id)
        if article_url and article_url != page.url and article_id:
            _alias(db, article_url, page, article_id)
        _log_fetch(db, page, run_id, outcome, article_id)
        on_recorded(db, page, outcome, article_id)  # its alert commits with the change
        if index_search and page.snapshot_id:
            index_pending(db)
    return outcome


def _joined(db):
    """The caller's transaction when there is one (StorePipeline's), else one of our own.

    A savepoint inside the caller's transaction would cost two statements a page and
    change nothing: on an error the caller rolls the whole page back.
    """
    return contextlib.nullcontext() if db.conn.in_transaction else db.atomic()


def _classify_and_store(db, page: Page, run_id, article_url) -> tuple[str, int | None]:
    article = _article_for(db, page.url, article_url)
    if page.http_status == 304:
        return "unchanged", _touch(db, article, page)
    if page.http_status in (404, 410):
        return "removed", _mark_removed(db, article, page)
    if page.error or page.http_status != 200:
        return "failed", article and article["id"]
    if page.doc is None:
        return "empty", article and article["id"]
    if article is None and not page.relevant:
        return "not_relevant", None
    if article is None:
        article_id = _insert_article(db, page, article_url or page.url)
        _insert_snapshot(db, article_id, 1, page, run_id)
        return "new", article_id
    return _compare(db, article, page, run_id)


def _compare(db, article: dict, page: Page, run_id) -> tuple[str, int]:
    current = _current_snapshot(db, article["id"])
    digest = _content_hash(page)
    if current and current["content_hash"] == digest:
        _touch(db, article, page)
        return "unchanged", article["id"]
    version = (article["current_version"] or 0) + 1
    _insert_snapshot(db, article["id"], version, page, run_id, digest, current and current["raw_hash"])
    record_change(db, current, page.snapshot_id)  # what it changed, or which version came back
    update_row(db, "articles", article["id"], {
        "current_version": version, "last_changed": page.fetched_at, "last_checked": page.fetched_at,
        "title": page.doc.title, "status": "active", "removed_at": None, **_relevance_columns(page),
    })
    return "changed", article["id"]


def _article_for(db, url: str, article_url: str | None) -> dict | None:
    # db.execute, not db.query: query wraps each read in a savepoint (two statements more).
    for candidate in dict.fromkeys(filter(None, (article_url, url))):  # once when they are equal
        if row := first_row(db, "select * from articles where url = ?", [candidate]):
            return row
    return first_row(db, "select a.* from urls u join articles a on a.id = u.article_id "
                          "where u.url = ?", [url])


def _touch(db, article: dict | None, page: Page) -> int | None:
    if article is None:
        return None
    update_row(db, "articles", article["id"], {"last_checked": page.fetched_at})
    return article["id"]


def _mark_removed(db, article: dict | None, page: Page) -> int | None:
    """The article is gone from the site: say so, keep every version."""
    if article is None:
        return None
    update_row(db, "articles", article["id"], {
        "status": "removed", "removed_at": article["removed_at"] or page.fetched_at,
        "last_checked": page.fetched_at,
    })
    return article["id"]


def _relevance_columns(page: Page) -> dict:
    relevance = page.relevance
    if relevance is None:
        return {}
    return {"relevance_score": relevance.score,
            "relevance_terms": json.dumps(relevance.terms, ensure_ascii=False)}


def _insert_article(db, page: Page, url: str) -> int:
    return insert_row(db, "articles", {
        "url": url, "source": page.source, "title": page.doc.title, "published": page.doc.published,
        "first_seen": page.fetched_at, "last_checked": page.fetched_at,
        "last_changed": page.fetched_at, "current_version": 1, "status": "active",
        **_relevance_columns(page),
    })


def _insert_snapshot(db, article_id: int, version: int, page: Page, run_id, digest: str | None = None,
                     previous_raw: str | None = None) -> None:
    doc = page.doc
    page.snapshot_id = insert_row(db, "snapshot_rows", {
        "article_id": article_id, "version": version, "fetched_at": page.fetched_at,
        "url": page.final_url or page.url, "author": doc.author,
        "published": doc.published, "modified": doc.modified, "description": doc.description,
        "sitename": doc.sitename, "language": doc.language, **store_text(db, article_id, doc.title, doc.text),
        "content_hash": digest or _content_hash(page),
        "raw_hash": store_raw(db, page, previous_raw), "chars": len(doc.text or ""), "run_id": run_id,
    })


def _current_snapshot(db, article_id: int) -> dict | None:
    rows = list(db.query(
        "select * from snapshots where article_id = ? order by version desc limit 1", [article_id]))
    return rows[0] if rows else None


def store_raw(db, page: Page, previous: str | None = None) -> str | None:
    """Keep the raw HTML once per distinct content, compressed, for later re-extraction.

    ``previous``: the hash of the article's previous raw page. A changed page is stored as
    a line delta against it (db/linedelta.py), unless that is no smaller or the chain of
    deltas behind it is already FULL_EVERY - 1 long: then a full zlib copy, so reading a
    page never unpacks more than FULL_EVERY of them.
    """
    if not page.body:
        return None
    digest = page.raw_digest or raw_digest(page.body)
    if db.execute("select 1 from raw_pages where hash = ?", [digest]).fetchone():
        return digest
    packed = page.raw_packed or pack_raw(page.body)
    row = {"hash": digest, "content": packed, "size": len(page.body), "stored_size": len(packed),
           "content_type": page.content_type, "first_seen": page.fetched_at, "base": None, "depth": 0}
    row.update(_delta_columns(db, previous, page.body, len(packed)))
    insert_row(db, "raw_pages", row)
    return digest


def _delta_columns(db, previous: str | None, body: bytes, full_size: int) -> dict:
    """``content``/``base``/``depth`` of a delta against ``previous``, or {} for a full copy."""
    found = previous and db.execute("select depth from raw_pages where hash = ?", [previous]).fetchone()
    if not found or (found[0] or 0) + 1 >= FULL_EVERY:
        return {}
    old = raw_html(db, previous)
    if old is None:
        return {}
    delta = linedelta.encode(old, body)
    if len(delta) >= full_size or linedelta.apply(old, delta) != body:  # never store what cannot come back
        return {}
    return {"content": delta, "stored_size": len(delta), "base": previous, "depth": (found[0] or 0) + 1}


def raw_html(db, digest: str) -> bytes | None:
    """The raw page stored under ``digest``: a full copy, or its delta applied to its base."""
    row = db.execute("select content, base from raw_pages where hash = ?", [digest]).fetchone()
    if row is None:
        return None
    content, base = row
    if base is None:
        return zlib.decompress(content)
    old = raw_html(db, base)
    return None if old is None else linedelta.apply(old, content)


URL_STATES = {"new": "article", "changed": "article", "unchanged": "article",
              "not_relevant": "not_relevant", "removed": "removed", "failed": "failed",
              "empty": "failed"}


def _update_url(db, page: Page, outcome: str, article_id: int | None) -> None:
    failed = outcome in ("failed", "empty")
    row = {
        "url": page.url, "source": page.source, "state": URL_STATES[outcome],
        "last_checked": page.fetched_at, "last_status": page.http_status,
        "error": page.error or ("no text extracted" if outcome == "empty" else None),
    }
    if article_id:
        row["article_id"] = article_id
    if page.http_status == 200:
        row.update(etag=page.etag, last_modified=page.last_modified)
    if page.relevance is not None:
        row["relevance_score"] = page.relevance.score
    _upsert_url(db, row, failed, page.fetched_at)


def _upsert_url(db, row: dict, failed: bool, stamp: str) -> None:
    """One statement, not a read then a write: a known URL keeps its first_seen and last_seen
    and counts one failure more (or none); a new one starts with them."""
    columns = ", ".join(f"[{key}]" for key in row)
    changes = "".join(f"[{key}] = excluded.[{key}], " for key in row if key != "url")
    db.execute(f"insert into urls ({columns}, failures, first_seen, last_seen) "
               f"values ({', '.join('?' * len(row))}, ?, ?, ?) on conflict(url) do update set {changes}"
               "failures = case when ? then coalesce(urls.failures, 0) + 1 else 0 end",
               [*row.values(), int(failed), stamp, stamp, int(failed)])


def _alias(db, article_url: str, page: Page, article_id: int) -> None:
    """The canonical URL leads to the same article: remember it, so it is not fetched twice.

    It is an alias: revisits go to the URL that gave the page, which is known to work.
    """
    if not db.execute("select 1 from urls where url = ?", [article_url]).fetchone():
        insert_row(db, "urls", {
            "url": article_url, "source": page.source, "state": "alias", "article_id": article_id,
            "first_seen": page.fetched_at, "last_seen": page.fetched_at,
            "last_checked": page.fetched_at, "failures": 0,
        })


def _log_fetch(db, page: Page, run_id, outcome: str, article_id) -> None:
    insert_row(db, "fetches", {
        "run_id": run_id, "url": page.url, "article_id": article_id, "fetched_at": page.fetched_at,
        "http_status": page.http_status, "outcome": outcome,
        "changed": int(outcome in ("new", "changed")), "bytes": len(page.body),
        "duration_ms": page.duration_ms, "error": page.error,
    })


def note_discovered(db, source: str, found: dict[str, str | None]) -> None:
    """Remember discovered URLs (url -> lastmod), so a killed crawl resumes them next run."""
    stamp = now()
    with db.atomic():  # one statement for the batch: a 50,000-URL sitemap takes about a second
        db.conn.executemany(
            "insert into urls (url, source, state, first_seen, last_seen, lastmod, failures) "
            "values (?, ?, 'pending', ?, ?, ?, 0) on conflict(url) do update set "
            "last_seen = excluded.last_seen, lastmod = coalesce(excluded.lastmod, urls.lastmod)",
            [(url, source, stamp, stamp, lastmod) for url, lastmod in found.items()])


def discovery_pages(db, source: str) -> dict[str, dict]:
    """Feeds, sitemaps and listing pages of a source read before: validators and follow-ups."""
    sql = "select url, etag, last_modified, follow from discovery_pages where source = ?"
    return {row["url"]: {**row, "follow": json.loads(row["follow"] or "[]")}
            for row in db.query(sql, [source])}


def note_discovery_page(db, source: str, url: str, etag: str | None, last_modified: str | None,
                        follow: list[str] | None = None) -> None:
    """Remember a discovery page's validators, and the pages it led to (child sitemaps, rel=next).

    Called once the page was read and what it listed recorded, so a 304 next time may
    skip it; the follow-ups are requested even then, since a 304 index lists nothing.
    """
    with db.atomic():
        db["discovery_pages"].upsert({
            "url": url, "source": source, "etag": etag, "last_modified": last_modified,
            "follow": json.dumps(follow or []), "checked_at": now(),
        }, pk="url")


def known_urls(db, source: str) -> dict[str, dict]:
    """Every URL of a source with what we know of it (state, validators, last check)."""
    sql = ("select u.url, u.state, u.etag, u.last_modified, u.last_checked, u.lastmod, u.failures, "
           "a.published, a.first_seen as article_first_seen, a.status as article_status "
           "from urls u left join articles a on a.id = u.article_id where u.source = ?")
    return {row["url"]: row for row in db.query(sql, [source])}


def start_run(db, command: str, sources: list[str]) -> int:
    """Open a row in ``runs``; its id tags every fetch and snapshot of the run."""
    import os
    with db.atomic():
        return db["runs"].insert({
            "started_at": now(), "command": command, "sources": json.dumps(sources),
            "status": "running", "pid": os.getpid(),
        }).last_pk


def finish_run(db, run_id: int, status: str, stats: dict) -> None:
    """Close the run with its summary figures."""
    with db.atomic():
        db["runs"].update(run_id, {"finished_at": now(), "status": status,
                                    "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True)})
        on_run_finished(db, run_id)  # source problems, committed with the run's figures
