"""Which of a sentence's periods a figure belongs to.

Order of preference: a period inside the figure's own bracket ("(năm 2021 đạt 6,67%"), a
bracket or phrase right after it ("2.314 thôn (năm 2017)", "7,41% năm 2024"), the nearest
period before it, the first one after it, and last the publication year when the sentence
compares with "cùng kỳ". Comparison bases ("so với năm 2023") are never chosen.
"""

from __future__ import annotations

import datetime
import re

from .periods import Period

# Words that may stand between a figure and a period written right after it.
_ATTACHED = re.compile(r"\s*(?:(?:vao|trong|cua|tai|den|het)\s+)*")


class PeriodChooser:
    """Chooses periods for the figures of one folded sentence."""

    def __init__(self, folded: str, periods: list[Period], spans: list[tuple[int, int]],
                 brackets: list[tuple[int, int]], published: datetime.date | None):
        self.folded, self.spans, self.brackets, self.published = folded, spans, brackets, published
        self.usable = [p for p in periods if p.label and not p.compared]

    def written(self, i: int) -> str | None:
        """The period the sentence itself gives figure ``i``, or None."""
        start, end = self.spans[i]
        found = self._inside(start) or self._bracketed_after(end) or self._right_after(end) \
            or self._before(start) or self._after(i)
        return found.label if found else None

    def _inside(self, start: int) -> Period | None:
        group = self._group_of(start)
        inside = [p for p in self.usable if group and group[0] < p.start and p.end <= start]
        return inside[-1] if inside else None

    def _bracketed_after(self, end: int) -> Period | None:
        """"2.314 thôn, tổ dân phố (năm 2017)": a bracket holding only a period."""
        for p in self.usable:
            group = self._group_of(p.start)
            if group and end <= group[0] < end + 40 and not self.folded[group[0] + 1 : p.start].strip() \
                    and not self.folded[p.end : group[1]].strip() \
                    and not any(end < s < group[0] for s, _ in self.spans):
                return p
        return None

    def _right_after(self, end: int) -> Period | None:
        """"7,41% năm 2024", "65% vào năm 2030": a period written right after a figure."""
        return next((p for p in self.usable if p.start >= end and _ATTACHED.fullmatch(self.folded, end, p.start)),
                    None)

    def _before(self, start: int) -> Period | None:
        """Nearest earlier period not owned by an earlier figure nor shut in another bracket."""
        group = self._group_of(start)
        taken = {id(p) for s, e in self.spans if e <= start
                 for p in (self._right_after(e), self._bracketed_after(e)) if p}
        before = [p for p in self.usable if p.end <= start and id(p) not in taken
                  and self._group_of(p.start) in (None, group, *self._plain_brackets())]
        return before[-1] if before else None

    def _plain_brackets(self) -> list[tuple[int, int]]:
        """Brackets holding no figure ("bình quân 5 năm (2021 - 2025)"): their periods reach on."""
        return [g for g in self.brackets if not any(g[0] < s < g[1] for s, _ in self.spans)]

    def _after(self, i: int) -> Period | None:
        """First period after the figure, before the next figure and any ';'."""
        end = self.spans[i][1]
        nxt = self.spans[i + 1][0] if i + 1 < len(self.spans) else len(self.folded)
        after = [p for p in self.usable if end <= p.start < nxt and self._group_of(p.start) is None
                 and ";" not in self.folded[end : p.start]]
        return after[0] if after else None

    def implied(self, context: str | None = None) -> str | None:
        """"so với cùng kỳ" without a period: the same period as the article's figures before
        (``context``: "9 tháng năm 2026 ... ; Thu ngân sách ... tăng 12,4% so với cùng kỳ"),
        else the year of publication."""
        if "cung ky" not in self.folded:
            return None
        if context:
            return context
        return str(self.published.year) if self.published else None

    def _group_of(self, pos: int) -> tuple[int, int] | None:
        return next((g for g in self.brackets if g[0] < pos < g[1]), None)
