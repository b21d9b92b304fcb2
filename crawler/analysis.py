"""Everything about one page that depends on its HTML alone, as a function a worker runs.

trafilatura costs about 17 times the HTML parse, and reading the figures and the story
signature costs as much again; on Scrapy's single thread that bounds a crawl to one
core. The pipeline sends this function to a pool of processes instead, and keeps for
its own thread only what needs the database. Everything here is picklable and keeps no
state but caches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from crawler.article import Extracted, content_hash, pack_raw, page_text, raw_digest
from crawler.charset import misread_utf8
from crawler.relevance import Relevance, Topic
from crawler.text import fold

logger = logging.getLogger(__name__)


@dataclass
class Analysis:
    doc: Extracted | None = None
    relevance: Relevance | None = None
    error: str | None = None
    observations: list | None = None  # crawler.indicators.Observation, None when off
    shingles: bytes | None = None  # the story signature's input (db.stories.shingle_hashes)
    raw_digest: str | None = None  # sha256 of the raw page, for a page that will be kept
    raw_packed: bytes | None = None  # the raw page, zlib-compressed (db.store.store_raw)
    content_hash: str | None = None  # what decides that the article changed (db.store.content_hash)
    encoding: str | None = None  # the page's real encoding, when it is not the UTF-8 it said


@lru_cache(maxsize=4)
def _topic(keywords: tuple[str, ...], places: tuple[str, ...], min_score: float) -> Topic:
    return Topic(list(keywords), list(places), min_score)


@lru_cache(maxsize=4)
def _catalog(extra_paths: tuple[str, ...]):
    from crawler.indicators import load_catalog

    return load_catalog(extra_paths=list(extra_paths))


def analyse(html: str | None, url: str, topic: tuple, figures: tuple | None = None,
            threshold: float | None = None, body: bytes | None = None,
            encoding: str | None = None) -> Analysis:
    """Extract, score, and (for a page that will be kept) read figures, sign and pack; never raises.

    ``html`` is the page as text, or None to read ``body`` (the raw page) in ``encoding``;
    ``figures`` is (extra catalogue paths, default place), or None to skip figures;
    ``threshold`` is the score that keeps a page (the topic's when None); ``body`` is
    hashed and compressed here for the store when the page is kept.
    """
    try:
        html, utf8, fixed = _readable(html, body, encoding)
    except Exception as err:  # one bad page must not stop the crawl
        logger.exception("decoding crashed on %s", url)
        return Analysis(error=f"decoding crashed: {err!r}")
    result = _analyse(html, url, topic, figures, threshold, body, utf8)
    result.encoding = fixed
    return result


def _readable(html: str | None, body: bytes | None, encoding: str | None) -> tuple:
    """(text, utf8, fixed): the page as text, or else as bytes that are valid UTF-8; and
    its real encoding when it said UTF-8 and is not (windows-1258 read as UTF-8 is mojibake)."""
    if html is not None:
        return html, None, None
    if _valid_utf8(body, encoding):
        return None, body, None
    fixed = misread_utf8(body or b"") if _is_utf8(encoding) else None
    return page_text(body or b"", fixed or encoding or "utf-8"), None, fixed


def _analyse(html: str | None, url: str, topic: tuple, figures: tuple | None, threshold: float | None,
             body: bytes | None, utf8: bytes | None) -> Analysis:
    from crawler.extraction import extract_article  # here: the main process never extracts

    try:
        doc = extract_article(html, url, utf8=utf8)
    except Exception as err:  # one bad page must not stop the crawl
        logger.exception("extraction crashed on %s", url)
        return Analysis(error=f"extraction crashed: {err!r}")
    if doc is None:
        return Analysis()
    title, text = fold(doc.title or ""), fold(doc.text or "")  # once, for relevance, signature and figures
    result = Analysis(doc, _topic(*topic).score_folded(title, text))
    if result.relevance.is_relevant(topic[2] if threshold is None else threshold):
        result.observations = _figures(doc, figures, text)
        result.shingles = _shingles(title, text)
        result.content_hash = content_hash(doc.title or "", doc.text or "")
        if body:
            result.raw_digest, result.raw_packed = raw_digest(body), pack_raw(body)
    return result


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("_", "-") in ("utf-8", "utf8")


def _valid_utf8(body: bytes | None, encoding: str | None) -> bool:
    """A page read as UTF-8 whose bytes are exactly that (no BOM, nothing to replace)."""
    if not body or not _is_utf8(encoding):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not body.startswith(b"\xef\xbb\xbf")


def _figures(doc: Extracted, figures: tuple | None, folded_text: str) -> list | None:
    if figures is None:
        return None
    # crawler.indicators, not db.indicators: that would load sqlite-utils (and numpy) here
    from crawler.indicators.extract import snapshot_observations

    paths, place = figures
    return snapshot_observations(doc.text, doc.published, place, _catalog(paths), folded_text)


def _shingles(folded_title: str, folded_text: str) -> bytes:
    from db.stories import folded_shingle_hashes, story_text

    return folded_shingle_hashes(story_text({"title": folded_title, "text": folded_text}))


def topic_key(topic_config) -> tuple:
    """The topic as a hashable, picklable tuple."""
    return (tuple(topic_config.keywords), tuple(topic_config.places), topic_config.min_score)


def figures_key(config) -> tuple | None:
    """The indicator settings as a picklable tuple; None when indicators are off."""
    if not config.indicators.enabled:
        return None
    return (tuple(str(config.resolve(p)) for p in config.indicators.catalog), config.indicators.place)
