"""Figures in snapshots, and what each new one changes in what was known.

Every observation of a new snapshot is compared with what was known for the same
indicator, place, period and status:

* ``new``: no figure for that key yet;
* ``revised``: the same source now gives a value that differs beyond rounding (an edit
  of the same article, or a later report of the same site), pointing at both versions;
* ``confirmed``: another source, or a later article, gives the same value again;
* ``conflict``: another source gives a different value.

A figure repeated unchanged by a new version of the same article is no event at all, and a
figure without a period is compared only with earlier versions of its own article.
"""

from __future__ import annotations

from db.outbox import article_facts, on_indicator_events
from db.rows import all_rows
from db.sentences import sentence_id
from db.store import insert_rows, now

KEY = ("indicator", "place", "period", "status")


def decimals(figure: str | None) -> int:
    """Decimals as written, Vietnamese style: '7,52' -> 2, '18.063,8' -> 1, '2.314' -> 0."""
    number = "".join(ch for ch in (figure or "") if ch.isdigit() or ch in ",.")
    return len(number.rsplit(",", 1)[1]) if "," in number else 0


def tolerance(row: dict) -> float:
    """Half a unit of the last written digit, in base units: 7,5 % is 7,45 to 7,55."""
    scale = abs(row["base_value"] / row["value"]) if row["value"] else 1.0
    return 0.5 * 10 ** -decimals(row["figure"]) * scale


def same_value(a: dict, b: dict) -> bool:
    """Equal within the rounding of the less precise of the two figures."""
    if a["base_unit"] != b["base_unit"]:
        return False
    return abs(a["base_value"] - b["base_value"]) <= max(tolerance(a), tolerance(b)) + 1e-9


def extract(text: str, published: str | None, place: str, catalog=None) -> list:
    """Observations in a snapshot's text; the article's date fills in missing periods."""
    from crawler.indicators.extract import snapshot_observations

    return snapshot_observations(text, published, place, catalog)


def record_observations(db, snapshot: dict, source: str, run_id: int | None = None,
                        place: str = "Lạng Sơn", catalog=None, observations=None) -> list[dict]:
    """Store the figures of one snapshot and the events they make; return the events.

    ``observations``: the snapshot's figures when the caller read them already (a crawl
    reads them in its extraction workers); else they are read here.
    """
    if observations is None:
        observations = extract(snapshot["text"], snapshot["published"], place, catalog)
    rows = [_observation_row(obs, snapshot, source) for obs in observations]
    # All rows first, then their events: what was known is read past this snapshot's own
    # rows (see _KNOWN), so the order changes nothing, and the inserts go in one statement.
    insert_observations(db, rows)
    events, alerts, told = [], [], {}
    for obs, row in zip(observations, rows):
        key = tuple(row[k] for k in KEY)
        if any(same_value(row, other) for other in told.get(key, ())):
            continue  # the lead repeats a figure of the body: one event, not two
        event = classify(db, row, run_id)
        if event:
            events.append(event)
            alerts.append({"figure": obs.text, "sentence": obs.sentence})
            told.setdefault(key, []).append(row)
    if events:
        insert_rows(db, "indicator_events", events)
        article = article_facts(db, snapshot["article_id"])  # read once per snapshot
        # their alerts commit with the events
        on_indicator_events(db, [(event, {**article, **facts}) for event, facts in zip(events, alerts)])
    return events


def insert_observation(db, row: dict, sentences: dict | None = None) -> int:
    """Store one figure, given as a row of the ``observations`` view (sentence included); its id."""
    insert_observations(db, [row], sentences)
    return row["id"]


def insert_observations(db, rows: list[dict], sentences: dict | None = None) -> None:
    """Store figures given as rows of the ``observations`` view (sentence included); each
    row gets its ``id``.

    ``sentences``: sentence -> id of those this caller stored already, so a sentence that
    holds several figures is looked up once.
    """
    sentences = {} if sentences is None else sentences
    stored = []
    for row in rows:
        text = row.get("sentence")
        if text not in sentences:
            sentences[text] = sentence_id(db, text)
        stored.append({**{k: v for k, v in row.items() if k != "sentence"}, "sentence_id": sentences[text]})
    insert_rows(db, "observation_rows", stored)
    for row, kept in zip(rows, stored):
        row["id"] = kept["id"]


def _observation_row(obs, snapshot: dict, source: str) -> dict:
    return {
        "article_id": snapshot["article_id"], "snapshot_id": snapshot["id"],
        "version": snapshot["version"], "source": source, "indicator": obs.indicator,
        "value": obs.value, "unit": obs.unit, "base_value": obs.base_value,
        "base_unit": obs.base_unit, "total": obs.total, "period": obs.period, "place": obs.place,
        "status": obs.status, "qualifier": obs.qualifier, "sentence": obs.sentence,
        "span_start": obs.start, "span_end": obs.end, "figure": obs.text,
        "observed_at": snapshot["fetched_at"],
    }


# What classify and _event read of an earlier figure: not the sentence, the widest column.
_COLUMNS = "id, article_id, version, source, value, unit, base_value, base_unit, figure"
_KNOWN = (
    # the table, not the view: nothing here needs the sentence
    f"select {_COLUMNS} from observation_rows where id in ("
    # the latest of each source (indicator_latest, kept by a trigger), not from this snapshot
    " select case when snapshot_id is ? then previous_id else observation_id end"
    " from indicator_latest where indicator = ? and place is ? and period is ? and status is ?"
    # the latest of this article's earlier versions, through the index on (article_id,
    # indicator): the + keeps SQLite from taking the key's index, which spans every article
    " union select max(id) from observation_rows where article_id = ? and indicator = ?"
    " and +place is ? and +period is ? and +status is ? and snapshot_id != ?)"
    " order by id desc")


def _known(db, row: dict) -> list[dict]:
    """What was known for the same indicator, place, period and status, newest first: the
    latest figure of each source and the latest of this article (not every figure ever:
    a key that a thousand articles repeat would make recording quadratic)."""
    key = [row[k] for k in KEY]
    return all_rows(db, _KNOWN, [row["snapshot_id"], *key, row["article_id"], *key, row["snapshot_id"]])


def classify(db, row: dict, run_id: int | None) -> dict | None:
    """The event a new observation makes, or None when it tells nothing new."""
    known = _known(db, row)
    own = [k for k in known if k["article_id"] == row["article_id"]]
    if own:  # a new version of the same article: only a changed figure is news
        latest = own[0]
        return None if same_value(latest, row) else _event("revised", row, latest, run_id)
    if row["period"] is None:  # no period: nothing else can be said to be the same figure
        return None
    if not known:
        return _event("new", row, None, run_id)
    same_source = [k for k in known if k["source"] == row["source"]]
    if same_source and not same_value(same_source[0], row):
        return _event("revised", row, same_source[0], run_id)
    disagree = [k for k in known if k["source"] != row["source"] and not same_value(k, row)]
    if disagree:
        return _event("conflict", row, disagree[0], run_id)
    return _event("confirmed", row, known[0], run_id)


def _event(kind: str, row: dict, previous: dict | None, run_id: int | None) -> dict:
    previous = previous or {}
    return {
        "kind": kind, **{k: row[k] for k in KEY}, "value": row["value"], "unit": row["unit"],
        "base_value": row["base_value"], "previous_value": previous.get("value"),
        "previous_unit": previous.get("unit"), "observation_id": row["id"],
        "previous_observation_id": previous.get("id"), "article_id": row["article_id"],
        "version": row["version"], "source": row["source"],
        "previous_article_id": previous.get("article_id"),
        "previous_version": previous.get("version"), "previous_source": previous.get("source"),
        "created_at": now(), "run_id": run_id,
    }
