"""Vietnamese text normalisation shared by extraction, relevance and indicators.

Three levels, from strict to loose:

* :func:`nfc` - Unicode NFC, entities already decoded, whitespace tidied.
* :func:`canonical_tones` - NFC with the tone mark moved to one fixed vowel, so the
  old and new placements (``hoà``/``hòa``, ``thuỷ``/``thủy``) compare equal.
* :func:`fold` - lower case without any diacritics (``Lạng Sơn`` -> ``lang son``), for
  matching text typed without accents.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_MODIFIED = set("ăâêôơưĂÂÊÔƠƯ")
# Open clusters whose tone we put on the second vowel (hoà, khoẻ, thuỷ), whichever
# placement the writer used.
_SECOND_VOWEL = {"oa", "oe", "uy", "uê", "uơ"}
_WORD = re.compile(r"\w+")
# Runs of blanks, except a lone plain space (already what it would become): matching
# every word gap made this the costliest line of extraction.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")
# What _SPACES can match at all: two spaces, or one blank that is not a space. Looking for
# these first is six times cheaper than its alternation, and extracted text (hashed and
# re-tidied again and again) has none.
_ODD_BLANK = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]")


def nfc(text: str) -> str:
    """NFC-normalise and tidy whitespace: one space between words, no blank lines."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    if "  " in text or _ODD_BLANK.search(text):
        text = _SPACES.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _mark_runs() -> re.Pattern:
    """A regex of every combining mark of the Basic Multilingual Plane, as ranges."""
    ranges: list[list[int]] = []
    for code in (c for c in range(0x10000) if unicodedata.combining(chr(c))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[%s]+" % "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges))


# One C-level substitution instead of a Python test per character: that test was the
# costliest step of relevance scoring and story signatures.
_MARKS = _mark_runs()


def strip_diacritics(text: str) -> str:
    """Remove every diacritic; keep case (``Đ`` becomes ``D``)."""
    bare = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return bare.replace("đ", "d").replace("Đ", "D")


def _fold(text: str) -> str:
    return strip_diacritics(text).casefold()


class PerToken(dict):
    """A per-character mapping of text, memoised per space-separated token.

    Such a mapping of a text is its tokens' mappings joined, and news text repeats its
    words: dict lookups instead of, for :func:`fold`, NFD and the mark regex at 40 ns a
    character.
    """

    # Tokens kept, about 2 MB: the first ones seen, which are mostly the common syllables
    # (rarer tokens, numbers and "word\nword" pairs, are mapped each time once it is full).
    LIMIT = 10_000

    def __init__(self, mapping):
        super().__init__()
        self.mapping = mapping

    def __missing__(self, token: str) -> str:
        mapped = self.mapping(token)
        if len(self) < self.LIMIT:
            self[token] = mapped
        return mapped

    def __call__(self, text: str) -> str:
        return " ".join(map(self.__getitem__, text.split(" ")))


_FOLDED = PerToken(_fold)


def fold(text: str) -> str:
    """Lower-case, diacritic-free form used for matching: ``LẠNG SƠN`` -> ``lang son``."""
    if text.isascii():
        return text.lower()
    return _FOLDED(text)


# ASCII punctuation to spaces: folded text is mostly ASCII, and then translate + split
# finds its words three times faster than the \w+ regex.
_ASCII_BREAKS = str.maketrans({c: " " for c in range(128) if not (chr(c).isalnum() or c == 0x5F)})


def word_list(text: str) -> list[str]:
    """The ``\\w+`` words of a text, in order."""
    return text.translate(_ASCII_BREAKS).split() if text.isascii() else _WORD.findall(text)


def canonical_tones(text: str) -> str:
    """NFC text whose tone marks all follow one placement rule, for comparing spellings."""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda m: _retone(m.group(0)), text)


def _retone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    index = _tone_position(bare)
    if index is None:
        return word
    return unicodedata.normalize("NFC", bare[: index + 1] + tones[0] + bare[index + 1 :])


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone under our one placement rule."""
    lower = syllable.lower()
    start = 2 if lower.startswith(("qu", "gi")) and len(lower) > 2 and lower[2] in _VOWELS else 0
    positions = [i for i in range(start, len(lower)) if lower[i] in _VOWELS]
    if not positions:
        return None
    first, last = positions[0], positions[-1]
    cluster = lower[first : last + 1]
    for i in positions:  # a vowel with a modifier takes the tone (ươ: the ơ)
        if lower[i] in _MODIFIED and not (lower[i] == "ư" and "ơ" in cluster):
            return i
    if len(positions) == 1:
        return first
    ends_in_consonant = last < len(lower) - 1
    if ends_in_consonant or cluster in _SECOND_VOWEL or len(positions) == 3:
        return positions[1] if len(positions) == 3 else last
    return first
