"""Texts stored as distinct paragraphs, read back exactly through the ``snapshots`` view."""

from crawler.extraction import Extracted
from db.search import search
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
