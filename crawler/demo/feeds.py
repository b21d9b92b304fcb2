"""Feeds, sitemaps and robots.txt, written the way the real sites write them."""

from __future__ import annotations

import gzip
from datetime import datetime

from xml.sax.saxutils import escape

from crawler.demo.catalog import Article
from crawler.demo.templates import SITE_NAMES, cat_name
from crawler.demo.text import rss_date
from crawler.demo.urls import article_path

XML_DECL = '<?xml version="1.0" encoding="{}"?>\n'


def rss(source: str, items: list[Article], base: str, query: str = "", encoding: str = "utf-8") -> str:
    """RSS 2.0; ``query`` is appended to every link (baotintuc.vn's utm_ tracking)."""
    def item(a: Article) -> str:
        link = escape(base + article_path(a) + query)
        return (f"<item><title>{escape(a.title)}</title><link>{link}</link>"
                f'<guid isPermaLink="false">{a.source}-{a.num_id}</guid>'
                f"<description>{escape(a.sapo)}</description><category>{escape(cat_name(a.category))}</category>"
                f"<pubDate>{rss_date(a.published)}</pubDate></item>")
    built = max((a.updated() for a in items), default=None)
    return (XML_DECL.format(encoding) + '<rss version="2.0"><channel>'
            f"<title>{escape(SITE_NAMES[source])}</title><link>{base}/{source}/</link>"
            f"<description>Tin mới nhất - {escape(SITE_NAMES[source])}</description><language>vi</language>"
            + (f"<lastBuildDate>{rss_date(built)}</lastBuildDate>" if built else "")
            + "".join(item(a) for a in items) + "</channel></rss>\n")


def utf16(text: str) -> bytes:
    """UTF-16LE with a byte-order mark, as bnews.vn serves its feeds."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def atom(source: str, items: list[Article], base: str) -> str:
    def entry(a: Article) -> str:
        url = escape(base + article_path(a))
        return (f"<entry><id>{url}</id><title>{escape(a.title)}</title>"
                f'<link rel="alternate" type="text/html" href="{url}"/>'
                f"<published>{a.published.isoformat()}</published><updated>{a.updated().isoformat()}</updated>"
                f"<summary>{escape(a.sapo)}</summary><author><name>{escape(a.author)}</name></author></entry>")
    updated = max(a.updated() for a in items).isoformat() if items else "2026-10-01T00:00:00+07:00"
    return (XML_DECL.format("utf-8") + '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">'
            f"<id>{base}/{source}/</id><title>{escape(SITE_NAMES[source])}</title>"
            f'<link rel="self" href="{base}/{source}/rss/home.atom"/><updated>{updated}</updated>'
            + "".join(entry(a) for a in items) + "</feed>\n")


def urlset(items: list[Article], base: str) -> str:
    urls = "".join(f"<url><loc>{escape(base + article_path(a))}</loc><lastmod>{a.updated().isoformat()}</lastmod>"
                   "<changefreq>daily</changefreq></url>" for a in items)
    return (XML_DECL.format("UTF-8") + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>\n")


def plain_urlset(paths: list[str], base: str) -> str:
    urls = "".join(f"<url><loc>{escape(base + p)}</loc></url>" for p in paths)
    return (XML_DECL.format("UTF-8") + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + urls + "</urlset>\n")


def sitemap_index(entries: list[tuple[str, datetime | None]], base: str) -> str:
    """<sitemapindex>; each child with its <lastmod> (the newest change in it)."""
    def one(path: str, lastmod: datetime | None) -> str:
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        return f"<sitemap><loc>{escape(base + path)}</loc>{mod}</sitemap>"
    return (XML_DECL.format("UTF-8") + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(one(p, m) for p, m in entries) + "</sitemapindex>\n")


def news_sitemap(source: str, items: list[Article], base: str) -> str:
    """A Google News sitemap: news:publication_date and news:title for each recent article."""
    def one(a: Article) -> str:
        return (f"<url><loc>{escape(base + article_path(a))}</loc><news:news><news:publication>"
                f"<news:name>{escape(SITE_NAMES[source])}</news:name><news:language>vi</news:language>"
                f"</news:publication><news:publication_date>{a.published.isoformat()}</news:publication_date>"
                f"<news:title>{escape(a.title)}</news:title></news:news><lastmod>{a.updated().isoformat()}</lastmod></url>")
    return (XML_DECL.format("UTF-8") + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(one(a) for a in items) + "</urlset>\n")


def gzipped(text: str) -> bytes:
    """Deterministic gzip (mtime 0), so the ETag only changes with the content."""
    return gzip.compress(text.encode("utf-8"), mtime=0)


def robots(base: str, sitemaps: list[str]) -> str:
    """Allow everything but search pages (baolangson.vn is strict about its robots.txt)."""
    lines = ["User-agent: *", "Disallow: /baolangson/search", "Disallow: /nhandan/search/",
             "Disallow: /ads/", "Allow: /", ""]
    return "\n".join(lines + [f"Sitemap: {base}{p}" for p in sitemaps]) + "\n"
