"""NewsSpider: the generic machinery every source uses; a source only declares its spec.

A subclass sets ``source = Source(...)`` and nothing else. The spider reads the feeds,
sitemaps and listing pages, decides which article URLs to fetch (new ones, ones missed
by an earlier run, known ones that are due), fetches them with conditional GET, and
hands each response to the pipelines as a :class:`db.store.Page`.
"""

from __future__ import annotations

import logging
from typing import Any, AsyncIterator

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.config import Config, load_config
from crawler.discovery import Entry, feed_entries, sitemap_entries
from crawler.revisit import is_due
from crawler.sources import Source
from crawler.storage import shared_db
from crawler.urls import absolute, canonical
from db.store import Page, known_urls, note_discovered

logger = logging.getLogger(__name__)

RETRY_FAILED = 5  # a URL that failed this many runs in a row is left alone until rediscovered
ARTICLE_STATUSES = [304, 404, 410]


class NewsSpider(scrapy.Spider):
    """Base class; has no name, so Scrapy never lists it as a spider itself."""

    source: Source | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.source is not None:
            cls.name = cls.source.name

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        config = crawler.settings.get("NEWSMON_CONFIG_OBJECT") or load_config()
        spider.configure(config, recheck=_flag(kwargs.get("recheck")))
        return spider

    def configure(self, config: Config, recheck: bool = False) -> None:
        """Apply the config's override of this source and open the database."""
        from crawler.registry import all_sources  # imports spiders/: not at module level

        self.config = config
        self.source = all_sources(config).get(self.name, self.source)
        self.allowed_domains = list(self.source.allowed_domains)
        self.recheck = recheck
        self.db = shared_db(config.db_path)
        self.known = known_urls(self.db, self.name)
        self.queued: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.feeds:
            yield self.discovery_request(url, self.parse_feed)
        for url in self.source.sitemaps:
            yield self.discovery_request(url, self.parse_sitemap)
        for listing in self.source.listings:
            for page, url in enumerate(listing.page_urls(), start=1):
                yield self.discovery_request(url, self.parse_listing, page=page, depth=listing.depth)
        for request in self.consider([Entry(url) for url in self.leftovers()], origin="resume"):
            yield request

    def discovery_request(self, url: str, callback, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.discovery_failed,
                              dont_filter=True, priority=10, meta={"newsmon": meta})

    def leftovers(self) -> list[str]:
        """URLs to look at whatever discovery says: missed last time, or due for a revisit."""
        urls = []
        for url, known in self.known.items():
            if known["state"] in ("pending", "failed") and (known["failures"] or 0) < RETRY_FAILED:
                urls.append(url)
            elif known["state"] == "article" and (self.recheck or is_due(known)):
                urls.append(url)
        return urls

    # -- discovery ---------------------------------------------------------------

    def parse_feed(self, response: Response):
        entries = feed_entries(response.body, response.url) if self._usable(response) else None
        if entries is None:
            self._discovery_problem(response, "is not an RSS or Atom feed")
            return
        self.crawler.stats.inc_value("newsmon/feeds")
        yield from self.consider(entries, origin=response.url)

    def parse_sitemap(self, response: Response):
        try:
            found = sitemap_entries(response.body, response.url) if self._usable(response) else None
        except (OSError, ValueError, EOFError) as err:
            self._discovery_problem(response, f"is a broken sitemap ({err})")
            return
        if not found:
            self._discovery_problem(response, "is not a sitemap")
            return
        kind, entries = found
        self.crawler.stats.inc_value("newsmon/sitemaps")
        if kind == "index":
            for entry in entries:
                yield self.discovery_request(entry.url, self.parse_sitemap)
        else:
            yield from self.consider(entries, origin=response.url)

    def parse_listing(self, response: Response):
        if response.status == 404 and response.meta["newsmon"].get("page", 1) > 1:
            logger.debug("%s: listing %s has no page here; it is shorter than its depth", self.name, response.url)
            return
        if not self._usable(response) or not isinstance(response, TextResponse):
            self._discovery_problem(response, "is not an HTML listing page")
            return
        self.crawler.stats.inc_value("newsmon/listings")
        hrefs = response.css("a::attr(href)").getall()
        links = [url for href in hrefs if (url := absolute(response.url, href))]
        yield from self.consider([Entry(url) for url in links], origin=response.url)
        yield from self.next_listing_page(response)

    def next_listing_page(self, response: Response):
        """Follow rel=next when the listing has no page pattern, up to its depth."""
        meta = response.meta["newsmon"]
        nxt = response.css('a[rel~="next"]::attr(href), link[rel~="next"]::attr(href)').get()
        if nxt and meta.get("page", 1) < meta.get("depth", 1) and (url := absolute(response.url, nxt)):
            yield self.discovery_request(url, self.parse_listing, page=meta["page"] + 1, depth=meta["depth"])

    def _usable(self, response: Response) -> bool:
        return response.status == 200

    def _discovery_problem(self, response: Response, what: str) -> None:
        if response.status == 304:
            return
        self.crawler.stats.inc_value("newsmon/discovery_failed")
        logger.warning("%s: %s (HTTP %s) %s; skipped", self.name, response.url, response.status, what)

    def discovery_failed(self, failure: Failure):
        self.crawler.stats.inc_value("newsmon/discovery_failed")
        logger.warning("%s: could not read %s: %s", self.name, failure.request.url, failure.getErrorMessage())

    # -- articles ----------------------------------------------------------------

    def consider(self, entries: list[Entry], origin: str):
        """Requests for the entries worth fetching now; remembers the new ones."""
        fresh = {}
        for entry in entries:
            url = canonical(entry.url)
            if url in self.queued or not self.source.is_article(url):
                continue
            known = self.known.get(url)
            if known is None:
                fresh[url] = entry.date
            elif not self._wanted(known, entry.date, origin):
                continue
            self.queued.add(url)
            self.crawler.stats.inc_value("newsmon/discovered")
            yield self.article_request(url, known)
        if fresh:
            note_discovered(self.db, self.name, fresh)

    def _wanted(self, known: dict, date: str | None, origin: str) -> bool:
        if origin == "resume" or known["state"] in ("pending", "failed"):
            return True
        if known["state"] in ("not_relevant", "removed", "alias"):
            self.crawler.stats.inc_value("newsmon/skipped_known")
            return False
        return self.recheck or is_due(known, date)

    def article_request(self, url: str, known: dict | None) -> scrapy.Request:
        headers = {}
        if known and known.get("state") == "article":
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                              headers=headers, meta={"newsmon_url": url,
                                                     "handle_httpstatus_list": ARTICLE_STATUSES})

    def parse_article(self, response: Response):
        """Hand the response to the pipelines; extraction and storage happen there."""
        html = response.text if isinstance(response, TextResponse) else None
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        error = None
        if response.status == 200 and html is None:
            error = f"not an HTML page (Content-Type: {ctype or 'none'})"
        yield Page(
            url=response.meta["newsmon_url"], source=self.name, http_status=response.status,
            final_url=response.url, body=response.body if html is not None else b"", html=html,
            content_type=ctype, etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            duration_ms=int(1000 * response.meta.get("download_latency", 0)), error=error,
        )

    def article_failed(self, failure: Failure):
        request = failure.request
        response = getattr(failure.value, "response", None)
        logger.warning("%s: %s failed: %s", self.name, request.url, failure.getErrorMessage())
        return Page(url=request.meta.get("newsmon_url", request.url), source=self.name,
                    http_status=response.status if response is not None else 0,
                    error=failure.getErrorMessage() or failure.type.__name__)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")
