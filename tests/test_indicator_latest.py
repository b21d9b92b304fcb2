"""indicator_latest: the latest figure per key and source, as the update detection reads it."""

import random

from db.indicators import KEY, _known, insert_observation
from db.migrations import migrations
from db.store import insert_row, open_db
from tests.views_support import record

# What _known answered before indicator_latest: a scan of every earlier figure of the key.
REFERENCE = (
    "select * from observations where id in ("
    " select max(id) from observations where {where} group by source"
    " union select max(id) from observations where {where} and article_id = ?) order by id desc")


def reference(db, row):
    where = " and ".join(f"{k} is ?" for k in KEY) + " and snapshot_id != ?"
    key = [row[k] for k in KEY] + [row["snapshot_id"]]
    return [r["id"] for r in db.query(REFERENCE.format(where=where), key + key + [row["article_id"]])]


def snapshots(db, count, rng):
    """``count`` (snapshot id, article id, source): new articles and new versions of them."""
    out = []
    for n in range(count):
        article = rng.randrange(max(1, n // 2) + 1)
        source = ["baotintuc", "baolangson", "cucthongke"][article % 3]
        url = f"https://{source}.vn/a-{article}.html"
        record(db, "Lạng Sơn", f"bài {article} lần {n}", f"2026-11-20T{n % 24:02}:00:00+00:00", url=url, source=source)
        snapshot_id, article_id = db.execute(
            "select s.id, a.id from snapshots s join articles a on a.id = s.article_id "
            "where a.url = ? order by s.version desc limit 1", [url]).fetchone()
        out.append((snapshot_id, article_id, source))
    return out


def observation(rng, snapshot_id, article_id, source):
    return {"article_id": article_id, "snapshot_id": snapshot_id, "version": 1, "source": source,
            "indicator": rng.choice(["grdp_growth", "budget_revenue"]), "value": rng.choice([5.1, 5.2]),
            "unit": "%", "base_value": 5.1, "base_unit": "%", "figure": "5,1",
            "place": rng.choice([None, "Lạng Sơn"]), "period": rng.choice([None, "2025", "2026"]),
            "status": rng.choice(["actual", "estimate"]), "observed_at": "2026-11-20"}


def test_known_figures_are_those_of_a_scan_of_every_earlier_one(tmp_path):
    rng = random.Random(7)
    db = open_db(tmp_path / "newsmon.db")
    for snapshot_id, article_id, source in snapshots(db, 40, rng):
        for _ in range(rng.randint(1, 6)):  # repeated keys within one snapshot included
            row = observation(rng, snapshot_id, article_id, source)
            row["id"] = insert_observation(db, row)
            assert [k["id"] for k in _known(db, row)] == reference(db, row)


def test_the_migration_fills_the_table_of_an_existing_database(tmp_path):
    rng = random.Random(3)
    db = open_db(tmp_path / "newsmon.db", migrate=False)
    migrations.apply(db, stop_before="create_indicator_latest")
    rows = []
    for snapshot_id, article_id, source in snapshots(db, 20, rng):
        for _ in range(rng.randint(1, 4)):
            row = observation(rng, snapshot_id, article_id, source)
            row["id"] = insert_row(db, "observations", row)
            rows.append(row)
    migrations.apply(db)
    assert db.execute("select count(*) from indicator_latest").fetchone()[0] == db.execute(
        "select count(*) from (select distinct indicator, place, period, status, source from observations)"
    ).fetchone()[0]
    # as seen by a later snapshot of each article, and by the last snapshot itself
    for row in rows:
        later = {**row, "snapshot_id": 10**6}
        assert [k["id"] for k in _known(db, later)] == reference(db, later)
    for row in (r for r in rows if r["snapshot_id"] == rows[-1]["snapshot_id"]):
        assert [k["id"] for k in _known(db, row)] == reference(db, row)
