"""Article extraction: title, text and metadata from one HTML page.

One lxml parse, metadata read from that tree, chrome pruned from it (see
:mod:`crawler.cleanup`), then one trafilatura call on the pruned tree for the main
text. The text is rebuilt from trafilatura's XML body so that paragraphs, headings,
list items and table rows come out one per line, tables as ``cell | cell``.

Same article, different chrome (view counter, sidebar, header clock) -> same
title and text: change detection hashes those two fields.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from crawler import cleanup
from crawler.article import Extracted
from crawler.dates import find_dates, parse_iso, to_iso
from crawler.text import fold, nfc

with warnings.catch_warnings():
    # trafilatura imports urllib3's SOCKS support, which warns when PySocks is missing;
    # we never download through trafilatura, and under -W error the warning would be fatal.
    from urllib3.exceptions import DependencyWarning

    warnings.simplefilter("ignore", DependencyWarning)
    import trafilatura

LOGGER = logging.getLogger(__name__)


#: Meta tags read for each field, best first (``property`` or ``name`` or ``itemprop``).
META_KEYS = {
    "published": ["article:published_time", "datepublished", "og:published_time", "pubdate",
                  "publishdate", "dc.date.issued"],
    "modified": ["article:modified_time", "datemodified", "og:updated_time", "lastmod"],
    "title": ["og:title", "twitter:title"],
    "description": ["og:description", "description", "twitter:description"],
    "sitename": ["og:site_name", "application-name"],
    "author": ["author", "article:author", "dc.creator"],
    "url": ["og:url"],
    "locale": ["og:locale", "content-language", "language"],
}

#: Class tokens of the lead paragraph ("sapo") that most Vietnamese CMSs print under the title.
LEAD_TOKENS = {"cms-desc", "lead", "article-lead", "article__lead", "summary", "article-summary",
               "article__summary", "entry-summary", "post-summary", "chapeau", "description",
               "tomtat", "mota"}
LEAD_LENGTH = (40, 1200)

#: Labels that introduce an author name in the page text.
AUTHOR_LABEL = re.compile(r"^(Tác giả( bài viết)?|Bài( và ảnh)?|Bài, ảnh|Người viết|Theo)\s*:?\s*",
                          re.IGNORECASE)
AUTHOR_MAX = 80
#: How far (in characters of page text) a date may sit from the title.
DATE_WINDOW_AFTER = 600
DATE_WINDOW_BEFORE = 300
#: Subtrees whose dates are site clocks, never article dates.
_CLOCK_TAGS = {"header", "nav", "script", "style", "noscript", "template"}

# Attribute steps, not `//*[predicate]`: libxml2 then tests attributes, not every element
# (a third of the metadata's cost on a page of 1,300 elements).
_AUTHOR_ELEMENTS = etree.XPath('//@class[contains(., "author") or contains(., "byline")]/.. | '
                               '//@itemprop[. = "author"]/.. | //@rel[. = "author"]/..')
_TITLED = etree.XPath('//body//@class[contains(., "title")]/..')
_SPACE = re.compile(r"\s+")
_GLUED_AGENCY = re.compile(r"^(.*[^\W\d_])([A-ZĐ]{2,}[A-ZĐ/+\w]*)$")


def extract_article(html: str | None, url: str, *, utf8: bytes | None = None) -> Extracted | None:
    """Extract an article from ``html``; None when no text is found (logged at DEBUG).

    ``utf8``: the page as bytes that are valid UTF-8, read by libxml2 directly (see
    :func:`_parse_utf8`); ``html`` may then be None.
    """
    tree = _parse_utf8(utf8) if utf8 else None
    if tree is None:
        tree = _parse(html if html is not None or utf8 is None else utf8.decode("utf-8"))
    if tree is None:
        LOGGER.debug("unparsable HTML: %s", url)
        return None
    meta = _read_meta(tree)
    ld = _read_json_ld(tree)
    title_el, title = _find_title(tree, meta, ld)
    published = _published(tree, meta, ld, title_el)
    modified = _first_date(meta.get("modified"), ld.get("dateModified"))
    author = _author(tree, meta, ld)
    lead = _take_lead(tree, title_el)
    text = _main_text(tree, url, title_el, title, lead)
    if not text:
        LOGGER.debug("no main text: %s", url)
        return None
    if author is None:
        author = _byline_from_text(text) or _right_aligned_byline(tree)
    if published is None:
        published = _htmldate_fallback(tree)
    return Extracted(
        title=title,
        author=author,
        published=to_iso(published),
        modified=to_iso(modified),
        description=_clean(_first(meta.get("description"))) or lead,
        sitename=_clean(_first(meta.get("sitename"))),
        text=text,
        canonical_url=_canonical(tree, meta, url),
        language=_language(tree, meta) or _guess_language(text),
    )


# --- parsing and metadata -------------------------------------------------------------

def _parse(html: str | bytes | None) -> HtmlElement | None:
    """Parse once; None for empty or non-HTML input (never raises)."""
    if not html or (isinstance(html, str) and not html.strip()):
        return None
    try:
        tree = trafilatura.load_html(html)
    except Exception as exc:  # lxml and the decoder raise a zoo of errors on garbage
        LOGGER.debug("parse error: %s", exc)
        return None
    if tree is None or tree.find(".//body") is None:
        return None
    return tree


# What trafilatura.load_html does to a page, for one given as valid UTF-8 bytes, at less
# cost: libxml2 reads the bytes as they are (a str is converted to UTF-8 first); the control
# characters it chokes on are looked for by bytes.translate, not by a regex over every
# character (a quarter of the parse); and elements get their class from a C lookup, not
# lxml.html's Python one, which lxml calls for every element Python touches (nothing here
# uses lxml.html's form classes). Anything unusual goes the trafilatura way instead.
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))
_CONTROL = bytes([*range(9), 11, 12, *range(14, 32)])  # trafilatura's INVALID_XML_CHARS
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF: the rest of them
_XHTML_DOCTYPE = re.compile(rb"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)  # lxml bug 1955915


def _parse_utf8(body: bytes) -> HtmlElement | None:
    """The tree of a page given as valid UTF-8; None to parse it as text instead."""
    if (len(body.translate(None, _CONTROL)) != len(body) or any(c in body for c in _NONCHARACTERS)
            or body.startswith(b"\xef\xbb\xbf")):
        return None
    if any(b"<html" in line and line.endswith(b"/>") for line in body[:4096].splitlines()[:4]):
        return None  # a self-closing <html/>: trafilatura repairs it
    beginning = body[:50].lower()
    if b"doctype" in beginning:
        first, _, rest = body.partition(b"\n")
        body = _XHTML_DOCTYPE.sub(b"", first, count=1) + b"\n" + rest
    try:
        tree = lxml.html.fromstring(body, parser=_PARSER)
    except Exception:  # lxml raises a zoo of errors on garbage: let the text path say so
        return None
    if len(tree) < (1 if b"html" in beginning else 2) or tree.find(".//body") is None:
        return None
    return tree


def _read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    """Meta tag contents by field name (see :data:`META_KEYS`), in key order."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    return {field: [found[k] for k in keys if k in found] for field, keys in META_KEYS.items()}


def _read_json_ld(tree: HtmlElement) -> dict[str, object]:
    """The first article-like JSON-LD object (``@graph`` and lists flattened)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _ld_items(data):
            if "datePublished" in item or "headline" in item:
                return item
    return {}


def _ld_items(data: object) -> list[dict]:
    if isinstance(data, list):
        return [i for d in data for i in _ld_items(d)]
    if isinstance(data, dict):
        return [data] + _ld_items(data.get("@graph", []))
    return []


def _find_title(tree: HtmlElement, meta: dict, ld: dict) -> tuple[HtmlElement | None, str | None]:
    """The headline element and its text; the element is later removed from the body.

    An ``h1`` (or an element with "title" in its class) whose text the page's own
    title hints (og:title, <title>, JSON-LD headline) contain wins; sites put their
    logo in an ``h1`` too.
    """
    head_title = tree.findtext(".//title") or ""
    hints = [fold(_clean(h) or "") for h in [*meta["title"], ld.get("headline"), head_title] if h]
    h1s = [(h, t) for h in tree.iter("h1") if len(t := _text(h)) >= 8]
    titled = [(e, t) for e in _TITLED(tree) if len(t := _text(e)) >= 8]
    # the longest candidate the hints contain: a logo h1 ("UBND HUYỆN X") is also in <title>
    matching = [(e, t) for e, t in h1s + titled if any(fold(t) in hint for hint in hints)]
    if matching:
        return max(matching, key=lambda pair: len(pair[1]))
    if h1s:
        return h1s[0]
    fallback = _first(meta["title"]) or ld.get("headline") or _strip_site_name(head_title)
    return None, _clean(fallback if isinstance(fallback, str) else None)


def _strip_site_name(title: str) -> str:
    """``Báo Lạng Sơn - Tin X`` -> ``Tin X``: keep the longest part around a separator."""
    parts = re.split(r"\s+(?:\||-|–|::|»)\s+", title)
    return max(parts, key=len) if parts else title


def _canonical(tree: HtmlElement, meta: dict, url: str) -> str | None:
    """Absolute canonical URL: link rel=canonical, then og:url."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, link.get("href").strip())
    og_url = _first(meta["url"])
    return urljoin(url, og_url) if og_url else None


def _language(tree: HtmlElement, meta: dict) -> str | None:
    """Primary language subtag from html@lang or meta (``vi-VN`` -> ``vi``)."""
    raw = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or _first(meta["locale"])
    if not raw:
        return None
    return re.split(r"[-_]", raw.strip())[0].lower() or None


# --- dates ---------------------------------------------------------------------------------

def _published(tree: HtmlElement, meta: dict, ld: dict, title_el: HtmlElement | None) -> datetime | None:
    """Meta tag, then JSON-LD, then ``time[datetime]``, then a Vietnamese date near the title."""
    found = _first_date(meta.get("published"), ld.get("datePublished"))
    if found:
        return found
    for element in tree.xpath("//time[@datetime]"):
        if not _in_clock(element, title_el):
            value = parse_iso(element.get("datetime"))
            if value:
                return value
    return _date_near_title(tree, title_el)


def _first_date(*candidates: object) -> datetime | None:
    for candidate in candidates:
        for value in candidate if isinstance(candidate, list) else [candidate]:
            if isinstance(value, str):
                parsed = parse_iso(value)
                if parsed:
                    return parsed
    return None


def _in_clock(element: HtmlElement, title_el: HtmlElement | None = None) -> bool:
    """Inside a site header or clock (baolangson's header shows today's date).

    A ``<header>`` that holds the headline is the article's own header, not the site's.
    """
    keep = _ancestors(title_el)
    return any(_is_clock(a) for a in element.iterancestors() if a not in keep)


def _is_clock(element: HtmlElement) -> bool:
    if element.tag in _CLOCK_TAGS or element.get("role") in ("banner", "navigation"):
        return True
    tokens = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return any(t in cleanup.PRUNE_EXACT_TOKENS for t in tokens)


def _date_near_title(tree: HtmlElement, title_el: HtmlElement | None) -> datetime | None:
    """A date printed next to the headline, skipping headers and clocks.

    Prefers the first dated time after the title, then the nearest before it, then a
    bare date after it: the byline or date line sits right by the headline, the
    header clock sits above the menu.
    """
    text, start, end = _text_stream(tree, title_el)
    if start is None:
        return None
    after = find_dates(text[end : end + DATE_WINDOW_AFTER])
    before = find_dates(text[max(0, start - DATE_WINDOW_BEFORE) : start])
    for choice in ([d for d in after if d.has_time], [d for d in reversed(before) if d.has_time], after):
        if choice:
            return choice[0].value
    return None


def _text_stream(tree: HtmlElement, title_el: HtmlElement | None) -> tuple[str, int | None, int | None]:
    """Page text without clock subtrees, and where the title starts and ends in it."""
    chunks: list[str] = []
    size = 0
    start = end = None
    walker = etree.iterwalk(tree.find(".//body"), events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if element is not title_el and not isinstance(element.tag, str):
                continue
            if element is not title_el and _is_clock(element) and title_el not in element.iterdescendants():
                walker.skip_subtree()
                continue
            if element is title_el:
                start = size
            piece = element.text
        else:
            if element is title_el:
                end = size
            piece = element.tail
        if piece and piece.strip():
            chunks.append(piece.strip())
            size += len(chunks[-1]) + 1
    if title_el is None:
        start = end = 0
    return "\n".join(chunks), start, end


def _htmldate_fallback(tree: HtmlElement) -> datetime | None:
    """Last resort: htmldate's guess (a date only), without its extensive search."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True)
    except Exception as exc:  # htmldate is best effort
        LOGGER.debug("htmldate failed: %s", exc)
        return None
    return parse_iso(found) if found else None


# --- author ----------------------------------------------------------------------------

def _author(tree: HtmlElement, meta: dict, ld: dict) -> str | None:
    """Author element in the article, a labelled line, JSON-LD, then meta author."""
    for element in _AUTHOR_ELEMENTS(tree):
        if element.tag in ("meta", "link") or _in_clock(element) or _in_furniture(element):
            continue
        name = element.find('.//*[@class="name"]')
        author = _clean_author(_text(name if name is not None else element))
        if author:
            return author
    # text nodes, not elements: an element's string value is its whole subtree (quadratic)
    for node in tree.xpath('//body//text()[starts-with(normalize-space(), "Tác giả")]'):
        element = node.getparent()
        if node.is_text and _clean_author(_text(element)) is None and element.getparent() is not None:
            element = element.getparent()  # "<b>Tác giả:</b> Name": the name is the label's tail
        author = _clean_author(_text(element))
        if author:
            return author
    return _clean_author(_ld_author(ld)) or _clean_author(_first(meta["author"]))


def _in_furniture(element: HtmlElement) -> bool:
    return any(a.tag in ("aside", "footer", "nav") for a in element.iterancestors())


def _ld_author(ld: dict) -> str | None:
    author = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    if not isinstance(author, str):
        return None
    # JSON-LD glues the agency to the name ("Tâm HằngTTXVN"); the page shows "Tâm Hằng (TTXVN)".
    glued = _GLUED_AGENCY.match(author.strip())
    if glued and glued.group(1)[-1].islower():
        return f"{glued.group(1)} ({glued.group(2)})"
    return author


def _clean_author(raw: str | None) -> str | None:
    """Strip labels and dates from a byline; None unless it looks like a name."""
    if not raw:
        return None
    author = AUTHOR_LABEL.sub("", nfc(raw).replace("\n", " "))
    for match in reversed(find_dates(author)):
        author = author[: match.start] + author[match.end :]
    author = author.strip(" -–|,:")
    return author if 2 <= len(author) <= AUTHOR_MAX and not author.isdigit() else None


def _byline_from_text(text: str) -> str | None:
    """A last line in capitals ("ĐẶNG DŨNG") is baolangson's byline."""
    last = text.rsplit("\n", 1)[-1]
    words = last.split()
    if 1 <= len(words) <= 5 and last.isupper() and len(last) <= 40:
        return last
    return None


def _right_aligned_byline(tree: HtmlElement) -> str | None:
    """The last short right-aligned paragraph: how portals sign articles ("Minh Thư - VP UBND")."""
    signed = tree.xpath('//body//p[@align="right" or contains(translate(@style, " ", ""), "text-align:right")]')
    for element in reversed(signed):
        text = _text(element)
        if text and len(text.split()) <= 8:
            return _clean_author(text)
    return None


# --- main text -----------------------------------------------------------------------------

def _take_lead(tree: HtmlElement, title_el: HtmlElement | None) -> str | None:
    """Remove the lead ("sapo") element and return its text, so it can open the text.

    Trafilatura keeps a lead on some templates and drops it on others; taking it
    out and putting it first makes every layout behave the same.
    """
    seen_title = title_el is None
    for element in tree.iter(etree.Element):
        seen_title = seen_title or element is title_el
        tokens = (element.get("class") or "").lower().split()
        if not seen_title or not any("sapo" in t or t in LEAD_TOKENS for t in tokens):
            continue  # a teaser above the headline belongs to another story
        if element.tag == "meta" or len(element.findall(".//p")) > 2 or _in_clock(element):
            continue
        if any(cleanup.is_chrome(a) for a in element.iterancestors() if a not in _ancestors(title_el)):
            continue  # teasers in related boxes and sidebars
        text = _clean(element.text_content())
        if text and LEAD_LENGTH[0] <= len(text) <= LEAD_LENGTH[1] and fold(text) != fold(_text(title_el)):
            cleanup.drop(element)
            return text
    return None


def _ancestors(element: HtmlElement | None) -> set[HtmlElement]:
    return set(element.iterancestors()) if element is not None else set()


def _main_text(tree: HtmlElement, url: str, title_el: HtmlElement | None,
               title: str | None, lead: str | None) -> str:
    """Prune chrome, run trafilatura once, rebuild and filter the lines."""
    cleanup.prune_chrome(tree, title_el, url)
    cleanup.prune_link_boxes(tree, title_el)
    if title_el is not None and title_el.getparent() is not None:
        cleanup.drop(title_el)
    cleanup.unwrap_layout_tables(tree)
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=True, include_images=False,
            with_metadata=False, favor_recall=True, deduplicate=False,
        )
    except Exception as exc:  # trafilatura is robust, but a crawler must not die on one page
        LOGGER.debug("trafilatura failed on %s: %s", url, exc)
        document = None
    lines = body_lines(document.body) if document is not None and document.body is not None else []
    lines = cleanup.clean_lines(lines, title, lead)
    return "\n".join(([lead] if lead else []) + lines)


_BLOCKS = {"p", "head", "item", "quote", "code", "div", "list", "table", "row"}


def body_lines(body: etree._Element) -> list[str]:
    """Trafilatura's XML body as lines: one per paragraph, heading, item or table row."""
    lines: list[str] = []
    for lb in body.iter("lb"):  # a <br> inside a paragraph is a line break
        lb.tail = "\n" + (lb.tail or "")
    _collect(body, lines)
    return [line for chunk in lines for line in chunk.split("\n")]


def _collect(element: etree._Element, lines: list[str]) -> None:
    for child in element:
        if child.tag == "row":
            cells = [_flat(c) for c in child if c.tag == "cell"]
            line = " | ".join(c for c in cells if c)
            if line:
                lines.append(line)
        elif child.tag in _BLOCKS and any(g.tag in _BLOCKS for g in child.iterdescendants()):
            own = (child.text or "").strip()
            if own:
                lines.append(own)
            _collect(child, lines)
        elif child.tag != "graphic":
            line = _flat(child)
            if line:
                lines.append(line)
        if child.tail and child.tail.strip() and child.tag in _BLOCKS:
            lines.append(child.tail.strip())


def _flat(element: etree._Element) -> str:
    """All text of an element on one line (line breaks from <br> kept)."""
    return "\n".join(" ".join(part.split()) for part in "".join(element.itertext()).split("\n")).strip()


_VI_LETTERS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


def _guess_language(text: str) -> str | None:
    """"vi" when Vietnamese-only letters are frequent (pages without a lang attribute)."""
    sample = text[:2000].lower()
    letters = sum(ch.isalpha() for ch in sample) or 1
    return "vi" if len(_VI_LETTERS.findall(sample)) / letters > 0.03 else None


# --- small helpers ---------------------------------------------------------------------

def _text(element: HtmlElement | None) -> str:
    """An element's text on one line, NFC; "" for no element."""
    if element is None:
        return ""
    return _clean(element.text_content()) or ""


def _clean(value: str | None) -> str | None:
    """NFC on one line; None for empty."""
    if not value or not isinstance(value, str):
        return None
    return _SPACE.sub(" ", nfc(value)).strip() or None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None
