"""NewsSpider: the generic machinery every source uses; a source only declares its spec.

A subclass sets ``source = Source(...)`` and nothing else. The spider reads the feeds,
sitemaps and listing pages, decides which article URLs to fetch (new ones, ones missed
by an earlier run, known ones that are due), fetches them with conditional GET, and
hands each response to the pipelines as a :class:`db.store.Page`.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any, AsyncIterator

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

from crawler import charset
from crawler.config import Config, load_config
from crawler.discovery import Entry, feed_entries, sitemap_entries
from crawler.revisit import is_due
from crawler.sources import Source
from crawler.storage import shared_db
from crawler.urls import absolute, canonical, within
from db.store import (Page, discovery_pages, known_urls, note_discovered, note_discovery_page,
                      set_busy_timeout)

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
        set_busy_timeout(config.database.busy_timeout)
        self.db = shared_db(config.db_path)
        self.known = known_urls(self.db, self.name)
        self.discovery = discovery_pages(self.db, self.name)  # validators of feeds, sitemaps, listings
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
        """A feed, sitemap or listing page, conditional when we read it before."""
        return scrapy.Request(url, callback=callback, errback=self.discovery_failed,
                              headers=_validators(self.discovery.get(url)),
                              dont_filter=True, priority=10, meta={"newsmon": meta})

    def discovery_unchanged(self, response: Response):
        """A 304 lists nothing: go on to the pages it led to last time (child sitemaps, rel=next).

        URLs it listed before and that were not fetched yet are still ``pending``, and
        :meth:`leftovers` requests those whatever discovery says.
        """
        self.crawler.stats.inc_value("newsmon/discovery_unchanged")
        logger.debug("%s: %s not modified since last read", self.name, response.url)
        meta = response.meta["newsmon"]
        for url in self.discovery.get(response.url, {}).get("follow", []):
            yield self.discovery_request(url, response.request.callback,
                                         **{**meta, "page": meta.get("page", 1) + 1})

    def remember_discovery(self, response: Response, follow: list[str] | None = None) -> None:
        """Store the page's validators once what it listed is recorded (see note_discovered)."""
        etag, modified = _header(response, "ETag"), _header(response, "Last-Modified")
        if etag or modified:
            note_discovery_page(self.db, self.name, response.url, etag, modified, follow)

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
        if response.status == 304:
            yield from self.discovery_unchanged(response)
            return
        entries = feed_entries(response.body, response.url) if self._usable(response) else None
        if entries is None:
            self._discovery_problem(response, "is not an RSS or Atom feed")
            return
        self.crawler.stats.inc_value("newsmon/feeds")
        yield from self.consider(entries, origin=response.url)
        self.remember_discovery(response)

    def parse_sitemap(self, response: Response):
        if response.status == 304:
            yield from self.discovery_unchanged(response)
            return
        try:
            found = sitemap_entries(response.body, response.url) if self._usable(response) else None
        except (OSError, ValueError, EOFError, zlib.error) as err:  # zlib.error: a corrupt gzip stream
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
        self.remember_discovery(response, [entry.url for entry in entries] if kind == "index" else None)

    def parse_listing(self, response: Response):
        if response.status == 304:
            yield from self.discovery_unchanged(response)
            return
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
        following = list(self.next_listing_page(response))
        yield from following
        self.remember_discovery(response, [request.url for request in following])

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
        if self._robots_blocked(failure):
            return
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
            if not self.on_site(url):  # a link to another host: never fetched, never remembered
                self.crawler.stats.inc_value("newsmon/offsite_skipped")
                logger.debug("%s: %s is outside %s; skipped", self.name, url, self.allowed_domains)
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

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on one of the source's allowed domains (all, when none are given)."""
        return within(url, self.allowed_domains)

    def _wanted(self, known: dict, date: str | None, origin: str) -> bool:
        if origin == "resume" or known["state"] in ("pending", "failed"):
            return True
        if known["state"] in ("not_relevant", "removed", "alias"):
            self.crawler.stats.inc_value("newsmon/skipped_known")
            return False
        return self.recheck or is_due(known, date)

    def article_request(self, url: str, known: dict | None) -> scrapy.Request:
        headers = _validators(known) if known and known.get("state") == "article" else {}
        # dont_filter: consider() already fetches a URL once per run, and Scrapy's duplicate
        # filter would drop a redirect loop's second lap silently, with no errback and no record.
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                              headers=headers, dont_filter=True, meta={"newsmon_url": url,
                                                     "handle_httpstatus_list": ARTICLE_STATUSES})

    def parse_article(self, response: Response):
        """Hand the response to the pipelines; extraction and storage happen there.

        The page goes on as bytes with the encoding to read it in: the extraction worker
        decodes it, so the crawl's thread neither decodes nor pickles some 170 KB of text.
        """
        encoding = self.page_encoding(response)
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        error = None
        if response.status == 200 and encoding is None:
            error = f"not an HTML page (Content-Type: {ctype or 'none'})"
            logger.warning("%s: %s is not an HTML page (Content-Type: %s); not stored",
                           self.name, response.url, ctype or "none")
        elif response.status in (404, 410):
            logger.warning("%s: %s is gone (HTTP %s): marked removed, its versions kept",
                           self.name, response.url, response.status)
        yield Page(
            url=response.meta["newsmon_url"], source=self.name, http_status=response.status,
            final_url=response.url, body=response.body if encoding is not None else b"", encoding=encoding,
            content_type=ctype, etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            duration_ms=int(1000 * response.meta.get("download_latency", 0)), error=error,
        )

    def page_encoding(self, response: Response) -> str | None:
        """The encoding to read the page in, None when it is not HTML; a wrong or missing
        charset is corrected."""
        if not isinstance(response, TextResponse) or not _looks_like_html(response):
            return None
        fixed = _redecode(response)
        if fixed is None:
            return response.encoding
        charset.note_fixed(self.crawler.stats, self.name, response.url, response.encoding, fixed)
        return fixed

    def _robots_blocked(self, failure: Failure) -> bool:
        """Count and say so when robots.txt forbade the request (the site's choice, not a failure).

        The URL stays pending: if the site's robots.txt changes, a later run fetches it.
        """
        if not (failure.check(IgnoreRequest) and "robots.txt" in failure.getErrorMessage()):
            return False
        self.crawler.stats.inc_value("newsmon/robots_blocked")
        logger.warning("%s: %s is forbidden by the site's robots.txt; not fetched",
                       self.name, failure.request.url)
        return True

    def article_failed(self, failure: Failure):
        if self._robots_blocked(failure):
            return None
        request = failure.request
        response = getattr(failure.value, "response", None)
        reason = _failure_reason(failure, response)
        # The URL we asked for (a redirect's target is in the message when it is to blame).
        logger.warning("%s: %s failed: %s", self.name, request.meta.get("newsmon_url", request.url), reason)
        return Page(url=request.meta.get("newsmon_url", request.url), source=self.name,
                    http_status=response.status if response is not None else 0, error=reason)


def _failure_reason(failure: Failure, response: Response | None) -> str:
    """What went wrong, in words: Scrapy says only "Ignoring non-200 response" for an HTTP error."""
    message = failure.getErrorMessage() or failure.type.__name__
    if response is None or not message.startswith("Ignoring non-200"):
        return message
    location = _header(response, "Location")
    if 300 <= response.status < 400 and location:
        return f"HTTP {response.status} redirect to {location}, not followed (only http and https are)"
    return f"HTTP {response.status}"


def _validators(known: dict | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the page said last time."""
    headers = {}
    if known and known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known and known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    return headers


def _looks_like_html(response: TextResponse) -> bool:
    """An HTML content type, or none given and a body that starts like HTML (not JSON, not text)."""
    if isinstance(response, HtmlResponse):
        return True
    if response.headers.get("Content-Type"):
        return False
    head = response.body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _redecode(response: TextResponse) -> str | None:
    """The right encoding when Scrapy's decoding is wrong, else None.

    A body that is valid UTF-8 with non-ASCII bytes is UTF-8 whatever the header says
    (ISO-8859-1 text almost never is valid UTF-8). A body that declares no charset is
    given to charset_normalizer rather than Scrapy's cp1252 fallback, which turns
    windows-1258 Vietnamese into mojibake. A page said to be UTF-8 is checked by the
    extraction worker, which decodes it anyway (crawler/charset.py).
    """
    body = response.body
    current = resolve_encoding(response.encoding) or response.encoding
    if current == "utf-8" or body.isascii():
        return None
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    ctype = response.headers.get("Content-Type", b"").decode("latin-1")
    if http_content_type_encoding(ctype) or html_body_declared_encoding(body):
        return None  # declared, not UTF-8, and decodes: trust the site
    return charset.guess(body, current)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on")
