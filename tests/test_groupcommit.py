"""Group commit on a real SQLite file: pages committed together, each page all or nothing."""

import sqlite3

import pytest
from twisted.internet.task import Clock

from db.groupcommit import GroupCommit
from db.store import open_db, record_page
from tests.test_store import page

URLS = [f"https://baolangson.vn/bai-{n}-100{n}.html" for n in range(5)]


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "newsmon.db")


def committed(db, table="fetches") -> int:
    """Rows another connection sees: only what was committed."""
    with sqlite3.connect(db.path) as other:
        return other.execute(f"select count(*) from {table}").fetchone()[0]


def record(group, db, url, **kwargs):
    with group.page():
        record_page(db, page(url=url, **kwargs))


def test_pages_are_committed_a_group_at_a_time(db):
    group = GroupCommit(db, pages=3, seconds=3600)
    for url in URLS[:2]:
        record(group, db, url)
    assert committed(db) == 0 and db["fetches"].count == 2  # written, not yet committed
    record(group, db, URLS[2])
    assert committed(db) == 3
    record(group, db, URLS[3])
    group.commit()
    assert committed(db) == 4 and not db.conn.in_transaction


def test_a_failing_page_is_undone_alone(db):
    group = GroupCommit(db, pages=10, seconds=3600)
    record(group, db, URLS[0])
    with pytest.raises(RuntimeError):
        with group.page():
            record_page(db, page(url=URLS[1]))
            raise RuntimeError("the page's figures could not be read")
    record(group, db, URLS[2])
    group.commit()
    assert {r["url"] for r in db.query("select url from articles")} == {URLS[0], URLS[2]}
    assert committed(db, "urls") == 2


def test_the_timer_commits_a_group_no_page_came_to_commit(db):
    clock = Clock()
    group = GroupCommit(db, pages=100, seconds=1.0, schedule=clock.callLater)
    record(group, db, URLS[0])
    clock.advance(0.5)
    assert committed(db) == 0
    clock.advance(0.6)
    assert committed(db) == 1 and not db.conn.in_transaction
    assert not clock.getDelayedCalls()


def test_a_group_older_than_its_seconds_commits_with_its_next_page(db):
    group = GroupCommit(db, pages=100, seconds=0.0)
    record(group, db, URLS[0])
    assert committed(db) == 1


def test_a_caller_transaction_is_joined_and_left_to_the_caller(db):
    group = GroupCommit(db, pages=1, seconds=0.0)
    with db.atomic():
        record(group, db, URLS[0])  # would commit a group of its own
        assert db.conn.in_transaction
        assert committed(db) == 0
    assert committed(db) == 1


def test_a_commit_that_fails_rolls_the_group_back_and_says_so(db):
    errors, clock = [], Clock()
    group = GroupCommit(db, pages=100, seconds=1.0, schedule=clock.callLater, on_error=errors.append)
    record(group, db, URLS[0])
    with group.page():  # a constraint SQLite checks only at COMMIT
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("update urls set article_id = 999 where url = ?", [URLS[0]])
    clock.advance(2)
    assert [type(e) for e in errors] == [sqlite3.IntegrityError]
    assert committed(db) == 0 and not db.conn.in_transaction
    record(group, db, URLS[1])  # the next page starts a new group
    group.commit()
    assert committed(db) == 1


def test_after_holding_the_lock_for_its_seconds_a_group_leaves_it_free(db):
    group = GroupCommit(db, pages=1, seconds=0.0, rest=30.0)
    assert group.rest_left() == 0.0
    record(group, db, URLS[0])  # held for its seconds (0): the lock is now left to others
    assert 29.0 < group.rest_left() <= 30.0
    with sqlite3.connect(db.path, timeout=0) as other:  # another writer gets it at once
        other.execute("insert into runs (command, status) values ('a user', 'writing')")
    with db.atomic():  # inside a transaction there is nothing to wait for
        assert group.rest_left() == 0.0


def test_groups_shorter_than_its_seconds_add_up_before_the_lock_is_left_free(db):
    group = GroupCommit(db, pages=1, seconds=3600, rest=30.0)
    for url in URLS[:3]:
        record(group, db, url)
    assert committed(db) == 3 and group.rest_left() == 0.0
