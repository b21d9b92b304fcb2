"""Finding article URLs: RSS/Atom feeds, sitemaps (index, gzip, news) and listing pages.

Feeds and sitemaps are parsed from bytes, so the encoding their XML declaration names
(UTF-16 included) is honoured; entities are never resolved and nothing is fetched
from the network by the parser.
"""

from __future__ import annotations

import gzip
import io
import logging
from dataclasses import dataclass

from lxml import etree

from crawler.urls import absolute

logger = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit, uncompressed
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)


@dataclass(frozen=True)
class Entry:
    """A discovered URL and the date its source gives for it (lastmod, pubDate), if any."""

    url: str
    date: str | None = None


def parse_xml(body: bytes):
    """The root element of an XML document, or None when it is not XML at all."""
    try:
        root = etree.fromstring(body.strip() or b"<x/>", _PARSER)
    except (etree.XMLSyntaxError, ValueError) as err:
        logger.debug("not XML: %s", err)
        return None
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _text(element, *names: str) -> str | None:
    for name in names:
        for child in element.iter():
            if _local(child.tag) == name and (child.text or "").strip():
                return child.text.strip()
    return None


def feed_entries(body: bytes, base_url: str) -> list[Entry] | None:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed; None when the body is not a feed."""
    root = parse_xml(body)
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        return None
    items = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    return [entry for item in items if (entry := _feed_entry(item, base_url))]


def _feed_entry(item, base_url: str) -> Entry | None:
    link = None
    for child in _children(item, "link"):
        href = child.get("href") if child.get("rel", "alternate") == "alternate" else None
        link = link or href or (child.text or "").strip() or None
    link = link or _text(item, "guid")
    url = absolute(base_url, link) if link else None
    date = _text(item, "pubdate", "published", "updated", "date")
    return Entry(url, date) if url else None


def ungzip(body: bytes) -> bytes:
    """Decompress a gzip body, refusing more than MAX_SITEMAP_BYTES (a gzip bomb)."""
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError(f"gzip body expands beyond {MAX_SITEMAP_BYTES} bytes")
    return data


def sitemap_entries(body: bytes, base_url: str) -> tuple[str, list[Entry]] | None:
    """('index', sitemaps) or ('urlset', pages) from a sitemap; None if it is not one."""
    if body[:2] == b"\x1f\x8b":
        body = ungzip(body)
    root = parse_xml(body)
    kind = _local(root.tag) if root is not None else ""
    if kind not in ("sitemapindex", "urlset"):
        return None
    entries = []
    for node in _children(root, "sitemap" if kind == "sitemapindex" else "url"):
        loc = _text(node, "loc")
        url = absolute(base_url, loc) if loc else None
        if url:
            entries.append(Entry(url, _text(node, "lastmod", "publication_date")))
    return ("index" if kind == "sitemapindex" else "urlset"), entries
