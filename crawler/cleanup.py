"""Page-chrome removal around trafilatura: tree pruning before, line filtering after.

Everything site-specific is data: class/id tokens of page furniture, the few
Vietnamese boilerplate lines every CMS prints, the rules that tell a data table
from a layout table. The rules are general on purpose (the extractor meets
templates nobody has seen); a rule for one site goes in :data:`SITE_PRUNE`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.dates import find_dates
from crawler.text import fold, nfc

# --- tree pruning ------------------------------------------------------------------

#: Tags that never hold article text.
PRUNE_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "nav", "aside", "footer", "figcaption",
}

#: Ancestors that make a ``<time>`` part of a sentence rather than a date line.
_PROSE = {"p", "li", "td", "blockquote", "h2", "h3", "h4"}

#: Landmark roles of page furniture (WAI-ARIA).
PRUNE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}

#: A class or id token equal to one of these marks page furniture.
PRUNE_EXACT_TOKENS = {
    "header", "site-header", "top-header", "header-top", "header__top", "topbar", "top-bar",
    "site-topbar", "footer", "site-footer", "menu", "main-menu", "navbar", "nav", "path",
    "visually-hidden", "sr-only", "skip-link", "tool", "tools", "other", "attach",
    "today", "date-now", "time-now", "current-date", "clock", "print", "views", "hits", "view-count",
    "widget", "widgets", "widget-area",
}

#: A class or id token containing one of these words (between ``-``/``_`` or at an end)
#: marks page furniture: related lists, share bars, ratings, ad slots, counters ...
#: Words that also name content wrappers ("print-area", "views-field-body",
#: "elementor-widget-theme-post-content") are only matched exactly, above.
PRUNE_TOKEN_WORDS = (
    "related", "concern", "lien-quan", "tin-khac", "xem-them", "share", "social", "breadcrumbs?",
    "rating", "vote", "comments?", "tags?", "keywords?", "trending", "most-?read", "most-?view",
    "mostview", "xem-nhieu", "doc-nhieu", "popular", "sidebar", "ads?", "adv", "advert\\w*",
    "sda", "quang-cao", "banner", "slogan", "toolbar", "counter", "luot-xem",
    "news-other", "accessibility", "subscribe", "newsletter", "author",
    "source", "byline", "meta", "cate", "category",
)
_PRUNE_TOKEN_RE = re.compile(r"(?:^|[-_])(?:%s)(?:$|[-_])" % "|".join(PRUNE_TOKEN_WORDS), re.IGNORECASE)

#: Extra XPath prunes for one host, when no general rule fits (keep this short).
SITE_PRUNE: dict[str, list[str]] = {}

#: An element holding this share of the page's text is a container, never chrome.
MAX_PRUNE_SHARE = 0.5


def is_chrome(element: HtmlElement) -> bool:
    """Whether an element is page furniture by tag, landmark role or class/id token."""
    if element.tag in PRUNE_TAGS:
        return True
    if element.get("role") in PRUNE_ROLES or element.get("hidden") is not None:
        return True
    if element.tag == "header" and not _inside(element, "article"):
        return True
    if element.tag == "time" and not any(a.tag in _PROSE for a in element.iterancestors()):
        return True  # a date line, already read as metadata; a <time> inside a sentence stays
    return _chrome_tokens(element.get("class")) or _chrome_tokens(element.get("id"))


@lru_cache(maxsize=4096)
def _chrome_tokens(value: str | None) -> bool:
    """Whether a class or id value names furniture; pages repeat a few values many times."""
    if not value:
        return False
    return any(t.lower() in PRUNE_EXACT_TOKENS or _PRUNE_TOKEN_RE.search(t) for t in value.split())


def prune_chrome(tree: HtmlElement, keep: HtmlElement | None, url: str | None) -> None:
    """Remove page furniture in place; never ``keep``'s ancestors nor big containers.

    ``keep`` is the title element: a class like ``has-sidebar`` on a wrapper must not
    take the article with it.
    """
    protected = set(keep.iterancestors()) if keep is not None else set()
    limit = MAX_PRUNE_SHARE * (len(tree.text_content()) or 1)
    doomed = []
    walker = etree.iterwalk(tree, events=("start",))
    for _, element in walker:  # top down: what is inside furniture goes with it, unvisited
        if not isinstance(element.tag, str) or element in protected or not is_chrome(element):
            continue
        if element.tag in PRUNE_TAGS or len(element.text_content()) <= limit:
            doomed.append(element)
            walker.skip_subtree()
    for xpath in SITE_PRUNE.get(_host(url), []):
        doomed.extend(tree.xpath(xpath))
    removed: set[HtmlElement] = set()
    for element in doomed:
        if any(ancestor in removed for ancestor in element.iterancestors()):
            continue  # already gone with an ancestor (a site rule's match)
        drop(element)
        removed.add(element)


def drop(element: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _inside(element: HtmlElement, tag: str) -> bool:
    return any(a.tag == tag for a in element.iterancestors())


def _host(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return host[4:] if host.startswith("www.") else host


#: Headings of link boxes ("Tin cùng chuyên mục", "Liên kết website" ...): a block that
#: starts with one and is mostly links (or short) is a box of links, whatever its markup.
BOX_HEADINGS = re.compile(
    r"^\s*((Tin|Bài|Các tin|Các bài|Những tin|Những bài) (liên quan|cùng chuyên mục|khác|mới hơn|cũ hơn|"
    r"đã đưa|đọc nhiều|xem nhiều|nổi bật|mới nhất|mới)|Đọc nhiều|Xem nhiều|Xem thêm|Liên kết website|"
    r"Thống kê truy cập|Chuyên mục|Có thể bạn quan tâm|Tiêu điểm|Thời tiết|Liên kết)\b",
    re.IGNORECASE,
)
MAX_BOX_TEXT = 300
MIN_BOX_LINK_SHARE = 0.5


def prune_link_boxes(tree: HtmlElement, keep: HtmlElement | None) -> None:
    """Drop blocks led by a related/most-read heading that are mostly links or short."""
    protected = set(keep.iterancestors()) if keep is not None else set()
    for element in list(tree.iter("table", "div", "section", "ul", "ol", "td")):
        if element in protected or element.getparent() is None:
            continue
        if not BOX_HEADINGS.match(_leading_text(element)):
            continue  # cheap test first: whole-subtree text for every div would be quadratic
        text = " ".join(" ".join(element.itertext()).split())
        links = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        if len(text) <= MAX_BOX_TEXT or links / len(text) >= MIN_BOX_LINK_SHARE:
            drop(element)


def _leading_text(element: HtmlElement, size: int = 40) -> str:
    """The first ``size``-odd characters of an element's text, words separated by spaces."""
    pieces: list[str] = []
    length = 0
    for chunk in element.itertext():
        chunk = " ".join(chunk.split())
        if chunk:
            pieces.append(chunk)
            length += len(chunk) + 1
            if length >= size:
                break
    return " ".join(pieces)


# --- layout tables ---------------------------------------------------------------------

_NUMBER = re.compile(r"^[\s(]*[-+–]?[\d.,]*\d[\d.,]*\s*%?[\s)]*$")
#: Share of non-empty cells that must be numbers for a table to count as data.
MIN_NUMERIC_SHARE = 0.2
#: A cell longer than this is a page region, not a datum.
MAX_DATA_CELL = 250
_TABLE_PARTS = {"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"}


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn layout tables into plain ``div``s so trafilatura sees blocks, not one big row.

    Innermost tables first, so an outer table is judged after its inner ones are gone.
    Data tables (statistics) are left alone and come out as " | " rows.
    """
    for table in reversed(list(tree.iter("table"))):
        if not is_data_table(table):
            for part in table.iter(*_TABLE_PARTS):
                part.tag = "div"
                for attribute in ("width", "cellpadding", "cellspacing", "border", "align", "valign"):
                    part.attrib.pop(attribute, None)


def is_data_table(table: HtmlElement) -> bool:
    """A table of values: several rows and columns, short cells, many numbers."""
    if table.find(".//table") is not None:
        return False
    rows = [row for row in table.iter("tr")]
    cells = [[_cell_text(c) for c in row if c.tag in ("td", "th")] for row in rows]
    if len(rows) < 2 or max((len(r) for r in cells), default=0) < 2:
        return False
    flat = [c for row in cells for c in row if c]
    if not flat or max(len(c) for c in flat) > MAX_DATA_CELL:
        return False
    numeric = sum(1 for c in flat if _NUMBER.match(c))
    if numeric / len(flat) >= MIN_NUMERIC_SHARE:
        return True
    links = len(table.findall(".//a"))
    return table.find(".//th") is not None and links < len(flat) / 4


def _cell_text(cell: HtmlElement) -> str:
    return " ".join(cell.text_content().split())


# --- line filtering --------------------------------------------------------------------

#: Lines that are chrome whatever the template. Matched (case-insensitive) against
#: whole NFC lines no longer than :data:`MAX_BOILERPLATE_LINE`.
BOILERPLATE_LINES = [re.compile(p, re.IGNORECASE) for p in (
    r"^A-\s*A\s*A\+",                                    # font-size switcher
    r"\b(Tăng|Giảm) tương phản\b",                       # accessibility bar
    r"^Tổng số điểm của bài viết",                       # rating widget
    r"^Click để đánh giá",
    r"^(Skip to (main )?content|Nhảy đến nội dung|Bỏ qua nội dung|Chuyển đến nội dung)",
    r"^(Lượt xem|Lượt đọc|Số lượt xem|Đã xem|Lượt truy cập|Đang truy cập|Tổng lượt truy cập"
    r"|Hôm nay|Trực tuyến)\s*:?\s*[\d.,]*$",
    r"^[\d.,]+\s+lượt (xem|đọc|thích)$",
    r"^(Tin|Bài|Các tin|Các bài|Những tin) (liên quan|cùng chuyên mục|khác|mới hơn|cũ hơn|đã đưa|"
    r"đọc nhiều|xem nhiều|nổi bật|mới nhất)\b",
    r"^(Đọc nhiều|Xem nhiều)( nhất)?\b",
    r"^Xem thêm\b",
    r"^(Chia sẻ|Share|In bài|In ra|Bản in|Gửi email|Gửi bài|Về đầu trang|Sao chép link|"
    r"Bình luận|Quảng cáo|Facebook|Zalo|Twitter|Tweet|Bookmark|Lưu)(\s*\(\d+\))?$",
    r"^(Từ khóa|Từ khoá|Tags?|Chủ đề)\s*:",
    r"^(Cơ quan chủ quản|Chịu trách nhiệm|Tổng Biên tập|Phó Tổng Biên tập|Giấy phép|Ghi rõ nguồn|"
    r"Địa chỉ|Điện thoại|Email|Fax|Hotline)\b",
    r"(©|\(c\) ?\d{4}|Bản quyền thuộc|Bản quyền ©|Copyright)",
    r"^Trang chủ\s*([>»/›|]|$)",
    r"^(Thống kê truy cập|Liên kết website|Chuyên mục)$",
    r"^\[[^\[\]]{10,200}\]$",  # an inline related-story link: "[Lạng Sơn: Lượt xe …]"
)]
MAX_BOILERPLATE_LINE = 300
# All of them in one pattern: one scan per line instead of eighteen.
_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE_LINES), re.IGNORECASE)

_WEEKDAY_OR_LABEL = re.compile(
    r"(thứ\s+(hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật|(ngày )?cập nhật|ngày đăng|đăng ngày|đăng lúc"
    r"|ngày|lúc|gmt|posted|published|updated"
    r"|\(.{0,6}\)|[\s,|:/()+\-–—])",
    re.IGNORECASE,
)


def is_boilerplate(line: str) -> bool:
    """Whether a text line is page chrome: a known boilerplate line, a bare date, or a
    meta line whose ``|``-separated parts are all chrome ("Đăng ngày: 05/03/2024 | Lượt xem: 321")."""
    if _is_chrome_part(line):
        return True
    parts = [p.strip() for p in line.split("|")]
    return len(parts) > 1 and len(line) <= 120 and all(not p or _is_chrome_part(p) for p in parts)


def _is_chrome_part(line: str) -> bool:
    if len(line) <= MAX_BOILERPLATE_LINE and _BOILERPLATE.search(line):
        return True
    return is_date_line(line)


def is_date_line(line: str) -> bool:
    """A line that is only a date with a weekday or label ("Thứ Hai, 15/07/2024 09:12")."""
    if len(line) > 80:
        return False
    dates = find_dates(line)
    if not dates:
        return False
    rest = line
    for match in reversed(dates):
        rest = rest[: match.start] + " " + rest[match.end :]
    return not _WEEKDAY_OR_LABEL.sub("", rest).strip()


def clean_lines(lines: list[str], title: str | None, lead: str | None) -> list[str]:
    """NFC, drop chrome lines, the repeated title and the lead (it is added back first)."""
    skip = {fold(t) for t in (title, lead) if t}
    lengths = {len(t) for t in (nfc(title or ""), nfc(lead or "")) if t}
    kept: list[str] = []
    for raw in lines:
        line = nfc(raw)
        if not line or (len(line) in lengths and fold(line) in skip) or is_boilerplate(line):
            continue
        kept.append(line)
    return kept
