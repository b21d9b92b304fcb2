"""The extraction workers of a crawl process: one pool, shared by every source it crawls.

Pages are analysed in worker processes, one per core (crawler/analysis.py). `newsmon crawl`
runs all its sources at once in one process, and a pool per source started two workers for
each of them (some 50 MB apiece) on a machine with two cores; here every source's pages
go to the same workers, which the last source to finish shuts down.

Workers start one per page that finds the others busy, up to the pool's size: a re-check
answered by 304s starts none. Starting the first one before the crawl's own imports, so
that the two overlap, was measured (bench/, alternated runs) and dropped: first crawls
were no faster, and re-checks 0.2 s slower.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None
_workers = 0  # the pool's size
_users = 0  # sources crawling with it


def size(config) -> int:
    """Worker processes for ``[crawl] extract_workers``: 0 is one per core; 1 is none (extract inline)."""
    return config.crawl.extract_workers or os.cpu_count() or 1


def acquire(config) -> None:
    """A source's crawl will send pages to :func:`current`; it hands it back with :func:`release`."""
    global _users
    _users += 1
    _get(size(config))


def release() -> None:
    """A source's crawl is done with the pool: the last one shuts it down."""
    global _users
    _users = max(0, _users - 1)
    if _users == 0:
        shutdown()


def current() -> ProcessPoolExecutor | None:
    """The pool pages go to now (a new one after :func:`replace`)."""
    return _pool


def replace(broken: ProcessPoolExecutor) -> bool:
    """A new pool for one whose worker died; False when another page replaced it already."""
    global _pool
    if _pool is not broken:
        return False
    broken.shutdown(wait=False, cancel_futures=True)
    _pool = _new(_workers)
    return True


def shutdown() -> None:
    """Stop the workers, after their current pages."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _get(workers: int) -> ProcessPoolExecutor:
    global _pool, _workers
    if _pool is None:
        _pool, _workers = _new(workers), workers
    return _pool


def _new(workers: int) -> ProcessPoolExecutor:
    # spawn: each worker a fresh interpreter that imports only what extraction needs (never
    # a fork of the reactor's process); one process fewer than a forkserver.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
