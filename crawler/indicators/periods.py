"""Reporting periods written in a sentence: "năm 2022", "giai đoạn 2021 - 2025", "quý I/2024"...

Labels follow the annotation vocabulary: ``2022``, ``2021-2025``, ``2024-H1``, ``2024-Q1``,
``2025-9M``, ``2024-07`` and ``2025-11M`` for "tính đến 30/11/2025". Patterns work on folded text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_Y = r"(?:19|20)\d{2}"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _year_tail(group: str) -> str:
    """Optional year after a part of a year: "quý I/2024", "9 tháng năm 2025"."""
    return rf"(?:\s*(?:/|-|nam)?\s*(?:nam\s+)?(?P<{group}>{_Y}))?"


# The lookarounds let the engine skip, cheaply, positions where no alternative can start.
PERIOD_RE = re.compile(
    r"(?<![a-z0-9])(?=[tndqskmc(0-9])(?:"
    + "|".join([
        rf"(?:tu\s+)?(?:nam\s+(?:hoc\s+)?)?(?P<y1>{_Y})\s*(?:[-–—]|den(?: nam)?)\s*(?:nam\s+)?(?P<y2>{_Y})\b",
        rf"(?:tinh )?den (?:het )?(?:ngay )?\d{{1,2}}/(?P<am>\d{{1,2}})/(?P<ay>{_Y})",
        rf"tinh den (?:het )?thang (?P<bm>\d{{1,2}}){_year_tail('by')}",
        rf"\bquy (?P<q>iv|iii|ii|i|[1-4])\b{_year_tail('qy')}",
        rf"\b(?:6|sau) thang(?: dau)?(?: nam)?{_year_tail('hy')}|\bnua dau nam{_year_tail('hy2')}",
        rf"\b(?P<n>3|9|10|11|12|2|4|5|7|8) thang(?: dau)?(?: nam)?{_year_tail('ny')}",
        rf"\bthang (?P<mo>\d{{1,2}})\b(?:(?:\s*/\s*|\s+nam\s+)(?P<moy>{_Y})\b)?",
        rf"\b(?:nam\s+(?:hoc\s+)?|(?:ke hoach|muc tieu|chi tieu)\s+)(?P<y>{_Y})\b|\((?P<py>{_Y})\)",
        # A bare year right after an index name or its bracketed acronym: "PCI 2023", "(PCI) 2023".
        rf"(?:(?<=\) )|(?<=pci )|(?<=dti )|(?<=pgi )|(?<=papi )|(?<=sipas )|(?<=index ))(?P<iy>{_Y})\b",
        # "năm qua" is last year, but "5 năm qua" is five years.
        r"(?<!\d )\b(?P<rel>nam nay|nam qua|nam truoc|nam ngoai)\b",
    ])
    + ")"
)
# Dates and years are never figures; masking them keeps "30/11" out of "x/y" counts.
DATE_RE = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\b(?:ngay|hom|sang|chieu|toi) \d{1,2}/\d{1,2}")
# A period after these words is the base of a comparison, not the figure's own period.
_COMPARED = re.compile(r"\b(?:so voi|cung ky|hon|gap)(?:\s+\w+){0,3}\s*$")


@dataclass(frozen=True)
class Period:
    """A period mention: span in the sentence, its label, and how it is used."""

    start: int
    end: int
    label: str | None
    compared: bool


def find_periods(folded: str, published: datetime.date | None) -> list[Period]:
    """Every period mention of a folded sentence, in order."""
    out: list[Period] = []
    for m in PERIOD_RE.finditer(folded):
        before = folded[max(0, m.start() - 40) : m.start()]
        # "tháng 11/2025 …; bình quân 11 tháng": a part of a year takes the year just written.
        written = next((p.label[:4] for p in reversed(out) if p.label), None)
        label = _label(m, published, int(written) if written else None)
        out.append(Period(m.start(), m.end(), label, bool(_COMPARED.search(before))))
    return out


def _label(m: re.Match, published: datetime.date | None, recent: int | None = None) -> str | None:
    """Label of one period match; relative ones need the publication date or a recent year."""
    g = m.groupdict()
    year = _year_of(g, published) or recent
    if g["y1"]:
        return f"{g['y1']}-{g['y2']}"
    if g["am"] or g["bm"]:
        months = int(g["am"] or g["bm"])
        return str(year) if months == 12 and year else _with_year(year, f"{months}M")
    if g["q"]:
        return _with_year(year, f"Q{_QUARTERS[g['q']]}")
    if g["n"]:
        months = int(g["n"])
        return year and (str(year) if months == 12 else f"{year}-{'Q1' if months == 3 else f'{months}M'}")
    if g["mo"]:
        year = g["moy"] or (published and published.year)
        return year and f"{year}-{int(g['mo']):02d}"
    if g["y"] or g["py"] or g["iy"]:
        return g["y"] or g["py"] or g["iy"]
    if g["rel"]:
        return _relative(g["rel"], published)
    return _with_year(year, "H1")


def _year_of(g: dict, published: datetime.date | None) -> int | None:
    """Year written with the period, else the publication year."""
    written = next((g[k] for k in ("ay", "by", "qy", "hy", "hy2", "ny") if g.get(k)), None)
    if written:
        return int(written)
    return published.year if published else None


def _with_year(year: int | None, suffix: str) -> str | None:
    return f"{year}-{suffix}" if year else None


def _relative(word: str, published: datetime.date | None) -> str | None:
    """"năm nay" is the publication year; "năm qua" too unless early in the next year."""
    if not published:
        return None
    if word == "nam nay" or (word == "nam qua" and published.month > 3):
        return str(published.year)
    return str(published.year - 1)
