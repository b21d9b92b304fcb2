"""Bad input: every case ends with a clear log line and a count in the summary, the rest of the run unharmed.

One crawl of tests/badsite.py covers all the cases at once (it keeps the suite fast);
a second crawl, after an article was taken down, checks 410 handling.
"""

from __future__ import annotations

import sqlite3
import time
import tracemalloc
import unicodedata

import pytest

from crawler.discovery import sitemap_entries
from db.store import known_urls, note_discovered, open_db
from tests.badsite import BadSite, Offsite, urlset
from tests.conftest import make_config, newsmon


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def summary_figures(stdout: str) -> dict[str, int]:
    """'bad: 25 discovered, 24 fetched: 12 new, ...' as {'discovered': 25, ...}."""
    line = next(line for line in stdout.splitlines() if line.startswith("bad:"))
    figures = {}
    for part in line.split(":", 1)[1].replace(":", ",").split(","):
        count, _, name = part.strip().partition(" ")
        if count.isdigit():
            figures[name] = int(count)
    return figures


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The hostile site crawled once (1 s timeout), then again after /a/gone.html went 410."""
    folder = tmp_path_factory.mktemp("bad")
    with Offsite() as offsite, BadSite(offsite=offsite.base) as site:
        config = make_config(folder, [site.source()], timeout=1)
        first = newsmon("crawl", "--progress", "0", config=config, timeout=120)
        site.gone = True
        second = newsmon("crawl", "--progress", "0", "--recheck", config=config, timeout=120)
        yield site, offsite, folder / "newsmon.db", first, second


def test_the_run_completes_and_every_good_article_is_stored(crawled):
    site, _, db_path, first, _ = crawled
    assert first.returncode == 0, first.stderr[-3000:]
    stored = {r["url"] for r in rows(db_path, "select url from articles")}
    assert {site.base + path for path in site.good_paths()} <= stored
    assert all(url.startswith(site.base) for url in stored)


def test_summary_counts_the_cases(crawled):
    _, _, _, first, _ = crawled
    figures = summary_figures(first.stdout)
    assert figures["empty"] == 2  # the empty 200 and the page with no text: a broken source shows
    assert figures["removed"] == 1  # 404
    # not HTML (pdf, json), 20 MB, gzip bomb, redirect loop (2 URLs), offsite and file: redirects, 500, timeout
    assert figures["failed"] == 10
    assert figures["discovery errors"] == 5  # garbage feed, HTML as feed, 404 feed, corrupt gzip, not a sitemap
    assert figures["blocked by robots.txt"] == 1
    assert figures["new"] == len(crawled[0].good_paths()) + 1  # and gone.html, still there


@pytest.mark.parametrize("path, log", [
    ("/a/empty.html", "no article text extracted"),
    ("/a/no-text.html", "no article text extracted"),
    ("/a/huge.html", "larger than download max size"),
    ("/a/gzip-bomb.html", "exceeded DOWNLOAD_MAXSIZE"),
    ("/a/loop-1.html", "max redirections reached"),
    ("/a/error.html", "failed: HTTP 500"),
    ("/a/offsite-redirect.html", "outside the source's allowed domains"),
    ("/a/redirect-to-file.html", "redirect to file:///etc/passwd, not followed"),
    ("/a/slow.html", "took longer than 1.0 seconds"),
    ("/a/report.pdf", "is not an HTML page (Content-Type: application/pdf)"),
    ("/a/data.json", "is not an HTML page (Content-Type: application/json)"),
    ("/a/missing.html", "is gone (HTTP 404)"),
    ("/a/latin1-header.html", "was decoded as cp1252 but is utf-8; re-decoded"),
    ("/a/utf8-header-1258.html", "was decoded as utf-8 but is cp1258; re-decoded"),
    ("/a/private-1.html", "forbidden by the site's robots.txt"),
    ("/garbage.rss", "is not an RSS or Atom feed"),
    ("/html-as-feed.rss", "is not an RSS or Atom feed"),
    ("/missing-feed.xml", "(HTTP 404) is not an RSS or Atom feed"),
    ("/corrupt.xml.gz", "is a broken sitemap"),
    ("/not-a-sitemap.xml", "is not a sitemap"),
])
def test_each_case_has_a_clear_log_line(crawled, path, log):
    site, _, _, first, _ = crawled
    lines = [line for line in first.stderr.splitlines() if site.base + path in line]
    assert any(log in line for line in lines), "\n".join(lines) or first.stderr[-3000:]


def test_url_states_record_each_case(crawled):
    site, _, db_path, _, _ = crawled
    state = {r["url"].removeprefix(site.base): r for r in rows(db_path, "select * from urls")}
    for path in ("/a/huge.html", "/a/gzip-bomb.html", "/a/loop-1.html", "/a/loop-2.html", "/a/error.html",
                 "/a/slow.html", "/a/report.pdf", "/a/data.json", "/a/offsite-redirect.html",
                 "/a/redirect-to-file.html"):
        assert state[path]["state"] == "failed" and state[path]["error"], path
    assert state["/a/empty.html"]["error"] == "no text extracted"
    assert state["/a/missing.html"]["state"] == "removed"
    assert state["/a/private-1.html"]["state"] == "pending"  # fetched once robots.txt allows it


def test_charsets_and_unicode_forms_are_repaired(crawled):
    site, _, db_path, _, _ = crawled
    titles = {r["url"].removeprefix(site.base): r["title"] for r in rows(db_path, "select url, title from articles")}
    assert titles["/a/latin1-header.html"] == "Lạng Sơn: chợ biên giới nhộn nhịp"  # header ISO-8859-1, body UTF-8
    assert titles["/a/meta-1258.html"] == "Lạng Sơn đón khách du lịch"  # windows-1258, tones as combining marks
    assert titles["/a/undeclared-1258.html"] == "Lạng Sơn mở hội xuân"  # no charset anywhere: guessed
    assert titles["/a/utf8-header-1258.html"] == "Lạng Sơn khai trương chợ đêm"  # says UTF-8, is not
    assert titles["/a/nfd.html"] == "Lạng Sơn: mùa hồng Bảo Lâm"
    texts = [r["text"] + r["title"] for r in rows(db_path, "select title, text from snapshots")]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    assert not any("Ã" in text or "Æ" in text for text in texts)  # no mojibake
    assert "/a/from-1258-feed.html" in titles and "/a/from-utf16-feed.html" in titles  # both feeds read


def test_nothing_offsite_or_non_http_is_fetched_or_remembered(crawled):
    site, offsite, db_path, _, second = crawled
    assert offsite.hits == []  # neither the link nor the redirect to 127.0.0.2
    urls = [r["url"] for r in rows(db_path, "select url from urls")]
    assert all(url.startswith(site.base) for url in urls), urls
    assert not [path for path in site.paths_hit() if "ftp" in path or "javascript" in path]


def test_a_removed_article_keeps_its_versions(crawled):
    site, _, db_path, _, second = crawled
    assert second.returncode == 0, second.stderr[-3000:]
    article = rows(db_path, "select * from articles where url = ?", [site.base + "/a/gone.html"])[0]
    assert article["status"] == "removed" and article["removed_at"]
    assert rows(db_path, "select count(*) as n from snapshots where article_id = ?", [article["id"]])[0]["n"] == 1
    assert "is gone (HTTP 410)" in second.stderr
    assert summary_figures(second.stdout)["removed"] >= 1


def test_a_50000_url_sitemap_is_read_and_remembered_quickly(tmp_path):
    """Measured: parse + store of 50,000 URLs, the sitemaps.org maximum (about 2.5 s and 20 MB here)."""
    base = "https://example.gov.vn"
    body = urlset(base, [f"/tin-tuc/bai-{n}.html" for n in range(50_000)])
    db = open_db(tmp_path / "big.db")
    started = time.perf_counter()
    kind, entries = sitemap_entries(body, base + "/sitemap.xml")
    note_discovered(db, "big", {entry.url: entry.date for entry in entries})
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # memory on a second pass: tracing slows the timed one down fivefold
    again = sitemap_entries(body, base + "/sitemap.xml")[1]
    note_discovered(db, "big", {entry.url: entry.date for entry in again})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"50,000-URL sitemap ({len(body) / 1e6:.1f} MB): {elapsed:.2f} s, peak {peak / 1e6:.0f} MB")
    assert kind == "urlset" and len(entries) == 50_000
    assert len(known_urls(db, "big")) == 50_000
    assert elapsed < 20 and peak < 300e6  # generous: CI machines are slow and busy


def test_a_page_said_to_be_utf8_is_checked_where_it_is_decoded():
    """The extraction worker, not the crawl's thread, finds that a "UTF-8" page is not."""
    from crawler.analysis import analyse
    from crawler.charset import misread_utf8
    from tests.badsite import article_html, encode_1258

    page = article_html("liar", "Lạng Sơn khai trương chợ đêm", charset_meta="")
    topic = (("Lạng Sơn",), (), 1.0)
    liar = analyse(None, "http://127.0.0.1/a.html", topic, body=encode_1258(page), encoding="utf-8")
    assert liar.encoding == "cp1258" and liar.doc.title == "Lạng Sơn khai trương chợ đêm"
    pasted = page.encode().replace("chợ đêm".encode(), "chợ đêm".encode()[:-1], 1)  # one broken character
    assert misread_utf8(pasted) is None
    honest = analyse(None, "http://127.0.0.1/a.html", topic, body=page.encode(), encoding="utf-8")
    assert honest.encoding is None and honest.doc.title == "Lạng Sơn khai trương chợ đêm"
