"""Politeness: robots.txt, throttling defaults, an honest User-Agent, Retry-After, conditional GET everywhere."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from crawler.addon import crawl_settings, user_agent
from crawler.config import Config
from crawler.middlewares import retry_after_seconds
from db.store import note_discovered, open_db
from tests.badsite import Answer, BadSite, article_html, rss
from tests.conftest import make_config, newsmon

CONTACT = "ops-desk-7731@example.org"
SECRET = "hunter2-do-not-log"


def write_config(folder, sources, *, timeout=2, extra: str = "", **crawl) -> object:
    """make_config, with [crawl] keys replaced (not duplicated) and extra TOML appended."""
    path = make_config(folder, sources, timeout=timeout)
    text = path.read_text(encoding="utf-8")
    for key, value in crawl.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
    path.write_text(text + extra, encoding="utf-8")
    return path


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def crawl(config, *args):
    result = newsmon("crawl", "--progress", "0", *args, config=config, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


# -- settings ---------------------------------------------------------------------------


def test_polite_defaults():
    settings = crawl_settings(Config())
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["AUTOTHROTTLE_ENABLED"] is True
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["DOWNLOAD_DELAY"] >= 1 and settings["AUTOTHROTTLE_START_DELAY"] >= 1
    assert "USER_AGENT" not in settings  # settings are logged; the contact is not
    config = Config()
    config.crawl.contact = CONTACT
    assert re.fullmatch(rf"newsmon/\S+ \(\+{re.escape(CONTACT)}\)", user_agent(config))


def test_retry_after_values():
    assert retry_after_seconds(b"120") == 120
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


# -- crawls -----------------------------------------------------------------------------


def flaky(statuses: list[tuple[int, dict]], good: Answer):
    """A route answering these statuses in turn, then ``good`` for ever."""
    left = list(statuses)

    def route(handler):
        if left:
            status, headers = left.pop(0)
            return Answer(status, b"busy", headers, validators=False)
        return good
    return route


def test_user_agent_and_retries(tmp_path):
    with BadSite(good=2, cases=False) as site:
        site.routes["/a/limited.html"] = flaky([(429, {"Retry-After": "1"})], Answer(body=article_html("l").encode()))
        site.routes["/a/flaky.html"] = flaky([(503, {}), (503, {})], Answer(body=article_html("f").encode()))
        site.routes["/a/later.html"] = flaky([(503, {"Retry-After": "3600"})], Answer(body=article_html("x").encode()))
        extra = '\n[smtp]\npassword_env = "NEWSMON_TEST_PASSWORD"\n'
        config = write_config(tmp_path, [site.source()], contact=f'"{CONTACT}"', extra=extra)
        result = newsmon("crawl", "--progress", "0", "--verbose", config=config, timeout=120,
                         env={"NEWSMON_TEST_PASSWORD": SECRET})
        hits = site.hits
    assert result.returncode in (0, 1), result.stderr[-3000:]
    agents = {headers.get("User-Agent") for _, headers in hits}
    assert len(agents) == 1 and CONTACT in agents.pop()  # robots.txt, feeds and articles alike
    log = result.stdout + result.stderr
    assert "Overridden settings" in log  # Scrapy's own INFO lines were shown (--verbose) ...
    assert CONTACT not in log and SECRET not in log  # ... without the contact or a secret
    db_dump = "\n".join(sqlite3.connect(tmp_path / "newsmon.db").iterdump())
    assert SECRET not in db_dump and CONTACT not in db_dump

    stored = {r["url"].removeprefix(site.base) for r in rows(tmp_path / "newsmon.db", "select url from articles")}
    assert {"/a/limited.html", "/a/flaky.html"} <= stored  # retried after the wait, then stored
    assert "/a/later.html" not in stored
    assert [p for p, _ in hits].count("/a/later.html") == 1  # asked to wait an hour: not retried now
    assert "waiting 1.0 s before retrying" in log and "waiting 0.5 s before retrying" in log
    assert "not retried this run" in log


def test_retry_waits_are_real(tmp_path):
    with BadSite(good=1, cases=False) as site:
        stamps = []

        def limited(handler):
            import time
            stamps.append(time.monotonic())
            if len(stamps) == 1:
                return Answer(429, b"slow down", {"Retry-After": "2"}, validators=False)
            return Answer(body=article_html("limited").encode())
        site.routes["/a/limited.html"] = limited
        crawl(write_config(tmp_path, [site.source()]))
    assert len(stamps) == 2 and stamps[1] - stamps[0] >= 1.9


def test_conditional_get_on_feeds_sitemaps_and_listings(tmp_path):
    with BadSite(good=4, cases=False) as site:
        config = write_config(tmp_path, [site.source()])
        crawl(config)
        first = len(site.hits)
        # A killed run left a URL pending that no feed lists any more: the feed answers 304.
        site.routes["/a/left-over.html"] = Answer(body=article_html("left").encode())
        site.routes["/feed.xml"] = Answer(body=rss(site.base, site.good))
        crawl(config)  # once to store the frozen feed's validators
        db = open_db(tmp_path / "newsmon.db")
        note_discovered(db, "bad", {site.base + "/a/left-over.html": None})
        db.conn.close()
        mark = len(site.hits)
        result = crawl(config)
        second = site.hits[mark:]
    assert first and second
    discovery = {"/feed.xml", "/sitemap.xml", "/sitemap-1.xml", "/list.html"}
    asked = {path: headers for path, headers in second if path in discovery}
    assert set(asked) == discovery  # the index answered 304, its sitemap was still read
    assert all("If-None-Match" in h and "If-Modified-Since" in h for h in asked.values()), asked
    assert "/a/left-over.html" in [p for p, _ in second]  # pending: fetched although no feed lists it
    stored = {r["url"] for r in rows(tmp_path / "newsmon.db", "select url from articles")}
    assert site.base + "/a/left-over.html" in stored
    assert "0 discovery errors" not in result.stdout


def test_robots_txt_blocks_are_reported(tmp_path):
    with BadSite(good=2, cases=False) as site:
        config = write_config(tmp_path, [site.source()])
        result = crawl(config)
        paths = site.paths_hit()
    assert "/a/private-1.html" not in paths and "/robots.txt" in paths
    assert "1 blocked by robots.txt" in result.stdout
    assert "forbidden by the site's robots.txt" in result.stderr
