"""Vietnamese publication dates: find them in page text and parse them.

The formats are data (:data:`DATE_PATTERNS`): each regex only *locates* a date and
names its parts; :func:`datetime.datetime` does the calendar checks, so 31/02 is
rejected by the standard library, not by hand-written rules. Times without a zone
are Vietnam time (Asia/Ho_Chi_Minh, UTC+7 since 1975).

Formats seen on the sources (SOURCES.md section 9)::

    Thứ Năm, 16/07/2026 17:17            baotintuc.vn
    Thứ Hai, ngày 20/07/2026 - 06:31     nhandan.vn
    21/07/2026 07:17                     vietnamplus.vn, baocamau.vn
    Thứ sáu - 28/06/2024 05:18           cucthongkelangson.gov.vn
    Văn Hoa - 05:32, 24/11/2023          baodantoc.vn byline
    13:15 10/02/2025                     ngoisao.vn
    Thứ sáu, 29/03/2024 18:51 (GMT+7)    moitruongvadothi.vn
    ngày 23 tháng 08 năm 2019            long form
    2026-07-21T07:17:56+07:00            time[datetime], meta tags
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

LOGGER = logging.getLogger(__name__)

try:
    from zoneinfo import ZoneInfo

    VN_TZ: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # no tz database on this machine: Vietnam has no DST, a fixed offset is exact
    VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# Building blocks; every pattern below names its parts d, m, y, H, M, S, tz.
_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})"
_HM = r"(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?"
_SEP = r"\s*(?:[-|,–—]\s*)?(?:lúc\s*|ngày\s*)?"
_TZ = r"(?:\s*\(?\s*GMT\s*(?P<tz>[+-]\s*\d{1,2})(?::?00)?\s*\)?)?"
_WORDS = r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})"

#: (name, regex) in order of preference when two matches start at the same place.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in [
        ("iso", r"(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)"),
        ("date time", _DMY + _SEP + _HM + _TZ),          # 16/07/2026 17:17, 20/07/2026 - 06:31
        ("time date", _HM + _SEP + _DMY + _TZ),          # 13:15 10/02/2025, 05:32, 24/11/2023
        ("words time", _WORDS + r"\s*[,-]?\s*(?:lúc\s*)?" + _HM),  # ngày 23 tháng 08 năm 2019, 09:25:27
        ("words", _WORDS),
        ("date", _DMY + _TZ),                            # 04/12/2023
        ("iso date", r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})"),
    ]
]


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: where it starts and whether it carried a time of day."""

    start: int
    end: int
    value: datetime
    has_time: bool


def parse_vn_date(text: str | None) -> datetime | None:
    """Parse one Vietnamese date string into an aware datetime (+07:00 unless stated).

    ``parse_vn_date("Thứ Năm, 16/07/2026 17:17")`` -> 2026-07-16 17:17+07:00.
    Known formats go through :data:`DATE_PATTERNS`; anything else is handed to
    dateparser (Vietnamese, day first). Returns None when no date is recognised.
    """
    if not text or not text.strip():
        return None
    found = find_dates(text)
    if found:
        return found[0].value
    return _dateparser_fallback(text)


def find_dates(text: str) -> list[DateMatch]:
    """Every recognised date in ``text``, in reading order, overlaps resolved.

    At one position the longest match wins (so ``16/07/2026 17:17`` beats
    ``16/07/2026``); a match inside an earlier one is dropped.
    """
    candidates: list[tuple[int, int, int, re.Match[str]]] = []
    for rank, (_name, pattern) in enumerate(DATE_PATTERNS):
        for match in pattern.finditer(text):
            candidates.append((match.start(), -(match.end() - match.start()), rank, match))
    candidates.sort(key=lambda c: c[:3])
    results: list[DateMatch] = []
    covered_until = -1
    for start, _neg_len, _rank, match in candidates:
        if start < covered_until:
            continue
        value = _build(match)
        if value is None:
            continue
        results.append(DateMatch(start, match.end(), value, match.groupdict().get("H") is not None
                                 or match.groupdict().get("iso") is not None))
        covered_until = match.end()
    return results


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 with seconds and offset (``2026-07-16T17:17:00+07:00``), or None."""
    return value.isoformat(timespec="seconds") if value else None


def parse_iso(text: str | None) -> datetime | None:
    """Parse a machine date (meta tag, JSON-LD, ``time[datetime]``); naive means Vietnam time."""
    if not text:
        return None
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return parse_vn_date(text)
    return value if value.tzinfo else value.replace(tzinfo=VN_TZ)


def _build(match: re.Match[str]) -> datetime | None:
    """Turn a pattern match into an aware datetime; None if the calendar says no."""
    parts = match.groupdict()
    if parts.get("iso"):
        return parse_iso(parts["iso"])
    try:
        value = datetime(int(parts["y"]), int(parts["m"]), int(parts["d"]),
                         int(parts.get("H") or 0), int(parts.get("M") or 0), int(parts.get("S") or 0))
    except ValueError:  # 31/02, 25:70 ...: not a date after all
        return None
    if parts.get("tz"):
        offset = timezone(timedelta(hours=int(parts["tz"].replace(" ", ""))))
        return value.replace(tzinfo=offset)
    return value.replace(tzinfo=VN_TZ)


def _dateparser_fallback(text: str) -> datetime | None:
    """Last resort for free-form strings; imported lazily because it is slow to load."""
    try:
        import dateparser
    except ImportError:  # optional at run time
        return None
    settings = {
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        # absolute dates only: "hôm qua" must not turn into a date that depends on today
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    try:
        value = dateparser.parse(text, languages=["vi", "en"], settings=settings)
    except Exception as exc:  # dateparser raises assorted errors on garbage
        LOGGER.debug("dateparser failed on %r: %s", text, exc)
        return None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value
