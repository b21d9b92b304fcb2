"""Update detection on a real database: new, revised, confirmed, conflict."""

import pytest

from crawler.extraction import Extracted
from crawler.relevance import Relevance
from db.indicators import decimals, record_observations, same_value
from db.store import Page, open_db, record_page


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "newsmon.db")


def publish(db, source, url, text, published="2026-11-20T08:00:00+07:00"):
    """Record a page and its figures as the crawler does; return the events."""
    doc = Extracted(title="Lạng Sơn", author=None, published=published, modified=None,
                    description=None, sitename=None, text=text, canonical_url=url, language="vi")
    page = Page(url=url, source=source, http_status=200, body=text.encode(), doc=doc,
                relevant=True, relevance=Relevance(5.0))
    record_page(db, page, article_url=url)
    if page.snapshot_id is None:
        return []
    return record_observations(db, db["snapshots"].get(page.snapshot_id), source)


GRDP = "Tổng sản phẩm trên địa bàn (GRDP) 6 tháng đầu năm 2026 của tỉnh Lạng Sơn ước tăng {}% so với cùng kỳ."


def kinds(events):
    return [(e["kind"], e["indicator"], e["value"], e["previous_value"]) for e in events]


def test_first_figure_is_new_and_an_edit_is_revised_with_both_versions(db):
    url = "https://baotintuc.vn/a-20261120080000000.htm"
    assert kinds(publish(db, "baotintuc", url, GRDP.format("5,12"))) == [("new", "grdp_growth", 5.12, None)]
    events = publish(db, "baotintuc", url, GRDP.format("5,36"))
    assert kinds(events) == [("revised", "grdp_growth", 5.36, 5.12)]
    assert (events[0]["previous_version"], events[0]["version"]) == (1, 2)


def test_rounding_is_not_a_revision(db):
    publish(db, "baotintuc", "https://baotintuc.vn/a-1.htm", GRDP.format("7,52"))
    assert kinds(publish(db, "cucthongke", "https://cucthongkelangson.gov.vn/b-2.html", GRDP.format("7,5"))) == [
        ("confirmed", "grdp_growth", 7.5, 7.52)]


def test_sources_that_disagree_are_a_conflict(db):
    publish(db, "baotintuc", "https://baotintuc.vn/a-1.htm", GRDP.format("5,12"))
    assert kinds(publish(db, "baolangson", "https://baolangson.vn/b-1234567.html", GRDP.format("5,6"))) == [
        ("conflict", "grdp_growth", 5.6, 5.12)]


def test_a_later_report_of_the_same_source_is_a_revision(db):
    publish(db, "cucthongke", "https://cucthongkelangson.gov.vn/a-1.html", GRDP.format("5,12"))
    assert kinds(publish(db, "cucthongke", "https://cucthongkelangson.gov.vn/b-2.html", GRDP.format("5,2"))) == [
        ("revised", "grdp_growth", 5.2, 5.12)]


def test_same_figure_in_another_scale_is_the_same_value(db):
    text = "Thu ngân sách nhà nước trên địa bàn năm 2025 đạt {}."
    publish(db, "baotintuc", "https://baotintuc.vn/a-1.htm", text.format("1,2 nghìn tỷ đồng"))
    events = publish(db, "bnews", "https://bnews.vn/b/2.html", text.format("1.200 tỷ đồng"))
    assert [e["kind"] for e in events] == ["confirmed"]


def test_a_target_is_kept_apart_from_the_achieved_figure(db):
    publish(db, "baotintuc", "https://baotintuc.vn/a-1.htm", GRDP.format("5,12"))
    events = publish(db, "bnews", "https://bnews.vn/b/2.html",
                     "Lạng Sơn phấn đấu tốc độ tăng trưởng GRDP 6 tháng đầu năm 2026 đạt 8%.")
    assert [(e["kind"], e["status"]) for e in events] == [("new", "target")]


def test_unchanged_figure_in_a_new_version_is_no_event(db):
    url = "https://baotintuc.vn/a-1.htm"
    publish(db, "baotintuc", url, GRDP.format("5,12"))
    assert publish(db, "baotintuc", url, GRDP.format("5,12") + "\nKinh tế tiếp tục phục hồi.") == []


@pytest.mark.parametrize("figure,places", [("7,52%", 2), ("18.063,8 tỷ", 1), ("2.314", 0), ("15", 0)])
def test_decimals_as_written(figure, places):
    assert decimals(figure) == places


def test_same_value_needs_the_same_base_unit():
    a = {"base_unit": "%", "base_value": 5.0, "value": 5.0, "figure": "5%"}
    b = {"base_unit": "points", "base_value": 5.0, "value": 5.0, "figure": "5 điểm"}
    assert not same_value(a, b) and same_value(a, dict(a))
