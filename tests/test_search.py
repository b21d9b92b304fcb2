"""`newsmon search`: FTS5 over every version, insensitive to diacritics, ranked, with snippets."""

import json

import pytest

from db.search import SearchError, fts_query, search
from db.store import Page, record_page
from tests.views_support import doc, invoke, record, setup

GRDP = "https://baotintuc.vn/kinh-te/grdp-lang-son-2025-20261120.htm"
GATE = "https://baolangson.vn/cua-khau-dong-dang-1234.html"
OTHER = "https://baolangson.vn/nong-nghiep-5678.html"


@pytest.fixture
def db_config(tmp_path):
    config, db = setup(tmp_path)
    record(db, "Lạng Sơn: GRDP năm 2025 tăng 7,2%", "Tổng sản phẩm trên địa bàn (GRDP) của Lạng Sơn tăng 7,2%.",
           "2026-11-20T01:00:00+00:00", url=GRDP, source="baotintuc", published="2026-11-20T08:00:00+07:00")
    record(db, "Cửa khẩu Đồng Đăng nhộn nhịp", "Xe hàng qua cửa khẩu Hữu Nghị ở Đồng Đăng tăng mạnh. Lạng Sơn có GRDP cao.",
           "2026-11-21T01:00:00+00:00", url=GATE, published="2026-11-21T08:00:00+07:00")
    record(db, "Mùa hồi", "Nông dân xứ Lạng thu hoạch hồi, giá 80.000 đồng/kg.", "2026-11-10T01:00:00+00:00",
           url=OTHER, published="2026-11-10T08:00:00+07:00")
    record(db, "Mùa hồi", "Nông dân xứ Lạng thu hoạch hồi.", "2026-11-22T01:00:00+00:00", url=OTHER,
           published="2026-11-10T08:00:00+07:00")  # the price is gone from the current text
    return config, db


def test_query_is_folded_and_quoted():
    assert fts_query("Lạng Sơn GRDP") == '"lang" "son" "grdp"'
    assert fts_query('"cửa khẩu" tăng* 7,2') == '"cua khau" "tang"* "7 2"'
    with pytest.raises(SearchError):
        fts_query("(( ))")


def test_without_diacritics_finds_with_diacritics_and_title_hits_rank_first(db_config):
    _, db = db_config
    hits = search(db, "lang son grdp")
    assert [h["url"] for h in hits] == [GRDP, GATE]
    assert "[Lạng] [Sơn]" in hits[0]["snippet"] and "[GRDP]" in hits[0]["snippet"]


def test_d_bar_is_d_and_snippets_keep_the_original_letters(db_config):
    _, db = db_config
    [hit] = search(db, "dong dang huu nghi")
    assert hit["url"] == GATE and "[Đồng] [Đăng]" in hit["snippet"] and "[Hữu] [Nghị]" in hit["snippet"]


def test_past_versions_are_searched(db_config):
    _, db = db_config
    [hit] = search(db, "80.000")
    assert (hit["url"], hit["version"], hit["current_version"]) == (OTHER, 1, 2)
    assert len(search(db, "xu lang thu hoach")) == 1  # one row per article ...
    assert len(search(db, "xu lang thu hoach", all_versions=True)) == 2  # ... or per version


def test_filters_by_source_and_publication_date(db_config):
    _, db = db_config
    assert [h["url"] for h in search(db, "lang son", source="baotintuc")] == [GRDP]
    assert [h["url"] for h in search(db, "grdp", since="2026-11-21")] == [GATE]
    assert [h["url"] for h in search(db, "grdp", until="2026-11-20")] == [GRDP]


def test_search_command(db_config):
    config, _ = db_config
    out = invoke(config, "search", "lang", "son", "grdp")
    assert "[GRDP]" in out and GRDP in out and out.index(GRDP) < out.index(GATE)
    rows = json.loads(invoke(config, "search", "80.000", "--format", "json"))
    assert rows[0]["version"] == 1 and "80.000" in rows[0]["snippet"]
    assert "(older text)" in invoke(config, "search", "80.000")
    assert "no match" in invoke(config, "search", "khong co dau")
    assert "nothing to search for" in invoke(config, "search", "((", code=1)


def test_search_command_sees_what_a_killed_crawl_left_unindexed(tmp_path):
    config, db = setup(tmp_path)
    page = Page(url=GATE, source="baolangson", http_status=200, body=b"<html>1</html>", relevant=True,
                doc=doc("Cửa khẩu Chi Ma", "Xe hàng qua Chi Ma tăng.", GATE, "2026-11-21T08:00:00+07:00"))
    record_page(db, page, article_url=GATE, index_search=False)  # killed before its next batch
    assert search(db, "chi ma") == []
    assert GATE in invoke(config, "search", "chi", "ma")
    assert db.execute("select count(*) from paragraphs_pending").fetchone()[0] == 0
