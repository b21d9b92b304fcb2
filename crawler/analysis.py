"""Extraction and scoring of one page, as a plain function a worker process can run.

trafilatura costs about 17 times the HTML parse, so a crawler that extracts on Scrapy's
single thread is bound to one core. The pipeline sends this function to a pool of
processes instead; everything here is picklable and keeps no state but caches.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from crawler.extraction import Extracted, extract_article
from crawler.relevance import Relevance, Topic

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _topic(keywords: tuple[str, ...], places: tuple[str, ...], min_score: float) -> Topic:
    return Topic(list(keywords), list(places), min_score)


def analyse(html: str, url: str, topic: tuple) -> tuple[Extracted | None, Relevance | None, str | None]:
    """(extracted article, relevance, error) for one page; never raises."""
    try:
        doc = extract_article(html, url)
    except Exception as err:  # one bad page must not stop the crawl
        logger.exception("extraction crashed on %s", url)
        return None, None, f"extraction crashed: {err!r}"
    if doc is None:
        return None, None, None
    return doc, _topic(*topic).score(doc.title or "", doc.text or ""), None


def topic_key(topic_config) -> tuple:
    """The topic as a hashable, picklable tuple."""
    return (tuple(topic_config.keywords), tuple(topic_config.places), topic_config.min_score)
