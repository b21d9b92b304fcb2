"""Scraped text in HTML output (alert mails, reports): always escaped, links only http(s).

Every piece of text newsmon stores came from a web page somebody else controls, so it is
treated as hostile when it is put into HTML: escaped, and a link is rendered only when
its scheme is http or https (``javascript:``, ``data:`` and the like become plain text).
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")


def escape_text(text: object) -> str:
    """``text`` escaped for an HTML element or a quoted attribute; None is ''."""
    if text is None:
        return ""
    return html.escape(str(text), quote=True)


def is_safe_url(url: object) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host (and no control characters)."""
    if not isinstance(url, str) or not url:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return False  # browsers drop tabs/newlines inside schemes: "java\tscript:"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)


def safe_link(url: object, text: object = None) -> str:
    """``<a href="url">text</a>`` for an http(s) URL; otherwise just the escaped text.

    The text defaults to the URL itself.
    """
    label = escape_text(url if text is None else text)
    if not is_safe_url(url):
        return label
    href = escape_text(str(url).strip())
    return f'<a href="{href}" rel="noopener noreferrer nofollow">{label}</a>'
