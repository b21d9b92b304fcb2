"""newsmon's downloader middlewares: who we say we are, where we may go, how long we wait.

- ConfigUserAgentMiddleware: the User-Agent made from [crawl] contact / user_agent.
- StayOnSiteMiddleware: no request outside the source's allowed_domains, redirects included.
- PoliteRetryMiddleware: waits before a retry, as the server asks (Retry-After) or with backoff.

Scrapy's RetryMiddleware retries 429 and 5xx answers at once. PoliteRetryMiddleware sits
just outside it (a higher number in DOWNLOADER_MIDDLEWARES, so it sees the response first)
and waits before handing the response on: the ``Retry-After`` the server sent, else an
exponential backoff, never more than ``NEWSMON_RETRY_MAX_WAIT`` seconds. A server that
asks for a longer pause than that is not retried in this run: retrying early would be
impolite, and the next run comes soon enough. The wait is an ``asyncio.sleep``, so it
needs the asyncio reactor (Scrapy's default and ours); other requests go on meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.urls import within

logger = logging.getLogger(__name__)

DEFAULT_MAX_WAIT = 60.0  # seconds: the longest pause before one retry
DEFAULT_BACKOFF = 0.5  # seconds: first wait without Retry-After; doubled on each retry


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class PoliteRetryMiddleware:
    """Waits before RetryMiddleware retries a 429 or 5xx; gives up when asked to wait too long."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.max_wait = settings.getfloat("NEWSMON_RETRY_MAX_WAIT", DEFAULT_MAX_WAIT)
        self.backoff = settings.getfloat("NEWSMON_RETRY_BACKOFF", DEFAULT_BACKOFF)
        self.max_retries = settings.getint("RETRY_TIMES", 2)
        self.enabled = settings.getbool("RETRY_ENABLED", True)
        self.codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}  # what Scrapy retries

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def will_retry(self, request, response) -> bool:
        """Whether RetryMiddleware is going to retry this response (else there is no point waiting)."""
        if not self.enabled or request.meta.get("dont_retry") or response.status not in self.codes:
            return False
        limit = request.meta.get("max_retry_times", self.max_retries)
        return request.meta.get("retry_times", 0) < limit

    def wait_for(self, request, response) -> float | None:
        """Seconds to wait before the retry, or None when the server asks for more than we wait."""
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is None:
            return min(self.max_wait, self.backoff * 2 ** request.meta.get("retry_times", 0))
        return asked if asked <= self.max_wait else None

    async def process_response(self, request, response, spider=None):
        if not self.will_retry(request, response):
            return response
        wait = self.wait_for(request, response)
        stats = self.crawler.stats
        if wait is None:
            request.meta["dont_retry"] = True  # the answer goes to the spider's errback
            stats.inc_value("newsmon/retry_after_too_long")
            logger.warning("%s answered %s asking to wait %s s, more than %s s: not retried this run",
                           request.url, response.status,
                           response.headers.get("Retry-After", b"").decode("latin-1"), self.max_wait)
            return response
        stats.inc_value("newsmon/retry_waits")
        logger.info("%s answered %s: waiting %.1f s before retrying", request.url, response.status, wait)
        await asyncio.sleep(wait)
        return response


class StayOnSiteMiddleware:
    """Refuses every request outside the spider's ``allowed_domains``, redirects included.

    Scrapy's own OffsiteMiddleware lets through any request marked ``dont_filter``, and a
    redirect inherits that mark, so a feed or article that redirects to another host would
    be fetched. This check has no exception: whatever a page links or redirects to, the
    crawl stays on the source's own sites.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        allowed = getattr(self.crawler.spider, "allowed_domains", None) or []
        if within(request.url, allowed):
            return None
        self.crawler.stats.inc_value("newsmon/offsite_blocked")
        raise IgnoreRequest(f"{request.url} is outside the source's allowed domains "
                            f"({', '.join(allowed)}); not fetched")


class ConfigUserAgentMiddleware:
    """Sends the User-Agent made from the config ([crawl] contact / user_agent) on every request.

    It is not put in the USER_AGENT setting because Scrapy logs overridden settings, and
    the contact address belongs to the operator, not to the log. It runs before the
    robots.txt middleware, which then matches the rules against this same User-Agent.
    """

    def __init__(self, crawler):
        from crawler.addon import user_agent

        self.user_agent = user_agent(crawler.settings.get("NEWSMON_CONFIG_OBJECT")).encode("utf-8")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        request.headers.setdefault(b"User-Agent", self.user_agent)


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page to look for one.

    Scrapy reads ``response.text`` (the whole page, decoded and then kept with the
    response) for the 4,096 characters it searches. A refresh needs the word "refresh"
    in those characters, i.e. within their 16 KB at most in any ASCII-compatible
    encoding: a page without it there is passed on untouched, on the crawl's thread,
    and decoded only once, by the extraction worker.
    """

    def process_response(self, request, response, spider=None):
        if _ascii_compatible(response) and b"refresh" not in response.body[:16384].lower():
            return response
        return super().process_response(request, response)


def _ascii_compatible(response) -> bool:
    """Not UTF-16 or UTF-32 (where "refresh" is not those bytes)."""
    encoding = (getattr(response, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return not encoding.startswith(("utf16", "utf32", "ucs"))
