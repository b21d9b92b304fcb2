"""Sentences of figures stored once, read back exactly through the ``observations`` view."""

from crawler.extraction import Extracted
from crawler.relevance import Relevance
from db.indicators import extract, insert_observation, record_observations
from db.migrations import migrations
from db.store import Page, insert_row, open_db, record_page

URL = "https://baolangson.vn/kinh-te-lang-son-1234567.html"
GRDP = "Tổng sản phẩm (GRDP) 6 tháng đầu năm 2026 của tỉnh Lạng Sơn ước tăng {}% so với cùng kỳ."
BUDGET = "Thu ngân sách năm 2025 đạt 6.230 tỷ đồng, tăng 12,4% so với cùng kỳ."
EXPORT = "Kim ngạch xuất nhập khẩu năm 2025 đạt 5,6 tỷ USD."


def publish(db, text, when):
    """Record a version and its figures as the crawler does; the snapshot."""
    doc = Extracted(title="Lạng Sơn", author=None, published="2026-11-20T08:00:00+07:00", modified=None,
                    description=None, sitename=None, text=text, canonical_url=URL, language="vi")
    page = Page(url=URL, source="baolangson", http_status=200, body=text.encode(), doc=doc,
                relevant=True, relevance=Relevance(5.0), fetched_at=when)
    record_page(db, page, article_url=URL)
    snapshot = db["snapshots"].get(page.snapshot_id)
    record_observations(db, snapshot, "baolangson")
    return snapshot


def test_each_figure_reads_back_its_sentence(tmp_path):
    db = open_db(tmp_path / "n.db")
    text = "\n".join([GRDP.format("5,12"), BUDGET, EXPORT])
    snapshot = publish(db, text, "2026-11-20T01:00:00+00:00")
    expected = [(o.indicator, o.text, o.sentence) for o in extract(text, snapshot["published"], "Lạng Sơn")]
    stored = db.execute("select indicator, figure, sentence from observations order by id").fetchall()
    assert stored == expected and len({s for _, _, s in stored}) == 3
    timeline = db.execute("select sentence from indicator_timeline order by observation_id").fetchall()
    assert [s for (s,) in timeline] == [s for _, _, s in expected]


def test_versions_that_repeat_figures_store_their_sentences_once(tmp_path):
    db = open_db(tmp_path / "n.db")
    first = publish(db, "\n".join([GRDP.format("5,12"), BUDGET, EXPORT]), "2026-11-20T01:00:00+00:00")
    second = publish(db, "\n".join([GRDP.format("5,36"), BUDGET, EXPORT]), "2026-11-20T02:00:00+00:00")
    assert second["version"] == 2
    assert db.execute("select count(*) from sentences").fetchone()[0] == 4  # GRDP twice, the others once
    ids = {sid: db.execute("select sentence_id from observation_rows where snapshot_id = ? order by id",
                           [sid]).fetchall() for sid in (first["id"], second["id"])}
    assert ids[first["id"]][1:] == ids[second["id"]][1:] and ids[first["id"]][0] != ids[second["id"]][0]


def old_observation(snapshot_id, article_id, sentence, value):
    return {"article_id": article_id, "snapshot_id": snapshot_id, "version": 1, "source": "baolangson",
            "indicator": "grdp_growth", "value": value, "unit": "%", "base_value": value, "base_unit": "%",
            "period": "2026-H1", "place": "Lạng Sơn", "status": "estimate", "sentence": sentence,
            "span_start": 3, "span_end": 7, "figure": str(value).replace(".", ","),
            "observed_at": "2026-11-20T01:00:00+00:00"}


def rows(db, name, order):
    return [list(row.items()) for row in db.query(f"select * from {name} order by {order}")]


def test_an_existing_database_moves_its_sentences(tmp_path):
    db = open_db(tmp_path / "n.db", migrate=False)
    migrations.apply(db, stop_before="store_sentences_once")
    doc = Extracted(title="Lạng Sơn", author=None, published=None, modified=None, description=None,
                    sitename=None, text="Tin cũ.", canonical_url=URL, language="vi")
    page = Page(url=URL, source="baolangson", http_status=200, body=b"<p>1</p>", doc=doc, relevant=True)
    record_page(db, page, article_url=URL)
    article_id = db.execute("select article_id from snapshots where id = ?", [page.snapshot_id]).fetchone()[0]
    sentences = [GRDP.format("5,12"), GRDP.format("5,12"), None, "", GRDP.format("5,36")]
    ids = [insert_row(db, "observations", old_observation(page.snapshot_id, article_id, s, 5.1 + n))
           for n, s in enumerate(sentences)]
    insert_row(db, "indicator_events", {"kind": "new", "observation_id": ids[0], "indicator": "grdp_growth"})
    before, timeline = rows(db, "observations", "id"), rows(db, "indicator_timeline", "observation_id")
    migrations.apply(db)
    assert rows(db, "observations", "id") == before  # same columns in the same order, same values
    assert rows(db, "indicator_timeline", "observation_id") == timeline
    assert db.execute("select count(*) from sentences").fetchone()[0] == 3
    assert "observation_rows" in db.execute("select sql from sqlite_master where name = 'indicator_events'").fetchone()[0]
    assert db.execute("select count(*) from indicator_latest").fetchone()[0] == 1
    # the trigger follows the table: a figure written after the migration is the latest
    new = insert_observation(db, old_observation(page.snapshot_id, article_id, BUDGET, 6.0))
    assert db.execute("select observation_id from indicator_latest").fetchone()[0] == new
