"""Syndication: copies of one TTXVN story on several sites are one story, listed once."""

import json

import pytest

pytest.importorskip("datasketch")

from db import stories as stories_module  # noqa: E402
from db.stories import assign_missing, assign_story, list_stories, story_articles  # noqa: E402
from db.store import open_db  # noqa: E402
from tests.views_support import invoke, record, setup  # noqa: E402

STORY = ("Theo Cục Thống kê tỉnh Lạng Sơn, tổng sản phẩm trên địa bàn tỉnh năm 2025 ước tăng 7,2% so với năm trước, "
         "cao hơn mức bình quân cả nước. Khu vực công nghiệp và xây dựng tăng 9,1%, khu vực dịch vụ tăng 7,8%, "
         "khu vực nông, lâm nghiệp và thủy sản tăng 3,2%. Thu ngân sách nhà nước trên địa bàn đạt 6.500 tỷ đồng, "
         "kim ngạch xuất nhập khẩu qua các cửa khẩu đạt 5,6 tỷ USD, tăng 18% so với cùng kỳ. Tỉnh đặt mục tiêu "
         "năm 2026 tăng trưởng kinh tế từ 8% trở lên, tập trung phát triển kinh tế cửa khẩu và du lịch.")
COPIES = [
    ("baotintuc", "https://baotintuc.vn/dia-phuong/lang-son-grdp-tang-72-20261120.htm", STORY),
    ("vietnamplus", "https://www.vietnamplus.vn/lang-son-grdp-tang-72-post99.vnp",
     "Lạng Sơn (TTXVN) " + STORY + " (TTXVN/Vietnam+)"),
    ("bnews", "https://bnews.vn/lang-son-tang-truong-72/123.html",
     STORY.replace("ước tăng", "tăng") + " Bnews"),
]
OTHER = ("Sáng 21/11, tại thành phố Lạng Sơn diễn ra lễ hội văn hóa các dân tộc, thu hút hàng nghìn người dân "
         "và du khách tham gia các hoạt động thể thao, ẩm thực và trình diễn trang phục truyền thống.")


def add(db, source, url, text, day=20):
    record(db, "Lạng Sơn tăng trưởng 7,2%", text, f"2026-11-{day}T0{len(source) % 9}:00:00+00:00",
           url=url, source=source)
    return db.execute("select id from articles where url = ?", [url]).fetchone()[0]


@pytest.fixture
def db_config(tmp_path):
    stories_module._INDEXES.clear()
    return setup(tmp_path)


def test_copies_are_one_story_and_other_news_is_another(db_config):
    _, db = db_config
    ids = [assign_story(db, add(db, source, url, text), text) for source, url, text in COPIES]
    other = assign_story(db, add(db, "baolangson", "https://baolangson.vn/le-hoi-1.html", OTHER), OTHER)
    assert len(set(ids)) == 1 and other != ids[0]
    assert [a["source"] for a in story_articles(db, ids[0])] == ["baotintuc", "vietnamplus", "bnews"]
    [story] = list_stories(db, min_copies=2)
    assert story["copies"] == 3 and set(story["sources"].split(",")) == {"baotintuc", "vietnamplus", "bnews"}


def test_assignment_is_idempotent_and_survives_a_new_process(db_config, tmp_path):
    _, db = db_config
    first = add(db, *COPIES[0])
    story = assign_story(db, first, STORY)
    assert assign_story(db, first, STORY + " Cập nhật.") == story  # an edit keeps the story
    stories_module._INDEXES.clear()  # another process: the index is rebuilt from stored signatures
    again = open_db(tmp_path / "newsmon.db")
    second = add(again, *COPIES[1])
    assert assign_story(again, second, COPIES[1][2]) == story


def test_stories_command_lists_each_story_once_with_its_copies(db_config):
    config, db = db_config
    for source, url, text in COPIES:
        add(db, source, url, text)
    add(db, "baolangson", "https://baolangson.vn/le-hoi-1.html", OTHER)
    # the store gives each new article its story as it records it: nothing left to do
    assert "0 articles given a story" in invoke(config, "stories", "--update")
    assert assign_missing(db) == 0
    assert db.execute("select count(*) from articles where story_id is null").fetchone()[0] == 0
    rows = json.loads(invoke(config, "stories", "--copies", "2", "--format", "json"))
    assert [r["copies"] for r in rows] == [3]
    copies = json.loads(invoke(config, "stories", str(rows[0]["id"]), "--format", "json"))
    assert len(copies) == 3
    assert "no story 99" in invoke(config, "stories", "99", code=1)


def test_one_alert_key_per_story_and_copies_confirm_a_figure(db_config):
    from db.indicators import classify
    from db.stories import new_article_key
    from tests.views_support import observe

    _, db = db_config
    first, second = (add(db, *copy) for copy in COPIES[:2])
    for article_id, (_, _, text) in zip((first, second), COPIES):
        assign_story(db, article_id, text)
    assert new_article_key(db, first) == new_article_key(db, second)
    kinds = []
    for article_id, source in ((first, "baotintuc"), (second, "vietnamplus")):
        obs = observe(db, article_id, "grdp_growth", 7.2, "%", "2025", "2026-11-20T05:00:00+00:00",
                      source=source, kind=None)
        kinds.append(classify(db, db["observations"].get(obs), None)["kind"])
    assert kinds == ["new", "confirmed"]
