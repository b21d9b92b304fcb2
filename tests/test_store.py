"""The snapshot store on a real SQLite file: versions only when title + text change."""

import pytest

from crawler.extraction import Extracted
from crawler.relevance import Relevance
from db.migrations import migrations
from db.store import Page, open_db, raw_html, record_page

URL = "https://baolangson.vn/thu-ngan-sach-1234567.html"


def doc(text="Thu ngân sách đạt 6.230 tỷ đồng.\nTăng 12,4% so với cùng kỳ.", title="Lạng Sơn thu ngân sách"):
    return Extracted(title=title, author="ĐẶNG DŨNG", published="2026-11-20T08:00:00+07:00",
                     modified=None, description=None, sitename="Báo Lạng Sơn", text=text,
                     canonical_url=URL, language="vi")


def page(html="<html>v1</html>", relevant=True, url=URL, **kwargs):
    defaults = dict(http_status=200, body=html.encode(), doc=doc(), relevant=relevant,
                    relevance=Relevance(5.0, {"Lạng Sơn": 2}), etag='"v1"')
    defaults.update(kwargs)
    return Page(url=url, source="baolangson", **defaults)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "newsmon.db")


def count(db, table):
    return db[table].count


def test_schema_is_migrated_and_in_wal_mode(db):
    assert [m.name for m in migrations.pending(db)] == []
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"articles", "snapshot_rows", "paragraphs", "urls", "fetches", "raw_pages", "runs"} <= set(db.table_names())
    assert "snapshots" in db.view_names()  # title and text rebuilt from paragraphs


def test_first_fetch_writes_version_one(db):
    assert record_page(db, page(), article_url=URL) == "new"
    article = db["articles"].get(1)
    assert (article["url"], article["current_version"], article["relevance_score"]) == (URL, 1, 5.0)
    snapshot = db["snapshots"].get(1)
    assert snapshot["version"] == 1 and snapshot["author"] == "ĐẶNG DŨNG"
    assert raw_html(db, snapshot["raw_hash"]) == b"<html>v1</html>"


def test_same_text_other_chrome_writes_no_version(db):
    record_page(db, page(), article_url=URL)
    assert record_page(db, page(html="<html>v1 + 1.235 lượt xem</html>"), article_url=URL) == "unchanged"
    assert record_page(db, page(doc=doc(text="Thu ngân sách  đạt 6.230 tỷ đồng.\n\nTăng 12,4% so với cùng kỳ. ")),
                       article_url=URL) == "unchanged"
    assert count(db, "snapshots") == 1
    assert count(db, "fetches") == 3
    assert count(db, "raw_pages") == 1


def test_changed_text_writes_the_next_version(db):
    record_page(db, page(), article_url=URL)
    assert record_page(db, page(doc=doc(text="Thu ngân sách đạt 6.500 tỷ đồng.")), article_url=URL) == "changed"
    assert [r["version"] for r in db["snapshots"].rows] == [1, 2]
    assert db["articles"].get(1)["current_version"] == 2


def test_not_relevant_is_remembered_without_a_snapshot(db):
    assert record_page(db, page(relevant=False), article_url=URL) == "not_relevant"
    assert count(db, "articles") == 0 and count(db, "snapshots") == 0
    assert db["urls"].get(URL)["state"] == "not_relevant"


def test_not_modified_and_removed_keep_versions(db):
    record_page(db, page(), article_url=URL)
    assert record_page(db, Page(url=URL, source="baolangson", http_status=304)) == "unchanged"
    assert record_page(db, Page(url=URL, source="baolangson", http_status=410)) == "removed"
    assert db["articles"].get(1)["status"] == "removed"
    assert count(db, "snapshots") == 1


def test_another_url_for_the_same_article_is_one_row(db):
    record_page(db, page(url=URL + "?utm_source=x"), article_url=URL)
    record_page(db, page(url="https://baolangson.vn/print/1234567"), article_url=URL)
    assert count(db, "articles") == 1 and count(db, "snapshots") == 1
    assert {r["url"] for r in db["urls"].rows_where("article_id = 1")} >= {URL, "https://baolangson.vn/print/1234567"}


def test_failures_are_counted(db):
    failed = Page(url=URL, source="baolangson", http_status=500, error="HTTP 500")
    record_page(db, failed)
    record_page(db, failed)
    row = db["urls"].get(URL)
    assert (row["state"], row["failures"], row["error"]) == ("failed", 2, "HTTP 500")
    assert record_page(db, page(doc=None)) == "empty"


def test_insert_rows_gives_each_row_the_id_sqlite_would(db):
    from db.store import insert_row, insert_rows

    with db.atomic():
        first = insert_row(db, "sentences", {"hash": 1, "text": "một"})
        rows = [{"hash": 2, "text": "hai"}, {"hash": 3, "text": "ba"}]
        insert_rows(db, "sentences", rows)
        insert_rows(db, "sentences", [])
    assert [row["id"] for row in rows] == [first + 1, first + 2]
    assert [r["text"] for r in db.query("select text from sentences order by id")] == ["một", "hai", "ba"]
