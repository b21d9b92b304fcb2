"""Is an article about Lạng Sơn? A score from where and how often the topic terms appear.

Matching is done on folded text (no diacritics, lower case), so "Lang Son", "Lạng Sơn",
"LẠNG SƠN" and old tone placements all match. Keywords (the province, Xứ Lạng, the border
gates) weigh more than place names (districts), which are also ordinary words elsewhere.
A hit in the title counts three times, in the lead twice: an article about the province
scores far above a national round-up that mentions it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.text import fold

KEYWORD_WEIGHT = 1.0
PLACE_WEIGHT = 0.5
TITLE_FACTOR = 3
LEAD_FACTOR = 2
BODY_CAP = 10  # a long report repeating the name is not ten times more relevant


@dataclass
class Relevance:
    score: float
    terms: dict[str, int] = field(default_factory=dict)

    def is_relevant(self, min_score: float) -> bool:
        return self.score >= min_score


class Topic:
    """Compiled topic terms; build once per crawl, score many articles."""

    def __init__(self, keywords: list[str], places: list[str], min_score: float = 1.0):
        self.min_score = min_score
        self.terms = [(term, _pattern(term), KEYWORD_WEIGHT) for term in _unique(keywords)]
        self.terms += [(term, _pattern(term), PLACE_WEIGHT) for term in _unique(places)]

    @classmethod
    def from_config(cls, topic) -> "Topic":
        return cls(topic.keywords, topic.places, topic.min_score)

    def score(self, title: str, text: str) -> Relevance:
        """Score an article from its title and its text (first line = lead)."""
        lead, _, body = (text or "").partition("\n")
        parts = [(fold(title or ""), TITLE_FACTOR), (fold(lead), LEAD_FACTOR), (fold(body), 1)]
        result = Relevance(0.0)
        for term, pattern, weight in self.terms:
            counts = [len(pattern.findall(part)) for part, _ in parts]
            if any(counts):
                result.terms[term] = sum(counts)
                hits = counts[0] * TITLE_FACTOR + counts[1] * LEAD_FACTOR + min(counts[2], BODY_CAP)
                result.score += weight * hits
        result.score = round(result.score, 2)
        return result


def _unique(terms: list[str]) -> list[str]:
    """Terms that fold to the same string ("Xứ Lạng", "xứ Lạng") are one term."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(fold(term), term)
    return list(seen.values())


def _pattern(term: str) -> re.Pattern:
    words = [re.escape(word) for word in fold(term).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
