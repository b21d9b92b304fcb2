"""The sample site's state: its articles, the changes made to them, and every page it serves.

Pages are rendered on each request from this state, so a change shows at once. The clock
is fixed (not the machine's), so a fresh ``SampleSite()`` always serves the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from crawler.demo import feeds, urls
from crawler.demo.catalog import SOURCES, Article, load_articles
from crawler.demo.listings import listed_categories, listing_page
from crawler.demo.templates import SITE_NAMES, Ctx, article_page, print_copy
from crawler.demo.text import esc

VN = timezone(timedelta(hours=7))
BORN = datetime(2026, 11, 28, 7, 0, tzinfo=VN)    # Last-Modified of pages that never change
START = datetime(2026, 11, 28, 8, 0, tzinfo=VN)   # the site's clock when it is created
STEP = timedelta(minutes=5)                       # each change moves the clock on


@dataclass
class Response:
    body: bytes
    content_type: str
    modified: datetime

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'


HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


class SampleSite:
    """Seven imitation news sources on one host, with three kinds of change to make to them."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._articles = load_articles()
        self.clock = START
        self._edit_count = 0

    # ------------------------------------------------------------------ the articles

    def published(self, source: str | None = None) -> list[Article]:
        """Published articles (of one source), newest first."""
        arts = [a for a in self._articles if not a.reserve and (source is None or a.source == source)]
        return sorted(arts, key=lambda a: a.published, reverse=True)

    def _find(self, path: str) -> Article:
        path = urlsplit(path).path  # a full URL, or a path with a query, will do
        for art in self.published():
            if urls.article_path(art) == path:
                return art
        raise KeyError(path)

    def article(self, path: str) -> dict:
        """What one article says: title, sapo, body paragraphs (NFC), dates, source, relevance."""
        with self._lock:
            a = self._find(path)
            return {"path": urls.article_path(a), "source": f"demo-{a.source}", "title": a.title,
                    "sapo": a.sapo, "paragraphs": list(a.paragraphs), "text": "\n\n".join(a.paragraphs),
                    "tables": a.tables, "author": a.author, "category": a.category,
                    "published": a.published.isoformat(), "modified": a.updated().isoformat(),
                    "relevant": a.relevant, "about": a.about, "traps": list(a.traps),
                    "print_path": urls.print_path(a)}

    def relevant_paths(self) -> list[str]:
        return [urls.article_path(a) for a in self.published() if a.relevant]

    def irrelevant_paths(self) -> list[str]:
        """Articles not about Lạng Sơn (including one with a single passing mention)."""
        return [urls.article_path(a) for a in self.published() if not a.relevant]

    # -------------------------------------------------------------------- the changes

    def _tick(self) -> datetime:
        self.clock += STEP
        return self.clock

    def edit_figures(self) -> str:
        """Correct the figures of one Lạng Sơn article (and back again on the next call)."""
        with self._lock:
            art = next(a for a in self._articles if a.edits)
            self._edit_count += 1
            pairs = art.edits if self._edit_count % 2 else [(new, old) for old, new in art.edits]
            art.blocks = [(kind, replace_all(value, pairs) if kind != "table" else value) for kind, value in art.blocks]
            art.sapo = replace_all(art.sapo, pairs)
            art.modified = self._tick()
            return urls.article_path(art)

    def add_article(self) -> str:
        """Publish the next held-back Lạng Sơn article; it is the newest of its source."""
        with self._lock:
            art = next((a for a in self._articles if a.reserve), None)
            if art is None:
                raise LookupError("the sample site has no more articles to publish")
            art.reserve = False
            self.clock = max(self._tick(), art.published)
            return urls.article_path(art)

    def change_chrome(self) -> str:
        """Change another article's page furniture (views, sidebar, ads, header date), not its text."""
        with self._lock:
            art = next(a for a in self._articles if "chrome-target" in a.traps)
            art.chrome_rev += 1
            art.chrome_modified = self._tick()
            return urls.article_path(art)

    # ----------------------------------------------------------------- configuration

    def sources(self, base_url: str) -> list[dict]:
        """The demo sources in newsmon's [[sources]] format, pointing at ``base_url``."""
        base = base_url.rstrip("/")
        return [source_entry(s, base) for s in SOURCES]

    # --------------------------------------------------------------------- serving

    def get(self, target: str, base: str) -> Response | None:
        """The response for a request target ('/path?query'), or None for a 404."""
        parts = urlsplit(target)
        with self._lock:
            return self._route(parts.path, parts.query, base.rstrip("/"))

    def _route(self, path: str, query: str, base: str) -> Response | None:
        for handler in (self._static, self._article, self._print, self._feed, self._sitemap, self._listing):
            response = handler(path, query, base)
            if response is not None:
                return response
        return None

    def _static(self, path: str, query: str, base: str) -> Response | None:
        if path == "/robots.txt":
            return Response(feeds.robots(base, all_sitemaps()).encode(), "text/plain; charset=utf-8", BORN)
        if path == "/":
            return Response(index_page().encode(), HTML, BORN)
        if path == "/baolangson/search":  # exists, but robots.txt forbids it
            return Response(b"<!DOCTYPE html><html><body><p>T\xc3\xacm ki\xe1\xba\xbfm</p></body></html>", HTML, BORN)
        return None

    def _article(self, path: str, query: str, base: str) -> Response | None:
        # The query is ignored: ?utm_source=... serves the same page (with its rel=canonical).
        try:
            art = self._find(path)
        except KeyError:
            return None
        html = article_page(art, Ctx(base, self.published(art.source)))
        return Response(html.encode("utf-8"), HTML, page_time(art))

    def _print(self, path: str, query: str, base: str) -> Response | None:
        for art in self.published():
            variant = urls.print_path(art)
            if variant and variant in (path, f"{path}?{query}"):
                return Response(print_copy(art, Ctx(base)).encode("utf-8"), HTML, art.updated())
        return None

    def _feed(self, path: str, query: str, base: str) -> Response | None:
        if path not in urls.FEEDS:
            return None
        source, kind, newest = urls.FEEDS[path]
        items = self.published(source)[: newest or None]
        modified = max((a.updated() for a in items), default=BORN)
        if kind == "atom":
            return Response(feeds.atom(source, items, base).encode(), "application/atom+xml; charset=utf-8", modified)
        if kind == "rss-utf16":
            return Response(feeds.utf16(feeds.rss(source, items, base, encoding="utf-16")),
                            "application/rss+xml; charset=utf-16", modified)
        query = urls.tracking_query(path.rsplit("/", 1)[-1].split(".")[0]) if source == "baotintuc" else ""
        return Response(feeds.rss(source, items, base, query).encode(), "application/rss+xml; charset=utf-8", modified)

    def _sitemap(self, path: str, query: str, base: str) -> Response | None:
        if path == urls.SITEMAP_INDEX:
            entries = [(p, newest_change(self._month(ym))) for p, ym in urls.MONTHLY.items()]
            entries.append((urls.CATEGORY_SITEMAP, None))
            return Response(feeds.sitemap_index(entries, base).encode(), XML, max(m or BORN for _, m in entries))
        if path in urls.MONTHLY:
            items = self._month(urls.MONTHLY[path])
            text = feeds.urlset(items, base)
            body, ctype = (feeds.gzipped(text), "application/x-gzip") if path.endswith(".gz") else (text.encode(), XML)
            return Response(body, ctype, newest_change(items) or BORN)
        if path == urls.CATEGORY_SITEMAP:
            return Response(feeds.plain_urlset([urls.LISTING_FIRST[("vietnamplus", "kinh-te")]], base).encode(), XML, BORN)
        if path in urls.NEWS_SITEMAPS:
            source, newest = urls.NEWS_SITEMAPS[path]
            items = self.published(source)[:newest]
            return Response(feeds.news_sitemap(source, items, base).encode(), XML, newest_change(items) or BORN)
        if path in urls.PLAIN_SITEMAPS:
            items = self.published(urls.PLAIN_SITEMAPS[path])
            return Response(feeds.urlset(items, base).encode(), XML, newest_change(items) or BORN)
        return None

    def _month(self, year_month: tuple[int, int]) -> list[Article]:
        return [a for a in self.published("vietnamplus") if (a.published.year, a.published.month) == year_month]

    def _listing(self, path: str, query: str, base: str) -> Response | None:
        target = f"{path}?{query}" if query else path
        for source, category in urls.LISTING_FIRST:
            items = [a for a in self.published(source) if a.category == category]
            last = max(1, math.ceil(len(items) / urls.PER_PAGE))
            for n in range(1, last + 1):
                if urls.listing_page_path(source, category, n) in (target, path):
                    chunk = items[(n - 1) * urls.PER_PAGE: n * urls.PER_PAGE]
                    html = listing_page(source, category, n, chunk, last, base)
                    return Response(html.encode("utf-8"), HTML, newest_change(chunk) or BORN)
        return None


def replace_all(text: str, pairs) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def page_time(art: Article) -> datetime:
    """Last-Modified of an article page: its text's last change or its furniture's."""
    return max(art.updated(), art.chrome_modified or art.published)


def newest_change(items: list[Article]) -> datetime | None:
    return max((a.updated() for a in items), default=None)


def all_sitemaps() -> list[str]:
    return [urls.SITEMAP_INDEX, *urls.NEWS_SITEMAPS, *urls.PLAIN_SITEMAPS]


LOCAL_OUTLETS = ("baolangson", "langson-gov", "thongke")


def source_entry(source: str, base: str) -> dict:
    """One [[sources]] entry for newsmon's configuration."""
    entry = {"name": f"demo-{source}", "label": f"{SITE_NAMES[source]} (mẫu)", "allowed_domains": ["127.0.0.1"],
             "feeds": [base + p for p, (s, _, _) in urls.FEEDS.items() if s == source],
             "sitemaps": [base + p for p in all_sitemaps() if p.startswith(f"/{source}/")],
             "listings": [{"url": base + urls.listing_page_path(source, c, 1),
                           "page": base + urls.LISTING_PAGE[(source, c)], "depth": urls.LISTING_DEPTH}
                          for c in listed_categories(source)],
             "article_pattern": urls.ARTICLE_PATTERN[source]}
    if source in LOCAL_OUTLETS:
        entry["min_score"] = 0  # as the built-in specs of the province's own outlets
    return entry


def index_page() -> str:
    """The root page, for people browsing the sample site by hand."""
    rows = "".join(f'<li><a href="/{s}/">{esc(SITE_NAMES[s])}</a>: '
                   + " ".join(f'<a href="{p}">{p}</a>' for p, v in urls.FEEDS.items() if v[0] == s)
                   + " " + " ".join(f'<a href="{urls.listing_page_path(s, c, 1)}">{esc(c)}</a>' for c in listed_categories(s))
                   + "</li>" for s in SOURCES)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"/><title>newsmon: trang mẫu</title></head>'
            f"<body><h1>Trang tin mẫu (ngoại tuyến) của newsmon</h1><ul>{rows}</ul>"
            f'<p><a href="/robots.txt">robots.txt</a> · <a href="{urls.SITEMAP_INDEX}">sitemap</a></p></body></html>')
