"""One database connection per process and file, shared by the spiders and pipelines.

Everything in a crawl runs on Twisted's reactor thread, so one connection serialises
all writes and no two transactions can interleave.
"""

from __future__ import annotations

from pathlib import Path

import db.lean  # noqa: F401  first: sqlite-utils without numpy
from sqlite_utils import Database

from db.store import open_db

_OPEN: dict[Path, Database] = {}


def shared_db(path: str | Path) -> Database:
    """The process's connection to ``path``, opened (and migrated) on first use."""
    key = Path(path).resolve()
    if key not in _OPEN:
        _OPEN[key] = open_db(key)
    return _OPEN[key]
