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
        self.weights = {fold(t): (t, KEYWORD_WEIGHT) for t in _unique(keywords)}
        for term in _unique(places):
            self.weights.setdefault(fold(term), (term, PLACE_WEIGHT))
        # One pass over the text for all terms, longest first, instead of one per term.
        alternatives = sorted(self.weights, key=len, reverse=True)
        self.pattern = re.compile(r"(?<!\w)(" + "|".join(_words(t) for t in alternatives) + r")(?!\w)")

    @classmethod
    def from_config(cls, topic) -> "Topic":
        return cls(topic.keywords, topic.places, topic.min_score)

    def score(self, title: str, text: str) -> Relevance:
        """Score an article from its title and its text (first line = lead)."""
        return self.score_folded(fold(title or ""), fold(text or ""))

    def score_folded(self, title: str, text: str) -> Relevance:
        """:meth:`score` of a title and text already folded (crawler.text.fold)."""
        lead, _, body = text.partition("\n")
        counts: dict[str, list[int]] = {}
        for index, part in enumerate((title, lead, body)):
            for found in self.pattern.findall(part):
                counts.setdefault(" ".join(found.split()), [0, 0, 0])[index] += 1
        result = Relevance(0.0)
        for key, (in_title, in_lead, in_body) in counts.items():
            term, weight = self.weights[key]
            result.terms[term] = in_title + in_lead + in_body
            hits = in_title * TITLE_FACTOR + in_lead * LEAD_FACTOR + min(in_body, BODY_CAP)
            result.score += weight * hits
        result.score = round(result.score, 2)
        return result


def _unique(terms: list[str]) -> list[str]:
    """Terms that fold to the same string ("Xứ Lạng", "xứ Lạng") are one term."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(fold(term), term)
    return list(seen.values())


def _words(folded: str) -> str:
    """A folded term as a regex: its words with any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in folded.split())
