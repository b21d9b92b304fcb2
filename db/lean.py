"""sqlite-utils imported without numpy and pandas: ``import db.lean`` before ``sqlite_utils``.

sqlite-utils imports numpy and pandas whenever they are installed, only to give their
scalar types a column type in ``insert()``; newsmon never inserts them. numpy alone cost
every command 85 ms of start-up (an unchanged re-check of 2,000 pages runs in 2.6 s), and
pandas, on a machine that has it, several times that. Hidden from that one import, both
import as usual for whatever needs them later (the story signature, db/stories.py).
"""

from __future__ import annotations

import contextlib
import sys

HIDDEN = ("numpy", "pandas")


@contextlib.contextmanager
def hidden(names=HIDDEN):
    """Make ``import name`` fail inside the block, for modules not imported yet."""
    names = [name for name in names if name not in sys.modules]
    for name in names:
        sys.modules[name] = None  # the import system's "not available"
    try:
        yield
    finally:
        for name in names:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


with hidden():
    import sqlite_utils  # noqa: F401  (the modules that use it import this module first)
