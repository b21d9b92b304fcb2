"""The schema, as sqlite-utils migrations.

Each change is a new function at the end; never edit one that may have been applied,
because databases in the field already recorded it as done. `sqlite-utils migrate
data/newsmon.db` finds this file by its name, and newsmon applies it on every open.
"""

import db.lean  # noqa: F401  first: sqlite-utils without numpy
from sqlite_utils import Migrations

migrations = Migrations("newsmon")


@migrations()
def create_core_tables(db):
    """Articles, their versions, every URL we know, the fetch log, raw pages and runs."""
    db["runs"].create({
        "id": int, "started_at": str, "finished_at": str, "command": str, "sources": str,
        "status": str, "stats": str, "pid": int,
    }, pk="id")
    db["articles"].create({
        "id": int, "url": str, "source": str, "title": str, "published": str,
        "first_seen": str, "last_checked": str, "last_changed": str,
        "current_version": int, "relevance_score": float, "relevance_terms": str,
        "status": str, "removed_at": str,
    }, pk="id", not_null={"url", "source", "first_seen"}, defaults={"status": "active"})
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["source", "last_changed"])
    db["raw_pages"].create({
        "hash": str, "content": bytes, "size": int, "stored_size": int, "content_type": str,
        "first_seen": str,
    }, pk="hash")
    db["snapshots"].create({
        "id": int, "article_id": int, "version": int, "fetched_at": str, "url": str,
        "title": str, "author": str, "published": str, "modified": str, "description": str,
        "sitename": str, "language": str, "text": str, "content_hash": str, "raw_hash": str,
        "chars": int, "run_id": int,
    }, pk="id", not_null={"article_id", "version", "fetched_at", "content_hash"},
        foreign_keys=[("article_id", "articles", "id"), ("raw_hash", "raw_pages", "hash")])
    db["snapshots"].create_index(["article_id", "version"], unique=True)
    db["snapshots"].create_index(["fetched_at"])
    db["urls"].create({
        "url": str, "source": str, "state": str, "article_id": int, "first_seen": str,
        "last_seen": str, "lastmod": str, "etag": str, "last_modified": str,
        "last_checked": str, "last_status": int, "failures": int, "error": str,
        "relevance_score": float,
    }, pk="url", foreign_keys=[("article_id", "articles", "id")],
        defaults={"state": "pending", "failures": 0})
    db["urls"].create_index(["source", "state"])
    db["urls"].create_index(["article_id"])
    db["fetches"].create({
        "id": int, "run_id": int, "url": str, "article_id": int, "fetched_at": str,
        "http_status": int, "outcome": str, "changed": int, "bytes": int, "duration_ms": int,
        "error": str,
    }, pk="id", foreign_keys=[("run_id", "runs", "id"), ("article_id", "articles", "id")])
    db["fetches"].create_index(["url", "fetched_at"])
    db["fetches"].create_index(["run_id"])


@migrations()
def create_indicator_tables(db):
    """Figures found in snapshots, and the updates they make to what was known."""
    db["observations"].create({
        "id": int, "article_id": int, "snapshot_id": int, "version": int, "source": str,
        "indicator": str, "value": float, "unit": str, "base_value": float, "base_unit": str,
        "total": float, "period": str, "place": str, "status": str, "qualifier": str,
        "sentence": str, "span_start": int, "span_end": int, "figure": str, "observed_at": str,
    }, pk="id", foreign_keys=[("article_id", "articles", "id"), ("snapshot_id", "snapshots", "id")])
    db["observations"].create_index(["indicator", "place", "period", "status"])
    db["observations"].create_index(["snapshot_id"])
    db["indicator_events"].create({
        "id": int, "kind": str, "indicator": str, "place": str, "period": str, "status": str,
        "value": float, "unit": str, "base_value": float, "previous_value": float,
        "previous_unit": str, "observation_id": int, "previous_observation_id": int,
        "article_id": int, "version": int, "source": str, "previous_article_id": int,
        "previous_version": int, "previous_source": str, "created_at": str, "run_id": int,
    }, pk="id", foreign_keys=[("observation_id", "observations", "id"),
                              ("previous_observation_id", "observations", "id"),
                              ("article_id", "articles", "id")])
    db["indicator_events"].create_index(["indicator", "created_at"])
    db["indicator_events"].create_index(["created_at"])


@migrations()
def create_alert_tables(db):
    """The alert outbox: changes worth telling, the mails made of them, and who gets which.

    An outbox row is written in the transaction that recorded its change, under a unique
    key, so it is never lost and never queued twice. Sending routes each row to the
    recipients whose subscriptions match (alert_items), groups them into mails
    (alert_mails, one stable key and Message-ID each) and marks a mail sent only once the
    server accepted it.
    """
    db["outbox"].create({
        "id": int, "key": str, "kind": str, "source": str, "article_id": int, "run_id": int,
        "created_at": str, "payload": str, "routed_at": str,
    }, pk="id", not_null={"key", "kind", "created_at", "payload"})
    db["outbox"].create_index(["key"], unique=True)
    db["outbox"].create_index(["routed_at"])
    db["alert_mails"].create({
        "id": int, "key": str, "recipient": str, "message_id": str, "created_at": str,
        "status": str, "attempts": int, "next_attempt": str, "last_error": str, "sent_at": str,
        "delivered_to": str,
    }, pk="id", not_null={"key", "recipient", "message_id", "created_at", "status"},
        defaults={"status": "pending", "attempts": 0})
    db["alert_mails"].create_index(["key"], unique=True)
    db["alert_mails"].create_index(["status", "next_attempt"])
    db["alert_items"].create({"outbox_id": int, "recipient": str, "mail_id": int},
                             pk=("outbox_id", "recipient"),
                             foreign_keys=[("outbox_id", "outbox", "id"), ("mail_id", "alert_mails", "id")])
    db["alert_items"].create_index(["recipient", "mail_id"])


@migrations()
def add_change_summary(db):
    """What each version changed (characters, sentences, figures, cosmetic only) and flapping.

    ``reverted_to`` names the older version whose exact text came back. Filled by
    ``db.changes.record_change`` for new versions; versions already stored are filled here.
    """
    from db.changes import SUMMARY_COLUMNS, backfill

    for column, kind in SUMMARY_COLUMNS.items():
        db["snapshots"].add_column(column, kind)
    backfill(db)


@migrations()
def create_stories(db):
    """Syndicated copies of one story (db/stories.py): stories, articles.story_id, signatures."""
    db["stories"].create({"id": int, "first_article_id": int, "title": str, "first_seen": str},
                         pk="id", foreign_keys=[("first_article_id", "articles", "id")])
    # plain ALTER TABLE: add_column(fk=...) would rebuild articles, which other tables reference
    db.execute("alter table articles add column story_id integer references stories(id)")
    db["articles"].create_index(["story_id"])
    # AUTOINCREMENT: a refreshed signature gets a new seq, so other processes' LSH caches see it.
    db.execute("create table article_minhash (seq integer primary key autoincrement, "
               "article_id integer not null unique references articles(id), signature blob not null)")


@migrations()
def create_search_index(db):
    """Full-text search over every version, insensitive to case and diacritics (FTS5).

    ``unicode61 remove_diacritics 2`` folds every Vietnamese diacritic but not đ, a letter
    of its own: the indexed view ``snapshots_plain`` spells it d, keeping positions, so
    "dong dang" finds "Đồng Đăng". Triggers keep the index in sync with ``snapshots``.
    """
    plain = ("replace(replace(coalesce({0}, ''), 'đ', 'd'), 'Đ', 'D')")
    db.execute(f"create view snapshots_plain as select id, {plain.format('title')} as title, "
               f"{plain.format('text')} as text from snapshots")
    db.execute("create virtual table snapshots_fts using fts5(title, text, content='snapshots_plain', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    old = f"old.id, {plain.format('old.title')}, {plain.format('old.text')}"
    db.executescript(f"""
        create trigger snapshots_fts_insert after insert on snapshots begin
          insert into snapshots_fts (rowid, title, text) select id, title, text from snapshots_plain where id = new.id;
        end;
        create trigger snapshots_fts_delete after delete on snapshots begin
          insert into snapshots_fts (snapshots_fts, rowid, title, text) values ('delete', {old});
        end;
        create trigger snapshots_fts_update after update of title, text on snapshots begin
          insert into snapshots_fts (snapshots_fts, rowid, title, text) values ('delete', {old});
          insert into snapshots_fts (rowid, title, text) select id, title, text from snapshots_plain where id = new.id;
        end;
    """)
    db.execute("insert into snapshots_fts (snapshots_fts) values ('rebuild')")


@migrations()
def create_reading_views(db):
    """SQL views for Datasette and plain SQL: latest versions, changes, indicator timeline, stories."""
    db.create_view("latest_versions", """
        select a.id as article_id, a.source, a.url, s.title, a.published, a.first_seen,
               s.fetched_at as version_fetched_at, a.current_version as version, a.status,
               a.story_id, a.relevance_score, s.chars, s.text
        from articles a join snapshots s on s.article_id = a.id and s.version = a.current_version""")
    db.create_view("changes", """
        select s.id as snapshot_id, a.id as article_id, a.source, a.url, s.title,
               p.version as previous_version, p.fetched_at as previous_fetched_at,
               s.version, s.fetched_at, s.chars_added, s.chars_removed, s.sentences_changed,
               s.figures_removed, s.figures_added, s.cosmetic, s.reverted_to
        from snapshots s join articles a on a.id = s.article_id
        left join snapshots p on p.article_id = s.article_id and p.version = s.version - 1
        where s.version > 1""")
    db.create_view("indicator_timeline", """
        select o.id as observation_id, o.indicator, o.place, o.period, o.status, o.value, o.unit,
               o.figure, o.observed_at, e.kind as event, e.previous_value, o.source,
               a.id as article_id, a.url, a.title, a.published, a.story_id, o.version, o.sentence
        from observations o join articles a on a.id = o.article_id
        left join indicator_events e on e.observation_id = o.id""")
    db.create_view("story_copies", """
        select s.id as story_id, s.title as story_title, s.first_seen as story_first_seen,
               a.id as article_id, a.source, a.url, a.title, a.published, a.first_seen
        from stories s join articles a on a.story_id = s.id""")


@migrations()
def create_discovery_pages(db):
    """Feeds, sitemaps and listing pages read before: their validators, for conditional GET.

    ``follow`` (JSON list) holds the pages one led to (an index's sitemaps, a listing's
    rel=next), which are still read when the page itself answers 304.
    """
    db["discovery_pages"].create({
        "url": str, "source": str, "etag": str, "last_modified": str, "follow": str,
        "checked_at": str,
    }, pk="url", not_null={"source"})
    db["discovery_pages"].create_index(["source"])


@migrations()
def index_events_by_observation(db):
    """An indicator's history joins each observation to its event: without this, a scan per row."""
    db["indicator_events"].create_index(["observation_id"])
    db["observations"].create_index(["article_id", "indicator"])


@migrations()
def store_raw_pages_as_deltas(db):
    """A changed page may be stored as a line delta against the article's previous page.

    ``base``: the hash of the page the delta applies to (null: ``content`` is a full zlib
    copy); ``depth``: how many deltas lie between this page and a full copy.
    """
    db.execute("alter table raw_pages add column base text references raw_pages(hash)")
    db.execute("alter table raw_pages add column depth integer not null default 0")


@migrations()
def store_text_as_paragraphs(db):
    """Each distinct paragraph stored once; ``snapshots`` becomes a view over ``snapshot_rows``.

    A version keeps its title and text as paragraph ids (db/paragraphs.py), so an edit of
    one paragraph stores one paragraph, and the search index (``paragraphs_fts``, replacing
    ``snapshots_fts``) indexes only new paragraphs. The view has the table's columns in
    its order; views that read ``snapshots`` are recreated as they were, since renaming
    the table would point them at ``snapshot_rows``. Foreign keys follow the rename.
    """
    from db.paragraphs import TEXT_SQL, TITLE_SQL, store_text

    columns = [row[1] for row in db.execute("pragma table_info(snapshots)")]
    readers = [(name, sql) for name, sql in db.execute(
        "select name, sql from sqlite_master where type = 'view' and name != 'snapshots_plain' "
        "and sql like '%snapshots%'")]
    db.executescript("""
        drop trigger snapshots_fts_insert; drop trigger snapshots_fts_delete; drop trigger snapshots_fts_update;
        drop table snapshots_fts; drop view snapshots_plain;""")
    for name, _ in readers:
        db.execute(f"drop view [{name}]")
    db.executescript("""
        create table paragraphs (id integer primary key, hash integer not null, kind integer not null,
                                 text text not null);
        create index paragraphs_hash on paragraphs (hash);
        create table article_paragraphs (
          paragraph_id integer not null references paragraphs(id),
          article_id integer not null references articles(id),
          primary key (paragraph_id, article_id)) without rowid;
        alter table snapshots rename to snapshot_rows;
        alter table snapshot_rows add column title_id integer references paragraphs(id);
        alter table snapshot_rows add column paragraph_ids text;""")
    rows = db.execute("select id, article_id, title, text from snapshot_rows").fetchall()
    for snapshot_id, article_id, title, text in rows:
        ids = store_text(db, article_id, title, text)
        db.execute("update snapshot_rows set title_id = ?, paragraph_ids = ? where id = ?",
                   [ids["title_id"], ids["paragraph_ids"], snapshot_id])
    db.execute("alter table snapshot_rows drop column text")
    db.execute("alter table snapshot_rows drop column title")
    select = ", ".join({"title": f"{TITLE_SQL} as title", "text": f"{TEXT_SQL} as text"}.get(c, f"s.[{c}]")
                       for c in columns)
    db.execute(f"create view snapshots as select {select} from snapshot_rows s")
    for _, sql in readers:
        db.execute(sql)
    _index_paragraphs(db)


def _index_paragraphs(db):
    """FTS5 over distinct paragraphs and titles, folded as ``create_search_index`` did."""
    plain = "replace(replace(text, 'đ', 'd'), 'Đ', 'D')"
    db.execute(f"create view paragraphs_plain as select id, case when kind = 1 then {plain} end as title, "
               f"case when kind = 0 then {plain} end as text from paragraphs")
    db.execute("create virtual table paragraphs_fts using fts5(title, text, content='paragraphs_plain', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
    old = f"old.id, case when old.kind = 1 then {plain.replace('text', 'old.text')} end, " \
          f"case when old.kind = 0 then {plain.replace('text', 'old.text')} end"
    db.executescript(f"""
        create trigger paragraphs_fts_insert after insert on paragraphs begin
          insert into paragraphs_fts (rowid, title, text) select id, title, text from paragraphs_plain where id = new.id;
        end;
        create trigger paragraphs_fts_delete after delete on paragraphs begin
          insert into paragraphs_fts (paragraphs_fts, rowid, title, text) values ('delete', {old});
        end;""")
    db.execute("insert into paragraphs_fts (paragraphs_fts) values ('rebuild')")


@migrations()
def create_story_bands(db):
    """The stories' LSH index in SQLite (db/stories.py): one row per band of each signature.

    It replaces an in-memory datasketch index that every process rebuilt from all stored
    signatures and that grew with the database. WITHOUT ROWID, keyed (article, band): a
    refreshed signature replaces its bands in place; the (band, hash) index finds copies.
    """
    from array import array

    from db.stories import bands

    db.execute("create table story_bands (article_id integer not null references articles(id), "
               "band integer not null, hash integer not null, primary key (article_id, band)) without rowid")
    db.execute("create index story_bands_hash on story_bands (band, hash)")
    for article_id, blob in db.execute("select article_id, signature from article_minhash").fetchall():
        db.conn.executemany("insert into story_bands (article_id, band, hash) values (?, ?, ?)",
                            [(article_id, band, digest) for band, digest in bands(array("I", blob))])


@migrations()
def create_indicator_latest(db):
    """The latest observation of each indicator, place, period, status and source.

    Update detection compares a new figure with the latest one of each source for its key:
    read from ``observations`` that was a scan of every earlier figure of the key, which
    grew with the database. A trigger keeps this table as observations are inserted, by
    any path. ``previous_id`` is the latest one from another snapshot than ``snapshot_id``'s,
    because a snapshot's figures are compared with what was known before it (a snapshot's
    observations are inserted together, before the next snapshot's).
    No unique key: NULL places and periods are compared with IS, which UNIQUE does not do.
    """
    db.execute("create table indicator_latest (indicator text, place text, period text, "
               "status text, source text, observation_id integer not null, snapshot_id integer, "
               "previous_id integer)")
    db.execute("create index indicator_latest_key on indicator_latest (indicator, place, period, status, source)")
    same = ("indicator = new.indicator and place is new.place and period is new.period "
            "and status is new.status and source is new.source")
    db.execute(f"""
        create trigger observations_latest after insert on observations begin
          update indicator_latest set
            previous_id = case when snapshot_id is new.snapshot_id then previous_id else observation_id end,
            observation_id = new.id, snapshot_id = new.snapshot_id
          where {same};
          insert into indicator_latest (indicator, place, period, status, source, observation_id, snapshot_id)
            select new.indicator, new.place, new.period, new.status, new.source, new.id, new.snapshot_id
            where not exists (select 1 from indicator_latest where {same});
        end""")
    _fill_indicator_latest(db)


def _fill_indicator_latest(db):
    same = ("p.indicator = o.indicator and p.place is o.place and p.period is o.period "
            "and p.status is o.status and p.source is o.source")
    db.execute(f"""
        insert into indicator_latest (indicator, place, period, status, source, observation_id,
                                      snapshot_id, previous_id)
        select o.indicator, o.place, o.period, o.status, o.source, o.id, o.snapshot_id,
               (select max(p.id) from observations p where {same} and p.snapshot_id != o.snapshot_id)
        from observations o where o.id in (
          select max(id) from observations group by indicator, place, period, status, source)""")


@migrations()
def index_observations_by_indicator_time(db):
    """An indicator's timeline in capture order straight from an index, without a sort.

    ``indicator_history`` (and the ``indicator_timeline`` view filtered by indicator and
    ordered by time) sorted every observation of the indicator in a temporary B-tree;
    the rowid that ends each index entry breaks ties as ``order by observed_at, id`` does.
    It also serves ``latest_indicators``, which looks for each key's newest observation.
    """
    db["observations"].create_index(["indicator", "observed_at"])


@migrations()
def hash_shingles_with_crc32(db):
    """Story signatures made from crc32 shingle hashes (db/stories.py): recompute stored ones.

    The extraction workers now hash shingles themselves, without datasketch; signatures
    made the old way (datasketch's sha1 hash) would never match new ones, so each stored
    signature and its bands is made again from its article's current text. Stories
    already assigned stay as they are.
    """
    from array import array

    from db.stories import signature, store_signature, story_text

    rows = db.execute("select m.article_id, s.title, s.text from article_minhash m "
                      "join articles a on a.id = m.article_id "
                      "join snapshots s on s.article_id = a.id and s.version = a.current_version").fetchall()
    for article_id, title, text in rows:
        store_signature(db, article_id, array("I", signature(story_text({"title": title, "text": text}))))


@migrations()
def store_sentences_once(db):
    """Each distinct sentence of a figure stored once; ``observations`` becomes a view.

    A new version repeats nearly every figure of the last, each with its whole sentence,
    which made a one-figure edit cost a copy of all of them. ``observation_rows`` keeps
    ``sentence_id`` (db/sentences.py) and the view has the table's columns in its order.
    Write observations to ``observation_rows``, read them from ``observations``. Foreign
    keys, indexes and the ``observations_latest`` trigger follow the rename; views that read
    ``observations`` are recreated as they were, as ``store_text_as_paragraphs`` did.
    """
    from db.sentences import SENTENCE_SQL, store_existing

    columns = [row[1] for row in db.execute("pragma table_info(observations)")]
    readers = db.execute("select name, sql from sqlite_master where type = 'view' "
                         "and sql like '%observations%'").fetchall()
    for name, _ in readers:
        db.execute(f"drop view [{name}]")
    # one statement at a time: executescript would first commit the migration's transaction
    for sql in ("create table sentences (id integer primary key, hash integer not null, text text not null)",
                "create index sentences_hash on sentences (hash)",
                "alter table observations rename to observation_rows",
                "alter table observation_rows add column sentence_id integer references sentences(id)"):
        db.execute(sql)
    store_existing(db, "observation_rows")
    db.execute("alter table observation_rows drop column sentence")
    select = ", ".join(f"{SENTENCE_SQL} as sentence" if c == "sentence" else f"o.[{c}]" for c in columns)
    db.execute(f"create view observations as select {select} from observation_rows o")
    for _, sql in readers:
        db.execute(sql)


@migrations()
def index_paragraphs_in_batches(db):
    """New paragraphs wait in ``paragraphs_pending``; :func:`db.paragraphs.index_pending` indexes them.

    FTS5 writes its pending terms as a new segment at every commit and every savepoint,
    so indexing a page's paragraphs with the page cost 2 ms of the crawl's thread; one
    statement for a few hundred pages costs a seventh of that. A paragraph deleted before
    it is indexed is not deleted from the index (that would corrupt it).
    """
    plain = "replace(replace(old.text, 'đ', 'd'), 'Đ', 'D')"
    old = f"old.id, case when old.kind = 1 then {plain} end, case when old.kind = 0 then {plain} end"
    for sql in (
        "create table paragraphs_pending (id integer primary key)",
        "drop trigger paragraphs_fts_insert",
        "drop trigger paragraphs_fts_delete",
        "create trigger paragraphs_pending_insert after insert on paragraphs begin "
        "insert into paragraphs_pending (id) values (new.id); end",
        "create trigger paragraphs_fts_delete after delete on paragraphs begin "
        f"insert into paragraphs_fts (paragraphs_fts, rowid, title, text) select 'delete', {old} "
        "where not exists (select 1 from paragraphs_pending where id = old.id); "
        "delete from paragraphs_pending where id = old.id; end",
    ):
        db.execute(sql)


@migrations()
def cover_events_by_observation(db):
    """The index of events by observation also holds what an indicator's timeline shows of them.

    ``newsmon indicators history`` (db.queries.indicator_history) joins each observation to
    its event: with the kind and the previous value in the index, SQLite does not read the
    event's row too. A timeline of 9,000 figures: 47 ms before, 43 ms after (bench/).
    """
    db.execute("drop index if exists idx_indicator_events_observation_id")
    db["indicator_events"].create_index(["observation_id", "kind", "previous_value"],
                                        index_name="idx_indicator_events_observation_id")
