"""Texts stored as distinct paragraphs, read back exactly through the ``snapshots`` view."""

from crawler.extraction import Extracted
from db.search import search
from db.paragraphs import index_pending
from db.store import Page, open_db, record_page

URL = "https://baolangson.vn/thu-ngan-sach-1.html"


def page(title, text, html):
    doc = Extracted(title=title, author=None, published="2026-11-20T08:00:00+07:00", modified=None,
                    description=None, sitename=None, text=text, canonical_url=URL, language="vi")
    return Page(url=URL, source="baolangson", http_status=200, body=html.encode(), doc=doc, relevant=True)


TEXTS = ["Thu ngân sách đạt 6.230 tỷ đồng.\nTăng 12,4% so với cùng kỳ.",
         "Thu ngân sách đạt 6.315 tỷ đồng.\nTăng 12,4% so với cùng kỳ.",
         "Thu ngân sách đạt 6.230 tỷ đồng.\nTăng 12,4% so với cùng kỳ.",  # back to version 1
         "",
         "\n\nDòng trống ở đầu, ở giữa\n\nvà ở cuối\n",
         "Một đoạn"]


def test_versions_round_trip_and_share_paragraphs(tmp_path):
    db = open_db(tmp_path / "n.db")
    for n, text in enumerate(TEXTS):
        record_page(db, page(f"Lạng Sơn {n % 2}", text, f"<p>{n}</p>"), article_url=URL)
    rows = list(db.query("select version, title, text, reverted_to from snapshots order by version"))
    assert [r["text"] for r in rows] == TEXTS
    assert [r["title"] for r in rows] == [f"Lạng Sơn {n % 2}" for n in range(len(TEXTS))]
    assert rows[2]["reverted_to"] == 1
    stored = db.execute("select count(*) from paragraphs where kind = 0").fetchone()[0]
    assert stored == len({line for text in TEXTS for line in text.split("\n")})


def test_words_in_different_paragraphs_still_find_the_version(tmp_path):
    db = open_db(tmp_path / "n.db")
    record_page(db, page("Kinh tế", "Thu ngân sách tăng.\nỞ Đồng Đăng, cửa khẩu đông.", "<p>1</p>"), article_url=URL)
    [hit] = search(db, "ngan sach dong dang")
    assert hit["version"] == 1 and "[Đồng] [Đăng]" in hit["snippet"]
    [hit] = search(db, "kinh te cua khau")  # a title word and a text word
    assert hit["title_ranges"] == [(0, 4), (5, 7)]
    assert search(db, "ngan sach hanoi") == []


def fts_ok(db) -> bool:
    """FTS5's own check that the index matches its content (raises when it does not)."""
    db.execute("insert into paragraphs_fts (paragraphs_fts, rank) values ('integrity-check', 1)")
    return True


def test_a_crawl_indexes_paragraphs_in_batches(tmp_path):
    db = open_db(tmp_path / "n.db")
    record_page(db, page("Kinh tế", "Cửa khẩu Hữu Nghị thông quan.", "<p>1</p>"), article_url=URL,
                index_search=False)
    assert search(db, "huu nghi") == []  # waiting, as in a crawl between two batches
    with db.atomic():
        assert index_pending(db) == 2  # the title and the paragraph
    [hit] = search(db, "huu nghi")
    assert hit["version"] == 1 and fts_ok(db)
    assert index_pending(db) == 0


def test_a_paragraph_deleted_before_it_is_indexed_keeps_the_index_sound(tmp_path):
    db = open_db(tmp_path / "n.db")
    record_page(db, page("Kinh tế", "Thu ngân sách tăng.", "<p>1</p>"), article_url=URL)
    other = "https://baolangson.vn/du-lich-2.html"
    waiting = page("Du lịch", "Khách du lịch đến Mẫu Sơn.", "<p>2</p>")
    waiting.url = other
    record_page(db, waiting, article_url=other, index_search=False)
    gone = "(select id from paragraphs where text like 'Khách%')"
    with db.atomic():
        db.execute(f"delete from article_paragraphs where paragraph_id in {gone}")
        db.execute(f"delete from paragraphs where id in {gone}")
        index_pending(db)
    assert fts_ok(db)  # the index holds exactly the stored paragraphs
    assert [h["title"] for h in search(db, "ngan sach")] == ["Kinh tế"]
    assert search(db, "mau son") == [] and len(search(db, "du lich")) == 1
