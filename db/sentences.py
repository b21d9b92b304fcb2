"""Sentences of figures stored once: a new version repeating a figure adds no sentence.

Every figure of every version keeps the sentence it was read from, and a new version of an
article repeats almost all of them. ``observation_rows`` keeps ``sentence_id``; the view
``observations`` gives back ``sentence`` in plain SQL (``SENTENCE_SQL``), as
``db/paragraphs.py`` does for texts.
"""

from __future__ import annotations

from db.paragraphs import lookup_key


sentence_hash = lookup_key  # the same 64-bit key as paragraphs: the text decides a shared one


def sentence_id(db, text: str | None) -> int | None:
    """The id of this sentence, stored now if it is new; None stays None."""
    if text is None:
        return None
    key = sentence_hash(text)
    for sid, known in db.execute("select id, text from sentences where hash = ?", [key]):
        if known == text:
            return sid
    return db.execute("insert into sentences (hash, text) values (?, ?)", [key, text]).lastrowid


def store_existing(db, table: str) -> None:
    """Fill ``sentence_id`` of every row of ``table`` from its ``sentence`` column (a migration).

    In SQL with the hash as a function: a per-row round trip through Python would take
    minutes on a large database.
    """
    db.conn.create_function("sentence_hash", 1, sentence_hash, deterministic=True)
    db.execute(f"insert into sentences (hash, text) select sentence_hash(sentence), sentence "
               f"from (select distinct sentence from [{table}] where sentence is not null)")
    db.execute(f"update [{table}] set sentence_id = (select s.id from sentences s "
               f"where s.hash = sentence_hash([{table}].sentence) and s.text = [{table}].sentence) "
               f"where sentence is not null")


SENTENCE_SQL = "(select text from sentences where id = o.sentence_id)"
