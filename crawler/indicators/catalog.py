"""The indicator catalogue: canonical names, Vietnamese aliases, units, growth twins.

The built-in ``catalog.toml`` ships with the package; users add or override indicators
with their own TOML files, merged table by table over the built-in one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from crawler.text import fold

from .units import base_of

BUILTIN = Path(__file__).with_name("catalog.toml")


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry; regex fields work on folded text."""

    name: str
    aliases: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    kind: str = "level"
    growth: str | None = None
    cue: re.Pattern | None = None
    tail: re.Pattern | None = None
    not_tail: re.Pattern | None = None
    sign: str = "plain"
    description: str = ""

    def accepts_unit(self, unit_name: str) -> bool:
        """True when a figure in ``unit_name`` can be this indicator."""
        bases = {base_of(u) for u in self.units}
        return unit_name in self.units or base_of(unit_name) in bases


@dataclass
class Catalog:
    """Indicators by name and a compiled matcher for all their aliases."""

    indicators: dict[str, Indicator]
    by_alias: dict[str, list[Indicator]] = field(init=False)
    by_first_word: dict[str, tuple[re.Pattern, list[str]]] = field(init=False)
    _keys: dict[str, str] = field(init=False)
    _first_words: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        self.by_alias = {}
        spellings = {}
        for ind in self.indicators.values():
            for alias in ind.aliases:
                # "xã ... đạt chuẩn" and "xã đạt chuẩn" name the same indicators.
                spellings[alias] = key = " ".join(alias.replace("...", " ").split())
                self.by_alias.setdefault(key, []).append(ind)
        for candidates in self.by_alias.values():
            candidates.sort(key=lambda ind: ind.cue is None and ind.tail is None)
        self._keys = spellings
        self.by_first_word = _index_aliases(spellings)
        self._first_words = re.compile(rf"(?<!\w){trie_pattern(self.by_first_word)}(?!\w)")

    def find_aliases(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, alias) of each alias in folded text, leftmost and longest first."""
        found: list[tuple[int, int, str]] = []
        last_end = 0
        # The aliases tried only where one's first word starts: much cheaper than one big
        # alternation tried at every character.
        for word in self._first_words.finditer(folded):
            entry = self.by_first_word[word.group()]
            if word.start() < last_end:
                continue
            m = entry[0].match(folded, word.start())
            if m:
                found.append((m.start(), m.end(), self._keys[entry[1][int(m.lastgroup[1:])]]))
                last_end = m.end()
        return found

    def __contains__(self, name: str) -> bool:
        return name in self.indicators

    def __getitem__(self, name: str) -> Indicator:
        return self.indicators[name]

    def __len__(self) -> int:
        return len(self.indicators)


def load_catalog(extra_paths: Iterable[str | Path] = (), *, builtin: bool = True) -> Catalog:
    """Built-in catalogue with each file of ``extra_paths`` merged over it, table by table."""
    tables: dict[str, dict] = {}
    paths = [BUILTIN, *extra_paths] if builtin else list(extra_paths)
    for path in paths:
        with open(path, "rb") as fh:
            for name, table in tomllib.load(fh).items():
                tables[name] = {**tables.get(name, {}), **table}
    return Catalog({name: _indicator(name, table) for name, table in tables.items()})


def _indicator(name: str, table: dict) -> Indicator:
    """An :class:`Indicator` from one TOML table; aliases are folded for matching."""
    return Indicator(
        name=name,
        aliases=tuple(dict.fromkeys(fold(a).strip() for a in table.get("aliases", []))),
        units=tuple(table.get("units", [])),
        kind=table.get("kind", "level"),
        growth=table.get("growth"),
        cue=_maybe(table.get("cue")),
        tail=_maybe(table.get("tail")),
        not_tail=_maybe(table.get("not_tail")),
        sign=table.get("sign", "plain"),
        description=table.get("description", ""),
    )


def _maybe(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern) if pattern else None


_WORD = re.compile(r"\w+")


# "tỷ lệ"/"tỉ lệ", "bác sỹ"/"bác sĩ": after a consonant, final y and i are spelling variants.
_Y_OR_I = re.compile(r"^([bcdghklmnpqrstvx]+)[yi]$")


def _spelling_keys(word: str) -> set[str]:
    m = _Y_OR_I.match(word)
    return {m.group(1) + "y", m.group(1) + "i"} if m else {word}


def _index_aliases(aliases: Iterable[str]) -> dict[str, tuple[re.Pattern, list[str]]]:
    """Per first word: one alternation of the aliases starting with it.

    Longest first; of two equally long ones the exact spelling goes before the one with a gap.
    """
    groups: dict[str, list[str]] = {}
    for alias in sorted(aliases, key=lambda a: (-len(a.replace(" ... ", " ")), "..." in a)):
        for key in _spelling_keys(_WORD.match(alias).group()):
            groups.setdefault(key, []).append(alias)
    return {word: (_compile_aliases(names), names) for word, names in groups.items()}


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, as a trie: a branch per letter, not per word."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_branch(tree)


def _trie_branch(node: dict) -> str:
    branches = [re.escape(char) + _trie_branch(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})"
    return group + "?" if "" in node else group


def _compile_aliases(aliases: list[str]) -> re.Pattern:
    """One alternation of ``aliases``; each is its own named group."""
    parts = [f"(?P<a{i}>{_alias_pattern(alias)})" for i, alias in enumerate(aliases)]
    return re.compile(rf"(?:{'|'.join(parts)})(?!\w)")


def _word_pattern(word: str) -> str:
    m = _Y_OR_I.match(word)
    return f"{m.group(1)}[yi]" if m else re.escape(word)


def _alias_pattern(alias: str) -> str:
    """Regex of a folded alias: flexible spaces, commas and dashes; "..." is a short gap."""
    pieces = [r"[\s,\-–]+".join(map(_word_pattern, chunk.split())) for chunk in alias.split("...")]
    return r"\b[^;,]{0,40}?\b".join(pieces)
