"""End to end: crawls of the sample site over real HTTP, as users run them, in child processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import ROOT, make_config, newsmon


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def article_urls(db_path) -> set[str]:
    return {r["url"] for r in rows(db_path, "select url from articles")}


def crawl(config, *args):
    result = newsmon("crawl", "--progress", "0", *args, config=config)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def crawled(site, tmp_path):
    """The whole sample site crawled once: (site, base_url, config, db_path, first result)."""
    sample, base = site
    config = make_config(tmp_path, sample.sources(base))
    first = crawl(config)
    return sample, base, config, tmp_path / "newsmon.db", first


def test_first_crawl_keeps_exactly_the_relevant_articles(crawled):
    sample, base, config, db_path, result = crawled
    assert article_urls(db_path) == {base + path for path in sample.relevant_paths()}
    not_relevant = {r["url"] for r in rows(db_path, "select url from urls where state = 'not_relevant'")}
    assert {base + path for path in sample.irrelevant_paths()} <= not_relevant
    assert rows(db_path, "select count(*) as n from snapshots")[0]["n"] == len(sample.relevant_paths())
    assert "new" in result.stdout and "not relevant" in result.stdout
    # every paragraph reached the search index by the crawl's end (it indexes in batches)
    assert rows(db_path, "select count(*) as n from paragraphs_pending")[0]["n"] == 0
    indexed = rows(db_path, "select count(*) as n from paragraphs_fts where paragraphs_fts match 'lang'")
    assert indexed[0]["n"] > 0


def test_one_row_per_article_however_it_was_reached(crawled):
    sample, base, config, db_path, _ = crawled
    urls = rows(db_path, "select url, article_id from urls where article_id is not null")
    by_article: dict[int, set[str]] = {}
    for row in urls:
        by_article.setdefault(row["article_id"], set()).add(row["url"])
    assert len(by_article) == len(sample.relevant_paths())
    assert not any("utm_" in url for url in article_urls(db_path))


def test_unchanged_recrawl_writes_no_snapshot(crawled):
    sample, base, config, db_path, _ = crawled
    before = rows(db_path, "select count(*) as n from snapshots")[0]["n"]
    fetches = rows(db_path, "select count(*) as n from fetches")[0]["n"]
    crawl(config, "--recheck")
    assert rows(db_path, "select count(*) as n from snapshots")[0]["n"] == before
    assert rows(db_path, "select count(*) as n from fetches")[0]["n"] > fetches
    statuses = {r["http_status"] for r in rows(db_path, "select http_status from fetches where id > ?", [fetches])}
    assert 304 in statuses  # conditional GET: no download, no extraction


def test_edit_makes_a_version_and_chrome_change_does_not(crawled):
    sample, base, config, db_path, _ = crawled
    edited, chrome, added = sample.edit_figures(), sample.change_chrome(), sample.add_article()
    crawl(config, "--recheck")
    versions = {r["url"]: r["current_version"] for r in rows(db_path, "select url, current_version from articles")}
    assert versions[base + edited] == 2
    assert versions[base + chrome] == 1
    assert versions[base + added] == 1
    diff = newsmon("diff", "--no-color", base + edited, config=config)
    assert diff.returncode == 0
    assert "6.230" in diff.stdout and "6.315" in diff.stdout


@pytest.mark.parametrize("route", ["feeds", "sitemaps", "listings"])
def test_each_discovery_route_alone_finds_articles(site, tmp_path, route):
    sample, base = site
    sources = [dict(s, **{other: [] for other in ("feeds", "sitemaps", "listings") if other != route})
               for s in sample.sources(base) if s[route]]
    config = make_config(tmp_path, sources)
    crawl(config)
    found = article_urls(tmp_path / "newsmon.db")
    assert found and found <= {base + path for path in sample.relevant_paths()}


def test_scrapy_crawl_from_the_repository_root(site, tmp_path):
    sample, base = site
    source = sample.sources(base)[0]
    config = make_config(tmp_path, [source])
    env = {**os.environ, "NEWSMON_CONFIG": str(config), "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert source["name"] in listed.stdout.split() and "baotintuc" in listed.stdout.split()
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", source["name"]], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert article_urls(tmp_path / "newsmon.db")
    assert rows(tmp_path / "newsmon.db", "select status from runs")[0]["status"] == "ok"


def test_the_sample_site_is_really_served(site):
    _, base = site
    with urllib.request.urlopen(base + "/robots.txt") as response:
        assert response.status == 200


def test_an_edited_figure_is_a_revised_event_pointing_at_both_versions(crawled):
    sample, base, config, db_path, _ = crawled
    first = rows(db_path, "select count(*) as n from observations")[0]["n"]
    assert first > 20  # the sample site is full of figures
    edited = sample.edit_figures()
    crawl(config, "--recheck")
    events = rows(db_path, "select e.* from indicator_events e join articles a on a.id = e.article_id "
                           "where e.kind = 'revised' and a.url = ?", [base + edited])
    assert events, rows(db_path, "select kind, indicator, value from indicator_events order by id desc limit 5")
    assert {(e["previous_version"], e["version"]) for e in events} == {(1, 2)}
    assert {(e["previous_value"], e["value"]) for e in events} & {(5.12, 5.36), (6230.0, 6315.0)}
