"""Vietnamese numerals: "18.063,8", "2.314", "6,95" and number words ("hai", "một vạn").

In Vietnamese '.' groups thousands and ',' is the decimal mark. A '.' not followed by a
group of exactly three digits ("1.5") is read as a decimal point, as some sites write it.
All patterns here work on folded text (lower case, no diacritics; see crawler.text.fold).
"""

from __future__ import annotations

import re

# A numeral not glued to a word, a code ("H5N1") or another numeral ("0205.3870").
NUMBER = r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?|\d+(?:[.,]\d+)?)"

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")

DIGIT_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "linh": 0, "le": 0,
}
SCALE_WORDS = {"tram": 100, "nghin": 1_000, "ngan": 1_000, "van": 10_000, "trieu": 1_000_000, "ty": 1_000_000_000}
ORDINAL_WORDS = {"nhat": 1, "nhi": 2, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
                 "chin": 9, "muoi": 10}

_CARDINAL_WORD = "|".join(sorted([*DIGIT_WORDS, *SCALE_WORDS, "muoi"], key=len, reverse=True))
# One or more number words in a row ("hai mươi lăm", "một vạn").
NUMBER_WORDS = rf"\b(?:{_CARDINAL_WORD})(?:\s+(?:{_CARDINAL_WORD}))*\b"
ORDINAL = rf"\d+|(?:{'|'.join(ORDINAL_WORDS)})\b"


def parse_number(token: str) -> float:
    """Value of a written numeral: ``"18.063,8"`` -> 18063.8, ``"2.314"`` -> 2314, ``"1.5"`` -> 1.5."""
    if _THOUSANDS.fullmatch(token):
        return float(token.replace(".", "").replace(",", "."))
    return float(token.replace(",", "."))


def parse_words(words: str) -> float:
    """Value of folded number words: ``"hai muoi lam"`` -> 25, ``"mot van"`` -> 10000."""
    total, current = 0.0, 0.0
    for word in words.split():
        if word in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[word]
            current = 0
        elif word == "muoi":
            current = current * 10 if current else 10
        else:
            current += DIGIT_WORDS[word]
    return total + current


def parse_ordinal(token: str) -> float:
    """Rank from "15" or an ordinal word ("ba" -> 3, "nhat" -> 1)."""
    return float(token) if token.isdigit() else float(ORDINAL_WORDS[token])
