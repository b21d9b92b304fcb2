"""Which encoding a page is really in, when the one it names is wrong.

The spider decides for pages that name no encoding or one other than UTF-8. A page said to
be UTF-8 is checked by the extraction worker (crawler/analysis.py), which decodes it
anyway: checking it on the crawl's thread too cost a second decode of every page there.
"""

from __future__ import annotations

import logging

from w3lib.encoding import resolve_encoding

logger = logging.getLogger(__name__)

MAX_STRAY_BYTES = 3  # a UTF-8 page with a few broken bytes is still UTF-8 (a bad paste)


def misread_utf8(body: bytes) -> str | None:
    """The encoding of a page said to be UTF-8 that is far from it; None when it is UTF-8."""
    stray = body.decode("utf-8", errors="replace").count("\ufffd")
    return None if stray <= MAX_STRAY_BYTES else guess(body, "utf-8")


def guess(body: bytes, current: str) -> str | None:
    """charset_normalizer's best guess of ``body``'s encoding, when it differs from ``current``."""
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    found = resolve_encoding(best.encoding) if best else None
    if not found or found == current:
        return None
    return found


def note_fixed(stats, source: str, url: str, said: str, real: str) -> None:
    """Count and log a page read in ``real`` instead of the ``said`` encoding (spider or worker)."""
    stats.inc_value("newsmon/charset_fixed")
    logger.warning("%s: %s was decoded as %s but is %s; re-decoded", source, url, said, real)
