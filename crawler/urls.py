"""URL hygiene: one article is one row however it was reached."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from courlan import normalize_url

# vnanet.vn's RSS links come with the host doubled: https://vnanet.vnhttps://vnanet.vn/...
_DOUBLED_SCHEME = re.compile(r".+?(https?://)", re.IGNORECASE)
# Parameters that say how a reader arrived, not what page it is. courlan removes the
# common ones (utm_*, fbclid, gclid ...); these are the ones Vietnamese sites add.
_TRACKING = re.compile(r"^(zarsrc|zarsrc_id|gidzl|_ga|mc_[ce]id|itm_[a-z]+|ref|src|from)$", re.I)


@lru_cache(maxsize=4096)  # a crawl asks for an article's URL three times (queued, landed, declared)
def canonical(url: str) -> str:
    """Lower-case host, no fragment, tracking parameters (utm_*, fbclid, ...) stripped."""
    try:
        url = normalize_url(url.strip())
    except ValueError:
        url = url.strip()
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def repair(url: str) -> str:
    """Undo known feed mistakes, such as a doubled scheme and host."""
    url = url.strip()
    if url.lower().count("://") > 1:
        url = _DOUBLED_SCHEME.sub(r"\1", url, count=1)
    return url


def absolute(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``; None for anything but http(s)."""
    url = urljoin(base, repair(href or ""))
    return url if urlsplit(url).scheme in ("http", "https") else None


def host(url: str) -> str:
    """The host name without port, lower-case."""
    return (urlsplit(url).hostname or "").lower()


def within(url: str, domains) -> bool:
    """Whether ``url``'s host is one of ``domains`` or under one (all hosts when none)."""
    name = host(url)  # without the port, as Scrapy's offsite middleware compares
    allowed = [d.lower() for d in domains or [] if d]
    return not allowed or any(name == d or name.endswith("." + d) for d in allowed)
