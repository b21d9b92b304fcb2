"""Item pipelines: extract and score each fetched page, then record it in the database."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from concurrent.futures.process import BrokenProcessPool

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from scrapy.utils.reactor import is_asyncio_reactor_installed

from crawler import charset, workers
from crawler.analysis import Analysis, analyse, figures_key, topic_key
from crawler.storage import shared_db
from crawler.urls import canonical, host
from db.groupcommit import GroupCommit
from db.indicators import record_observations
from db.paragraphs import index_pending
from db.rows import first_row
from db.store import Page, finish_run, record_page, start_run

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Runs extraction (crawler.analysis) on 200 responses, in worker processes when it can.

    ``[crawl] extract_workers``: 0 (the default) is one worker per core, 1 extracts on
    Scrapy's own thread. The workers (crawler/workers.py) are shared by every source the
    process crawls, and need the asyncio reactor, Scrapy's default.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.config = config = crawler.settings.get("NEWSMON_CONFIG_OBJECT")
        self.topic = topic_key(config.topic)
        self.figures = figures_key(config)
        self.min_score = config.topic.min_score
        self.pooled = workers.size(config) > 1

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.pooled = self.pooled and is_asyncio_reactor_installed()
        if self.pooled:
            workers.acquire(self.config)

    def close_spider(self) -> None:
        if self.pooled:
            workers.release()

    async def analyse(self, page: Page, args: tuple):
        """``analyse`` in a worker; a pool whose worker died (killed for memory, or a crash
        in lxml) is replaced, and the page tried once more on the new one."""
        for _ in range(2):
            pool = workers.current()
            try:
                return await asyncio.wrap_future(pool.submit(analyse, *args))
            except BrokenProcessPool:
                self.replace_pool(pool, page)
        # Twice in a row: this page may be what kills them. Kept as a failed fetch, the
        # next run tries it again.
        return Analysis(error="the extraction worker died on this page twice")

    def replace_pool(self, broken, page: Page) -> None:
        """New workers for a pool that broke, said once however many pages were in it."""
        if not workers.replace(broken):
            return
        self.crawler.stats.inc_value("newsmon/worker_restarts")
        logger.error("%s: an extraction worker died (killed, or out of memory?) while %s and other "
                     "pages were in the pool; starting new workers and trying them again",
                     page.source, page.url)

    def threshold(self) -> float:
        """The source's own min_score (0 for the province's own outlets), else the topic's."""
        own = self.crawler.spider.source.min_score
        return self.min_score if own is None else own

    async def process_item(self, page: Page) -> Page:
        if page.http_status != 200 or page.error or (page.html is None and page.encoding is None):
            return page
        url = page.final_url or page.url
        args = (page.html, url, self.topic, self.figures, self.threshold(), page.body, page.encoding)
        result = await self.analyse(page, args) if self.pooled else analyse(*args)
        page.doc, page.relevance, page.error = result.doc, result.relevance, result.error
        page.observations, page.shingles = result.observations, result.shingles
        page.raw_digest, page.raw_packed = result.raw_digest, result.raw_packed
        page.content_hash = result.content_hash
        if result.encoding:  # the worker found the page is not in the encoding it said
            charset.note_fixed(self.crawler.stats, page.source, page.url, page.encoding, result.encoding)
            page.encoding = result.encoding
        if page.doc is None and not page.error:
            logger.warning("%s: no article text extracted from %s", page.source, page.url)
        page.relevant = bool(page.relevance and page.relevance.is_relevant(self.threshold()))
        return page


def article_url(page: Page) -> str:
    """The canonical URL of the page's article: rel=canonical when it stays on the same host."""
    landed = canonical(page.final_url or page.url)
    declared = page.doc and page.doc.canonical_url
    if declared and host(declared) == host(landed):
        return canonical(declared)
    return landed


def load_indicator_catalog(config):
    """The indicator catalogue with the user's files over it; None when indicators are off."""
    if not config.indicators.enabled:
        return None
    from crawler.indicators import load_catalog

    return load_catalog(extra_paths=[config.resolve(p) for p in config.indicators.catalog])


def run_status(figures: dict) -> str:
    """'failed' when the source could not be read at all; a few bad pages are still 'ok'."""
    unreachable = figures.get("discovery_failed") and not figures.get("fetched")
    return "failed" if unreachable else "ok"


class StorePipeline:
    """Records every page in the snapshot store and keeps the run's figures.

    New paragraphs reach the search index every ``INDEX_EVERY`` new versions and at the
    end (and a killed crawl's at the next one's start): FTS5 costs seven times as much
    a page when it indexes each page's paragraphs with the page (db/paragraphs.py).
    Pages are committed in groups (db/groupcommit.py), each page all or nothing.
    """

    INDEX_EVERY = 200

    def __init__(self, crawler):
        self.crawler = crawler
        self.unindexed = 0  # new versions whose paragraphs wait for the search index
        self.run_id: int | None = None
        self.stopping = False
        self._db = None
        self.config = crawler.settings.get("NEWSMON_CONFIG_OBJECT")
        self._catalog = None  # loaded with the first new version: a re-check of 304s needs none
        self._group: GroupCommit | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def stop_on_database_error(self, err: sqlite3.Error) -> None:
        """A full disk or a lost lock won't heal within the run: stop cleanly, once."""
        self.crawler.stats.inc_value("newsmon/db_errors")
        if self.stopping:
            return
        self.stopping = True
        logger.error("%s: cannot write to the database %s: %s. Stopping this crawl; nothing "
                     "half-written is kept and the next run fetches what was missed.",
                     self.crawler.spider.name, self.config.db_path, err)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="database error"))

    def record_figures(self, page: Page) -> None:
        """Indicator observations of the new version, and the updates they make."""
        if page.observations is None:  # not read by a worker: read here, from the stored text
            snapshot = self.db["snapshots"].get(page.snapshot_id)
        else:  # the table, not the view, which rebuilds the text from its paragraphs
            snapshot = first_row(self.db, "select id, article_id, version, fetched_at, published "
                                          "from snapshot_rows where id = ?", [page.snapshot_id])
        events = record_observations(self.db, snapshot, page.source, self.run_id,
                                     place=self.config.indicators.place, catalog=self.catalog,
                                     observations=page.observations)
        for event in events:
            self.crawler.stats.inc_value(f"newsmon/indicator_{event['kind']}")

    @property
    def catalog(self):
        """The indicator catalogue (None when indicators are off), read on first use."""
        if self._catalog is None and self.config.indicators.enabled:
            self._catalog = load_indicator_catalog(self.config)
        return self._catalog

    @property
    def group(self) -> GroupCommit:
        if self._group is None:
            from twisted.internet import reactor

            # Sources crawled in one process share the connection, so a page of one may
            # join (and commit with) another's group: each page is still all or nothing.
            self._group = GroupCommit(self.db, schedule=reactor.callLater, on_error=self.stop_on_database_error)
        return self._group

    async def let_others_write(self) -> None:
        """Wait while the group commit leaves the write lock to other processes."""
        from twisted.internet import reactor, task

        while (wait := self.group.rest_left()) > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, wait))

    @property
    def db(self):
        """The process's shared connection, looked up once (resolving its path costs syscalls)."""
        if self._db is None:
            self._db = shared_db(self.crawler.settings.get("NEWSMON_CONFIG_OBJECT").db_path)
        return self._db

    def open_spider(self) -> None:
        self.run_id = start_run(self.db, "crawl", [self.crawler.spider.name])
        self.index_search()

    def index_search(self) -> None:
        """Index the paragraphs waiting for the search index; they stay pending on an error
        (and are tried again after another INDEX_EVERY versions, not at every page)."""
        self.unindexed = 0
        try:
            with self.db.atomic():
                index_pending(self.db)
        except sqlite3.Error as err:
            logger.error("%s: could not update the search index: %s (the next crawl does it)",
                         self.crawler.spider.name, err)

    def close_spider(self) -> None:
        try:
            self.group.commit()
        except sqlite3.Error as err:
            logger.error("%s: could not commit the last pages: %s (the next crawl fetches them again)",
                         self.crawler.spider.name, err)
        self.index_search()
        stats = self.crawler.stats
        figures = {key.split("/", 1)[1]: value for key, value in stats.get_stats().items()
                   if key.startswith("newsmon/")}
        try:
            finish_run(self.db, self.run_id, run_status(figures), figures)
        except sqlite3.Error as err:  # the run stays open; `newsmon crawl` exits 1
            logger.error("%s: could not record the end of the run: %s", self.crawler.spider.name, err)

    async def process_item(self, page: Page) -> Page:
        await self.let_others_write()
        canonical_url = article_url(page) if page.doc else None
        try:
            with self.group.page():  # the page, its figures and their events: all or nothing
                outcome = record_page(self.db, page, self.run_id, canonical_url, index_search=False)
                if page.snapshot_id and self.catalog is not None:
                    self.record_figures(page)
        except sqlite3.Error as err:
            self.stop_on_database_error(err)
            raise DropItem(f"not recorded: {page.url} (it will be fetched again next run)") from err
        if page.snapshot_id:
            self.unindexed += 1
            if self.unindexed >= self.INDEX_EVERY:
                self.index_search()
        if canonical_url:  # reached under another URL: don't fetch the canonical one too
            self.crawler.spider.queued.add(canonical_url)
        self.crawler.stats.inc_value("newsmon/fetched")
        self.crawler.stats.inc_value(f"newsmon/{outcome}")
        if outcome in ("new", "changed"):
            logger.info("%s: %s %s", page.source, outcome, page.url)
        page.body = b""  # the raw page is stored; don't keep it in memory
        page.html = None
        return page
