"""Main text and metadata extraction (crawler.extraction) on one fixture page per layout.

Each ``tests/fixtures/layouts/<layout>.html`` has a ``<layout>.json`` beside it with the
exact title/published/author/canonical_url/language, the first text line, key sentences
that must be present and chrome that must be absent (trafilatura's realworld_tests style).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from crawler.extraction import Extracted, extract_article

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
NAMES = sorted(p.stem for p in LAYOUTS.glob("*.html"))

#: Chrome-only edits per layout: (old, new) replacements that must not change title+text.
CHROME_EDITS: dict[str, list[tuple[str, str]]] = {
    "baotintuc": [("Thứ Sáu, 17/07/2026", "Thứ Bảy, 18/07/2026"),
                  ("Giá vàng hôm nay tăng mạnh", "Giá USD hôm nay giảm")],
    "mcms_nhandan": [("Thứ Ba, ngày 21/07/2026", "Thứ Tư, ngày 22/07/2026"),
                     ("Giá xăng dầu giảm nhẹ từ 15 giờ hôm nay", "Bắc Bộ mưa lớn diện rộng")],
    "mcms_vietnamplus": [("21/07/2026 10:45", "22/07/2026 08:00"), ("Tin một", "Một tin rất khác hôm nay")],
    "bnews": [("Lượt xem: 1.234", "Lượt xem: 98.765")],
    "baolangson": [("Thứ hai,  04/12/2023", "Thứ ba,  05/12/2023"), ("18°C - 24°C", "12°C - 15°C")],
    "langson_portal": [("Lượt xem: 12.345.678", "Lượt xem: 12.399.001"), ("Đang truy cập: 125", "Đang truy cập: 4"),
                       ("Thứ Ba, 16/07/2024", "Thứ Tư, 17/07/2024")],
    "drupal_sokhdt": [("Lượt truy cập: 2.456.789", "Lượt truy cập: 2.500.000"),
                      ("Thông báo tuyển dụng viên chức năm 2025", "Lịch tiếp công dân tháng 3")],
    "cucthongke_report": [("Thứ năm - 28/11/2024 10:02", "Thứ sáu - 29/11/2024 07:45"),
                          ("Đã xem: 1.523", "Đã xem: 2.001"),
                          ("Hôm nay: 345", "Hôm nay: 1.002")],
    "district_br_body": [("Lượt xem: 321", "Lượt xem: 4.567")],
    "generic_entry": [("1.024 lượt xem", "5.310 lượt xem"), ("Bình luận (3)", "Bình luận (12)")],
}
#: Chrome added to every page: an ad and a most-read box (what changes between two fetches).
EXTRA_CHROME = (
    '<div class="adv-top"><a href="https://ads.example.vn"><img src="/a.gif" alt="Quảng cáo"></a></div>'
    '<div class="box-most-read"><h3>Tin đọc nhiều</h3><ul><li><a href="/n1.html">Một tin mới xuất hiện trong ngày'
    ' ở hộp bên phải trang</a></li><li><a href="/n2.html">Tin thứ hai của hộp đọc nhiều</a></li></ul></div>'
)


def load(name: str) -> tuple[str, dict]:
    html = (LAYOUTS / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((LAYOUTS / f"{name}.json").read_text(encoding="utf-8"))
    return html, expected


@pytest.fixture(scope="module", params=NAMES)
def case(request: pytest.FixtureRequest) -> tuple[str, dict, Extracted]:
    html, expected = load(request.param)
    doc = extract_article(html, expected["url"])
    assert doc is not None, request.param
    return request.param, expected, doc


def test_every_layout_has_expectations() -> None:
    assert len(NAMES) >= 9
    for name in NAMES:
        assert (LAYOUTS / f"{name}.json").exists(), name
        assert name in CHROME_EDITS, name


def test_metadata(case: tuple[str, dict, Extracted]) -> None:
    _name, expected, doc = case
    for field in ("title", "published", "author", "canonical_url", "language"):
        assert getattr(doc, field) == expected[field], field


def test_key_sentences_present(case: tuple[str, dict, Extracted]) -> None:
    _name, expected, doc = case
    assert doc.text.split("\n", 1)[0] == expected["first_line"]
    for sentence in expected["present"]:
        assert sentence in doc.text


def test_chrome_absent(case: tuple[str, dict, Extracted]) -> None:
    _name, expected, doc = case
    for chrome in expected["absent"]:
        assert chrome not in doc.text, chrome


def test_text_shape(case: tuple[str, dict, Extracted]) -> None:
    _name, _expected, doc = case
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\n\n" not in doc.text and doc.text == doc.text.strip()
    assert not re.search(r"&[a-z]+;|&#\d+;", doc.text), "undecoded entity"
    assert doc.text.split("\n", 1)[0] != doc.title, "title repeated as first line"
    assert doc.published is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", doc.published)


@pytest.mark.parametrize("name", NAMES)
def test_chrome_changes_keep_title_and_text(name: str) -> None:
    html, expected = load(name)
    changed = html
    for old, new in CHROME_EDITS[name]:
        assert old in changed, old
        changed = changed.replace(old, new)
    changed = re.sub(r"(<body[^>]*>)", r"\1" + EXTRA_CHROME, changed, count=1)
    before, after = extract_article(html, expected["url"]), extract_article(changed, expected["url"])
    assert before is not None and after is not None
    assert (after.title, after.text) == (before.title, before.text)
    assert after.published == before.published


@pytest.mark.parametrize("name", NAMES)
def test_deterministic(name: str) -> None:
    html, expected = load(name)
    assert extract_article(html, expected["url"]) == extract_article(html, expected["url"])


def test_named_entities_are_decoded() -> None:
    html, expected = load("baotintuc")
    doc = extract_article(html, expected["url"])
    assert doc is not None
    assert "Ông Hoàng Văn Nghị, Phó Trưởng ban" in doc.text      # &Ocirc; &agrave; &#7883;
    assert "Đồng Đăng – Lạng Sơn" in doc.text                   # &ndash;


def test_nfd_input_gives_nfc_output() -> None:
    html, expected = load("generic_entry")
    nfd = unicodedata.normalize("NFD", html)
    assert nfd != html
    doc, reference = extract_article(nfd, expected["url"]), extract_article(html, expected["url"])
    assert doc is not None and reference is not None
    assert unicodedata.is_normalized("NFC", doc.text) and unicodedata.is_normalized("NFC", doc.title)
    assert (doc.title, doc.text, doc.author) == (reference.title, reference.text, reference.author)


@pytest.mark.parametrize("garbage", [
    "", "   \n ", "not html at all", "<html></html>", "<html><body></body></html>",
    "<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>",
    "\x00\xff\xfe garbage \x01", "<<<>>>&&&", "{\"json\": true}",
])
def test_garbage_returns_none(garbage: str) -> None:
    assert extract_article(garbage, "https://example.vn/x.html") is None


def test_canonical_is_made_absolute() -> None:
    html, _expected = load("bnews")
    doc = extract_article(html, "https://bnews.vn/some/other/path.html")
    assert doc is not None
    assert doc.canonical_url == (
        "https://bnews.vn/so-nganh-nao-o-lang-son-co-nang-luc-canh-tranh-ddci-thap-nhat/226713.html"
    )


def test_header_clock_is_not_the_article_date() -> None:
    # baolangson prints today's date in the header; without an article date the
    # extractor must not fall back to that clock.
    html, expected = load("baolangson")
    html = html.replace('<div class="info">Cập nhật: 11/04/2023 07:15</div>', "")
    doc = extract_article(html, expected["url"])
    assert doc is not None
    assert doc.published is None or not doc.published.startswith("2023-12-04")


def test_teasers_of_other_stories_are_not_the_lead() -> None:
    html, expected = load("baotintuc")
    teaser = '<p class="sapo">Đoạn tóm tắt của tin nổi bật ở đầu trang, thuộc về một bài viết khác hoàn toàn.</p>'
    related = ('<div class="related-news"><p class="sapo">Đây là đoạn tóm tắt của một bài khác trong hộp'
               ' tin liên quan, không phải bài này.</p></div>')
    changed = html.replace('<div class="main">', f'<div class="main"><div class="top-stories">{teaser}</div>')
    changed = changed.replace('<div class="right-col">', f'<div class="right-col">{related}')
    before, after = extract_article(html, expected["url"]), extract_article(changed, expected["url"])
    assert before is not None and after is not None
    assert after.text == before.text


def test_xml_declaration_and_bytes_are_accepted() -> None:
    html, expected = load("generic_entry")
    reference = extract_article(html, expected["url"])
    xml_html = '<?xml version="1.0" encoding="utf-8"?>\n' + html.replace("<!DOCTYPE html>", "")
    declared = extract_article(xml_html, expected["url"])
    as_bytes = extract_article(html.encode("utf-8"), expected["url"])  # type: ignore[arg-type]
    assert reference is not None and declared is not None and as_bytes is not None
    assert declared.text == reference.text == as_bytes.text


def test_site_header_time_loses_to_the_article_header_time() -> None:
    html = """<html lang="vi"><head><title>Đồng Đăng mở rộng ga liên vận quốc tế</title></head><body>
    <header class="site"><time datetime="2019-08-23T09:25:27+07:00">Thứ Sáu, 23/08/2019</time></header>
    <article><header class="entry-header"><h1>Đồng Đăng mở rộng ga liên vận quốc tế</h1>
    <time datetime="2025-03-02T08:00:00+07:00">02/03/2025</time></header>
    <div class="entry"><p>Ga liên vận quốc tế Đồng Đăng sẽ được mở rộng thêm 4 đường ray, nâng năng lực xếp dỡ
    hàng hóa lên 1,5 triệu tấn mỗi năm vào năm 2027.</p></div></article></body></html>"""
    doc = extract_article(html, "https://example.vn/dong-dang.html")
    assert doc is not None
    assert doc.published == "2025-03-02T08:00:00+07:00"
    assert doc.text.startswith("Ga liên vận quốc tế Đồng Đăng sẽ được mở rộng thêm 4 đường ray")


XHTML = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
         '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">')


@pytest.mark.parametrize("name", NAMES)
def test_utf8_bytes_extract_as_the_text_does(name: str) -> None:
    """The crawl's fast path (UTF-8 bytes straight to libxml2) changes nothing extracted."""
    html, expected = load(name)
    variants = [html, XHTML + "\n" + html.split(">", 1)[1] if html.lstrip().lower().startswith("<!doctype")
                else XHTML + "\n" + html]
    for text in variants:
        assert extract_article(None, expected["url"], utf8=text.encode()) == extract_article(text, expected["url"])


@pytest.mark.parametrize("oddity", ["\x01", "\ufffe", "\ufeff"])
def test_utf8_bytes_with_what_libxml2_chokes_on_go_the_text_way(oddity: str) -> None:
    html, expected = load("baotintuc")
    odd = (oddity + html) if oddity == "\ufeff" else html.replace("</h1>", f"{oddity}</h1>", 1)
    doc = extract_article(None, expected["url"], utf8=odd.encode())
    assert doc is not None and doc == extract_article(odd.lstrip("\ufeff"), expected["url"])
    assert oddity not in doc.title


def test_garbage_bytes_return_none() -> None:
    for garbage in (b"not html at all", b"<html></html>", b"<<<>>>&&&", b'{"json": true}'):
        assert extract_article(None, "https://example.vn/x.html", utf8=garbage) is None
