"""Score the extractor against hand annotations (jsonl, the shared annotation format).

Each distinct sentence is extracted alone. A found figure matches a gold one of the same
sentence with an equal value (1e-6 relative); the levels then also require the same
indicator, period and status.
"""

from __future__ import annotations

import datetime
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .extract import Observation, extract_observations

LEVELS = ("value", "indicator", "period", "status")
_KEYS = {"indicator": ("indicator",), "period": ("indicator", "period"), "status": ("indicator", "period", "status")}


@dataclass
class Score:
    """Counts for one level and the figures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per level and the errors grouped by indicator."""

    scores: dict[str, Score] = field(default_factory=lambda: {level: Score() for level in LEVELS})
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    sentences: int = 0

    def table(self) -> str:
        """The report as printed by ``newsmon indicators evaluate``."""
        lines = [f"{self.sentences} sentences", f"{'level':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}"]
        for level, s in self.scores.items():
            name = "value" if level == "value" else f"+ {level}"
            lines.append(f"{name:<12}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>5}{s.fn:>5}")
        for indicator in sorted(self.errors):
            lines.append(f"\n{indicator}:")
            lines.extend(f"  {e}" for e in self.errors[indicator])
        return "\n".join(lines)


def gold_status(row: dict) -> str:
    """Status of an annotation line: target, estimate or actual."""
    return "target" if row.get("target") else "estimate" if row.get("estimate") else "actual"


def load_annotations(paths: Iterable[str | Path]) -> dict[str, list[dict]]:
    """Annotation lines grouped by sentence, in file order."""
    grouped: dict[str, list[dict]] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                grouped.setdefault(row["sentence"], []).append(row)
    return grouped


def evaluate(paths: Iterable[str | Path]) -> Report:
    """Run the extractor on every annotated sentence and score it."""
    report = Report()
    for sentence, rows in load_annotations(paths).items():
        published = next((r["published"] for r in rows if r.get("published")), None)
        found = extract_observations(
            sentence, published=datetime.date.fromisoformat(published) if published else None
        )
        _score_sentence(report, sentence, [r for r in rows if r.get("indicator")], found)
        report.sentences += 1
    return report


def _score_sentence(report: Report, sentence: str, gold: list[dict], found: list[Observation]) -> None:
    """Pair figures by value, then count each level."""
    pairs, spare = _pair(gold, found)
    unmatched_gold = [g for g in gold if not any(g is p[0] for p in pairs)]
    short = sentence[:90]
    for g in unmatched_gold:
        report.errors[g["indicator"]].append(f"missed {g['value']} ({g.get('period')}): {short}")
    for o in spare:
        report.errors[o.indicator].append(f"spurious {o.value} ({o.period}): {short}")
    for level in LEVELS:
        score = report.scores[level]
        score.fn += len(unmatched_gold)
        score.fp += len(spare)
        for g, o in pairs:
            if _agrees(level, g, o):
                score.tp += 1
            else:
                score.fp += 1
                score.fn += 1
    for g, o in pairs:
        _note_wrong(report, g, o, short)


def _pair(gold: list[dict], found: list[Observation]) -> tuple[list[tuple[dict, Observation]], list[Observation]]:
    """Match each found figure to an unused gold figure of equal value, preferring the same indicator."""
    pairs, spare, used = [], [], set()
    for o in found:
        options = [i for i, g in enumerate(gold) if i not in used and _same_value(g["value"], o)]
        options.sort(key=lambda i: gold[i]["indicator"] != o.indicator)
        if options:
            used.add(options[0])
            pairs.append((gold[options[0]], o))
        else:
            spare.append(o)
    return pairs, spare


def _same_value(gold: float, o: Observation) -> bool:
    """Equal value; a range "7,5-8%" matches either end."""
    return any(v is not None and math.isclose(gold, v, rel_tol=1e-6) for v in (o.value, o.upper))


def _agrees(level: str, g: dict, o: Observation) -> bool:
    got = {"indicator": o.indicator, "period": o.period, "status": o.status}
    want = {"indicator": g["indicator"], "period": g.get("period"), "status": gold_status(g)}
    return all(got[k] == want[k] for k in _KEYS.get(level, ()))


def _note_wrong(report: Report, g: dict, o: Observation, short: str) -> None:
    """List a matched figure whose indicator, period or status differ."""
    for key, want, got in (("indicator", g["indicator"], o.indicator), ("period", g.get("period"), o.period),
                           ("status", gold_status(g), o.status)):
        if want != got:
            report.errors[g["indicator"]].append(f"wrong {key} {got!r} (gold {want!r}) for {g['value']}: {short}")
            return
