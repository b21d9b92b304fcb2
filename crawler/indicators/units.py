"""Units and scales written after a figure, and their base units.

Each entry: folded pattern, the unit as annotated (README vocabulary), the base unit and
the factor to it, so "1,2 nghìn tỷ đồng" and "1.200 tỷ đồng" share one base value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A unit as written (``name``) and how to bring it to ``base``."""

    name: str
    base: str
    factor: float = 1.0


_USD = r"(?:usd|do la(?: my)?|\$)"
_VND = r"(?:dong(?! chi)|vnd)"
_THOUSAND = r"(?:nghin|ngan)"

# Longest first: the alternation takes the first pattern that matches.
UNIT_TABLE: list[tuple[str, Unit]] = [
    (r"%\s*/\s*nam|%\s*(?:moi|mot) nam", Unit("%/year", "%/year")),
    (r"%", Unit("%", "%")),
    (r"diem phan tram", Unit("percentage points", "percentage points")),
    (r"diem", Unit("points", "points")),
    (rf"{_THOUSAND} ty {_VND}", Unit("trillion VND", "VND", 1e12)),
    (rf"(?:ty|ti) {_VND}", Unit("billion VND", "VND", 1e9)),
    (rf"trieu {_VND}", Unit("million VND", "VND", 1e6)),
    (rf"{_THOUSAND} {_VND}", Unit("thousand VND", "VND", 1e3)),
    (_VND, Unit("VND", "VND")),
    (rf"(?:ty|ti) {_USD}", Unit("USD billion", "USD", 1e9)),
    (rf"trieu {_USD}", Unit("USD million", "USD", 1e6)),
    (rf"{_THOUSAND} {_USD}", Unit("USD thousand", "USD", 1e3)),
    (_USD, Unit("USD", "USD")),
    (rf"{_THOUSAND} (?:ha|hecta|hec-ta|hec ta)", Unit("thousand ha", "ha", 1e3)),
    (r"ha|hecta|hec-ta|hec ta", Unit("ha", "ha")),
    (r"trieu tan", Unit("million tonnes", "tonnes", 1e6)),
    (rf"{_THOUSAND} tan", Unit("thousand tonnes", "tonnes", 1e3)),
    (r"tan", Unit("tonnes", "tonnes")),
]

COUNT_SCALES = {"nghin": 1e3, "ngan": 1e3, "van": 1e4, "trieu": 1e6, "ty": 1e9}
VEHICLE_NOUNS = r"luot xe|luot phuong tien|phuong tien|xe hang|xe|container"
HEALTH_NOUNS = r"bac si|bac sy|giuong benh|giuong"
# Nouns counted after a figure; catalogue aliases then tell which count it is.
COUNT_NOUNS = (
    r"luot khach|luot du khach|luot nguoi|luot|du khach|khach|nguoi dan|nguoi|ho dan|ho|doanh nghiep|"
    r"du an|hop tac xa|xa, phuong, thi tran|xa, phuong|xa|phuong|thi tran|truong hoc|truong|dang vien|thon|"
    r"to dan pho|khoi pho|ban|lao dong|hoc sinh|co so|can bo|tram y te|to chuc co so dang|dong chi"
)

COUNT = Unit("count", "count")
VEHICLES = Unit("vehicles", "vehicles")
VEHICLES_PER_DAY = Unit("vehicles/day", "vehicles/day")
PER_10K = Unit("per 10,000 people", "per 10,000 people")
HEALTH = Unit("health staff or beds", "count")
RANK = Unit("rank", "rank")

_UNIT_GROUPS = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _) in enumerate(UNIT_TABLE))
_SCALE = "|".join(COUNT_SCALES)
UNIT_RE = re.compile(
    rf"\s*(?:(?:{_UNIT_GROUPS})(?![a-z])"
    rf"|(?:(?P<scale>{_SCALE})\s+)?(?:(?P<veh>{VEHICLE_NOUNS})|(?P<health>{HEALTH_NOUNS})|(?P<noun>{COUNT_NOUNS}))\b)"
    # "/người/năm" keeps a money unit as it is; "/ha" or "/ngày" change what it measures.
    r"(?P<per>(?:\s*/\s*(?:lao dong|van dan|[a-z][a-z0-9]*))*)"
)
PER_DAY = re.compile(r"(?:moi|mot|/|binh quan|trung binh)\s*ngay|/\s*ngay|\bngay dem\b")
PER_10K_RE = re.compile(r"(?:tren|/)\s*(?:mot|1)?\s*van dan|(?:tren|/)\s*10\.000 dan|/\s*van dan")


def match_unit(folded: str, pos: int) -> tuple[Unit, float, re.Match] | None:
    """The unit written at ``pos`` of folded text, its scale for counts, and the match."""
    m = UNIT_RE.match(folded, pos)
    if not m:
        return None
    scale = COUNT_SCALES.get(m.group("scale") or "", 1.0)
    if m.group("veh"):
        unit = VEHICLES
    elif m.group("health"):
        unit = HEALTH
    elif m.group("noun"):
        unit = COUNT
    else:
        unit = UNIT_TABLE[_unit_index(m)][1]
    return _per(unit, m.group("per")), scale, m


def _unit_index(m: re.Match) -> int:
    return next(i for i in range(len(UNIT_TABLE)) if m.group(f"u{i}"))


def _per(unit: Unit, per: str) -> Unit:
    """Apply a "/ha", "/ngày" suffix; "/người", "/năm" leave money units as written."""
    parts = [p.strip() for p in per.split("/") if p.strip()]
    if unit.base == "%" and "nam" in parts:
        return UNIT_TABLE[0][1]
    if "ngay" in parts and unit is VEHICLES:
        return VEHICLES_PER_DAY
    if "van dan" in parts:
        return PER_10K
    odd = [p for p in parts if p not in ("nguoi", "nam", "lao dong", "khau")]
    return Unit(f"{unit.name}/{'/'.join(odd)}", f"{unit.base}/{'/'.join(odd)}") if odd else unit


BASES = {unit.name: unit.base for _, unit in UNIT_TABLE} | {
    u.name: u.base for u in (COUNT, VEHICLES_PER_DAY, PER_10K, RANK)
}


def base_of(unit_name: str) -> str:
    """Base unit of an annotation unit name (``"USD million"`` -> ``"USD"``)."""
    return BASES.get(unit_name, unit_name)
