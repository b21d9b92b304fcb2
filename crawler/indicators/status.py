"""Whether a figure is achieved, estimated or a target."""

from __future__ import annotations

import re

from crawler.text import fold

TARGET_RE = re.compile(r"\b(?:muc tieu|phan dau|ke hoach|chi tieu|dinh huong|tam nhin|quy hoach|ky vong)\b")
ESTIMATE_RE = re.compile(r"\b(?:uoc|du kien|du bao|uoc tinh)\b")
# "hoàn thành mục tiêu 200 xã", "vượt kế hoạch", "Sở Kế hoạch và Đầu tư": achieved or a name.
# Matched on lower-case text with its diacritics, since "đạt" (reached) and "đặt" (set) fold alike;
# text typed without diacritics falls back to the folded spellings of the unambiguous words.
_ACHIEVED = ["hoàn thành", "vượt", "so với", "bằng", "sở", "theo", "triển khai", "ban hành", "xây dựng",
             "thực hiện", "tiêu"]
_NOT_TARGET_BEFORE = re.compile(
    rf"(?:{'|'.join(_ACHIEVED + [fold(w) for w in _ACHIEVED] + ['đạt'])})(?:\s+\w+)?\s*$"
)
_NOT_TARGET_AFTER = re.compile(r"\s*(?:va dau tu|de ra|dat ra)")
_SCOPE_END = re.compile(r"[;()]")


def status_at(text: str, folded: str, pos: int) -> str:
    """Status of a figure starting at ``pos``, from cues earlier in the same sentence part.

    ``text`` is the sentence and ``folded`` its folded form (same offsets).
    """
    lower = text.lower()
    if _cue_before(TARGET_RE, folded, pos, lambda m: _is_target_cue(lower, folded, m)):
        return "target"
    if _cue_before(ESTIMATE_RE, folded, pos, lambda m: True):
        return "estimate"
    return "actual"


def _cue_before(pattern: re.Pattern, folded: str, pos: int, accept) -> bool:
    """A cue before ``pos`` whose scope (up to ';' or the closing bracket) reaches ``pos``."""
    for m in pattern.finditer(folded, 0, pos):
        if accept(m) and _in_scope(folded, m.end(), pos):
            return True
    return False


def _in_scope(folded: str, start: int, pos: int) -> bool:
    """No ';' and no bracket closing around the cue between ``start`` and ``pos``."""
    depth = 0
    for m in _SCOPE_END.finditer(folded, start, pos):
        if m.group() == ";":
            return False
        depth += 1 if m.group() == "(" else -1
        if depth < 0:
            return False
    return True


def _is_target_cue(lower: str, folded: str, m: re.Match) -> bool:
    before = lower[max(0, m.start() - 30) : m.start()]
    return not _NOT_TARGET_BEFORE.search(before) and not _NOT_TARGET_AFTER.match(folded, m.end())
