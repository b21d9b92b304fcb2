import gzip
import unicodedata

import pytest

from crawler.discovery import feed_entries, sitemap_entries, ungzip

RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>Kinh tế</title>
<item><title>Lạng Sơn: thu ngân sách tăng</title><link>https://bnews.vn/lang-son-thu-ngan-sach/123.html</link>
<pubDate>Tue, 24 Nov 2026 08:00:00 +0700</pubDate></item>
<item><title>Hai</title><link>https://vnanet.vnhttps://vnanet.vn/Frontend/TrackingView.aspx?IID=7</link></item>
<item><title>Ba</title><guid>/tin/ba.html</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="https://a.vn/a-post1.vnp"/><link rel="enclosure" href="https://a.vn/x.jpg"/>
<updated>2026-11-20T07:17:00+07:00</updated></entry></feed>"""


def encode(text: str, encoding: str) -> bytes:
    """Encode as a Vietnamese site would; windows-1258 writes tones as combining marks."""
    if encoding != "windows-1258":
        return text.encode(encoding)
    out = b""
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        try:
            out += ch.encode(encoding)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFC", decomposed[:2])
            try:
                out += base.encode(encoding) + decomposed[2:].encode(encoding)
            except UnicodeEncodeError:
                out += decomposed.encode(encoding)
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "windows-1258"])
def test_rss_in_any_declared_encoding(encoding):
    body = encode(RSS.format(enc=encoding), encoding)
    entries = feed_entries(body, "https://bnews.vn/rss/home.rss")
    assert [e.url for e in entries] == [
        "https://bnews.vn/lang-son-thu-ngan-sach/123.html",
        "https://vnanet.vn/Frontend/TrackingView.aspx?IID=7",
        "https://bnews.vn/tin/ba.html",
    ]
    assert entries[0].date == "Tue, 24 Nov 2026 08:00:00 +0700"


def test_atom_takes_the_alternate_link():
    entries = feed_entries(ATOM, "https://a.vn/rss")
    assert [(e.url, e.date) for e in entries] == [("https://a.vn/a-post1.vnp", "2026-11-20T07:17:00+07:00")]


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\xff\xfe\x00garbage"])
def test_not_a_feed_is_none(body):
    assert feed_entries(body, "https://a.vn/rss") is None


def test_entities_are_not_expanded():
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>https://a.vn/&x;</link></item></channel></rss>"""
    entries = feed_entries(body, "https://a.vn/rss") or []
    assert all("root:" not in e.url for e in entries)


SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://www.vietnamplus.vn/sitemaps/news-2026-11.xml</loc><lastmod>2026-11-27</lastmod></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://www.vietnamplus.vn/a-post1.vnp</loc><lastmod>2026-11-27T10:00:00+07:00</lastmod></url>
<url><loc>https://www.vietnamplus.vn/b-post2.vnp</loc><news:news><news:publication_date>2026-11-26T09:00:00+07:00</news:publication_date></news:news></url>
</urlset>"""


def test_sitemap_index_and_news_sitemap():
    kind, entries = sitemap_entries(SITEMAP_INDEX, "https://www.vietnamplus.vn/sitemap.xml")
    assert kind == "index" and entries[0].url.endswith("news-2026-11.xml")
    kind, entries = sitemap_entries(gzip.compress(NEWS_SITEMAP), "https://www.vietnamplus.vn/s.xml.gz")
    assert kind == "urlset"
    assert [(e.url[-9:], e.date[:10]) for e in entries] == [("post1.vnp", "2026-11-27"), ("post2.vnp", "2026-11-26")]


def test_gzip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr("crawler.discovery.MAX_SITEMAP_BYTES", 1000)
    with pytest.raises(ValueError, match="expands beyond"):
        ungzip(gzip.compress(b"<" * 5000))
