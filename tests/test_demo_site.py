"""The bundled sample site (crawler/demo), over real HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip
import html
import re
import unicodedata
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from crawler.demo.server import SiteServer
from crawler.demo.site import SampleSite

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(url: str, headers: dict | None = None, method: str = "GET"):
    """(status, headers, body) for a URL; 304 and 404 are answers, not errors."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture(scope="module")
def served():
    """A site nobody changes, shared by the read-only tests."""
    site = SampleSite()
    with SiteServer(site) as base:
        yield site, base


@pytest.fixture
def fresh():
    """A site of its own, for tests that change it."""
    site = SampleSite()
    with SiteServer(site) as base:
        yield site, base


def page_text(body: bytes) -> str:
    return unicodedata.normalize("NFC", html.unescape(body.decode("utf-8")))


def canonical_of(body: bytes) -> str:
    return lxml_html.fromstring(body).xpath("//link[@rel='canonical']/@href")[0]


# ------------------------------------------------------------------- discovery

def feed_links(body: bytes) -> list[str]:
    root = ET.fromstring(body)  # the parser reads the BOM and the declared encoding itself
    if root.tag == f"{ATOM}feed":
        return [link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "alternate"]
    return [item.findtext("link") for item in root.iter("item")]


def sitemap_links(url: str) -> list[str]:
    """Every <loc> of a sitemap, following an index into its children (gzipped or not)."""
    _, _, body = fetch(url)
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    root = ET.fromstring(body)
    if root.tag == f"{SM}sitemapindex":
        return [loc for sub in root.iter(f"{SM}loc") for loc in sitemap_links(sub.text)]
    return [loc.text for loc in root.iter(f"{SM}loc")]


def listing_links(listing: dict) -> dict[int, list[str]]:
    """Links on pages 1..depth of a listing, by page number."""
    pages = {}
    for n in range(1, listing["depth"] + 1):
        url = listing["url"] if n == 1 else listing["page"].format(n=n)
        status, _, body = fetch(url)
        if status == 200:
            pages[n] = [urljoin(url, href) for href in lxml_html.fromstring(body).xpath("//a/@href")]
    return pages


def discover(source: dict) -> dict[str, set[str]]:
    """Canonical article paths found by each route of one source."""
    def paths(urls):
        return {urlsplit(u).path for u in urls if re.search(source["article_pattern"], u)}
    found = {"feed": set(), "sitemap": set(), "listing1": set(), "listing2+": set()}
    for url in source["feeds"]:
        found["feed"] |= paths(feed_links(fetch(url)[2]))
    for url in source["sitemaps"]:
        found["sitemap"] |= paths(sitemap_links(url))
    for listing in source["listings"]:
        for n, links in listing_links(listing).items():
            found["listing1" if n == 1 else "listing2+"] |= paths(links)
    return found


def test_counts(served):
    site, _ = served
    assert len(site.relevant_paths()) + len(site.irrelevant_paths()) >= 32
    assert len(site.irrelevant_paths()) >= 6
    assert len(site.sources("http://127.0.0.1:1")) == 7


def test_every_article_is_reachable(served):
    site, base = served
    for path in site.relevant_paths() + site.irrelevant_paths():
        status, headers, body = fetch(base + path)
        assert status == 200, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert site.article(path)["title"] in page_text(body), path
        assert canonical_of(body) == base + path


def test_every_article_is_discoverable(served):
    site, base = served
    routes = {s["name"]: discover(s) for s in site.sources(base)}
    found = set().union(*(paths for r in routes.values() for paths in r.values()))
    assert set(site.relevant_paths() + site.irrelevant_paths()) == found  # and nothing else matches
    # Some articles hide: only on listing pages 2-3, or only in a sitemap.
    deep = [p for r in routes.values() for p in r["listing2+"] - r["feed"] - r["sitemap"] - r["listing1"]]
    only_sitemap = [p for r in routes.values() for p in r["sitemap"] - r["feed"] - r["listing1"] - r["listing2+"]]
    assert len(deep) >= 3 and len(only_sitemap) >= 1


def test_article_patterns_match_articles_only(served):
    site, base = served
    for source in site.sources(base):
        name = source["name"].removeprefix("demo-")
        for path in site.relevant_paths() + site.irrelevant_paths():
            assert bool(re.search(source["article_pattern"], base + path)) == path.startswith(f"/{name}/"), path
        for listing in source["listings"]:
            assert not re.search(source["article_pattern"], listing["url"])
            assert not re.search(source["article_pattern"], listing["page"].format(n=2))


def test_sources_are_valid_newsmon_config(served):
    from crawler.config import parse_config
    site, base = served
    config = parse_config({"sources": site.sources(base)})
    assert [s["name"] for s in config.sources][:2] == ["demo-baotintuc", "demo-vietnamplus"]


# ------------------------------------------------------------------------ HTTP

def test_conditional_requests_get_304(served):
    site, base = served
    url = base + site.relevant_paths()[0]
    status, headers, _ = fetch(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})[0] == 200


def test_head_and_404(served):
    site, base = served
    status, headers, body = fetch(base + site.relevant_paths()[0], method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    assert fetch(base + "/baotintuc/khong-co-bai-nay-20260101000000000.htm")[0] == 404


def test_robots_txt(served):
    _, base = served
    status, headers, body = fetch(base + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /baolangson/search" in body.decode()
    assert f"Sitemap: {base}/vietnamplus/sitemap.xml" in body.decode()


def test_server_logs_nothing(served, capfd):
    site, base = served
    fetch(base + site.relevant_paths()[0])
    fetch(base + "/nowhere")
    assert capfd.readouterr().err == ""


# ---------------------------------------------------------------- formats, traps

def test_bnews_feed_is_utf16_with_bom(served):
    _, base = served
    status, headers, body = fetch(base + "/bnews/rss/home.rss")
    assert headers["Content-Type"] == "application/rss+xml; charset=utf-16"
    assert body.startswith(b"\xff\xfe")
    text = body.decode("utf-16")
    assert text.lstrip("\ufeff").startswith('<?xml version="1.0" encoding="utf-16"?>')
    assert "Sơn La" in text and len(feed_links(body)) == 4


def test_gzip_sitemap(served):
    _, base = served
    status, headers, body = fetch(base + "/vietnamplus/sitemaps/news-2026-10.xml.gz")
    assert status == 200 and headers["Content-Type"] in ("application/gzip", "application/x-gzip")
    root = ET.fromstring(gzip.decompress(body))
    assert [loc.text for loc in root.iter(f"{SM}loc")] and root.find(f"{SM}url/{SM}lastmod") is not None


def test_news_sitemap_has_publication_dates(served):
    _, base = served
    body = fetch(base + "/nhandan/sitemap-news.xml")[2]
    assert b"<news:publication_date>2026-11-" in body


def test_tracking_and_print_variants_point_to_canonical(served):
    site, base = served
    feed = fetch(base + "/baotintuc/tin-moi-nhat.rss")[2]
    tracked = [u for u in feed_links(feed) if "utm_source=" in u]
    assert tracked
    for url in tracked:
        assert canonical_of(fetch(url)[2]) == url.split("?")[0]
    for path in site.relevant_paths():
        variant = site.article(path)["print_path"]
        if variant:
            status, _, body = fetch(base + variant)
            assert status == 200 and canonical_of(body) == base + path


def test_baotintuc_body_uses_named_entities(served):
    site, base = served
    path = next(p for p in site.relevant_paths() if p.startswith("/baotintuc/"))
    body = fetch(base + path)[2].decode()
    assert "&agrave;" in body or "&ocirc;" in body
    assert 'id="divfirst"' in body and 'id="divend"' in body and "<noscript>" in body


def test_trap_articles(served):
    site, base = served
    by_trap = {t: p for p in site.relevant_paths() + site.irrelevant_paths() for t in site.article(p)["traps"]}
    nfd = fetch(base + by_trap["nfd"])[2].decode()
    assert unicodedata.normalize("NFD", site.article(by_trap["nfd"])["title"]) in nfd
    page = lxml_html.fromstring(fetch(base + by_trap["no-diacritics"])[2])
    bare = page.xpath("string(//h1)") + page.xpath("string(//div[@class='post-ct-entry'])")
    assert "Lang Son" in bare and "Lạng Sơn" not in bare  # (the sidebar may still say Lạng Sơn)
    assert "thuỷ lợi" in page_text(fetch(base + by_trap["old-tones"])[2])
    lso = page_text(fetch(base + by_trap["chrome-target"])[2])
    assert "Thứ bảy,  28/11/2026" in lso and "LSO-" in lso and "Lượt xem: " in lso


def test_layouts_parse_and_trafilatura_finds_the_body(served):
    trafilatura = pytest.importorskip("trafilatura")
    site, base = served
    seen = set()
    for path in site.relevant_paths():
        source = path.split("/")[1]
        if source in seen:
            continue
        seen.add(source)
        body = fetch(base + path)[2]
        tree = lxml_html.fromstring(body)
        assert tree.xpath("//h1")
        extracted = unicodedata.normalize("NFC", trafilatura.extract(body.decode(), url=base + path) or "")
        first = next(p for p in site.article(path)["paragraphs"] if len(p) > 80)
        assert first[:60] in extracted, path
    assert len(seen) == 7


# -------------------------------------------------------------------- mutations

def test_edit_figures_changes_body_and_validators(fresh):
    site, base = fresh
    before = site.article(site.relevant_paths()[-1])
    path = next(p for p in site.relevant_paths() if "edit-target" in site.article(p)["traps"])
    old_text, (_, old_headers, _) = site.article(path)["text"], fetch(base + path)
    old_feed = fetch(base + "/baotintuc/tin-moi-nhat.rss")[1]["Last-Modified"]
    assert site.edit_figures() == path
    new_text, (status, new_headers, body) = site.article(path)["text"], fetch(base + path)
    assert "5,12%" in old_text and "5,36%" in new_text and new_text != old_text
    assert "5,36%" in page_text(body)
    assert new_headers["ETag"] != old_headers["ETag"]
    assert fetch(base + path, {"If-None-Match": old_headers["ETag"]})[0] == 200
    assert new_headers["Last-Modified"] != old_headers["Last-Modified"]
    assert fetch(base + "/baotintuc/tin-moi-nhat.rss")[1]["Last-Modified"] != old_feed
    assert site.article(before["path"]) == before  # one article changed, not the others


def test_edit_figures_shows_in_sitemap_lastmod(fresh):
    site, base = fresh
    path = site.edit_figures()
    body = fetch(base + "/baotintuc/sitemap-news.xml")[2].decode()
    assert re.search(re.escape(base + path) + r".*?<lastmod>2026-11-28T08:05:00\+07:00</lastmod>", body)


def test_add_article_publishes_everywhere(fresh):
    site, base = fresh
    before = set(site.relevant_paths())
    path = site.add_article()
    assert path not in before and path in site.relevant_paths()
    assert fetch(base + path)[0] == 200
    source = next(s for s in site.sources(base) if s["name"] == "demo-baolangson")
    assert base + path in feed_links(fetch(source["feeds"][0])[2])
    assert base + path in sitemap_links(source["sitemaps"][0])
    assert path in {urlsplit(u).path for u in listing_links({**source["listings"][0], "depth": 1})[1]}


def body_region(body: bytes) -> str:
    """The article body's HTML, as baolangson.vn marks it (div#content-detail)."""
    tree = lxml_html.fromstring(body)
    return lxml_html.tostring(tree.get_element_by_id("content-detail"), encoding="unicode")


def test_change_chrome_leaves_the_body_alone(fresh):
    site, base = fresh
    path = site.relevant_paths()[0]
    other_before = fetch(base + path)[2]
    target = next(p for p in site.relevant_paths() if "chrome-target" in site.article(p)["traps"])
    data, (_, headers, body) = site.article(target), fetch(base + target)
    assert site.change_chrome() == target
    _, new_headers, new_body = fetch(base + target)
    assert new_body != body and new_headers["ETag"] != headers["ETag"]
    assert body_region(new_body) == body_region(body)
    assert {k: v for k, v in site.article(target).items()} == data
    assert re.search(r"Lượt xem: [\d.]+", page_text(new_body)).group() != re.search(r"Lượt xem: [\d.]+", page_text(body)).group()
    assert fetch(base + path)[2] == other_before
