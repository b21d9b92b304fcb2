"""Figures in a folded sentence: a number (or rank) with its unit, sign cue and qualifier."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NUMBER, NUMBER_WORDS, ORDINAL, parse_number, parse_ordinal, parse_words
from .sentences import CLAUSE_BREAK
from .units import COUNT, HEALTH, PER_10K, PER_10K_RE, PER_DAY, RANK, VEHICLES, VEHICLES_PER_DAY, Unit, match_unit

# The lookarounds let the engine skip, cheaply, positions where no figure can start.
FIGURE_RE = re.compile(
    r"(?<![a-z0-9])(?=[0-9bchlmnstv])(?:"
    rf"(?P<rank>\bthu\s+(?P<ord>{ORDINAL})(?:\s*/\s*(?P<rtot>\d+))?)"
    rf"|(?P<num>{NUMBER})(?:\s*[-–—]\s*(?P<num2>{NUMBER}))?(?:\s*/\s*(?P<den>\d+(?:\.\d{{3}})*))?"
    rf"|(?P<words>{NUMBER_WORDS}))"
)
_WORDS_BEFORE = r"(?:\s+(?:binh quan|trung binh|khoang|hon|gan|tren|xap xi|lan luot|tuong ung|manh|nhe|them|duoc|dat|uoc|chi|ca|nhanh|o muc|muc|moi nam|hang nam))*\s*$"
# "tăng 60,1%", "ước giảm 32,7%", "tăng trưởng âm 1,5%"; "giảm còn", "tăng lên" name a level.
CHANGE_RE = re.compile(rf"(?:\b(?P<dir>tang|giam)(?:\s+truong)?|\btang truong (?P<neg>am)|\b(?P<add>them)){_WORDS_BEFORE}")
_QUALIFIERS = {"tren": "more than", "hon": "more than", "khoang": "about", "gan": "about", "xap xi": "about",
               "chung": "about", "duoi": "less than", "chua den": "less than", "chua toi": "less than",
               "khong qua": "less than", "it hon": "less than"}
QUALIFIER_RE = re.compile(rf"\b(?P<q>{'|'.join(_QUALIFIERS)})\s*$")
# "cao hơn 1,5% so với", "vượt khoảng 9%", "bằng 105%": comparisons, not the indicator itself.
COMPARE_RE = re.compile(
    r"\b(?:(?:cao|thap|nhieu|it|lon|nho|cham|nhanh)\s+hon|vuot|gap|bang|chi bang)(?:\s+(?:khoang|gan|hon|tren|muc))*\s*$"
)
# "đạt 52% dự toán", "95% kế hoạch": completion of a plan.
PLAN_TAIL = re.compile(r"\s*(?:so voi\s+)?(?:du toan|ke hoach|chi tieu|muc tieu|kh|nghi quyet)\b")
RANK_VERB = re.compile(r"(?:xep|dung|hang|tri|len|o|duoc|dat|giu)(?:\s+(?!lan\b)\w+){0,2}\s*$")
RANK_TOTAL = re.compile(r"\s*(?:trong|tren)\s+(?:so\s+|tong so\s+)?(?P<n>\d+)\s+(?:tinh|dia phuong)")
_COUNTLIKE = {COUNT, VEHICLES, HEALTH}


@dataclass
class Figure:
    """A figure in sentence coordinates; ``num_end`` is where its unit starts."""

    start: int
    end: int
    num_end: int
    value: float
    unit: Unit
    upper: float | None = None
    total: float | None = None
    change: str | None = None
    qualifier: str | None = None

    @property
    def is_rank(self) -> bool:
        return self.unit is RANK


def find_figures(folded: str, masks: list[tuple[int, int]]) -> list[Figure]:
    """Every figure of a folded sentence outside ``masks`` (dates, periods)."""
    out = []
    for m in FIGURE_RE.finditer(folded):
        if any(s < m.end() and m.start() < e for s, e in masks) or (out and m.start() < out[-1].end):
            continue
        fig = _rank(folded, m) if m.group("rank") else _number(folded, m)
        if fig and not _is_comparison(folded, fig):
            out.append(fig)
    return out


def _rank(folded: str, m: re.Match) -> Figure | None:
    """"xếp thứ 15/63", "đứng thứ ba trong 9 tỉnh"."""
    if not RANK_VERB.search(folded[max(0, m.start() - 25) : m.start()]):
        return None
    total = m.group("rtot")
    tail = RANK_TOTAL.match(folded, m.end())
    total = float(total) if total else (float(tail.group("n")) if tail else None)
    return Figure(m.start(), m.end(), m.end(), parse_ordinal(m.group("ord")), RANK, total=total)


def _number(folded: str, m: re.Match) -> Figure | None:
    """A numeral or number words with the unit that follows; None without a unit."""
    token = m.group("num")
    if token and len(token) > 1 and token[0] == "0" and token[1].isdigit():
        return None  # phone numbers, codes
    found = match_unit(folded, m.end())
    if not found:
        return None
    unit, scale, um = found
    if m.group("words") and unit not in _COUNTLIKE:
        return None
    value = parse_words(m.group("words")) if m.group("words") else parse_number(token)
    upper = parse_number(m.group("num2")) if m.group("num2") else None
    total = parse_number(m.group("den")) if m.group("den") else None
    if unit in _COUNTLIKE:
        unit = _count_unit(folded, unit, m.start(), um.end())
        value, upper = value * scale, upper and upper * scale
    fig = Figure(m.start(), um.end(), m.end(), value, unit, upper, total)
    before = folded[max(0, m.start() - 60) : m.start()]
    fig.change = _change(before)
    q = QUALIFIER_RE.search(before)
    fig.qualifier = _QUALIFIERS[q.group("q")] if q else None
    return fig


def _count_unit(folded: str, unit: Unit, start: int, end: int) -> Unit:
    """Counts of vehicles per day or of doctors/beds per 10,000 people, from the context."""
    before = CLAUSE_BREAK.split(folded[max(0, start - 120) : start])[-1]
    after = CLAUSE_BREAK.split(folded[end : end + 80])[0]
    if unit is VEHICLES and PER_DAY.search(f"{before} {after}"):
        return VEHICLES_PER_DAY
    if unit is HEALTH and PER_10K_RE.search(folded):
        return PER_10K
    return COUNT if unit is HEALTH else unit


def _change(before: str) -> str | None:
    """'up' or 'down' when the figure is a change ("tăng 5%"), else None."""
    m = CHANGE_RE.search(before)
    if not m:
        return None
    return "down" if m.group("neg") or m.group("dir") == "giam" else "up"


def _is_comparison(folded: str, fig: Figure) -> bool:
    """A difference from another figure or a plan, which no indicator measures."""
    if COMPARE_RE.search(folded[max(0, fig.start - 40) : fig.start]):
        return True
    return fig.unit.base == "%" and bool(PLAN_TAIL.match(folded, fig.end))
