"""Places a figure can be about: provinces, Lạng Sơn's districts, the whole country."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.text import fold

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Huế",
]
DISTRICTS = ["Cao Lộc", "Văn Lãng", "Tràng Định", "Bình Gia", "Văn Quan", "Bắc Sơn", "Hữu Lũng", "Chi Lăng",
             "Lộc Bình", "Đình Lập"]
COUNTRY = "cả nước"

_NAMES = {fold(name): name for name in [*PROVINCES, *DISTRICTS]}
_PLACE_RE = re.compile(
    r"(?<![\w-])(?:(?P<kind>tinh|huyen|thanh pho|tp\.?|thi xa)\s+)?"
    rf"(?P<name>{'|'.join(sorted(map(re.escape, _NAMES), key=len, reverse=True))}|ca nuoc|toan quoc)\b(?!\s*-)"
)
# A place after these words is a comparison or a scope ("trong cả nước"), not the subject.
_NOT_SUBJECT = re.compile(r"(?:(?:so voi|hon|sang|giua|ve|voi|-)(?:\s+\w+){0,2}|trong|dau|toan quoc)\s*$")


@dataclass(frozen=True)
class Place:
    """A place named in a sentence at ``start``."""

    start: int
    end: int
    name: str


def find_places(folded: str) -> list[Place]:
    """Places named as the subject of a folded sentence, in order."""
    out = []
    for m in _PLACE_RE.finditer(folded):
        if _NOT_SUBJECT.search(folded[max(0, m.start() - 30) : m.start()]):
            continue
        name = m.group("name")
        if name in ("ca nuoc", "toan quoc"):
            out.append(Place(m.start(), m.end(), COUNTRY))
        elif m.group("kind") in ("thanh pho", "tp", "tp.") and name == "lang son":
            out.append(Place(m.start(), m.end(), "thành phố Lạng Sơn"))
        else:
            out.append(Place(m.start(), m.end(), _NAMES[name]))
    return out
