"""The database as Datasette sees it: views that answer, FTS, the shipped metadata."""

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from tests.views_support import observe, record, setup

METADATA = Path(__file__).resolve().parent.parent / "datasette" / "metadata.json"
URL = "https://baolangson.vn/kinh-te-1.html"


@pytest.fixture
def path(tmp_path):
    _, db = setup(tmp_path)
    record(db, "Lạng Sơn: GRDP tăng 7,2%", "GRDP của Lạng Sơn tăng 7,2%, thu ngân sách 6.230 tỷ đồng.",
           "2026-11-20T01:00:00+00:00", url=URL)
    record(db, "Lạng Sơn: GRDP tăng 7,2%", "GRDP của Lạng Sơn tăng 7,2%, thu ngân sách 6.500 tỷ đồng.",
           "2026-11-21T01:00:00+00:00", url=URL)
    observe(db, 1, "grdp_growth", 7.2, "%", "2025", "2026-11-20T01:00:00+00:00")
    db.conn.close()
    return tmp_path / "newsmon.db"


def query(path, sql, params=()):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def test_views_answer_in_plain_sqlite(path):
    [latest] = query(path, "select * from latest_versions")
    assert (latest["version"], latest["url"]) == (2, URL) and "6.500" in latest["text"]
    [change] = query(path, "select * from changes")
    assert (change["previous_version"], change["version"], change["figures_added"]) == (1, 2, '["6.500"]')
    [point] = query(path, "select * from indicator_timeline")
    assert (point["indicator"], point["event"], point["url"]) == ("grdp_growth", "new", URL)
    # the store gives each new article its story: one story, one copy
    assert query(path, "select count(*) as n from story_copies") == [{"n": 1}]


def test_fts_answers_without_diacritics(path):
    from db.search import search
    from db.store import open_db

    rows = search(open_db(path), "lang son grdp", all_versions=True)
    assert sorted(r["snapshot_id"] for r in rows) == [1, 2]


def test_canned_queries_run(path):
    queries = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["newsmon"]["queries"]
    params = {"q": "lang son", "url": URL, "as_of": "2026-11-20T23:59:59+00:00"}
    results = {name: query(path, q["sql"], params) for name, q in queries.items()}
    assert results["search"] and results["article_as_of"][0]["version"] == 1
    assert [r["value"] for r in results["indicators_as_of"]] == [7.2]
    assert [r["version"] for r in results["article_history"]] == [1, 2]


def test_metadata_names_only_what_exists(path):
    tables = json.loads(METADATA.read_text(encoding="utf-8"))["databases"]["newsmon"]["tables"]
    names = {r["name"] for r in query(path, "select name from sqlite_master where type in ('table', 'view')")}
    assert set(tables) <= names


def test_datasette_serves_views_search_and_canned_queries(path):
    app = pytest.importorskip("datasette.app")
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))

    async def get(paths):
        ds = app.Datasette([str(path)], metadata=metadata)
        return [await ds.client.get(p) for p in paths]

    responses = asyncio.run(get([
        "/newsmon/latest_versions.json?_shape=array",
        "/newsmon/search.json?q=lang+son+grdp&_shape=array",
        "/newsmon/indicators_as_of.json?as_of=2026-11-21T00:00:00%2B00:00&_shape=array",
        "/newsmon/changes",
    ]))
    assert [r.status_code for r in responses] == [200, 200, 200, 200]
    assert responses[0].json()[0]["url"] == URL
    assert len(responses[1].json()) == 2
    assert responses[2].json()[0]["indicator"] == "grdp_growth"
    assert "figures_added" in responses[3].text


def test_an_existing_database_is_migrated_with_summaries_index_and_views(tmp_path):
    from db.migrations import migrations
    from db.store import content_hash, open_db

    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="add_change_summary")  # a database from before this feature
    db["articles"].insert({"id": 1, "url": URL, "source": "baolangson", "first_seen": "2026-11-20T01:00:00+00:00",
                           "current_version": 3, "title": "Đồng Đăng"})
    for version, amount in ((1, "6.230"), (2, "6.500"), (3, "6.230")):
        text = f"Thu ngân sách ở Đồng Đăng đạt {amount} tỷ đồng."
        db["snapshots"].insert({"article_id": 1, "version": version, "fetched_at": f"2026-11-2{version}T01:00:00+00:00",
                                "title": "Đồng Đăng", "text": text, "content_hash": content_hash("Đồng Đăng", text)})
    migrations.apply(db)
    rows = list(db.query("select version, figures_added, reverted_to from changes order by version"))
    assert rows == [{"version": 2, "figures_added": '["6.500"]', "reverted_to": None},
                    {"version": 3, "figures_added": '["6.230"]', "reverted_to": 1}]
    from db.search import search

    assert len(search(db, "dong dang", all_versions=True)) == 3
