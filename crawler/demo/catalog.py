"""The sample articles: read from articles/<source>.toml into ``Article`` objects.

Bodies are written as plain text: paragraphs separated by blank lines, '## ' and '### '
for headings, and lines starting with '|' for table rows (the statistics reports).
"""

from __future__ import annotations

import copy
import tomllib
import zlib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from crawler.demo.text import slugify

SOURCES = ["baotintuc", "vietnamplus", "nhandan", "bnews", "baolangson", "langson-gov", "thongke"]

# Numeric ids grow with the publication date, from a base that looks like each site's.
ID_BASE = {"vietnamplus": (1100400, 173), "nhandan": (905300, 211), "bnews": (402100, 97),
           "baolangson": (5051200, 131), "langson-gov": (0, 1), "thongke": (512, 3)}


@dataclass
class Article:
    source: str
    title: str
    sapo: str
    author: str
    category: str
    published: datetime
    blocks: list[tuple[str, object]]
    about: str = "lang-son"          # lang-son | other | passing (one passing mention only)
    traps: tuple[str, ...] = ()
    reserve: bool = False            # published later by SampleSite.add_article()
    num_id: str = ""
    slug: str = ""
    modified: datetime | None = None
    chrome_rev: int = 0              # bumped by SampleSite.change_chrome()
    chrome_modified: datetime | None = None
    edits: tuple[tuple[str, str], ...] = ()  # (old, new) figures for SampleSite.edit_figures()

    @property
    def relevant(self) -> bool:
        return self.about == "lang-son"

    @property
    def paragraphs(self) -> list[str]:
        """The body's text paragraphs and headings, in order (no tables, no chrome)."""
        return [text for kind, text in self.blocks if kind != "table"]

    @property
    def tables(self) -> list[list[list[str]]]:
        return [rows for kind, rows in self.blocks if kind == "table"]

    def updated(self) -> datetime:
        return self.modified or self.published


def parse_body(body: str) -> list[tuple[str, object]]:
    """Plain text to blocks: ('p', text), ('h2', text), ('h3', text), ('table', rows)."""
    blocks: list[tuple[str, object]] = []
    for chunk in (c.strip() for c in body.strip().split("\n\n")):
        if chunk.startswith("|"):
            rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
                    for line in chunk.splitlines()]
            blocks.append(("table", rows))
        elif chunk.startswith("### "):
            blocks.append(("h3", chunk[4:].strip()))
        elif chunk.startswith("## "):
            blocks.append(("h2", chunk[3:].strip()))
        elif chunk:
            blocks.append(("p", " ".join(line.strip() for line in chunk.splitlines())))
    return blocks


def read_source(source: str) -> list[Article]:
    """The articles of one demo source, in the order of its data file."""
    text = resources.files("crawler.demo").joinpath("articles", f"{source}.toml").read_text("utf-8")
    entries = tomllib.loads(text).get("article", [])
    return [Article(source=source, title=e["title"], sapo=e.get("sapo", ""), author=e.get("author", ""),
                    category=e["category"], published=e["published"], blocks=parse_body(e["body"]),
                    about=e.get("about", "lang-son"), traps=tuple(e.get("traps", ())),
                    reserve=e.get("reserve", False), edits=tuple(map(tuple, e.get("edits", ()))))
            for e in entries]


def assign_ids(source: str, articles: list[Article]) -> None:
    """Ids and slugs that grow with the date, the way each site numbers its articles."""
    for rank, art in enumerate(sorted(articles, key=lambda a: a.published)):
        art.num_id = make_id(source, art, rank)
        art.slug = slugify(art.title, limit=48 if source == "langson-gov" else 0)


def make_id(source: str, art: Article, rank: int) -> str:
    if source == "baotintuc":  # YYYYMMDDhhmmss + milliseconds
        return art.published.strftime("%Y%m%d%H%M%S") + f"{zlib.crc32(art.title.encode()) % 1000:03d}"
    base, step = ID_BASE[source]
    return str(base + rank * step)


_CACHE: dict[str, list[Article]] = {}


def load_articles() -> list[Article]:
    """Every article of every source, ids assigned; a fresh deep copy on each call."""
    if not _CACHE:
        for source in SOURCES:
            articles = read_source(source)
            assign_ids(source, articles)
            _CACHE[source] = articles
    return copy.deepcopy([a for s in SOURCES for a in _CACHE[s]])
