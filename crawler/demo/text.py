"""Small text helpers: slugs, Vietnamese dates, HTML entities."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timezone
from email.utils import format_datetime
from html.entities import codepoint2name

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def slugify(title: str, limit: int = 0) -> str:
    """ASCII slug as Vietnamese sites make them: no tones, đ -> d, words joined by '-'."""
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    # langson.gov.vn cuts long slugs mid-word ("...-nong-thon-moi-na.html")
    return slug[:limit].strip("-") if limit else slug


def weekday(dt: datetime, lower: bool = False) -> str:
    """'Thứ Năm', or 'Thứ năm' as some sites write it."""
    name = WEEKDAYS[dt.weekday()]
    return name[:4] + name[4:].lower() if lower else name


def dmy(dt: datetime) -> str:
    return dt.strftime("%d/%m/%Y")


def hm(dt: datetime) -> str:
    return dt.strftime("%H:%M")


def http_date(dt: datetime) -> str:
    """RFC 7231 date in GMT, for Last-Modified."""
    return format_datetime(dt.astimezone(timezone.utc), usegmt=True)


def rss_date(dt: datetime) -> str:
    """RFC 822 date with the site's own offset (+0700), for RSS pubDate."""
    return format_datetime(dt)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def named_entities(text: str) -> str:
    """Escape, then write every character HTML has a name for as &name; (baotintuc.vn does)."""
    return "".join(f"&{codepoint2name[ord(c)]};" if ord(c) > 127 and ord(c) in codepoint2name else c
                   for c in esc(text))


def thousands(n: int) -> str:
    """1234 -> '1.234' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")
