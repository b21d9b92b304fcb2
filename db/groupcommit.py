"""Group commit: a crawl's pages committed a group at a time, each page still all or nothing.

A transaction per page cost a crawl more than the page's own SQL: BEGIN IMMEDIATE, the
two busy_timeout pragmas around it and a COMMIT that appends the WAL frames of every
b-tree page the page touched (the benchmark measured 1.7 ms of the crawl process per
article, 18 % of it, and a tenth of a 304 re-check). Here each page is a savepoint inside
one transaction that commits after ``pages`` pages or ``seconds`` seconds, whichever
comes first, by a timer if no page comes to do it.

A group holds the write lock from its first page to its commit, network waits included,
and the next group takes it again at the next page. Another writer (``newsmon alerts``,
a user's sqlite3 shell), whose busy handler tries again only every 100 ms, then found it
free only by luck: in a test it waited 1.9 s at the median and 3.3 s at worst, against
0.2 s at worst with a transaction per page. So once groups have held the lock for
``seconds``, it is left free for ``rest`` seconds, longer than that retry interval:
pages that come meanwhile wait (:meth:`rest_left`) and go into the next group.
(Committing them one by one instead did not let the other writer in.)

What a killed crawl loses is its last, uncommitted group, and with it nothing that was
told: those pages' URLs were not marked checked, so the next run fetches them again,
and their alerts were queued in the same transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from typing import Callable

PAGES = 100
# seconds + rest under db.store.FIRST_WAIT_S (1 s), after which a waiting writer says "busy"
SECONDS = 0.5
REST = 0.12  # SQLite's busy handler sleeps up to 100 ms between tries


class GroupCommit:
    """Wraps a page's writes (:meth:`page`) in a savepoint of a shared, periodically
    committed transaction on ``db`` (a :class:`db.store.NewsmonDatabase`).

    ``schedule(seconds, callback)`` (Twisted's ``reactor.callLater``: what it returns has
    ``active()`` and ``cancel()``) commits a group that no page came to commit; without
    it a group waits for the next page or :meth:`commit`. ``on_error`` gets the
    ``sqlite3.Error`` of a commit made by that timer.
    """

    def __init__(self, db, *, pages: int = PAGES, seconds: float = SECONDS, rest: float = REST,
                 schedule: Callable | None = None, on_error: Callable | None = None):
        self.db, self.pages, self.seconds, self.rest = db, pages, seconds, rest
        self.schedule, self.on_error = schedule, on_error
        self.count, self.opened, self.timer = 0, 0.0, None
        self.held = 0.0  # seconds groups held the lock since it was last left free
        self.free_until = 0.0  # the lock is left to other writers until then
        self.ours = False  # the open transaction is this group's, not a caller's

    def rest_left(self) -> float:
        """Seconds a page should wait before :meth:`page`: the lock is left to others."""
        if self.db.conn.in_transaction:
            return 0.0
        return max(0.0, self.free_until - time.monotonic())

    @contextlib.contextmanager
    def page(self):
        """One page's writes: undone alone if they raise, committed with their group."""
        if not self.db.conn.in_transaction:
            self.db.begin_immediate()
            self.ours, self.count, self.opened = True, 0, time.monotonic()
            self._cancel_timer()  # a timer left by a group an error rolled back
            if self.schedule:
                self.timer = self.schedule(self.seconds, self._due)
        self.db.conn.execute("SAVEPOINT newsmon_page")
        try:
            yield self.db
        except BaseException:
            if self.db.conn.in_transaction:  # a full disk may have rolled back everything
                self.db.conn.execute("ROLLBACK TO newsmon_page")
                self.db.conn.execute("RELEASE newsmon_page")
            raise
        self.db.conn.execute("RELEASE newsmon_page")
        self.count += 1
        if self.count >= self.pages or time.monotonic() - self.opened >= self.seconds:
            self.commit()

    def commit(self) -> None:
        """Commit the open group now; on an error it is rolled back, and the error raised."""
        self._cancel_timer()
        ours, self.ours = self.ours, False
        if not (ours and self.db.conn.in_transaction):
            return
        try:
            self.db.conn.execute("COMMIT")
        except BaseException:
            self.db.rollback()
            raise
        finally:
            self._held_until(time.monotonic())

    def _held_until(self, now: float) -> None:
        self.held += now - self.opened
        if self.held >= self.seconds:
            self.held, self.free_until = 0.0, now + self.rest

    def _due(self) -> None:
        self.timer = None
        try:
            self.commit()
        except sqlite3.Error as err:
            if self.on_error is None:
                raise
            self.on_error(err)

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            if self.timer.active():
                self.timer.cancel()
            self.timer = None
