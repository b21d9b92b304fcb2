"""Rows as dicts from plain SQL, on the recording path.

sqlite-utils' ``db.query`` gives dicts too, but wraps each read in a savepoint (two
statements more) and ``db[table].get`` reads the schema again: on Scrapy's single thread,
for every page, those cost more than the reads themselves.
"""

from __future__ import annotations


def all_rows(db, sql: str, params: list) -> list[dict]:
    """Every row of ``sql`` as a dict keyed by column name."""
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


def first_row(db, sql: str, params: list) -> dict | None:
    """The first row of ``sql`` as a dict, or None."""
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    return None if row is None else dict(zip([column[0] for column in cursor.description], row))
