"""What a news source is: a small declarative spec, shipped in spiders/ or written in newsmon.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from crawler.config import ConfigError


@dataclass(frozen=True)
class Listing:
    """A category page; ``page`` is the URL of page n (``{n}``), read up to page ``depth``."""

    url: str
    page: str | None = None
    depth: int = 1

    def page_urls(self) -> list[str]:
        """The listing's first page and, with a pattern, pages 2..depth."""
        pages = [self.url]
        if self.page:
            pages += [self.page.format(n=n) for n in range(2, self.depth + 1)]
        return pages


@dataclass(frozen=True)
class Source:
    """One news source: where to discover articles and which URLs are articles."""

    name: str
    label: str = ""
    allowed_domains: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    article_pattern: str = ""
    verified: bool = False  # True once the URLs were checked against the live site
    notes: str = ""
    enabled: bool = True
    min_score: float | None = None  # overrides [topic] min_score: 0 keeps all (a local outlet)
    _regex: Any = field(default=None, repr=False, compare=False)

    def is_article(self, url: str) -> bool:
        """Whether a discovered URL looks like one of this source's articles."""
        if not self.article_pattern:
            return True
        if self._regex is None:
            object.__setattr__(self, "_regex", re.compile(self.article_pattern))
        return bool(self._regex.search(url))


def listing(value: Any, where: str = "listings") -> Listing:
    """A listing from the config: a URL string or a table {url, page, depth}."""
    if isinstance(value, Listing):
        return value
    if isinstance(value, str):
        return Listing(value)
    if isinstance(value, dict) and isinstance(value.get("url"), str):
        unknown = set(value) - {"url", "page", "depth"}
        if unknown:
            raise ConfigError(f"{where}: unknown listing key {sorted(unknown)[0]!r} (known: url, page, depth)")
        depth = value.get("depth", 1)
        if not isinstance(depth, int) or depth < 1:
            raise ConfigError(f"{where}: depth must be a whole number >= 1, got {depth!r}")
        return Listing(value["url"], value.get("page"), depth)
    raise ConfigError(f"{where}: a listing is a URL or a table with 'url', got {value!r}")


def apply_entry(base: Source | None, entry: dict[str, Any]) -> Source:
    """A source from a config entry; with ``base`` (a built-in), only the keys given change."""
    values: dict[str, Any] = {}
    for key, value in entry.items():
        if key == "listings":
            value = tuple(listing(v, f"[[sources]] {entry['name']} listings") for v in value)
        elif isinstance(value, list):
            value = tuple(value)
        values[key] = value
    if "article_pattern" in values:
        _check_pattern(values["name"], values["article_pattern"])
    return replace(base, **values, _regex=None) if base else Source(**values)


def _check_pattern(name: str, pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as err:
        raise ConfigError(f"[[sources]] {name} article_pattern: not a valid regular expression: {err}") from err


def merge_sources(builtin: dict[str, Source], entries: list[dict[str, Any]]) -> dict[str, Source]:
    """Built-in specs overridden or extended by the config's ``[[sources]]`` entries."""
    merged = dict(builtin)
    for entry in entries:
        merged[entry["name"]] = apply_entry(builtin.get(entry["name"]), entry)
    return merged
