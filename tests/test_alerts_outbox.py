"""The outbox is written in the transaction that records the change, once per change."""

from __future__ import annotations

import json

import pytest

from db.outbox import on_indicator_event
from db.store import finish_run, open_db, record_page, start_run
from tests.alerts_support import EDITED_TEXT, figure_event
from tests.test_store import URL, doc, page


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "newsmon.db")


def keys(db) -> list[str]:
    return [row["key"] for row in db.query("select key from outbox order by id")]


def test_new_article_and_new_version_are_queued_once(db):
    record_page(db, page(), article_url=URL)
    record_page(db, page(), article_url=URL)  # unchanged: nothing to tell
    record_page(db, page(doc=doc(text=EDITED_TEXT)), article_url=URL)
    # A new article is keyed by its story (db/stories.py), so a syndicated copy is told once.
    assert keys(db) == ["new_article:story:1", "article_changed:1:1:2"]
    payload = json.loads(db["outbox"].get(2)["payload"])
    assert (payload["previous_version"], payload["version"], payload["url"]) == (1, 2, URL)


def test_not_relevant_and_failed_pages_are_not_news(db):
    record_page(db, page(relevant=False, url="https://baolangson.vn/other-1.html"))
    record_page(db, page(http_status=500, error="boom", url="https://baolangson.vn/other-2.html"))
    assert keys(db) == []


def test_outbox_row_rolls_back_with_the_change(db):
    with pytest.raises(RuntimeError), db.atomic():
        record_page(db, page(), article_url=URL)
        raise RuntimeError("crash after recording")
    assert keys(db) == [] and db["articles"].count == 0


def test_indicator_events_worth_telling(db):
    record_page(db, page(), article_url=URL)
    for kind, observation in (("new", 1), ("revised", 2), ("conflict", 3), ("confirmed", 4)):
        on_indicator_event(db, figure_event(kind, observation=observation))
    on_indicator_event(db, figure_event("revised", observation=2))  # the same event again
    assert keys(db)[1:] == ["indicator_new:1", "indicator_revised:2", "indicator_conflict:3"]
    payload = json.loads(db["outbox"].get(3)["payload"])
    assert payload["url"] == URL and payload["previous_value"] == 6230.0



def test_a_recorded_figure_is_queued_with_its_article_and_sentence(db):
    from db.indicators import record_observations

    sentence = "Tổng sản phẩm trên địa bàn (GRDP) năm 2025 của tỉnh Lạng Sơn ước tăng 7,52% so với năm trước."
    recorded = page(doc=doc(text=sentence))
    record_page(db, recorded, article_url=URL)
    [event] = record_observations(db, db["snapshots"].get(recorded.snapshot_id), "baolangson")
    payload = json.loads(db.execute("select payload from outbox where key = ?",
                                    [f"indicator_new:{event['observation_id']}"]).fetchone()[0])
    title = db.execute("select title from articles").fetchone()[0]
    assert (payload["url"], payload["title"], payload["figure"]) == (URL, title, "7,52%")
    assert "7,52%" in payload["sentence"]

def run_once(db, status="ok", **stats) -> int:
    run_id = start_run(db, "crawl", ["baolangson"])
    finish_run(db, run_id, status, {"discovered": 5, "fetched": 5, **stats})
    return run_id


def test_a_source_failing_three_runs_in_a_row_is_told_once(db):
    run_once(db)
    first = run_once(db, "failed", fetched=0, failed=4)
    run_once(db, "failed", fetched=0, failed=4)
    assert keys(db) == []
    run_once(db, "failed", fetched=0, failed=4)
    run_once(db, "failed", fetched=0, failed=4)  # still failing: no second alert
    assert keys(db) == [f"source_problem:baolangson:failing:{first}"]


def test_extraction_that_broke_is_told_when_it_starts(db):
    run_once(db, empty=1)
    broke = run_once(db, empty=4)
    run_once(db, empty=5)
    assert keys(db) == [f"source_problem:baolangson:empty:{broke}"]
    assert json.loads(db["outbox"].get(1)["payload"])["stats"]["empty"] == 4
