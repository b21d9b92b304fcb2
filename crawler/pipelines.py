"""Item pipelines: extract and score each fetched page, then record it in the database."""

from __future__ import annotations

import logging

from crawler.extraction import extract_article
from crawler.relevance import Topic
from crawler.storage import shared_db
from crawler.urls import canonical, host
from db.store import Page, finish_run, record_page, start_run

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Runs trafilatura (crawler.extraction) and the relevance score on 200 responses."""

    def __init__(self, crawler):
        self.crawler = crawler
        config = crawler.settings.get("NEWSMON_CONFIG_OBJECT")
        self.topic = Topic.from_config(config.topic)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, page: Page) -> Page:
        if page.http_status != 200 or page.error or page.html is None:
            return page
        try:
            page.doc = extract_article(page.html, page.final_url or page.url)
        except Exception as err:  # a page must never stop the crawl
            logger.exception("%s: extraction crashed on %s", page.source, page.url)
            page.error = f"extraction crashed: {err!r}"
            return page
        if page.doc is None:
            logger.warning("%s: no article text extracted from %s", page.source, page.url)
            return page
        page.relevance = self.topic.score(page.doc.title or "", page.doc.text or "")
        page.relevant = page.relevance.is_relevant(self.topic.min_score)
        return page


def article_url(page: Page) -> str:
    """The canonical URL of the page's article: rel=canonical when it stays on the same host."""
    landed = canonical(page.final_url or page.url)
    declared = page.doc and page.doc.canonical_url
    if declared and host(declared) == host(landed):
        return canonical(declared)
    return landed


class StorePipeline:
    """Records every page in the snapshot store and keeps the run's figures."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def db(self):
        return shared_db(self.crawler.settings.get("NEWSMON_CONFIG_OBJECT").db_path)

    def open_spider(self) -> None:
        self.run_id = start_run(self.db, "crawl", [self.crawler.spider.name])

    def close_spider(self) -> None:
        stats = self.crawler.stats
        figures = {key.split("/", 1)[1]: value for key, value in stats.get_stats().items()
                   if key.startswith("newsmon/")}
        status = "failed" if figures.get("failed") and not figures.get("fetched") else "ok"
        finish_run(self.db, self.run_id, status, figures)

    def process_item(self, page: Page) -> Page:
        canonical_url = article_url(page) if page.doc else None
        outcome = record_page(self.db, page, self.run_id, canonical_url)
        if canonical_url:  # reached under another URL: don't fetch the canonical one too
            self.crawler.spider.queued.add(canonical_url)
        self.crawler.stats.inc_value("newsmon/fetched")
        self.crawler.stats.inc_value(f"newsmon/{outcome}")
        if outcome in ("new", "changed"):
            logger.info("%s: %s %s", page.source, outcome, page.url)
        page.body = b""  # the raw page is stored; don't keep it in memory
        page.html = None
        return page
