"""Indicator observations from Vietnamese news text.

A sentence is read once into figures, catalogue aliases, periods and places (all on folded,
diacritic-free text whose offsets match the NFC text). Each figure then takes the indicator
named nearest before it in its own clause, else the noun right after a count ("1.235 doanh
nghiệp thành lập mới"), else the one its clause continues ("…, tăng 60,1% so với cùng kỳ").
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

from crawler.text import PerToken, fold

from .catalog import Catalog, Indicator, load_catalog
from .figures import Figure, find_figures
from .period_choice import PeriodChooser
from .periods import DATE_RE, find_periods
from .places import find_places
from .sentences import CLAUSE_BREAK, bracket_groups, split_sentences
from .status import status_at
from .units import COUNT, PER_10K, VEHICLES_PER_DAY

# Sentences without a digit or number word carry no figure: skip them cheaply.
PREFILTER = re.compile(r"\d|\b(?:mot|hai|ba|bon|sau|bay|tam|chin|muoi|van|nhat|nhi)\b")
# Words that may stand between a clause break and a figure continuing an earlier indicator
# ("năm 2022 đạt 7,22%", "tăng 60,1%"); anything else names something we do not know.
FILLER = frozenset(
    "nam dat la con len xuong tang giam truong uoc tinh khoang hon tren gan binh quan trung va tuong ung "
    "thuc hien muc o voi so cung ky nay rieng thang quy dau giai doan den ngay nhung cao nhat ke hoach du "
    "kien phan muc tieu chi moi hang lan luot duoc tu nhiem rut ngan xap xi dua chiem trong khi truoc "
    "tinh huyen thanh pho nuoc theo gia so sanh hien hanh nang tong ty le cua toan thu duong".split()
)
_WORD = re.compile(r"[a-z]+")
_VE = re.compile(r"\bve\b")
# "62,5% số xã đạt chuẩn nông thôn mới": a share named after the figure.
_SHARE_OF = re.compile(r"\s*(?:so|tong so)\b")
_MONTH_ON_MONTH = re.compile(r"\bso voi thang truoc\b")
_BREAKDOWN = re.compile(r"\btrong (?:do|so do)\b")
_COUNTABLE = {COUNT, PER_10K, VEHICLES_PER_DAY}


@dataclass
class Observation:
    """One indicator figure found in a text."""

    indicator: str
    value: float
    unit: str
    base_value: float
    base_unit: str
    total: float | None
    period: str | None
    place: str
    status: str
    qualifier: str | None
    sentence: str
    start: int
    end: int
    text: str
    upper: float | None = None

    def to_dict(self) -> dict:
        """Plain dict, ready for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class _Alias:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The built-in catalogue, loaded once."""
    return load_catalog()


def extract_observations(
    text: str,
    *,
    published: datetime.date | None = None,
    default_place: str = "Lạng Sơn",
    catalog: Catalog | None = None,
    folded: str | None = None,
) -> list[Observation]:
    """Every catalogued indicator figure of ``text`` (offsets refer to its NFC form).

    ``folded``: ``fold(text)``, when the caller has it (the crawl's workers fold every
    page for relevance); used when it keeps one character per character of the text.
    """
    text = unicodedata.normalize("NFC", text)
    if folded is None or len(folded) != len(text):
        folded = _aligned_fold(text)
    catalog = catalog or default_catalog()
    out: list[Observation] = []
    reported = None  # the period the text last gave a figure for: what "cùng kỳ" then means
    for start, end in split_sentences(text):
        if PREFILTER.search(folded, start, end):
            sentence = _Sentence(text[start:end], folded[start:end], start, published, catalog)
            out.extend(sentence.observations(default_place, reported))
            reported = sentence.reported or reported
    return out


def snapshot_observations(text: str, published: str | None, place: str,
                          catalog: Catalog | None = None, folded: str | None = None) -> list[Observation]:
    """Observations of a stored text whose article date (ISO 8601) fills in missing periods."""
    return extract_observations(text or "", published=_day(published), default_place=place,
                                catalog=catalog, folded=folded)


def _day(published: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _fold_table() -> dict[int, str]:
    """``fold`` of each Latin letter that folds to one character."""
    codes = [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    return {c: f for c in codes if len(f := fold(chr(c))) == 1}


_FOLD = _fold_table()


# A translation table is an order of magnitude faster than folding through NFD.
_ALIGNED = PerToken(lambda token: token.translate(_FOLD))


def _aligned_fold(text: str) -> str:
    """``fold`` with one output character per input character, so offsets carry over."""
    return _ALIGNED(text)


class _Sentence:
    """One sentence read into figures, aliases, periods and places."""

    def __init__(self, text: str, folded: str, offset: int, published, catalog: Catalog):
        self.text, self.folded, self.offset = text, folded, offset
        self.published, self.catalog = published, catalog
        # Every indicator is named by an alias of its sentence: without one, no figure of
        # the sentence can become an observation, so the costlier readings are skipped.
        self.aliases = [_Alias(*hit) for hit in catalog.find_aliases(folded)]
        self.figures = find_figures(folded, [m.span() for m in DATE_RE.finditer(folded)]) if self.aliases else []
        self.periods = find_periods(folded, published) if self.figures else []
        # A number inside a period ("6 tháng", "2021 - 2025") is never a figure.
        self.figures = [f for f in self.figures if not any(p.start < f.end and f.start < p.end for p in self.periods)]
        self.places = find_places(folded) if self.figures else []
        self.breaks = [m.start() for m in CLAUSE_BREAK.finditer(folded)] if self.figures else []
        self.chooser = PeriodChooser(folded, self.periods, [(f.start, f.end) for f in self.figures],
                                     bracket_groups(folded), published) if self.figures else None
        self.reported: str | None = None  # the last period written for a figure that is no target

    def observations(self, default_place: str, context: str | None = None) -> list[Observation]:
        """Observations for each figure that names a catalogued indicator; ``context``: the
        period of the text's figures before this sentence."""
        out = []
        for i, fig in enumerate(self.figures):
            found = self._indicator(i, fig)
            if found:
                written = self.chooser.written(i)
                out.append(self._observation(fig, *found, written or self.chooser.implied(context), default_place))
                if written and out[-1].status != "target":
                    self.reported = written
        return out

    def _observation(self, fig: Figure, indicator: str, value: float, period: str | None,
                     default_place: str) -> Observation:
        unit = fig.unit
        return Observation(
            indicator=indicator, value=value, unit=unit.name,
            base_value=value * unit.factor, base_unit=unit.base, total=fig.total,
            period=period, place=self._place(fig, default_place),
            status=self._status(fig, period), qualifier=fig.qualifier, sentence=self.text,
            start=self.offset + fig.start, end=self.offset + fig.end,
            text=self.text[fig.start : fig.end], upper=fig.upper,
        )

    # -- indicator -------------------------------------------------------------------
    def _indicator(self, i: int, fig: Figure) -> tuple[str, float] | None:
        """(indicator, signed value) for figure ``i``, or None if the catalogue lacks it."""
        if fig.is_rank and (hit := self._rank_topic(i, fig)):
            return hit
        region = max(self._clause_start(fig.start), self.figures[i - 1].end if i else 0)
        around = [a for a in self.aliases if region <= a.start < fig.start and self._holds(a, fig)]
        own = around or [a for a in self.aliases if region < a.end <= fig.start]
        if own:  # the clause names something: that or nothing
            return self._first_fit(reversed(own), fig, i)
        return self._named_after(i, fig) or self._continued(i, fig, region)

    def _holds(self, alias: _Alias, fig: Figure) -> bool:
        """An alias with a gap around the figure, which only the alias's last words follow:
        "giải ngân được 3.250 tỷ đồng vốn đầu tư công", not "trồng được 500 ha hồi và … rừng"."""
        if fig.end > alias.end:
            return False
        after = self.folded[fig.end : alias.end].replace("y", "i").split()
        return bool(after) and alias.text.replace("y", "i").split()[-len(after):] == after

    def _first_fit(self, aliases, fig: Figure, i: int) -> tuple[str, float] | None:
        return next((hit for a in aliases if (hit := self._pick(a, fig, i))), None)

    def _rank_topic(self, i: int, fig: Figure, far: bool = False) -> tuple[str, float] | None:
        """"đứng thứ 6 toàn quốc về chuyển đổi số": the topic follows "về".

        ``far`` looks past later ranks of a list ("A thứ 13, B thứ 1, C thứ 15 về PCI").
        """
        tail = self._part_end(fig.end) if far else self._tail_end(i)
        ve = _VE.search(self.folded, fig.end, tail)
        if not ve:
            return None
        return self._first_fit([a for a in self.aliases if ve.end() <= a.start < min(tail, ve.end() + 40)], fig, i)

    def _named_after(self, i: int, fig: Figure) -> tuple[str, float] | None:
        """A count or share named after it ("200 xã … đạt Bộ tiêu chí … y tế", "62,5% số xã …")."""
        if fig.is_rank:
            return self._rank_topic(i, fig, far=True)
        if fig.unit in _COUNTABLE or _SHARE_OF.match(self.folded, fig.end):
            limit = min(self._tail_end(i), fig.end + 80)
            return self._first_fit([a for a in self.aliases if fig.num_end <= a.start < limit], fig, i)
        return None

    def _continued(self, i: int, fig: Figure, region: int) -> tuple[str, float] | None:
        """The indicator of an earlier clause this one only continues ("…, tăng 60,1%")."""
        if not fig.is_rank and not (self._continues(fig, region) and self._bare(i, fig)):
            return None
        earlier = [a for a in self.aliases if a.end <= region]
        for alias in reversed(earlier if fig.is_rank else earlier[-2:]):
            if _BREAKDOWN.search(self.folded, alias.end, fig.start):
                return None  # "…, trong đó …": a part of the earlier figure, not the same indicator
            if hit := self._pick(alias, fig, i):
                return hit
        return None

    def _pick(self, alias: _Alias, fig: Figure, i: int) -> tuple[str, float] | None:
        """The first indicator of ``alias`` that fits the figure's unit and cues."""
        tail = self.folded[fig.end : self._tail_end(i)]
        for ind in self.catalog.by_alias[alias.text]:
            # The cue may come before the alias ("Cơ cấu kinh tế: nông nghiệp 20,1%").
            if ind.cue and not ind.cue.search(self.folded, 0, fig.end):
                continue
            if (ind.tail and not ind.tail.search(tail)) or (ind.not_tail and ind.not_tail.search(tail)):
                continue
            if hit := self._accept(ind, fig, tail):
                return hit
        return None

    def _accept(self, ind: Indicator, fig: Figure, tail: str) -> tuple[str, float] | None:
        """``ind`` (or its growth twin) with the figure's signed value, if the unit fits.

        Growth twins are year-on-year changes: a change on the previous month is left out.
        """
        if fig.is_rank != (ind.kind == "rank"):
            return None
        if ind.accepts_unit(fig.unit.name):
            if ind.kind == "change":
                return ind.name, _signed(ind, fig)
            if not fig.change:
                return ind.name, fig.value
        if ind.growth and fig.change and fig.unit.base == "%" and ind.growth in self.catalog \
                and not _MONTH_ON_MONTH.search(tail):
            twin = self.catalog[ind.growth]
            return twin.name, _signed(twin, fig)
        return None

    def _continues(self, fig: Figure, region: int) -> bool:
        """True when the words before the figure in its clause only continue an earlier one."""
        words = _WORD.findall(self._blank_periods_and_places(region, fig.start))
        return all(w in FILLER for w in words)

    def _bare(self, i: int, fig: Figure) -> bool:
        """A count followed by words of its own ("120 doanh nghiệp giải thể") is something else."""
        if fig.unit not in _COUNTABLE:
            return True
        end = min([b for b in self.breaks if b >= fig.end] + [self._tail_end(i)])
        return all(w in FILLER for w in _WORD.findall(self.folded[fig.end : end]))

    # -- context ---------------------------------------------------------------------
    def _clause_start(self, pos: int) -> int:
        return max((b + 1 for b in self.breaks if b < pos), default=0)

    def _part_end(self, pos: int) -> int:
        """End of the ';'-separated part holding ``pos``."""
        semi = self.folded.find(";", pos)
        return semi if semi >= 0 else len(self.folded)

    def _tail_end(self, i: int) -> int:
        """End of the text that belongs to figure ``i``: the next figure or ';'."""
        nxt = self.figures[i + 1].start if i + 1 < len(self.figures) else len(self.folded)
        semi = self.folded.find(";", self.figures[i].end, nxt)
        return semi if semi >= 0 else nxt

    def _blank_periods_and_places(self, start: int, end: int) -> str:
        chars = list(self.folded[start:end])
        spans = [(p.start, p.end) for p in self.periods] + [(p.start, p.end) for p in self.places]
        for p_start, p_end in spans:
            for k in range(max(p_start, start), min(p_end, end)):
                chars[k - start] = " "
        return "".join(chars)

    def _place(self, fig: Figure, default: str) -> str:
        before = [p for p in self.places if p.start < fig.start]
        return before[-1].name if before else default

    def _status(self, fig: Figure, period: str | None) -> str:
        status = status_at(self.text, self.folded, fig.start)
        if status == "actual" and self._ahead(period):
            return "target"
        return status

    def _ahead(self, period: str | None) -> bool:
        """A period still in the future (after the publication year) can only be a plan."""
        ref = self.published.year if self.published else datetime.date.today().year
        return bool(period) and int(period[:4]) > ref


def _signed(ind: Indicator, fig: Figure) -> float:
    """A fall is negative, except for indicators that measure a reduction."""
    return -fig.value if fig.change == "down" and ind.sign != "reduction" else fig.value
